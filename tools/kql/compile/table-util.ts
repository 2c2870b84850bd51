/** Building blocks for tabular operators over column-oriented tables. */
import type { ColumnSchema, KqlType, Table } from '../types.js';
import { KqlRuntimeError } from '../errors.js';
import type { Node } from './syntax.js';
import { posOf } from './syntax.js';
import { typeOfSymbol } from './type-map.js';

export function makeTable(columns: ColumnSchema[], data: unknown[][], rowCount?: number): Table {
  return { columns, data, rowCount: rowCount ?? (data[0]?.length ?? 0) };
}

/** Rows `idx` of every column. */
export function selectRows(t: Table, idx: ArrayLike<number>): Table {
  const n = idx.length;
  const data = t.data.map((col) => { const out = new Array(n); for (let i = 0; i < n; i++) out[i] = col[idx[i]!]; return out; });
  return { columns: t.columns, data, rowCount: n };
}

/** Evaluate a row function over all rows. */
export function materializeColumn(fn: (i: number) => unknown, rows: number): unknown[] {
  const out = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = fn(i);
  return out;
}

/** The binder's output schema of an operator (the pipe expression's result type), or undefined. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function binderSchema(node: Node): ColumnSchema[] | undefined {
  const rt = node?.ResultType;
  if (!rt || !rt.Columns || typeof rt.Columns.Count !== 'number') return undefined;
  const out: ColumnSchema[] = [];
  for (let i = 0; i < rt.Columns.Count; i++) {
    const c = rt.Columns.getItem(i);
    out.push({ name: String(c.Name), type: typeOfSymbol(c.Type) ?? 'dynamic' });
  }
  return out;
}

/** Apply the binder's column names positionally; a count mismatch is an engine bug, never silently accepted. */
export function nameLike(produced: { type: KqlType; data: unknown[] }[], schema: ColumnSchema[] | undefined, fallbackNames: string[], n: Node, rows: number): Table {
  let names = fallbackNames;
  if (schema) {
    if (schema.length !== produced.length) {
      throw new KqlRuntimeError(`internal: operator produced ${produced.length} columns, binder expects ${schema.length} (${schema.map((c) => c.name).join(', ')})`, posOf(n));
    }
    names = schema.map((c) => c.name);
  }
  return { columns: produced.map((p, i) => ({ name: names[i]!, type: p.type })), data: produced.map((p) => p.data), rowCount: rows };
}
