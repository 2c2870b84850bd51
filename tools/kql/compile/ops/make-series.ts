/**
 * make-series: per `by` group, aggregate into time (or numeric) bins from..to by step; empty bins get the
 * aggregate's default (0 unless `default=`). Output: by columns, one dynamic array per aggregate, the axis array.
 */
import { KqlRuntimeError } from '../../errors.js';
import type { KqlType } from '../../types.js';
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, namedParams, posOf, textOf, unsupported, type Node } from '../syntax.js';
import { binderSchema, materializeColumn, nameLike } from '../table-util.js';
import { groupRows, planAggregate, runAggregate } from './summarize.js';
import { toDynamic } from '../../compare.js';
import { emptyTable } from '../../types.js';
import { markRealArray } from '../../real-arrays.js';

const MAX_SERIES_BINS = 1_048_576;

/** Axis arithmetic: exact bigint ticks for datetime/timespan axes, numbers otherwise. */
interface AxisScale<T> {
  zero: T;
  of: (v: unknown) => T;
  binCount: (from: T, to: T, step: T) => number;
  binOf: (v: T, from: T, to: T, step: T) => number;
  at: (from: T, step: T, i: number) => T;
}
const TICKS_SCALE: AxisScale<bigint> = {
  zero: 0n,
  of: (v) => (typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))),
  binCount: (from, to, step) => (to > from ? Number((to - from + step - 1n) / step) : 0),
  binOf: (v, from, to, step) => (v < from || v >= to ? -1 : Number((v - from) / step)),
  at: (from, step, i) => from + BigInt(i) * step,
};
const NUMBER_SCALE: AxisScale<number> = {
  zero: 0,
  of: (v) => Number(v),
  binCount: (from, to, step) => Math.max(0, Math.ceil((to - from) / step)),
  binOf: (v, from, to, step) => (v < from || v >= to ? -1 : Math.floor((v - from) / step)),
  at: (from, step, i) => from + i * step,
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const axisScale = (step: number | bigint): AxisScale<any> => (typeof step === 'bigint' ? TICKS_SCALE : NUMBER_SCALE);

export const makeSeries: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const params = namedParams(op.Parameters);
  const kind = params.has('kind') ? textOf(params.get('kind')).trim() : '';
  if (kind && kind !== 'nonempty') unsupported(`make-series kind=${kind}`, op.Parameters);
  const axisC = compileScalar(op.OnClause.Expression, t, env, st);
  const axis = materializeColumn(axisC.fn, t.rowCount) as (number | bigint | null)[];
  const rc = op.RangeClause;
  const e0 = emptyTable([]);
  const constOf = (n: unknown) => { const c = compileScalar(n, e0, env, st); return (c.isConst ? c.value : c.fn(0)) as number | bigint; };
  let from: number | bigint | undefined, to: number | bigint | undefined, step: number | bigint;
  if (kindName(rc) === 'MakeSeriesInRangeClause') {
    const a = elems(rc.Arguments.Expressions);
    from = constOf(a[0]); to = constOf(a[1]); step = constOf(a[2]);
  } else {
    if (rc.MakeSeriesFromClause) from = constOf(rc.MakeSeriesFromClause.Expression);
    if (rc.MakeSeriesToClause) to = constOf(rc.MakeSeriesToClause.Expression);
    step = constOf(rc.MakeSeriesStepClause.Expression);
  }
  if (!(step > 0)) throw new KqlRuntimeError('make-series: step must be positive', posOf(op));
  const scale = axisScale(step);
  // The axis values are only needed when `from` or `to` is left to the data.
  const present = from !== undefined && to !== undefined ? [] : axis.filter((v): v is number | bigint => v !== null).map(scale.of);
  const fromS = from !== undefined ? scale.of(from) : present.length ? present.reduce((m, x) => (x < m ? x : m)) : scale.zero;
  const toS = to !== undefined ? scale.of(to) : present.length ? present.reduce((m, x) => (x > m ? x : m)) + scale.of(step) : fromS;
  // Bin starts aligned to `from`; `to` is exclusive.
  const nb = scale.binCount(fromS, toS, scale.of(step));
  // Kusto's documented limit (make-series-operator.md): its arrays hold at most 2^20 values; beyond, an error.
  if (nb > MAX_SERIES_BINS) throw new KqlRuntimeError(`make-series would build arrays of ${nb.toLocaleString('en-US')} bins; Kusto limits the arrays make-series generates to 1,048,576 values (2^20): use a larger step or a shorter range`, posOf(op));
  const binOf = (v: number | bigint | null) => (v === null ? -1 : scale.binOf(scale.of(v), fromS, toS, scale.of(step)));

  const byNodes = op.ByClause ? elems(op.ByClause.Expressions) : [];
  const byCols = byNodes.map((e) => { const x = kindName(e) === 'SimpleNamedExpression' ? e.Expression : e; const c = compileScalar(x, t, env, st); return { type: c.type, data: materializeColumn(c.fn, t.rowCount) }; });
  const aggs = elems(op.Aggregates).map((me) => {
    const dflt = me.DefaultExpression ? compileScalar(me.DefaultExpression.Expression, e0, env, st).value : undefined;
    // `other=-1 default=-2` (make-series-operator.md): a constant is the value of every bin that has rows.
    const inner = kindName(me.Expression) === 'SimpleNamedExpression' ? me.Expression.Expression : me.Expression;
    if (!hasCall(inner)) {
      const c = compileScalar(inner, e0, env, st);
      if (c.isConst) return { constant: toDynamic(c.type, c.value), dflt, plan: undefined };
    }
    return { plan: planAggregate(me.Expression, t, env, st, new Set()), dflt, constant: undefined };
  });
  const { groups, firstRow } = groupRows(byCols.map((b) => b.data), t.rowCount);
  const rowBin = new Int32Array(t.rowCount);
  for (let r = 0; r < t.rowCount; r++) rowBin[r] = binOf(axis[r] ?? null);
  // Empty input gives no row, unless kind=nonempty asks for one row of defaults (make-series-operator.md).
  const eff = t.rowCount === 0 && (byCols.length || kind !== 'nonempty') ? [] : groups;
  // One row per group, each holding an array of nb bins per aggregate: per bin a row-list while binning (slot and
  // empty array, 40 bytes) and a slot and value in the result (16), charged before any bin is made. The axis array
  // is shared by all rows (a slot each).
  st.budget.charge('make-series', posOf(op), eff.length, 8 * (byCols.length + 1) + aggs.length * (32 + 56 * nb));
  const produced: { type: KqlType; data: unknown[] }[] = byCols.map((b) => ({ type: b.type, data: eff.map((_, gi) => b.data[firstRow[gi]!]) }));
  for (const { plan, dflt, constant } of aggs) {
    const col = { type: 'dynamic' as KqlType, data: [] as unknown[] };
    const fallback = dflt !== undefined ? dflt : 0;
    for (const rows of eff) {
      // Only the bins that hold rows are aggregated (a series is mostly empty bins); each keeps its rows in input order.
      const perBin = new Map<number, number[]>();
      for (const r of rows) {
        const b = rowBin[r]!;
        if (b < 0) continue;
        const rs = perBin.get(b);
        if (rs) rs.push(r); else perBin.set(b, [r]);
      }
      const series = new Array<unknown>(nb).fill(fallback);
      for (const [b, rs] of perBin) series[b] = plan ? toDynamic(plan.resultType, runAggregate(plan, rs, st)) : constant;
      if (plan ? plan.resultType === 'real' || plan.resultType === 'decimal' : typeof constant === 'number' && !Number.isInteger(constant)) markRealArray(series);
      col.data.push(series);
    }
    produced.push(col);
  }
  const axisValues = !eff.length ? [] : Array.from({ length: nb }, (_, i) => toDynamic(axisC.type, scale.at(fromS, scale.of(step), i)));
  produced.push({ type: 'dynamic', data: eff.map(() => axisValues) });
  return nameLike(produced, binderSchema(pipe), produced.map((_, i) => `Column${i + 1}`), op, eff.length);
};

/** Does an expression call any function (an aggregate, or anything that is not a plain constant)? */
function hasCall(n: Node): boolean {
  if (!n || n.IsToken) return false;
  if (kindName(n) === 'FunctionCallExpression') return true;
  for (let i = 0; i < n.ChildCount; i++) if (hasCall(n.GetChild(i))) return true;
  return false;
}
