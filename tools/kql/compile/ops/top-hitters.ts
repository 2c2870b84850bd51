/**
 * top-hitters: the N values with the largest count (or sum of the `by` expression), largest first. The service
 * approximates with a count-min sketch; the reference states the exact query it approximates
 * (`summarize S = sum(x) by v | top N by S desc`), which is what this computes: exact counts and sums, a valid
 * answer of the approximation. Ties keep the order of first appearance; a null sum orders last.
 */
import type { KqlType } from '../../types.js';
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { binderSchema, materializeColumn, nameLike } from '../table-util.js';
import { emptyTable } from '../../types.js';
import { groupRows } from './summarize.js';

export const topHitters: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const nExpr = compileScalar(op.Expression, emptyTable([]), env, st);
  const n = Math.max(0, Math.trunc(Number(nExpr.isConst ? nExpr.value : nExpr.fn(0))));
  const v = compileScalar(op.OfExpression, t, env, st);
  const values = materializeColumn(v.fn, t.rowCount);
  const by = op.ByClause ? compileScalar(op.ByClause.Expression, t, env, st) : undefined;
  const weights = by ? materializeColumn(by.fn, t.rowCount) : undefined;
  const { groups, firstRow } = groupRows([values], t.rowCount);
  const score = groups.map((rows) => {
    if (!weights) return rows.length;
    let s: number | null = null;
    for (const r of rows) { const w = weights[r]; if (typeof w === 'number') s = (s ?? 0) + w; }
    return s;
  });
  const order = groups.map((_, i) => i).sort((a, b) => {
    const x = score[a], y = score[b];
    if (x === null || y === null) return x === null && y === null ? a - b : x === null ? 1 : -1;
    return y - x || a - b;
  }).slice(0, n);
  const scoreType: KqlType = by ? (by.type === 'int' ? 'long' : by.type) : 'long';
  const produced = [
    { type: v.type, data: order.map((g) => values[firstRow[g]!]) },
    { type: scoreType, data: order.map((g) => score[g]) },
  ];
  return nameLike(produced, binderSchema(pipe), ['Column1', 'Column2'], op, order.length);
};
