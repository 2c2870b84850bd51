/**
 * summarize: group rows by the `by` expressions (hash of value keys), then run each aggregate over the group's
 * row indices with its argument columns evaluated once for the whole input. Output: by columns, then
 * aggregates, named as the binder names them (count_, dcount_X, ...).
 */
import { KqlRuntimeError } from '../../errors.js';
import { aggregateGroup, lookupAggregate, type AggregateFunction } from '../../registry.js';
import type { KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { compileScalar, resultTypeOf } from '../scalar.js';
import { elems, kindName, posOf, textOf, unsupported, type Node } from '../syntax.js';
import { binderSchema, materializeColumn, nameLike } from '../table-util.js';

interface AggPlan {
  /** For an expression over aggregates: the inner plans and the outer expression. */
  outer?: { expr: Node; inner: AggPlan[]; calls: Node[]; env: Env };
  fn: AggregateFunction;
  args: unknown[][];
  argTypes: KqlType[];
  resultType: KqlType;
  /** arg_max/arg_min/take_any: extra output columns taken from the picked row. */
  pick?: { type: KqlType; data: unknown[] }[];
  node: Node;
}

export function planAggregate(e: Node, t: Table, env: Env, st: RunState, excludeNames: Set<string>): AggPlan {
  const call = isNamed(e) ? e.Expression : e;
  const name = kindName(call) === 'FunctionCallExpression' ? String(call.Name.SimpleName) : '';
  const fn = name && !env.get(name) ? lookupAggregate(name) : undefined;
  if (!fn) {
    // An expression over aggregates, e.g. `sum(Quantity) / 1024.0`: aggregate each call, then compute the rest per group.
    const calls = aggregateCalls(call, env);
    if (calls.length === 0) return unsupported('summarize expression', call, `'${textOf(call).slice(0, 40)}' has no aggregate function`);
    const inner = calls.map((c) => planAggregate(c, t, env, st, excludeNames));
    return { fn: inner[0]!.fn, args: [], argTypes: [], resultType: resultTypeOf(call), node: call, outer: { expr: call, inner, calls, env } };
  }
  const argNodes = elems(call.ArgumentList.Expressions);
  if (fn.pickRow) {
    if (kindName(argNodes[0]) === 'StarExpression') {
      // take_any(*): every column but the by columns, from one row; the first of them decides the row as in take_any(a, b).
      const cols = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => !excludeNames.has(c.name));
      if (!cols.length) return unsupported(`${name}(*)`, call, 'no column is left besides the by columns');
      const [first, ...rest] = cols;
      return { fn, args: [t.data[first!.i]!], argTypes: [first!.c.type], resultType: first!.c.type, pick: rest.map(({ c, i }) => ({ type: c.type, data: t.data[i]! })), node: call };
    }
    // arg_max(expr, cols...|*): the first argument decides the row; the others are projected from it.
    const key = compileScalar(argNodes[0], t, env, st);
    const pick: { type: KqlType; data: unknown[] }[] = [];
    const keyIsColumn = kindName(argNodes[0]) === 'NameReference' ? String(argNodes[0].SimpleName) : undefined;
    for (const a of argNodes.slice(1)) {
      if (kindName(a) === 'StarExpression') {
        t.columns.forEach((c, i) => {
          if (excludeNames.has(c.name) || c.name === keyIsColumn) return;
          pick.push({ type: c.type, data: t.data[i]! });
        });
      } else {
        const inner = kindName(a) === 'SimpleNamedExpression' ? a.Expression : a;
        const c = compileScalar(inner, t, env, st);
        pick.push({ type: c.type, data: materializeColumn(c.fn, t.rowCount) });
      }
    }
    // take_anyif(expr, predicate): the second argument is a predicate, not a projected column.
    if (name === 'take_anyif' && argNodes[1]) {
      const pred = compileScalar(argNodes[1], t, env, st);
      return { fn, args: [materializeColumn(key.fn, t.rowCount), materializeColumn(pred.fn, t.rowCount)], argTypes: [key.type, 'bool'], resultType: key.type, pick: [], node: call };
    }
    return { fn, args: [materializeColumn(key.fn, t.rowCount)], argTypes: [key.type], resultType: key.type, pick, node: call };
  }
  const cargs = argNodes.map((a: Node) => (kindName(a) === 'StarExpression' ? null : compileScalar(a, t, env, st)));
  return {
    fn,
    args: cargs.map((c) => (c ? (c.isConst ? new Array(t.rowCount).fill(c.value) : materializeColumn(c.fn, t.rowCount)) : [])),
    argTypes: cargs.map((c) => c?.type ?? 'dynamic'),
    resultType: resultTypeOf(call),
    node: call,
  };
}

