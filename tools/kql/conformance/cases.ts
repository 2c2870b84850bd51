/**
 * The conformance suite's data model and its one judge: run a reference example on the engine and compare the
 * result with the documented table, cell by cell, the way the reference prints values (docs show datetimes as
 * `2019-07-15 00:00:00.0000000` or ISO, nulls as empty cells, dynamic values as JSON, reals rounded for display).
 */
import { KqlEngine } from '../engine.js';
import { KqlError, KqlUnsupportedError } from '../errors.js';
import type { KqlType } from '../types.js';
import { parseDatetime, parseTimespan } from '../values.js';

export interface DocTable { columns: string[]; rows: string[][] }

export interface ConformanceCase {
  /** `<page>#<n>`: the n-th kusto block of the page. */
  id: string;
  /** Path of the page in MicrosoftDocs/dataexplorer-docs. */
  page: string;
  line: number;
  family: string;
  heading: string;
  query: string;
  /** The documented result. */
  expected: DocTable;
  /** Why the result is not exactly reproducible (clock, randomness, estimates): only the shape is compared. */
  implementationDefined?: string;
}

export interface ConformanceData {
  source: { repository: string; commit: string; license: string; pages: string };
  extractedBy: string;
  skipped: Record<string, number>;
  cases: ConformanceCase[];
}

/**
 * A reviewer's verdict on one case (test/kql/conformance/reviews.json), always with the reason:
 * - `docs-wrong`: the documented table is wrong (a typo, a stale output); `expected` holds the corrected table
 *   and the reason says how the correction follows from the reference's own text;
 * - `implementation-defined`: the result depends on something Kusto leaves open; only the shape is compared;
 * - `known-wrong`: the engine still answers differently; the suite asserts that it does, so a fix shows up.
 *   It may carry a corrected `expected` too when the page is also wrong.
 */
export interface Review {
  status: 'docs-wrong' | 'implementation-defined' | 'known-wrong';
  reason: string;
  expected?: DocTable;
}

export type Outcome =
  | { status: 'pass'; partial?: string }
  | { status: 'shape'; reason: string }
  | { status: 'unsupported'; feature: string; named: boolean; message: string }
  | { status: 'fail'; detail: string }
  | { status: 'error'; kind: string; message: string };

export const CONFORMANCE_NOW = '2025-01-15T12:00:00Z';

// ------------------------------------------------------------------ value comparison

const NULL_TEXT = new Set(['', 'null', 'NULL', '(null)']);

function decimalsShown(text: string): number {
  const m = /\.(\d+)(?:[eE]|$)/.exec(text);
  return m ? m[1]!.length : 0;
}

function parseNumberText(text: string): number | undefined {
  const s = text.trim().replace(/,(?=\d{3}\b)/g, '');
  if (/^nan$/i.test(s)) return NaN;
  if (/^\+?(inf|infinity|∞)$/i.test(s)) return Infinity;
  if (/^-(inf|infinity|∞)$/i.test(s)) return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** A documented number against a computed one: equal, or equal at the precision the page prints (3+ decimals). */
export function numbersMatch(text: string, v: number): boolean {
  const n = parseNumberText(text);
  if (n === undefined) return false;
  if (Number.isNaN(n) || Number.isNaN(v)) return Number.isNaN(n) && Number.isNaN(v);
  if (!Number.isFinite(n) || !Number.isFinite(v)) return n === v;
  if (n === v) return true;
  const scale = Math.max(1, Math.abs(n), Math.abs(v));
  if (Math.abs(n - v) <= 1e-9 * scale) return true;
  const d = decimalsShown(text);
  if (/[eE]/.test(text)) return Math.abs(n - v) <= 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(n) || 1)) - d) + 1e-12 * scale;
  return d >= 3 && Math.abs(n - v) <= 0.5 * 10 ** -d + 1e-12 * scale;
}

