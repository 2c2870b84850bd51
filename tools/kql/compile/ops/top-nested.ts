/**
 * top-nested: hierarchical aggregation (top-nested-operator.md). Level by level, the rows of each parent group
 * are grouped by the level's expression, aggregated, ordered by the aggregate (desc unless `asc`) and cut to N
 * (all when N is omitted). Output: two columns per level (value, aggregate), one row per leaf, parents first in
 * their order. `with others = V` adds, per parent group, a row with value V aggregated over the groups that
 * did not make the cut; the levels below such a row are null (Kusto does not document them).
 * Ties keep the order of first appearance. The reference's own examples list rows in no particular order.
 */
import type { KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, posOf, textOf, type Node } from '../syntax.js';
import { binderSchema, materializeColumn, nameLike } from '../table-util.js';
import { emptyTable } from '../../types.js';
import { compareValues } from '../../compare.js';
import { aggregateValues, groupRows, planAggregate } from './summarize.js';

interface Level {
  count: number;
  values: unknown[];
  valueType: KqlType;
  others?: unknown;
  plan: ReturnType<typeof planAggregate>;
  ascending: boolean;
}

export const topNested: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const levels = elems(op.Clauses).map((c: Node) => level(c, t, env, st));
  const rows: unknown[][] = [];
  const all = Array.from({ length: t.rowCount }, (_, i) => i);
  const walk = (rowIdx: number[], depth: number, prefix: unknown[]) => {
    const lv = levels[depth]!;
    // Group this parent's rows by the level's value (groupRows indexes into the key array: map back to input rows).
    const keyValues = rowIdx.map((r) => lv.values[r]);
    const regrouped = groupRows([keyValues], rowIdx.length);
    const members = regrouped.groups.map((g) => g.map((i) => rowIdx[i]!));
    const aggs = aggregateValues(lv.plan, members, st).data;
    const order = members.map((_, i) => i).sort((a, b) => {
      const x = aggs[a], y = aggs[b];
      const nx = x === null || x === undefined, ny = y === null || y === undefined;
      if (nx || ny) return nx && ny ? a - b : nx ? 1 : -1;
      const c = compareValues(x, y);
      return (lv.ascending ? c : -c) || a - b;
    });
    const kept = order.slice(0, lv.count), rest = order.slice(lv.count);
    for (const g of kept) {
      const next = [...prefix, keyValues[regrouped.firstRow[g]!], aggs[g]];
      if (depth + 1 < levels.length) walk(members[g]!, depth + 1, next);
      else { rows.push(next); if ((rows.length & 0xffff) === 0) st.budget.charge('top-nested', posOf(op), rows.length, 8 * next.length + 32); }
    }
    if (lv.others !== undefined && rest.length) {
      const otherRows = rest.flatMap((g) => members[g]!);
      const agg = aggregateValues(lv.plan, [otherRows], st).data[0];
      const row = [...prefix, lv.others, agg];
      for (let d = depth + 1; d < levels.length; d++) row.push(null, null);
      rows.push(row);
    }
  };
  if (t.rowCount > 0) walk(all, 0, []);
  const produced = levels.flatMap((lv, d) => [
    { type: lv.valueType, data: rows.map((r) => nullFor(lv.valueType, r[2 * d])) },
    { type: lv.plan.resultType, data: rows.map((r) => nullFor(lv.plan.resultType, r[2 * d + 1])) },
  ]);
  return nameLike(produced, binderSchema(pipe), produced.map((_, i) => `Column${i + 1}`), op, rows.length);
};

const nullFor = (type: KqlType, v: unknown) => (v === null || v === undefined ? (type === 'string' ? '' : null) : v);

function level(c: Node, t: Table, env: Env, st: RunState): Level {
  const e0 = emptyTable([]);
  const constant = (n: Node) => { const x = compileScalar(n, e0, env, st); return x.isConst ? x.value : x.fn(0); };
  const count = c.Expression ? Number(constant(c.Expression)) : Infinity;
  const ofExpr = kindName(c.OfExpression) === 'SimpleNamedExpression' ? c.OfExpression.Expression : c.OfExpression;
  const v = compileScalar(ofExpr, t, env, st);
  let by = c.ByExpression, ascending = false;
  if (kindName(by) === 'OrderedExpression') {
    ascending = /\basc\b/i.test(textOf(by.Ordering));
    by = by.Expression;
  }
  return {
    count: Number.isFinite(count) ? Math.max(0, Math.trunc(count)) : Infinity,
    values: v.isConst ? new Array(t.rowCount).fill(v.value) : materializeColumn(v.fn, t.rowCount),
    valueType: v.type,
    others: c.WithOthersClause ? constant(c.WithOthersClause.Expression) : undefined,
    plan: planAggregate(by, t, env, st, new Set()),
    ascending,
  };
}
