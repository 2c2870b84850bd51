/**
 * Per-rule tally of a backtest: every scheduled run goes through the harness's RuleTimeline (suppression, trigger,
 * alert cap, entities, incident grouping) and its outcome is counted here. An alert belongs to the UTC day of the
 * run that created it (a run at 00:00 creates alerts on the new day).
 */
import type { QueryContent } from '../content/model.js';
import type { QueryResult } from '../kql/api.js';
import { formatDatetime } from '../kql/values.js';
import { RuleTimeline, type RuleSchedule } from '../harness/scheduler.js';
import { displayPath } from '../util/diagnostics.js';
import type { DayCount, EntityCount, FailedRun, RuleBacktest, TruncatedRun } from './model.js';

export const TOP_ENTITIES = 10;

export const dayOf = (ticks: bigint): string => formatDatetime(ticks).slice(0, 10);

export class RuleTally {
  private readonly timeline: RuleTimeline;
  private readonly perDay = new Map<string, number>();
  private readonly entities = new Map<string, EntityCount>();
  private ran = 0; private suppressed = 0; private rows = 0; private alerts = 0; private dropped = 0;
  private readonly failed: FailedRun[] = [];
  private readonly truncated: TruncatedRun[] = [];

  constructor(readonly item: QueryContent, readonly schedule: RuleSchedule, private readonly scheduled: number, days: string[]) {
    this.timeline = new RuleTimeline(item.data ?? {});
    for (const d of days) this.perDay.set(d, 0);
  }

  /** Sentinel skips runs inside a suppression period; those are counted and not executed. */
  skipIfSuppressed(runTime: bigint): boolean {
    if (!this.timeline.suppresses(runTime)) return false;
    this.suppressed++;
    return true;
  }

  ranWith(runTime: bigint, result: QueryResult): void {
    this.ran++;
    this.rows += result.rows.length;
    const sim = this.timeline.simulate(runTime, result);
    this.alerts += sim.alerts.length;
    this.dropped += sim.cappedAlerts;
    if (sim.alerts.length) { const d = dayOf(runTime); this.perDay.set(d, (this.perDay.get(d) ?? 0) + sim.alerts.length); }
    for (const a of sim.alerts) {
      const seen = new Set<string>();
      for (const e of a.entities) {
        const { type, ...identifiers } = e;
        const key = JSON.stringify([type, Object.entries(identifiers).sort()]);
        if (seen.has(key)) continue;
        seen.add(key);
        const cur = this.entities.get(key);
        if (cur) cur.alerts++; else this.entities.set(key, { type, identifiers, alerts: 1 });
      }
    }
  }

  failedWith(runTime: bigint, error: string): void { this.failed.push({ runTime: formatDatetime(runTime), error }); }

  truncatedAt(runTime: bigint, note: string, splitInto?: number): void {
    this.truncated.push({ runTime: formatDatetime(runTime), note, ...(splitInto ? { splitInto } : {}) });
  }

  result(): RuleBacktest {
    const d = this.item.data ?? {};
    const perDay: DayCount[] = [...this.perDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, alerts]) => ({ day, alerts }));
    const topEntities = [...this.entities.values()]
      .sort((a, b) => b.alerts - a.alerts || a.type.localeCompare(b.type) || JSON.stringify(a.identifiers).localeCompare(JSON.stringify(b.identifiers)))
      .slice(0, TOP_ENTITIES);
    return {
      rule: this.item.baseName,
      name: this.item.name ?? this.item.baseName,
      file: displayPath(this.item.file),
      kind: this.schedule.kind,
      queryFrequency: this.schedule.kind === 'NRT' ? '1m' : String(d.queryFrequency),
      queryPeriod: this.schedule.kind === 'NRT' ? '1m' : String(d.queryPeriod),
      runs: { scheduled: this.scheduled, ran: this.ran, suppressed: this.suppressed, failed: this.failed.length },
      resultRows: this.rows,
      alerts: { total: this.alerts, perDay, droppedByCap: this.dropped },
      incidents: this.timeline.incidents.incidentCount,
      topEntities,
      failedRuns: this.failed,
      truncatedRuns: this.truncated,
    };
  }
}
