/**
 * Selection vectors and late materialisation: the one mechanism by which operators that keep, repeat or pair
 * input rows (where, join, lookup, mv-expand, project/extend of a plain column) avoid copying columns.
 *
 * Such an operator returns a table whose columns are *pending gathers*: a source column plus a selection vector
 * (the source row of each output row; -1 is a padded row holding the column's null, as outer joins make). A
 * pending column is copied the first time anything reads it (`t.data[c]`), once, and then is an ordinary array;
 * a column no later operator reads is never copied at all. This is projection pushdown by demand: the set of
 * columns a plan needs downstream is exactly the set that gets read, so it cannot be computed wrongly (pack_all,
 * `*`, column_ifexists and user functions read what they read). A selection over a pending column composes the
 * two vectors instead of materialising the intermediate column.
 *
 * Every reader keeps working unchanged (a pending column is an accessor on the data array returning the
 * materialised array); operators that only pass columns on use `columnRef`/`tableFromRefs` so they stay pending.
 */
import type { ColumnSchema, Table } from '../types.js';

/** A column not yet copied: row r is `source[rows[r]]`, or `fill` where rows[r] is -1. */
export interface Gather { readonly source: unknown[]; readonly rows: Int32Array; readonly fill: unknown }
/** A column as operators pass it on: materialised, or pending. */
export type ColumnRef = unknown[] | Gather;

const PENDING = Symbol('pending columns');
type DataArray = unknown[][] & { [PENDING]?: (Gather | undefined)[] };

const isGather = (r: ColumnRef): r is Gather => !Array.isArray(r);

/** Column `c` of `t` without materialising it. */
export function columnRef(t: Table, c: number): ColumnRef {
  return (t.data as DataArray)[PENDING]?.[c] ?? t.data[c]!;
}

/** Is column `c` of `t` still pending (not copied yet)? For tests and the bench's accounting. */
export function isPending(t: Table, c: number): boolean {
  return (t.data as DataArray)[PENDING]?.[c] !== undefined;
}

function materialize(g: Gather): unknown[] {
  const { source, rows, fill } = g;
  const n = rows.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) { const r = rows[i]!; out[i] = r < 0 ? fill : source[r]; }
  return out;
}

/** A table's data array from column refs: pending ones become accessors that copy on first read. */
export function dataFromRefs(refs: ColumnRef[]): unknown[][] {
  const data = new Array<unknown[]>(refs.length) as DataArray;
  let pending: (Gather | undefined)[] | undefined;
  refs.forEach((ref, c) => {
    if (!isGather(ref)) { data[c] = ref; return; }
    pending ??= new Array(refs.length).fill(undefined);
    pending[c] = ref;
    const settle = (value: unknown[]) => {
      Object.defineProperty(data, c, { value, writable: true, enumerable: true, configurable: true });
      pending![c] = undefined;
    };
    Object.defineProperty(data, c, {
      enumerable: true,
      configurable: true,
      get() { const value = materialize(ref); settle(value); return value; },
      set(value: unknown[]) { settle(value); },
    });
  });
  if (pending) Object.defineProperty(data, PENDING, { value: pending, enumerable: false });
  return data;
}

export function tableFromRefs(columns: ColumnSchema[], refs: ColumnRef[], rowCount: number): Table {
  return { columns, data: dataFromRefs(refs), rowCount };
}

/**
 * `ref` at the rows of a selection vector (-1: `fill`). A pending ref composes its vector with `rows`; `composed`
 * caches compositions per source vector, so columns that shared a selection (a join side, a filtered table)
 * share the composed one too.
 */
export function gatherRef(ref: ColumnRef, rows: Int32Array, fill: unknown, composed?: Map<Int32Array, Int32Array>): ColumnRef {
  if (!isGather(ref)) return { source: ref, rows, fill };
  // Compose only when the inner selection pads with the same null (always so for one column's type).
  if (!Object.is(ref.fill, fill)) return { source: materialize(ref), rows, fill };
  let both = composed?.get(ref.rows);
  if (!both) {
    both = new Int32Array(rows.length);
    const inner = ref.rows;
    for (let i = 0; i < rows.length; i++) { const r = rows[i]!; both[i] = r < 0 ? -1 : inner[r]!; }
    composed?.set(ref.rows, both);
  }
  return { source: ref.source, rows: both, fill };
}

/** Null of a column type for padded rows (a string's null is ''). */
export const padOf = (c: ColumnSchema): unknown => (c.type === 'string' ? '' : null);

/** Every column of `t` at the given rows, pending (the selection a filter, a join side or mv-expand makes). */
export function selectRefs(t: Table, rows: Int32Array): ColumnRef[] {
  const composed = new Map<Int32Array, Int32Array>();
  return t.columns.map((c, i) => gatherRef(columnRef(t, i), rows, padOf(c), composed));
}

/** The table with every pending column materialised into a plain data array (what the engine returns). */
export function denseTable(t: Table): Table {
  if (!(t.data as DataArray)[PENDING]) return t;
  return { columns: t.columns, data: t.data.map((c) => c), rowCount: t.rowCount };
}

/** A growable Int32Array (selection vectors are built row by row). */
export class IntList {
  private buf: Int32Array;
  length = 0;
  constructor(capacity = 1024) { this.buf = new Int32Array(Math.max(16, capacity)); }
  push(v: number): void {
    if (this.length === this.buf.length) { const next = new Int32Array(this.buf.length * 2); next.set(this.buf); this.buf = next; }
    this.buf[this.length++] = v;
  }
  /** The values as an exactly sized array (shares nothing with the list). */
  toArray(): Int32Array { return this.buf.slice(0, this.length); }
}