/** One group's value of a planned aggregate. */
export function runAggregate(p: AggPlan, rows: ArrayLike<number>, st: RunState): unknown {
  return aggregateGroup(p.fn, rows, p.args, { ctx: st.ctx, argTypes: p.argTypes, resultType: p.resultType });
}

/**
 * A planned aggregate's value for each group of rows (a plain aggregate, the key of a row picker such as
 * arg_max, or an expression over aggregates): for operators that aggregate like summarize (top-nested, pivot).
 */
export function aggregateValues(p: AggPlan, groups: number[][], st: RunState): { type: KqlType; data: unknown[] } {
  if (p.outer) return evalOuter(p, groups, st);
  if (p.fn.pickRow) return { type: p.resultType, data: groups.map((rows) => { const r = p.fn.pickRow!(rows, ...p.args); return r >= 0 ? p.args[0]![r] : null; }) };
  return { type: p.resultType, data: groups.map((rows) => runAggregate(p, rows, st)) };
}

/** Aggregate function calls inside an expression (not descending into nested calls' arguments). */
function aggregateCalls(n: Node, env: Env): Node[] {
  const out: Node[] = [];
  const walk = (x: Node) => {
    if (!x || x.IsToken) return;
    if (kindName(x) === 'FunctionCallExpression') {
      const nm = String(x.Name.SimpleName);
      if (!env.get(nm) && lookupAggregate(nm)) { out.push(x); return; }
    }
    for (let i = 0; i < x.ChildCount; i++) walk(x.GetChild(i));
  };
  walk(n);
  return out;
}

/** `x = agg(...)` or `(a, b) = agg(...)`: the output names come from the binder's schema. */
const isNamed = (e: Node) => kindName(e) === 'SimpleNamedExpression' || kindName(e) === 'CompoundNamedExpression';

/**
 * Group row indices by key columns (groups in order of first appearance). Each key column's values are
 * interned to small integers (the JS value itself is the Map key: no per-row string building); the
 * composite key is a number while the id space fits in 2^53, else a short string of ids.
 */
export function groupRows(keys: unknown[][], rows: number): { groups: number[][]; firstRow: number[] } {
  if (keys.length === 0) return { groups: [Array.from({ length: rows }, (_, i) => i)], firstRow: [0] };
  const ids = keys.map((col) => internColumn(col, rows));
  let space = 1;
  for (const c of ids) space *= c.count + 1;
  const numeric = space < Number.MAX_SAFE_INTEGER;
  const map = new Map<number | string, number>();
  const groups: number[][] = [];
  const firstRow: number[] = [];
  for (let i = 0; i < rows; i++) {
    let key: number | string;
    if (numeric) { key = 0; for (const c of ids) key = key * (c.count + 1) + c.ids[i]!; }
    else { key = ''; for (const c of ids) key += c.ids[i]! + ','; }
    let g = map.get(key);
    if (g === undefined) { g = groups.length; map.set(key, g); groups.push([]); firstRow.push(i); }
    groups[g]!.push(i);
  }
  return { groups, firstRow };
}

/** Dense ids per distinct value (objects by their JSON, null distinct from every value). */
function internColumn(col: unknown[], rows: number): { ids: Uint32Array; count: number } {
  const ids = new Uint32Array(rows);
  const m = new Map<unknown, number>();
  let next = 1;
  for (let i = 0; i < rows; i++) {
    let v = col[i];
    if (v === undefined) v = null;
    else if (v !== null && typeof v === 'object') v = '\u0000j' + JSON.stringify(v);
    let id = m.get(v);
    if (id === undefined) { id = next++; m.set(v, id); }
    ids[i] = id;
  }
  return { ids, count: next };
}

