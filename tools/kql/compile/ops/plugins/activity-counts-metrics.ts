/**
 * evaluate activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Step [, Dimension...])
 * (activity-counts-metrics-plugin.md): for every window from Start (window starts up to and including End) and
 * every combination of the dimensions, `count` (records), `dcount` (distinct ids), `new_dcount` (ids not seen
 * in an earlier window) and `aggregated_dcount` (distinct ids up to and including the window). Step is a
 * timespan (the page also names 'week'/'month'/'year', which Kusto.Language rejects: KS138).
 * Every window is reported, an empty one with zero counts; records outside the windows are ignored.
 * Rows: per dimension combination (first appearance), windows in time order.
 */
import type { KqlType, Table } from '../../../types.js';
import type { OperatorFn } from '../types.js';
import { compileScalar } from '../../scalar.js';
import { elems, kindName, unsupported, type Node } from '../../syntax.js';
import { binderSchema, materializeColumn, nameLike } from '../../table-util.js';
import { emptyTable } from '../../../types.js';
import { KqlRuntimeError } from '../../../errors.js';
import { valueKey } from '../../../compare.js';
import { groupRows } from '../summarize.js';

const MAX_WINDOWS = 100_000;

/** Window starts and a function giving a timestamp's window index (-1 outside). */
function windows(start: bigint, end: bigint, step: unknown): { starts: bigint[]; indexOf: (ts: bigint) => number } {
  if (typeof step !== 'bigint' || step <= 0n) throw new KqlRuntimeError('activity_counts_metrics: the step must be a positive timespan');
  const starts: bigint[] = [];
  for (let w = start; w <= end; w += step) { starts.push(w); if (starts.length > MAX_WINDOWS) throw new KqlRuntimeError(`activity_counts_metrics: more than ${MAX_WINDOWS} windows`); }
  return { starts, indexOf: (ts) => { if (ts < start) return -1; const i = Number((ts - start) / step); return i < starts.length ? i : -1; } };
}

export const activityCountsMetrics: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const args: Node[] = elems(op.FunctionCall.ArgumentList.Expressions);
  if (args.length < 5) return unsupported('activity_counts_metrics', op.FunctionCall, 'needs IdColumn, TimelineColumn, Start, End, Step');
  const e0 = emptyTable([]);
  const constant = (n: Node) => { const c = compileScalar(n, e0, env, st); return c.isConst ? c.value : c.fn(0); };
  const id = compileScalar(args[0], t, env, st), time = compileScalar(args[1], t, env, st);
  if (time.type !== 'datetime') return unsupported('activity_counts_metrics', args[1], 'the timeline must be a datetime');
  const start = constant(args[2]) as bigint, end = constant(args[3]) as bigint;
  if (start === null || end === null) throw new KqlRuntimeError('activity_counts_metrics: start and end must not be null');
  const win = windows(start, end, constant(args[4]));
  const dims = args.slice(5).map((d) => { if (kindName(d) !== 'NameReference') unsupported('activity_counts_metrics dimension', d, 'a column name'); return compileScalar(d, t, env, st); });
  const ids = materializeColumn(id.fn, t.rowCount), times = materializeColumn(time.fn, t.rowCount) as (bigint | null)[];
  const dimCols = dims.map((d) => materializeColumn(d.fn, t.rowCount));
  const { groups, firstRow } = groupRows(dimCols, t.rowCount);
  const effective = t.rowCount ? groups : [];

  const out = { ts: [] as bigint[], dims: dims.map(() => [] as unknown[]), count: [] as number[], dcount: [] as number[], newDcount: [] as number[], aggregated: [] as number[] };
  for (const [g, rows] of effective.entries()) {
    const perWindow: number[][] = win.starts.map(() => []);
    for (const r of rows) { const ts = times[r]; if (ts === null || ts === undefined) continue; const w = win.indexOf(ts); if (w >= 0) perWindow[w]!.push(r); }
    const seen = new Set<string>();
    perWindow.forEach((rs, w) => {
      const inWindow = new Set<string>();
      for (const r of rs) { const v = ids[r]; if (v !== null && v !== undefined && v !== '') inWindow.add(valueKey(v)); }
      let fresh = 0;
      for (const k of inWindow) if (!seen.has(k)) { seen.add(k); fresh++; }
      out.ts.push(win.starts[w]!);
      dims.forEach((_, d) => out.dims[d]!.push(dimCols[d]![firstRow[g]!]));
      out.count.push(rs.length); out.dcount.push(inWindow.size); out.newDcount.push(fresh); out.aggregated.push(seen.size);
    });
  }
  const produced: { type: KqlType; data: unknown[] }[] = [
    { type: 'datetime', data: out.ts },
    ...dims.map((d, i) => ({ type: d.type, data: out.dims[i]! })),
    { type: 'long', data: out.count }, { type: 'long', data: out.dcount }, { type: 'long', data: out.newDcount }, { type: 'long', data: out.aggregated },
  ];
  return nameLike(produced, binderSchema(pipe), produced.map((_, i) => `Column${i + 1}`), op, out.ts.length) as Table;
};
