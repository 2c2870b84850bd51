/**
 * Where a backtest's runs execute. The scheduler, the window and the Sentinel simulation are the same for both;
 * only the query execution differs: the embedded engine over fixture tables (offline.ts) or a workspace through
 * the Log Analytics query API (live.ts).
 */
import type { QueryContent } from '../content/model.js';
import type { QueryResult } from '../kql/api.js';
import type { RuleSchedule } from '../harness/scheduler.js';

export interface RunOutput {
  result: QueryResult;
  /** Set when the service cut the result short: what happened (split by time, or why it could not be). */
  truncated?: { note: string; splitInto?: number };
}

export interface RunExecutor {
  /** One-line description for reports ("tables test/fixtures/x", "workspace law-1 of target lab"). */
  readonly description: string;
  /** Called once per rule before its runs (e.g. to check the query once). */
  prepare?(item: QueryContent, schedule: RuleSchedule): Promise<void> | void;
  /** Run the rule's query as the scheduler would at `runTime` over `(runTime - period, runTime]`. */
  run(item: QueryContent, schedule: RuleSchedule, runTime: bigint): Promise<RunOutput>;
  close?(): Promise<void> | void;
}
