/**
 * Column-at-a-time evaluation of scalar expressions (the `vec` and `select` forms of CExpr, ./env.ts).
 *
 * The per-row form (`fn(row)`, a closure per node) stays the definition of every expression; the forms here run
 * the *same kernels* (the functions scalar.ts builds for `fn`) in one loop over whole columns or over a selection
 * vector, so results cannot differ. What they save: a closure call per node per row (a column is read directly,
 * a constant operand is hoisted), type dispatch per row (specialised loops for the common typed comparisons),
 * repeated work on repeated values (string predicates remember their answer per distinct value: log columns
 * repeat the same app names, operations and user agents millions of times), and work on rows an earlier
 * conjunct already rejected (`a and b` evaluates b only on the rows a selected).
 * Expressions without a column form fall back to `fn` per row through `vecOf`/`selectOf`.
 */
import type { Table } from '../types.js';
import type { CExpr } from './env.js';

/** A plain column of `t`: read directly, passed on uncopied by project/extend (CExpr.column). */
export function columnExpr(t: Table, ci: number): CExpr {
  const col = t.data[ci]!;
  return {
    type: t.columns[ci]!.type,
    isConst: false,
    fn: (i) => col[i],
    vec: (n, rows) => (rows ? gatherValues(col, rows) : col),
    column: { table: t, index: ci, data: col },
  };
}

export function gatherValues(col: ArrayLike<unknown>, rows: Int32Array): unknown[] {
  const out = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]!];
  return out;
}

/** The expression's values at `rows` (all n rows when absent). May return an input column: never mutate it. */
export function vecOf(c: CExpr, n: number, rows?: Int32Array): ArrayLike<unknown> {
  if (c.vec) return c.vec(n, rows);
  const len = rows ? rows.length : n;
  if (c.isConst) return new Array<unknown>(len).fill(c.value);
  const out = new Array<unknown>(len);
  const f = c.fn;
  if (rows) for (let i = 0; i < len; i++) out[i] = f(rows[i]!);
  else for (let i = 0; i < len; i++) out[i] = f(i);
  return out;
}

/** The values of `c` over all n rows, to read only (may be an input column itself: aggregate arguments, keys). */
export function readValues(c: CExpr, n: number): unknown[] {
  const v = vecOf(c, n);
  return Array.isArray(v) ? v : Array.from(v);
}

/** The values of `c` over all n rows as a fresh array the caller may keep as a column. */
export function columnValues(c: CExpr, n: number): unknown[] {
  if (c.isConst) return new Array<unknown>(n).fill(c.value);
  const v = vecOf(c, n);
  if (c.column && v === c.column.data) return (v as unknown[]).slice();
  return Array.isArray(v) ? v : Array.from(v);
}

/** Rows of `rows` (all n when absent) where a bool expression is true, ascending. */
export function selectOf(c: CExpr, n: number, rows?: Int32Array): Int32Array {
  if (c.select) return c.select(n, rows);
  if (c.isConst) return c.value === true ? (rows ?? allRows(n)) : new Int32Array(0);
  return selectTrue(vecOf(c, n, rows), rows);
}

/** The rows whose value is exactly true. */
export function selectTrue(values: ArrayLike<unknown>, rows?: Int32Array): Int32Array {
  const len = values.length;
  let count = 0;
  for (let i = 0; i < len; i++) if (values[i] === true) count++;
  const out = new Int32Array(count);
  let k = 0;
  if (rows) { for (let i = 0; i < len; i++) if (values[i] === true) out[k++] = rows[i]!; }
  else for (let i = 0; i < len; i++) if (values[i] === true) out[k++] = i;
  return out;
}

export function allRows(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Rows in `a` or `b` (both ascending subsets of one selection), ascending, without duplicates. */
export function unionRows(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!, y = b[j]!;
    if (x < y) { out[k++] = x; i++; } else if (y < x) { out[k++] = y; j++; } else { out[k++] = x; i++; j++; }
  }
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out.subarray(0, k);
}

/** Rows of `rows` (all n when absent) not in `taken` (an ascending subset of them). */
export function exceptRows(n: number, rows: Int32Array | undefined, taken: Int32Array): Int32Array {
  const len = rows ? rows.length : n;
  const out = new Int32Array(len - taken.length);
  let j = 0, k = 0;
  for (let i = 0; i < len; i++) {
    const r = rows ? rows[i]! : i;
    if (j < taken.length && taken[j] === r) { j++; continue; }
    out[k++] = r;
  }
  return out.subarray(0, k);
}

/** Distinct values a kernel remembers its answer for (beyond it, new values are computed each time). */
const MEMO_LIMIT = 1 << 16;

/**
 * A unary kernel applied column-at-a-time. With `memo`, answers are remembered per distinct primitive value
 * (only for pure kernels: string predicates with constant needles, casts); objects are always computed.
 */
export function unaryVec(a: CExpr, kernel: (x: unknown) => unknown, memo: boolean): NonNullable<CExpr['vec']> {
  return (n, rows) => {
    const xs = vecOf(a, n, rows);
    const len = xs.length;
    const out = new Array<unknown>(len);
    if (!memo) { for (let i = 0; i < len; i++) out[i] = kernel(xs[i]); return out; }
    const known = new Map<unknown, unknown>();
    for (let i = 0; i < len; i++) {
      const x = xs[i];
      if ((x !== null && typeof x === 'object') || x === 0) { out[i] = kernel(x); continue; } // Map keys do not tell -0 from 0
      let r = known.get(x);
      if (r === undefined && !known.has(x)) { r = kernel(x); if (known.size < MEMO_LIMIT) known.set(x, r); }
      out[i] = r;
    }
    return out;
  };
}

/** A binary kernel applied column-at-a-time (a constant operand is read once). */
export function binaryVec(a: CExpr, b: CExpr, kernel: (x: unknown, y: unknown) => unknown): NonNullable<CExpr['vec']> {
  return (n, rows) => {
    const xs = vecOf(a, n, rows);
    const len = xs.length;
    const out = new Array<unknown>(len);
    if (b.isConst) { const y = b.value; for (let i = 0; i < len; i++) out[i] = kernel(xs[i], y); return out; }
    const ys = vecOf(b, n, rows);
    if (a.isConst) { const x = a.value; for (let i = 0; i < len; i++) out[i] = kernel(x, ys[i]); return out; }
    for (let i = 0; i < len; i++) out[i] = kernel(xs[i], ys[i]);
    return out;
  };
}

/** A predicate's selection from a specialised test over one column's values (true keeps the row). */
export function selectWith(a: CExpr, test: (x: unknown) => boolean): NonNullable<CExpr['select']> {
  return (n, rows) => {
    const xs = vecOf(a, n, rows);
    const len = xs.length;
    const keep = new Int32Array(len);
    let k = 0;
    if (rows) { for (let i = 0; i < len; i++) if (test(xs[i])) keep[k++] = rows[i]!; }
    else for (let i = 0; i < len; i++) if (test(xs[i])) keep[k++] = i;
    return keep.slice(0, k);
  };
}
