/**
 * Live runs (`cdr backtest --target NAME`): each scheduled run is one query on the target's workspace through the
 * Log Analytics query API. now() cannot be pinned on the service, so the query text has now()/ago() rewritten to the
 * run time from the official parser's tree (tools/live/pin-time.ts), and the request's timespan is the run's window
 * (runTime - queryPeriod, runTime]. The result then goes through the same Sentinel simulation as offline runs.
 * NRT rules are run over TimeGenerated (the API's timespan filter), not ingestion time.
 */
import type { QueryContent } from '../content/model.js';
import type { RuleSchedule } from '../harness/scheduler.js';
import { timePins, type TimePins } from '../live/pin-time.js';
import type { LiveLogs } from '../live/logs-query.js';
import type { RunExecutor, RunOutput } from './executor.js';

export class LiveExecutor implements RunExecutor {
  private readonly pins = new Map<QueryContent, TimePins>();

  constructor(private readonly logs: LiveLogs, private readonly resourceId: string, readonly description: string) {}

  prepare(item: QueryContent): void {
    this.pins.set(item, timePins(item.query ?? ''));
  }

  async run(item: QueryContent, schedule: RuleSchedule, runTime: bigint): Promise<RunOutput> {
    let pins = this.pins.get(item);
    if (!pins) { pins = timePins(item.query ?? ''); this.pins.set(item, pins); }
    const out = await this.logs.query(this.resourceId, pins.at(runTime), runTime - schedule.period, runTime);
    return { result: out.result, ...(out.truncated ? { truncated: { note: out.truncated.note, splitInto: out.truncated.splitInto } } : {}) };
  }
}