function jsonMatch(doc: unknown, v: unknown): boolean {
  if (typeof doc === 'number' && typeof v === 'number') return numbersMatch(String(doc), v);
  if (doc === null || v === null || typeof doc !== 'object' || typeof v !== 'object') {
    // Datetimes and timespans inside dynamic values print in either form.
    if (typeof doc === 'string' && typeof v === 'string' && doc !== v) {
      const a = parseDatetime(doc), b = parseDatetime(v);
      if (a !== undefined && b !== undefined) return a === b;
    }
    return doc === v;
  }
  if (Array.isArray(doc) !== Array.isArray(v)) return false;
  if (Array.isArray(doc)) {
    const va = v as unknown[];
    return doc.length === va.length && doc.every((x, i) => jsonMatch(x, va[i]));
  }
  const dk = Object.keys(doc as object), vk = Object.keys(v as object);
  return dk.length === vk.length && dk.every((k) => Object.prototype.hasOwnProperty.call(v, k) && jsonMatch((doc as Record<string, unknown>)[k], (v as Record<string, unknown>)[k]));
}

function parseJsonLoose(text: string): { ok: true; value: unknown } | { ok: false } {
  try { return { ok: true, value: JSON.parse(text) }; } catch { return { ok: false }; }
}

/** Does a documented cell show the engine's value (REST wire form) of a column of `type`? */
export function cellMatches(text: string, value: unknown, type: KqlType): boolean {
  const t = text.trim();
  if (value === null || value === undefined) return NULL_TEXT.has(t);
  switch (type) {
    case 'string': return value === t || (typeof value === 'string' && value.trim() === t) || (typeof value === 'string' && value.replace(/\s+/g, ' ').trim() === t.replace(/\s+/g, ' '));
    case 'bool': return (value === true && /^(true|1)$/i.test(t)) || (value === false && /^(false|0)$/i.test(t));
    case 'int': case 'long': case 'real': case 'decimal':
      return typeof value === 'number' ? numbersMatch(t, value) : typeof value === 'string' ? numbersMatch(t, Number(value)) || value === t : false;
    case 'datetime': {
      const a = parseDatetime(t), b = parseDatetime(String(value));
      return a !== undefined && a === b;
    }
    case 'timespan': {
      const a = parseTimespan(t), b = parseTimespan(String(value));
      return a !== undefined && a === b;
    }
    case 'guid': return String(value).toLowerCase() === t.toLowerCase();
    case 'dynamic': {
      // An array the page elides in the middle (`["a","b",.....,"z"]`): its shown head and tail must match.
      const elided = /^\[(.*?),\s*\.{3,}\s*,(.*)\]$/s.exec(t);
      if (elided && Array.isArray(value)) {
        const head = parseJsonLoose(`[${elided[1]}]`), tail = parseJsonLoose(`[${elided[2]}]`);
        if (head.ok && tail.ok) {
          const h = head.value as unknown[], tl = tail.value as unknown[];
          return value.length >= h.length + tl.length && jsonMatch(h, value.slice(0, h.length)) && jsonMatch(tl, value.slice(value.length - tl.length));
        }
      }
      const j = parseJsonLoose(t);
      if (j.ok) return jsonMatch(j.value, value);
      return typeof value === 'string' ? value === t : JSON.stringify(value) === t.replace(/\s+/g, '');
    }
  }
  return false;
}

// ------------------------------------------------------------------ table comparison

const isEllipsis = (s: string) => /^(\.\.\.|…)$/.test(s.trim());

