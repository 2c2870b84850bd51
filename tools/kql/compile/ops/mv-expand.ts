/**
 * mv-expand: each array element (or bag entry) becomes a row; several expressions expand in parallel,
 * padding with null. A null value yields one row with null; an empty array or bag yields no row.
 */
import type { ColumnSchema, KqlType, Table } from '../../types.js';
import type { Env, RunState } from '../env.js';
import type { Node } from '../syntax.js';
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, namedParams, paramText, posOf, resultNameOf, textOf, unsupported } from '../syntax.js';
import { referenceRowBytes } from '../../budget.js';
import { assembleByName, binderSchema, materializeColumn } from '../table-util.js';
import { fromWire } from '../../values.js';
import { typeOfName } from '../type-map.js';

export function castDynamic(type: KqlType, v: unknown): unknown {
  if (type === 'dynamic') return v;
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  try {
    if (type === 'string') return typeof v === 'string' ? v : JSON.stringify(v);
    if ((type === 'long' || type === 'int' || type === 'real') && typeof v !== 'number' && typeof v !== 'string') return null;
    return fromWire(type, v);
  } catch { return null; }
}

/** The expressions of mv-expand / mv-apply: output name, `to typeof()` type, values over the input rows. */
export function expansionTargets(op: Node, t: Table, env: Env, st: RunState): { name: string; type: KqlType; values: unknown[] }[] {
  return elems(op.Expressions).map((me: Node) => {
    let e = me.Expression, name: string;
    if (kindName(e) === 'SimpleNamedExpression') { name = String(e.Name.SimpleName); e = e.Expression; }
    else name = resultNameOf(e, textOf(e));
    const tn = me.ToTypeOf ? (textOf(me.ToTypeOf).match(/typeof\s*\(\s*(\w+)\s*\)/i)?.[1] ?? 'dynamic') : 'dynamic';
    const type = typeOfName(tn);
    if (!type) return unsupported(`to typeof(${tn})`, me.ToTypeOf);
    return { name, type, values: materializeColumn(compileScalar(e, t, env, st).fn, t.rowCount) };
  });
}

export const mvExpand: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const params = namedParams(op.Parameters);
  for (const k of params.keys()) if (!['bagexpansion', 'kind', 'with_itemindex'].includes(k)) unsupported(`mv-expand ${k}=`, op.Parameters);
  const bagMode = (paramText(params.get('bagexpansion') ?? params.get('kind')) || 'bag').toLowerCase();
  const indexName = params.has('with_itemindex') ? paramText(params.get('with_itemindex')) : undefined;
  const limit = op.RowLimitClause ? Number(compileScalar(op.RowLimitClause.RowLimit, t, env, st).value) : Infinity;
  const exprs = expansionTargets(op, t, env, st);
  const items = (v: unknown): unknown[] | null => {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v;
    if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      return bagMode === 'array' ? entries.map(([k, x]) => [k, x]) : entries.map(([k, x]) => ({ [k]: x }));
    }
    return [v];
  };
  st.budget.charge('mv-expand', posOf(op), expandedRowCount(exprs.map((e) => e.values), t.rowCount, limit), referenceRowBytes(t.columns.length + exprs.length + 1) + 64 * exprs.length);
  const srcRows: number[] = [];
  const expanded: unknown[][] = exprs.map(() => []);
  const idxCol: number[] = [];
  for (let r = 0; r < t.rowCount; r++) {
    const lists = exprs.map((e) => items(e.values[r]));
    if (lists.every((l) => l === null)) {
      srcRows.push(r); exprs.forEach((e, i) => expanded[i]!.push(castDynamic(e.type, null))); idxCol.push(0);
      continue;
    }
    const n = Math.min(limit, Math.max(...lists.map((l) => (l === null ? 1 : l.length))));
    for (let j = 0; j < n; j++) {
      srcRows.push(r);
      idxCol.push(j);
      lists.forEach((l, i) => expanded[i]!.push(castDynamic(exprs[i]!.type, l === null ? null : j < l.length ? l[j] : null)));
    }
  }
  // Output: the input columns (repeated per item), an expanded column replacing the input column of its name,
  // new ones appended, then the item index; assembled by name in the order the binder gives.
  const columns: ColumnSchema[] = [...t.columns];
  exprs.forEach((e) => { const at = columns.findIndex((c) => c.name === e.name); if (at >= 0) columns[at] = { name: e.name, type: e.type }; else columns.push({ name: e.name, type: e.type }); });
  if (indexName) columns.push({ name: indexName, type: 'long' });
  const supply = (name: string): unknown[] | undefined => {
    const i = exprs.findIndex((e) => e.name === name);
    if (i >= 0) return expanded[i]!;
    if (name === indexName) return idxCol;
    const ci = t.columns.findIndex((c) => c.name === name);
    return ci < 0 ? undefined : srcRows.map((r) => t.data[ci]![r]);
  };
  return assembleByName(binderSchema(pipe) ?? columns, columns, supply, op, srcRows.length);
};

/** The rows mv-expand will produce (before producing them, for the budget): per row, the longest list (a null counts 1; all null: one row). */
function expandedRowCount(values: unknown[][], rows: number, limit: number): number {
  const itemCount = (v: unknown): number | null => (v === null || v === undefined ? null : Array.isArray(v) ? v.length : typeof v === 'object' ? Object.keys(v as object).length : 1);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let allNull = true, longest = 0;
    for (const col of values) {
      const n = itemCount(col[r]);
      if (n === null) longest = Math.max(longest, 1); else { allNull = false; longest = Math.max(longest, n); }
    }
    total += allNull ? 1 : Math.min(limit, longest);
  }
  return total;
}