/** percentiles(x, p1, p2, ...) yields one column per percentile: one `percentile` plan each. */
function expandPercentiles(e: Node, t: Table, env: Env, st: RunState): AggPlan[] | undefined {
  const call = isNamed(e) ? e.Expression : e;
  if (kindName(call) !== 'FunctionCallExpression' || String(call.Name.SimpleName) !== 'percentiles' || env.get('percentiles')) return undefined;
  const fn = lookupAggregate('percentile');
  if (!fn) return unsupported('percentiles', call);
  const [valueNode, ...percentNodes] = elems(call.ArgumentList.Expressions);
  const v = compileScalar(valueNode, t, env, st);
  const values = materializeColumn(v.fn, t.rowCount);
  return percentNodes.map((pn: Node) => {
    const p = compileScalar(pn, t, env, st);
    return { fn, args: [values, new Array(t.rowCount).fill(p.value)], argTypes: [v.type, p.type], resultType: v.type === 'int' || v.type === 'long' || v.type === 'datetime' || v.type === 'timespan' ? v.type : 'real', node: call };
  });
}

/** Per group: run the inner aggregates, then the outer expression over a one-row-per-group table. */
function evalOuter(p: AggPlan, groups: number[][], st: RunState): { type: KqlType; data: unknown[] } {
  const o = p.outer!;
  const cols = o.inner.map((ip, k) => ({ name: `__agg${k}`, type: ip.resultType, data: groups.map((rows) => runAggregate(ip, rows, st)) }));
  const gt: Table = { columns: cols.map((c) => ({ name: c.name, type: c.type })), data: cols.map((c) => c.data), rowCount: groups.length };
  const prev = st.aggSubst;
  st.aggSubst = new Map(o.calls.map((c, k) => [c, `__agg${k}`]));
  try {
    const c = compileScalar(o.expr, gt, o.env, st);
    return { type: p.resultType, data: materializeColumn(c.fn, groups.length) };
  } finally { st.aggSubst = prev; }
}

export const summarize: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  // Hints (hint.strategy, hint.shufflekey, hint.num_partitions) steer distribution only; results are the same.
  for (const p of elems(op.Parameters)) if (!String(p.Name.SimpleName).toLowerCase().startsWith('hint.')) unsupported(`summarize ${String(p.Name.SimpleName)}=`, p);
  const byNodes: Node[] = op.ByClause ? elems(op.ByClause.Expressions) : [];
  const byCols = byNodes.map((e) => {
    const expr = kindName(e) === 'SimpleNamedExpression' ? e.Expression : e;
    const c = compileScalar(expr, t, env, st);
    return { type: c.type, data: c.isConst ? new Array(t.rowCount).fill(c.value) : materializeColumn(c.fn, t.rowCount), name: kindName(e) === 'SimpleNamedExpression' ? String(e.Name.SimpleName) : textOf(e) };
  });
  const byNames = new Set(byCols.map((b) => b.name));
  const plans = elems(op.Aggregates).flatMap((e: Node) => expandPercentiles(e, t, env, st) ?? [planAggregate(e, t, env, st, byNames)]);
  const { groups, firstRow } = groupRows(byCols.map((b) => b.data), t.rowCount);
  // With `by`, an empty input has no groups; without `by`, it has one empty group.
  const effective = byCols.length && t.rowCount === 0 ? [] : groups;
  st.budget.charge('summarize', posOf(op), effective.length, 8 * (byCols.length + plans.length) + 32);
  const produced: { type: KqlType; data: unknown[] }[] = byCols.map((b) => ({ type: b.type, data: effective.map((_, gi) => b.data[firstRow[gi]!]) }));
  for (const p of plans) {
    const out = { type: p.resultType, data: new Array(effective.length) };
    const extra = (p.pick ?? []).map((c) => ({ type: c.type, data: new Array(effective.length) }));
    if (p.outer) { produced.push(evalOuter(p, effective, st)); continue; }
    effective.forEach((rows, gi) => {
      if (p.fn.pickRow) {
        const r = p.fn.pickRow(rows, ...p.args);
        out.data[gi] = r >= 0 ? p.args[0]![r] : (p.resultType === 'string' ? '' : null);
        extra.forEach((c, ci) => { c.data[gi] = r >= 0 ? p.pick![ci]!.data[r] : (c.type === 'string' ? '' : null); });
      } else {
        out.data[gi] = runAggregate(p, rows, st);
      }
    });
    produced.push(out, ...extra);
  }
  const schema = binderSchema(pipe);
  if (schema && schema.length !== produced.length) {
    throw new KqlRuntimeError(`internal: summarize produced ${produced.length} columns, binder expects ${schema.length}`, posOf(op));
  }
  // Keep the produced types where the binder says dynamic (e.g. open schemas), else trust the binder.
  return nameLike(produced.map((p, i) => ({ type: schema?.[i]?.type ?? p.type, data: p.data })), schema, produced.map((_, i) => `Column${i + 1}`), op, effective.length);
};
