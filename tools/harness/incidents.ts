/**
 * Incident creation and alert grouping (`incidentConfiguration`), as Sentinel applies them to the alerts of a
 * rule's runs. One grouper lives as long as the rule is scheduled: `cdr test` feeds it the alerts of one run,
 * `cdr backtest` the alerts of every run in turn, so grouping across runs follows the same code.
 *
 * Semantics (Microsoft Sentinel "Group alerts into incidents" documentation and the alertRules API):
 * - no incidentConfiguration, or grouping disabled: every alert becomes its own incident;
 * - createIncident: false: alerts only, no incident;
 * - grouping enabled: an alert joins the open incident with the same key (AllEntities: all its entities;
 *   Selected: the chosen entity types, alert details and custom details; AnyAlert: every alert) when it is created
 *   within `lookbackDuration` (default 5h) of that incident's first alert; otherwise it opens a new incident;
 * - an incident holds at most 150 alerts; the 151st opens a new incident with the same key.
 * Closed-incident reopening needs incident state a backtest does not have and is not modelled.
 */
import { TICKS_PER_HOUR } from '../kql/ticks.js';
import { parseSettingDuration } from './durations.js';
import type { SimAlert } from './simulate.js';

export const ALERTS_PER_INCIDENT_CAP = 150;
const DEFAULT_GROUPING_LOOKBACK = 5n * TICKS_PER_HOUR;

export interface IncidentGroupingReport {
  enabled: boolean;
  matchingMethod: string;
  lookback: string;
  /** Alert indexes (of the run reported) per incident. */
  incidents: number[][];
}

interface OpenIncident { id: number; key: string; firstAlertAt: bigint; alerts: number }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rule = Record<string, any>;

export class IncidentGrouper {
  readonly configured: boolean;
  readonly createIncident: boolean;
  readonly enabled: boolean;
  readonly matchingMethod: string;
  readonly lookbackText: string;
  private readonly lookback: bigint;
  private readonly open = new Map<string, OpenIncident>();
  private nextId = 0;

  constructor(private readonly rule: Rule) {
    const inc = rule.incidentConfiguration;
    this.configured = inc !== undefined && inc !== null;
    this.createIncident = !this.configured || inc.createIncident !== false;
    const g = (inc?.groupingConfiguration ?? {}) as Rule;
    this.enabled = this.createIncident && g.enabled === true;
    this.matchingMethod = this.createIncident ? String(g.matchingMethod ?? 'AllEntities') : 'none (createIncident: false)';
    this.lookbackText = this.createIncident ? String(g.lookbackDuration ?? '') : '';
    const parsed = g.lookbackDuration === undefined ? undefined : parseSettingDuration(g.lookbackDuration);
    if (this.enabled && g.lookbackDuration !== undefined && parsed === undefined) throw new Error(`incidentConfiguration.groupingConfiguration.lookbackDuration '${String(g.lookbackDuration)}' is not a duration (e.g. 5h or PT5H)`);
    this.lookback = parsed ?? DEFAULT_GROUPING_LOOKBACK;
  }

  /** Incidents created so far. */
  get incidentCount(): number { return this.nextId; }

  private keyOf(a: SimAlert): string {
    const g = (this.rule.incidentConfiguration?.groupingConfiguration ?? {}) as Rule;
    if (this.matchingMethod === 'AnyAlert') return 'any';
    if (this.matchingMethod === 'Selected') {
      const types = new Set((g.groupByEntities ?? []) as string[]);
      const ents = a.entities.filter((e) => types.has(e.type)).map((e) => JSON.stringify(e)).sort();
      const details = ((g.groupByAlertDetails ?? []) as string[]).map((d) => (d === 'DisplayName' ? a.title : d === 'Severity' ? a.severity : ''));
      const custom = ((g.groupByCustomDetails ?? []) as string[]).map((k) => JSON.stringify(a.customDetails[k]));
      return JSON.stringify([ents, details, custom]);
    }
    return JSON.stringify(a.entities.map((e) => JSON.stringify(e)).sort());
  }

  /** The incident each alert of a run created at `at` lands in (undefined: no incident is created). */
  assign(alerts: SimAlert[], at: bigint): (number | undefined)[] {
    if (!this.createIncident) return alerts.map(() => undefined);
    return alerts.map((a) => {
      if (!this.enabled) return this.nextId++;
      const key = this.keyOf(a);
      const cur = this.open.get(key);
      if (cur && at - cur.firstAlertAt <= this.lookback && cur.alerts < ALERTS_PER_INCIDENT_CAP) { cur.alerts++; return cur.id; }
      const opened: OpenIncident = { id: this.nextId++, key, firstAlertAt: at, alerts: 1 };
      this.open.set(key, opened);
      return opened.id;
    });
  }

  /** The report of one run's grouping (alert indexes per incident they landed in), as `cdr test` prints it. */
  report(assigned: (number | undefined)[]): IncidentGroupingReport | undefined {
    if (!this.configured) return undefined;
    if (!this.createIncident) return { enabled: false, matchingMethod: this.matchingMethod, lookback: '', incidents: [] };
    const byIncident = new Map<number, number[]>();
    assigned.forEach((id, i) => { if (id !== undefined) byIncident.set(id, [...(byIncident.get(id) ?? []), i]); });
    return { enabled: this.enabled, matchingMethod: this.matchingMethod, lookback: this.lookbackText, incidents: [...byIncident.values()] };
  }
}
