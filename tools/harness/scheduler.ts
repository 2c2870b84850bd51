/**
 * Sentinel's scheduler, simulated: when a rule runs and what data each run sees, and what a rule remembers between
 * runs (suppression, open incidents). `cdr test` runs one scheduled run per case; `cdr backtest` replays every run
 * over a period. Both call these functions, so a backtest counts alerts exactly as the rule tests check them.
 *
 * - Scheduled rules run every `queryFrequency`; a run at time t sees every table's `TimeGenerated` in
 *   `(t - queryPeriod, t]`, with now() pinned to t.
 * - NRT rules run every minute over the last minute of ingestion (`_IngestionTime`, else `TimeGenerated`); Sentinel's
 *   ingestion-delay handling is not modelled.
 * - Hunting queries have no schedule and see all data.
 */
import type { QueryContent, TestableContent } from '../content/model.js';
import type { QueryResult } from '../kql/api.js';
import type { Table } from '../kql/types.js';
import { TICKS_PER_MINUTE } from '../kql/ticks.js';
import { selectRows } from '../kql/compile/table-util.js';
import { parseYamlDuration } from './durations.js';
import { IncidentGrouper } from './incidents.js';
import { Suppression } from './suppression.js';
import { simulateAlerts, type Simulation } from './simulate.js';

export interface RuleSchedule {
  kind: 'Scheduled' | 'NRT';
  /** Time between runs (ticks); undefined when the rule's queryFrequency does not parse (validate reports it). */
  frequency: bigint | undefined;
  /** Each run's lookback (ticks). */
  period: bigint;
  /** The column the window applies to; tables without it fall back to TimeGenerated. */
  timeColumn: 'TimeGenerated' | '_IngestionTime';
}

/** The schedule of an analytic rule; undefined for hunting queries (no schedule, no window). */
export function scheduleOf(item: Pick<TestableContent, 'kind' | 'data' | 'file'>): RuleSchedule | undefined {
  if (item.kind !== 'analyticRule') return undefined;
  const data = item.data ?? {};
  if (String(data.kind) === 'NRT') return { kind: 'NRT', frequency: TICKS_PER_MINUTE, period: TICKS_PER_MINUTE, timeColumn: '_IngestionTime' };
  const period = parseYamlDuration(data.queryPeriod);
  if (period === undefined) throw new Error(`${item.file}: queryPeriod '${String(data.queryPeriod)}' is not a duration (5m, 1h, 14d)`);
  return { kind: 'Scheduled', frequency: parseYamlDuration(data.queryFrequency), period, timeColumn: 'TimeGenerated' };
}

/** Run times of a schedule in `(from, to]`: from + frequency, from + 2 frequency, ... (consecutive periods tile). */
export function runTimes(schedule: RuleSchedule, from: bigint, to: bigint, file = 'rule'): bigint[] {
  if (schedule.frequency === undefined || schedule.frequency <= 0n) throw new Error(`${file}: queryFrequency is not a positive duration`);
  const out: bigint[] = [];
  for (let t = from + schedule.frequency; t <= to; t += schedule.frequency) out.push(t);
  return out;
}

/**
 * Tables indexed once by their window column, so each run's window is a binary search and a copy of the rows in
 * it (a long backtest runs a rule thousands of times over the same data).
 */
export class WindowedTables {
  private readonly indexed = new Map<string, { table: Table; order: number[]; times: bigint[] } | { table: Table; order: undefined; times: undefined }>();

  constructor(tables: Map<string, Table>, column: RuleSchedule['timeColumn']) {
    for (const [name, t] of tables) {
      const col = column === '_IngestionTime' && !t.columns.some((c) => c.name === '_IngestionTime') ? 'TimeGenerated' : column;
      const ci = t.columns.findIndex((c) => c.name === col);
      if (ci < 0) { this.indexed.set(name, { table: t, order: undefined, times: undefined }); continue; }
      const values = t.data[ci]! as (bigint | null)[];
      // Rows without a time are never inside a window.
      const order = [...values.keys()].filter((i) => values[i] !== null).sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
      this.indexed.set(name, { table: t, order, times: order.map((i) => values[i]!) });
    }
  }

  /** Every table restricted to rows whose time lies in `(from, to]` (tables without the column: unrestricted). */
  window(from: bigint, to: bigint): Map<string, Table> {
    const out = new Map<string, Table>();
    for (const [name, x] of this.indexed) {
      if (!x.order) { out.set(name, x.table); continue; }
      const lo = upperBound(x.times, from), hi = upperBound(x.times, to);
      // Original row order inside the window, as a filter over the table would give.
      out.set(name, selectRows(x.table, x.order.slice(lo, hi).sort((a, b) => a - b)));
    }
    return out;
  }
}

/** First index whose value is > v. */
function upperBound(sorted: bigint[], v: bigint): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid]! <= v) lo = mid + 1; else hi = mid; }
  return lo;
}

/** The tables one run at `runTime` sees: the schedule's window, or everything for unscheduled content. */
export function tablesForRun(tables: Map<string, Table>, schedule: RuleSchedule | undefined, runTime: bigint): Map<string, Table> {
  if (!schedule) return tables;
  return new WindowedTables(tables, schedule.timeColumn).window(runTime - schedule.period, runTime);
}

/**
 * What Sentinel keeps for a rule between its runs: the suppression period and the open incidents alerts are grouped
 * into. `simulate` turns one run's query result into alerts (trigger, alert cap, entities, details) and incidents.
 */
export class RuleTimeline {
  private readonly suppression: Suppression;
  readonly incidents: IncidentGrouper;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly rule: Record<string, any>) {
    this.suppression = new Suppression(rule);
    this.incidents = new IncidentGrouper(rule);
  }

  /** Whether Sentinel skips the run scheduled at `runTime` (suppression after an alert). */
  suppresses(runTime: bigint): boolean { return this.suppression.suppresses(runTime); }

  simulate(runTime: bigint, result: QueryResult): Simulation {
    const sim = simulateAlerts(this.rule, result, { incidents: this.incidents, at: runTime });
    this.suppression.afterRun(runTime, sim.alerts.length);
    return sim;
  }
}
