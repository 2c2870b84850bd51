/**
 * mv-apply: for each input row, expand the listed arrays into a small table, run the subquery on it, and
 * join the subquery's rows back to the row's other columns.
 */
import type { Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import { elems, kindName, namedParams, textOf, unsupported } from '../syntax.js';
import { compileScalar } from '../scalar.js';
import { materializeColumn } from '../table-util.js';
import { castDynamic } from './mv-expand.js';
import { evalTabular } from '../query.js';
import type { KqlType } from '../../types.js';

export const mvApply: OperatorFn = (op, input, env, st) => {
  const t = input!;
  const params = namedParams(op.Parameters);
  if (params.size) unsupported(`mv-apply ${[...params.keys()][0]}=`, op.Parameters);
  if (op.ContextIdClause) unsupported('mv-apply id', op.ContextIdClause);
  const limit = op.RowLimitClause ? Number(compileScalar(op.RowLimitClause.Expression, t, env, st).value) : Infinity;
  const exprs = elems(op.Expressions).map((me) => {
    let e = me.Expression, name: string;
    if (kindName(e) === 'SimpleNamedExpression') { name = String(e.Name.SimpleName); e = e.Expression; }
    else name = kindName(e) === 'NameReference' ? String(e.SimpleName) : textOf(e);
    const tn = me.ToTypeOf ? (textOf(me.ToTypeOf).match(/typeof\s*\(\s*(\w+)\s*\)/i)?.[1]?.toLowerCase() ?? 'dynamic') : 'dynamic';
    const type = (tn === 'double' ? 'real' : tn === 'boolean' ? 'bool' : tn) as KqlType;
    return { name, type, values: materializeColumn(compileScalar(e, t, env, st).fn, t.rowCount) };
  });
  const sub = op.Subquery;
  const subExpr = kindName(sub) === 'MvApplySubqueryExpression' ? sub.Expression : sub;
  const results: { row: number; table: Table }[] = [];
  const baseCols = t.columns.filter((c) => !exprs.some((e) => e.name === c.name));
  const baseIdx = baseCols.map((c) => t.columns.indexOf(c));
  for (let r = 0; r < t.rowCount; r++) {
    const lists = exprs.map((e) => { const v = e.values[r]; return Array.isArray(v) ? v : v === null || v === undefined ? [] : typeof v === 'object' ? Object.entries(v).map(([k, x]) => ({ [k]: x })) : [v]; });
    const n = Math.min(limit, Math.max(0, ...lists.map((l) => l.length)));
    const columns = [...baseCols, ...exprs.map((e) => ({ name: e.name, type: e.type }))];
    const data = [...baseIdx.map((ci) => new Array(n).fill(t.data[ci]![r])), ...lists.map((l, i) => Array.from({ length: n }, (_, j) => castDynamic(exprs[i]!.type, j < l.length ? l[j] : null)))];
    const scope = env.child();
    const rowTable: Table = { columns, data, rowCount: n };
    // The subquery's input is the expanded row table: bind it as the implicit source of the subquery's first operator.
    scope.set('__mvapply_input', { kind: 'tabular', get: () => rowTable });
    results.push({ row: r, table: evalSubquery(subExpr, rowTable, scope, st) });
  }
  // Output: the row's non-expanded columns followed by the subquery's columns (which may repeat base columns).
  const first = results.find((x) => x.table.columns.length)?.table;
  const outCols = first ? first.columns : [...baseCols, ...exprs.map((e) => ({ name: e.name, type: e.type }))];
  const data: unknown[][] = outCols.map(() => []);
  for (const { table } of results) {
    outCols.forEach((c, ci) => {
      const src = table.columns.findIndex((x) => x.name === c.name);
      for (let i = 0; i < table.rowCount; i++) data[ci]!.push(src >= 0 ? table.data[src]![i] : null);
    });
  }
  return { columns: outCols, data, rowCount: data[0]?.length ?? 0 };
};

import type { Env, RunState } from '../env.js';
import type { Node } from '../syntax.js';
import { OPERATORS } from './index.js';
/** Evaluate a subquery of the form `(op1 | op2 ...)` whose leftmost operator reads `input`. */
function evalSubquery(n: Node, input: Table, env: Env, st: RunState): Table {
  const k = kindName(n);
  if (k === 'PipeExpression') {
    const left = evalSubquery(n.Expression, input, env, st);
    const f = OPERATORS[kindName(n.Operator)];
    if (!f) return unsupported(kindName(n.Operator), n.Operator);
    return f(n.Operator, left, env, st, n);
  }
  if (k === 'ParenthesizedExpression') return evalSubquery(n.Expression, input, env, st);
  const f = OPERATORS[k];
  if (f) return f(n, input, env, st, n);
  return evalTabular(n, env, st);
}
