/**
 * Functions that yield several columns (series_stats, series_decompose, series_fit_line, ...): the binder types
 * such a call as a tuple; its implementation returns one JS array per row holding the components in the
 * binder's column order. Operators that take column expressions (extend, project, print) split the value into
 * one column per component, named `(a, b) = f(...)` style or with the binder's generated names.
 */
import type { ColumnSchema, KqlType } from '../types.js';
import { typeOfSymbol } from './type-map.js';
import { elems, kindName, type Node } from './syntax.js';
import type { CExpr } from './env.js';

/** The binder's component columns when `n` yields a tuple, else undefined. */
export function tupleColumns(n: Node): ColumnSchema[] | undefined {
  const rt = n?.ResultType;
  if (!rt || String(rt.Name ?? '').toLowerCase() !== 'tuple' || !rt.Columns || typeof rt.Columns.Count !== 'number') return undefined;
  const out: ColumnSchema[] = [];
  for (let i = 0; i < rt.Columns.Count; i++) {
    const c = rt.Columns.getItem(i);
    out.push({ name: String(c.Name), type: typeOfSymbol(c.Type) ?? 'dynamic' });
  }
  return out;
}

/** The names a `(a, b, ...) = expr` assignment gives (fewer than the components leaves the rest generated). */
export function compoundNames(e: Node): string[] {
  return elems(e.Names?.Names).map((d: Node) => String(d.SimpleName ?? d.Name?.SimpleName ?? ''));
}

export const isCompound = (e: Node): boolean => kindName(e) === 'CompoundNamedExpression';

/** Split a compiled tuple-valued expression over `rows` rows into one column per component. */
export function splitTuple(c: CExpr, rows: number, cols: ColumnSchema[]): { name: string; type: KqlType; data: unknown[] }[] {
  const out = cols.map((col) => ({ name: col.name, type: col.type, data: new Array<unknown>(rows) }));
  const nul = cols.map((col) => (col.type === 'string' ? '' : null));
  for (let r = 0; r < rows; r++) {
    const v = c.isConst ? c.value : c.fn(r);
    for (let k = 0; k < cols.length; k++) out[k]!.data[r] = Array.isArray(v) ? (v[k] ?? nul[k]) : nul[k];
  }
  return out;
}
