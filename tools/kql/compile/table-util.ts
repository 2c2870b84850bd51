/** Building blocks for tabular operators over column-oriented tables. */
import type { ColumnSchema, KqlType, Table } from '../types.js';
import { KqlRuntimeError } from '../errors.js';
import type { Node } from './syntax.js';
import { kindName, posOf } from './syntax.js';
import { typeOfSymbol } from './type-map.js';
import { dataFromRefs, selectRefs, tableFromRefs, type ColumnRef } from './selection.js';

export function makeTable(columns: ColumnSchema[], data: unknown[][], rowCount?: number): Table {
  return { columns, data, rowCount: rowCount ?? (data[0]?.length ?? 0) };
}

/** Rows `idx` of every column, as pending gathers (./selection.ts): a column is copied only if it is read. */
export function selectRows(t: Table, idx: ArrayLike<number>): Table {
  const rows = idx instanceof Int32Array ? idx : Int32Array.from(idx);
  return { columns: t.columns, data: dataFromRefs(selectRefs(t, rows)), rowCount: rows.length };
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

/**
 * The one place an operator's output is checked against the binder: same column names in the same order, and the
 * same types where the binder knows them. A difference is an engine bug (a silently wrong answer otherwise), so it
 * fails loudly. Open schemas (a function's `T:(*)` parameter) have no binder columns to check against.
 */
const exempt = new WeakSet<Table>();
/** union's type-split columns follow Kusto's naming, which the binder does not model (see ops/union-schema.ts). */
export function exemptFromBinderCheck(t: Table): void { exempt.add(t); }
/** Operators downstream of such a union inherit the binder's differing names, so they are exempt too. */
export function isExemptFromBinderCheck(t: Table | undefined): boolean { return !!t && exempt.has(t); }

export function checkSchema(t: Table, pipe: Node, op: Node): Table {
  if (exempt.has(t)) return t;
  const rt = pipe?.ResultType;
  if (!rt || !rt.Columns || typeof rt.Columns.Count !== 'number' || rt.IsOpen) return t;
  const schema = binderSchema(pipe)!;
  // The binder lists a name twice when an operator writes over an input column (parse into an existing column);
  // it does not model the replacement, so there is nothing reliable to compare with.
  if (new Set(schema.map((c) => c.name)).size !== schema.length) return t;
  const namesDiffer = schema.length !== t.columns.length || schema.some((c, i) => c.name !== t.columns[i]!.name);
  const typesDiffer = !namesDiffer && schema.some((c, i) => c.type !== 'dynamic' && c.type !== t.columns[i]!.type);
  if (namesDiffer || typesDiffer) {
    if (process.env.CDR_SCHEMA_LOG) process.stderr.write(`SCHEMA ${namesDiffer ? 'names' : 'types'} ${kindName(op)} binder=${schema.map((c) => c.name + ':' + c.type).join(',')} engine=${t.columns.map((c) => c.name + ':' + c.type).join(',')}\n`);
    else throw new KqlRuntimeError(`internal: ${kindName(op)} produced columns (${t.columns.map((c) => `${c.name}:${c.type}`).join(', ')}); the binder expects (${schema.map((c) => `${c.name}:${c.type}`).join(', ')})`, posOf(op));
  }
  return t;
}

/**
 * An operator's output in the binder's column order, each column looked up by name (`supply`), never by position:
 * an operator that computes its columns in another order cannot pair a header with another column's values. The
 * engine's own type (`produced`) is kept where the binder only says dynamic. A binder column nobody supplies is an
 * engine bug and fails loudly.
 */
export function assembleByName(schema: ColumnSchema[], produced: ColumnSchema[], supply: (name: string) => ColumnRef | undefined, n: Node, rows: number): Table {
  const data: ColumnRef[] = [];
  const columns: ColumnSchema[] = schema.map((c) => {
    const d = supply(c.name);
    if (!d) throw new KqlRuntimeError(`internal: no column '${c.name}' for the binder's output (${schema.map((x) => x.name).join(', ')}); the operator computed (${produced.map((x) => x.name).join(', ')})`, posOf(n));
    data.push(d);
    const own = produced.find((p) => p.name === c.name)?.type;
    return { name: c.name, type: c.type === 'dynamic' && own ? own : c.type };
  });
  return tableFromRefs(columns, data, rows);
}