/** Queries whose documented row order is part of the result. */
export function orderMatters(query: string): boolean {
  return /\b(sort|order)\s+by\b|\|\s*top\b|\bserialize\b|\brow_number\s*\(|\bprev\s*\(|\bnext\s*\(|\brow_cumsum\s*\(/i.test(query);
}

/** Compare a documented table with an engine result; undefined when they agree, else what differs. */
export function compareTable(doc: DocTable, cols: { name: string; type: KqlType }[], rows: unknown[][], ordered: boolean): { diff?: string; partial?: string } {
  const docCols = doc.columns.map((c) => c.trim());
  const colTruncated = docCols.some(isEllipsis);
  const named = docCols.map((name, i) => ({ name, i })).filter((c) => !isEllipsis(c.name));
  const map: number[] = [];
  for (const c of named) {
    const at = cols.findIndex((x) => x.name === c.name);
    if (at < 0) return { diff: `column '${c.name}' missing; engine columns: ${cols.map((x) => x.name).join(', ')}` };
    map.push(at);
  }
  if (!colTruncated) {
    if (docCols.length !== cols.length) return { diff: `columns: documented ${docCols.join(', ')}; engine ${cols.map((c) => c.name).join(', ')}` };
    const order = docCols.join('\u0000') === cols.map((c) => c.name).join('\u0000');
    if (!order) return { diff: `column order: documented ${docCols.join(', ')}; engine ${cols.map((c) => c.name).join(', ')}` };
  }
  const docRows = doc.rows.filter((r) => !(r.some(isEllipsis) && r.every((c) => isEllipsis(c) || c.trim() === '')));
  const rowTruncated = docRows.length !== doc.rows.length || docRows.some((r) => r.some(isEllipsis));
  const rowMatches = (dr: string[], er: unknown[]) => named.every((c, k) => isEllipsis(dr[c.i] ?? '') || cellMatches(dr[c.i] ?? '', er[map[k]!], cols[map[k]!]!.type));
  const show = (r: unknown[]) => JSON.stringify(r);
  const partial = colTruncated || rowTruncated ? 'the page shows part of the result' : undefined;
  if (!rowTruncated && docRows.length !== rows.length) return { diff: `row count: documented ${docRows.length}, engine ${rows.length}; engine rows ${rows.slice(0, 5).map(show).join(' ')}` };
  if (ordered && !rowTruncated) {
    for (let i = 0; i < docRows.length; i++) if (!rowMatches(docRows[i]!, rows[i]!)) return { diff: `row ${i + 1}: documented ${show(docRows[i]!)}, engine ${show(rows[i]!)}` };
    return { partial };
  }
  // Unordered (or a partial listing): every documented row matches a distinct engine row.
  const used = new Array(rows.length).fill(false);
  for (let i = 0; i < docRows.length; i++) {
    const at = rows.findIndex((er, j) => !used[j] && rowMatches(docRows[i]!, er));
    if (at < 0) {
      const near = rows.find((_, j) => !used[j]);
      return { diff: `documented row ${show(docRows[i]!)} not in the result${near ? `; e.g. engine row ${show(near)}` : ''}` };
    }
    used[at] = true;
  }
  return { partial };
}

// ------------------------------------------------------------------ running a case

/** Does an unsupported-feature error name something the query actually says (a function, operator or parameter)? */
export function featureNamedInQuery(feature: string, query: string): boolean {
  // Refusals of the query's shape rather than a word in it: several result sets (`T1; T2`).
  if (/multiple result sets/.test(feature)) return true;
  const words = (text: string) => text.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean);
  const inQuery = new Set(words(query));
  const generic = new Set(['function', 'operator', 'argument', 'parameter', 'the', 'of', 'in', 'with', 'kind', 'statement', 'expression', 'unsupported', 'a', 'an']);
  return words(feature).some((w) => w.length > 1 && !generic.has(w) && inQuery.has(w));
}

export function runCase(c: ConformanceCase, review: Review | undefined, engine = new KqlEngine()): Outcome {
  let result;
  try {
    result = engine.run(c.query, { now: CONFORMANCE_NOW });
  } catch (e) {
    if (e instanceof KqlUnsupportedError) return { status: 'unsupported', feature: e.feature, named: featureNamedInQuery(e.feature, c.query), message: e.message };
    if (e instanceof KqlError) return { status: 'error', kind: e.kind, message: e.message };
    return { status: 'error', kind: 'crash', message: (e as Error)?.stack ?? String(e) };
  }
  // A reviewed correction of the page (docs-wrong, or the corrected table a known-wrong case is held to).
  const expected = review?.expected ?? c.expected;
  const shapeOnly = review?.status === 'implementation-defined' ? review.reason : c.implementationDefined;
  if (shapeOnly) {
    const docCols = expected.columns.filter((x) => !isEllipsis(x)).map((x) => x.trim());
    const missing = docCols.filter((n) => !result.columns.some((rc) => rc.name === n));
    if (missing.length) return { status: 'fail', detail: `columns ${missing.join(', ')} missing (engine: ${result.columns.map((x) => x.name).join(', ')})` };
    return { status: 'shape', reason: shapeOnly };
  }
  const cmp = compareTable(expected, result.columns, result.rows, orderMatters(c.query));
  if (cmp.diff) return { status: 'fail', detail: cmp.diff };
  return { status: 'pass', partial: cmp.partial };
}
