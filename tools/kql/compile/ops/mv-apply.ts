/**
 * mv-apply: for each input row, expand the listed arrays into a small table, run the subquery on it, and
 * join the subquery's rows back to the row's other columns.
 */
import type { Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import { elems, kindName, namedParams, paramText, posOf, textOf, unsupported } from '../syntax.js';
import { referenceRowBytes } from '../../budget.js';
import { compileScalar } from '../scalar.js';
import { assembleByName, binderSchema } from '../table-util.js';
import { castDynamic, expansionTargets } from './mv-expand.js';
import { evalSubquery } from './subquery.js';
import type { KqlType } from '../../types.js';

export const mvApply: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const params = namedParams(op.Parameters);
  for (const k of params.keys()) if (k !== 'with_itemindex') unsupported(`mv-apply ${k}=`, op.Parameters);
  const indexName = params.has('with_itemindex') ? paramText(params.get('with_itemindex')) : undefined;
  if (op.ContextIdClause) unsupported('mv-apply id', op.ContextIdClause);
  const limit = op.RowLimitClause ? Number(compileScalar(op.RowLimitClause.RowLimit, t, env, st).value) : Infinity;
  const exprs = expansionTargets(op, t, env, st);
  const sub = op.Subquery;
  const subExpr = kindName(sub) === 'MvApplySubqueryExpression' ? sub.Expression : sub;
  // The subquery sees the input's columns in their order, an expanded column in place of the input column of its
  // name (new ones appended), then the item index: the order the binder gives the subquery's input.
  const baseCols = t.columns.filter((c) => !exprs.some((e) => e.name === c.name) && c.name !== indexName);
  const baseIdx = baseCols.map((c) => t.columns.indexOf(c));
  type Slot = { name: string; type: KqlType; input?: number; expr?: number; index?: true };
  const slots: Slot[] = t.columns.map((c, ci) => {
    const ei = exprs.findIndex((e) => e.name === c.name);
    return ei >= 0 ? { name: c.name, type: exprs[ei]!.type, expr: ei } : { name: c.name, type: c.type, input: ci };
  }).filter((sl) => sl.name !== indexName);
  exprs.forEach((e, ei) => { if (!slots.some((sl) => sl.name === e.name)) slots.push({ name: e.name, type: e.type, expr: ei }); });
  if (indexName) slots.push({ name: indexName, type: 'long', index: true });
  const subCols = slots.map((sl) => ({ name: sl.name, type: sl.type }));
  const results: { row: number; table: Table }[] = [];
  let produced = 0;
  for (let r = 0; r < t.rowCount; r++) {
    const lists = exprs.map((e) => items(e.values[r]));
    const n = Math.min(limit, Math.max(0, ...lists.map((l) => l.length)));
    const data = slots.map((sl) => {
      if (sl.input !== undefined) return new Array(n).fill(t.data[sl.input]![r]);
      if (sl.expr !== undefined) { const l = lists[sl.expr]!; return Array.from({ length: n }, (_, j) => castDynamic(sl.type, j < l.length ? l[j] : null)); }
      return Array.from({ length: n }, (_, j) => j);
    });
    const rowTable: Table = { columns: subCols, data, rowCount: n };
    results.push({ row: r, table: evalSubquery(subExpr, rowTable, env.child(), st) });
    // The output grows with every row's subquery result: checked as it grows, before it is concatenated.
    produced += results[results.length - 1]!.table.rowCount;
    st.budget.charge('mv-apply', posOf(op), produced, referenceRowBytes(t.columns.length + (results[0]?.table.columns.length ?? 0)));
  }
  // Output: the input's non-expanded columns, then the subquery's other columns; the subquery's value wins.
  // No input rows: the subquery never ran, so its output columns come from the binder, or (no binder schema)
  // from running it once over an empty item table.
  const bound = binderSchema(pipe);
  if (!results.length && bound) return { columns: bound, data: bound.map(() => []), rowCount: 0 };
  const first = results[0]?.table ?? evalSubquery(subExpr, { columns: subCols, data: subCols.map(() => []), rowCount: 0 }, env.child(), st);
  const subOut = first.columns;
  const outCols = [...baseCols, ...subOut.filter((c) => !baseCols.some((b) => b.name === c.name))];
  const data: unknown[][] = outCols.map(() => []);
  for (const { row, table } of results) {
    outCols.forEach((c, oc) => {
      const src = table.columns.findIndex((x) => x.name === c.name);
      const base = oc < baseCols.length ? t.data[baseIdx[oc]!]! : undefined;
      for (let i = 0; i < table.rowCount; i++) data[oc]!.push(src >= 0 ? table.data[src]![i] : base ? base[row] : null);
    });
  }
  const rows = results.reduce((a, x) => a + x.table.rowCount, 0);
  // Assembled by name in the binder's order: the binder may order the subquery's columns differently.
  return assembleByName(binderSchema(pipe) ?? outCols, outCols, (name) => { const i = outCols.findIndex((c) => c.name === name); return i < 0 ? undefined : data[i]; }, op, rows);
};

/** Items of one value: array elements, single-key bags of a bag's entries, a scalar as itself, null as none. */
function items(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => ({ [k]: x }));
  return [v];
}
