/**
 * The backtest stage's entry point (`cdr backtest`): replay Sentinel's scheduler for each selected analytic rule over
 * `(from, to]`, run every scheduled run on an executor (embedded engine offline, or a workspace), and tally alerts,
 * incidents, entities and failed runs through the harness's Sentinel simulation (one code path with `cdr test`).
 */
import type { EngineLimits } from '../kql/budget.js';
import { loadSuite } from '../harness/suite.js';
import { runTimes, scheduleOf, type RuleSchedule } from '../harness/scheduler.js';
import type { QueryContent } from '../content/model.js';
import { parseDatetime, formatDatetime } from '../kql/values.js';
import { TICKS_PER_DAY } from '../kql/ticks.js';
import type { BacktestReport } from './model.js';
import type { RunExecutor } from './executor.js';
import { dayOf, RuleTally } from './tally.js';
import { OfflineExecutor } from './offline.js';
import { LiveExecutor } from './live.js';
import { openWorkspace, LiveSetupError, type OpenOptions } from '../live/connect.js';

export { OfflineExecutor } from './offline.js';
export { LiveExecutor } from './live.js';
export type { RunExecutor, RunOutput } from './executor.js';
export type { BacktestReport, RuleBacktest } from './model.js';
export { renderText } from './text.js';
export { renderHtml } from './html.js';

/** The most runs one backtest may schedule (all rules together): a bound, not a performance promise. */
export const MAX_RUNS = 2_000_000;

export class BacktestUsageError extends Error {
  constructor(message: string) { super(message); this.name = 'BacktestUsageError'; }
}

export interface BacktestRequest {
  root?: string;
  /** Rule file base names or display names; empty: every analytic rule. */
  rules: string[];
  from: string;
  to: string;
}

export interface BacktestHooks {
  /** Called once the runs are known (for a progress bar). */
  onPlan?(totalRuns: number): void;
  /** Called after every scheduled run (ran, suppressed or failed). */
  onRun?(rule: string): void;
}

export interface BacktestPlan {
  from: bigint;
  to: bigint;
  items: { item: QueryContent; schedule: RuleSchedule; times: bigint[] }[];
}

function parseBound(v: string, what: string): bigint {
  const t = /^\d{4}-\d{2}-\d{2}(T|$)/.test(v) ? parseDatetime(v) : undefined;
  if (t === undefined) throw new BacktestUsageError(`${what} '${v}' is not an ISO-8601 datetime (e.g. 2026-11-01 or 2026-11-01T00:00:00Z)`);
  return t;
}

/** The rules and their run times; every usage problem at once. */
export function planBacktest(req: BacktestRequest, rules: QueryContent[], hunting: QueryContent[]): BacktestPlan {
  const problems: string[] = [];
  let from = 0n, to = 0n;
  try { from = parseBound(req.from, '--from'); } catch (e) { problems.push((e as Error).message); }
  try { to = parseBound(req.to, '--to'); } catch (e) { problems.push((e as Error).message); }
  if (!problems.length && to <= from) problems.push(`--to ${req.to} must be after --from ${req.from}`);
  const selected: QueryContent[] = [];
  for (const name of req.rules) {
    const hit = rules.find((r) => r.baseName === name || r.name === name);
    if (hit) { if (!selected.includes(hit)) selected.push(hit); continue; }
    if (hunting.some((h) => h.baseName === name || h.name === name)) problems.push(`--rule ${name} is a hunting query: only analytic rules have a schedule to replay`);
    else problems.push(`--rule ${name}: no analytic rule with this file name or display name`);
  }
  if (problems.length) throw new BacktestUsageError(problems.join('\n'));
  const items = (req.rules.length ? selected : rules).map((item) => {
    const schedule = scheduleOf(item)!;
    return { item, schedule, times: runTimes(schedule, from, to, item.file) };
  });
  const total = items.reduce((n, i) => n + i.times.length, 0);
  if (total > MAX_RUNS) throw new BacktestUsageError(`the period and rules schedule ${total} runs, more than ${MAX_RUNS}: backtest a shorter period or fewer rules`);
  return { from, to, items };
}

/** UTC days that contain a run time in (from, to]. */
export function daysOf(from: bigint, to: bigint): string[] {
  const out: string[] = [];
  const first = dayOf(from + 1n);
  for (let t = parseDatetime(`${first}T00:00:00Z`)!; t <= to; t += TICKS_PER_DAY) out.push(dayOf(t));
  return out;
}

