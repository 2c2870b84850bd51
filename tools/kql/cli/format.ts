/** Human-facing renderings of a query result in REST value form: aligned text table, JSON, CSV. */
import type { QueryResult } from '../api.js';

export type OutputFormat = 'table' | 'json' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

/** One cell as text: null -> '', dynamic objects/arrays as compact JSON, everything else as its wire text. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function formatResult(r: QueryResult, format: OutputFormat): string {
  switch (format) {
    case 'json': return JSON.stringify({ columns: r.columns, rows: r.rows }, null, 2) + '\n';
    case 'csv': return formatCsv(r);
    case 'table': return formatTable(r);
  }
}

/** RFC 4180 CSV with a header row of column names. */
export function formatCsv(r: QueryResult): string {
  const lines = [r.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of r.rows) lines.push(row.map((v) => csvField(cellText(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Columns padded to their widest cell; numbers right-aligned; a row count footer. */
export function formatTable(r: QueryResult): string {
  const head = r.columns.map((c) => c.name);
  // Newlines inside a cell would break alignment: show them escaped.
  const body = r.rows.map((row) => row.map((v) => cellText(v).replace(/\r?\n/g, '\\n')));
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const numeric = r.columns.map((c) => c.type === 'int' || c.type === 'long' || c.type === 'real' || c.type === 'decimal');
  const line = (cells: string[], isHead: boolean) =>
    cells.map((s, c) => (numeric[c] && !isHead ? s.padStart(widths[c]!) : s.padEnd(widths[c]!))).join('  ').trimEnd();
  const out = [line(head, true), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of body) out.push(line(row, false));
  out.push(`(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}