export async function backtest(plan: BacktestPlan, executor: RunExecutor, source: BacktestReport['source'], hooks: BacktestHooks = {}): Promise<BacktestReport> {
  const days = daysOf(plan.from, plan.to);
  hooks.onPlan?.(plan.items.reduce((n, i) => n + i.times.length, 0));
  const rules = [];
  // Offline runs resolve without waiting: yield to the event loop now and then so timers (the progress bar) run.
  let sinceYield = 0;
  const breathe = async () => { if (++sinceYield >= 25) { sinceYield = 0; await new Promise((r) => setImmediate(r)); } };
  for (const { item, schedule, times } of plan.items) {
    const tally = new RuleTally(item, schedule, times.length, days);
    let prepared = true;
    try { await executor.prepare?.(item, schedule); } catch (e) {
      // The query cannot run at all (syntax, binding): every run fails with the same error.
      prepared = false;
      for (const t of times) { tally.failedWith(t, errorText(e)); hooks.onRun?.(item.baseName); }
    }
    for (const t of prepared ? times : []) {
      if (tally.skipIfSuppressed(t)) { hooks.onRun?.(item.baseName); continue; }
      try {
        const out = await executor.run(item, schedule, t);
        if (out.truncated) tally.truncatedAt(t, out.truncated.note, out.truncated.splitInto);
        tally.ranWith(t, out.result);
      } catch (e) {
        tally.failedWith(t, errorText(e));
      }
      hooks.onRun?.(item.baseName);
      await breathe();
    }
    rules.push(tally.result());
  }
  return {
    from: formatDatetime(plan.from),
    to: formatDatetime(plan.to),
    source,
    days,
    rules,
    totals: {
      rules: rules.length,
      runs: rules.reduce((n, r) => n + r.runs.scheduled, 0),
      alerts: rules.reduce((n, r) => n + r.alerts.total, 0),
      incidents: rules.reduce((n, r) => n + r.incidents, 0),
      failedRuns: rules.reduce((n, r) => n + r.runs.failed, 0),
      truncatedRuns: rules.reduce((n, r) => n + r.truncatedRuns.length, 0),
    },
  };
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e)).split('\n')[0]!;

export interface OfflineBacktestRequest extends BacktestRequest { tables: string[]; limits?: Partial<EngineLimits> }

/** `cdr backtest --tables DIR...`: the embedded engine over fixture folders or recorded data. */
export async function backtestOffline(req: OfflineBacktestRequest, hooks: BacktestHooks = {}): Promise<BacktestReport> {
  if (!req.tables.length) throw new BacktestUsageError('--tables needs at least one folder');
  const suite = loadSuite(req.root);
  // Parsers are suite entries too (their own test cases); a backtest runs rules and hunting queries only.
  const rules = suite.entries.map((e) => e.item).filter((i): i is QueryContent => i.kind === 'analyticRule');
  const hunting = suite.entries.map((e) => e.item).filter((i): i is QueryContent => i.kind === 'huntingQuery');
  const plan = planBacktest(req, rules, hunting);
  if (req.limits) suite.env.engine.setLimits(req.limits);
  const executor = new OfflineExecutor(suite.env.engine, suite.env.schemas, req.tables);
  return backtest(plan, executor, { kind: 'tables', folders: req.tables }, hooks);
}

export interface LiveBacktestRequest extends BacktestRequest, OpenOptions { target: string }

/** `cdr backtest --target NAME`: every scheduled run as one query on the target's workspace (see live.ts). */
export async function backtestLive(req: LiveBacktestRequest, hooks: BacktestHooks = {}): Promise<BacktestReport> {
  const suite = loadSuite(req.root);
  const rules = suite.entries.map((e) => e.item).filter((i): i is QueryContent => i.kind === 'analyticRule');
  const hunting = suite.entries.map((e) => e.item).filter((i): i is QueryContent => i.kind === 'huntingQuery');
  const plan = planBacktest(req, rules, hunting);
  let ws;
  try { ws = openWorkspace(req.target, req); } catch (e) {
    if (e instanceof LiveSetupError) throw new BacktestUsageError(e.message);
    throw e;
  }
  const executor = new LiveExecutor(ws.logs, ws.resourceId, ws.description);
  return backtest(plan, executor, { kind: 'target', target: ws.target.name, workspace: ws.target.workspace }, hooks);
}
