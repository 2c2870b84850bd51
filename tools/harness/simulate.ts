/**
 * What Sentinel would do with a scheduled or NRT rule's query result: trigger evaluation, alerts per
 * eventGroupingSettings (SingleAlert / AlertPerResult with the 150-alert cap), entities from entityMappings
 * (empty identifiers dropped), custom details, alertDetailsOverride rendering, and incident grouping.
 */
import type { QueryResult } from '../kql/api.js';
import { IncidentGrouper, type IncidentGroupingReport } from './incidents.js';

export type { IncidentGroupingReport } from './incidents.js';

export const ALERTS_PER_RUN_CAP = 150;

export interface SimEntity { type: string; [identifier: string]: string }
export interface SimAlert {
  title: string;
  description: string;
  severity: string;
  tactics: string[];
  entities: SimEntity[];
  customDetails: Record<string, unknown>;
  /** Result rows this alert stands for. */
  rowCount: number;
}

export interface Simulation {
  triggered: boolean;
  resultRows: number;
  alerts: SimAlert[];
  /** Alerts Sentinel would not create because of the per-run cap. */
  cappedAlerts: number;
  grouping?: IncidentGroupingReport;
  /** The incident each alert landed in (undefined: no incident created). */
  incidentIds: (number | undefined)[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rule = Record<string, any>;

export function triggers(op: unknown, threshold: unknown, count: number): boolean {
  const t = Number(threshold ?? 0);
  switch (String(op ?? 'gt')) {
    case 'gt': case 'GreaterThan': return count > t;
    case 'lt': case 'LessThan': return count < t;
    case 'eq': case 'Equal': return count === t;
    case 'ne': case 'NotEqual': return count !== t;
    default: throw new Error(`unknown triggerOperator '${String(op)}'`);
  }
}

/** Wire value to the text Sentinel shows (entities, rendered titles). */
export function displayValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function rowObject(res: QueryResult, r: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  res.columns.forEach((c, i) => { o[c.name] = res.rows[r]![i]; });
  return o;
}

export function render(format: string, row: Record<string, unknown>): string {
  return format.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (m, col: string) => (col in row ? displayValue(row[col]) : m));
}

function entitiesOf(rule: Rule, row: Record<string, unknown>): SimEntity[] {
  const out: SimEntity[] = [];
  for (const m of (rule.entityMappings ?? []) as { entityType: string; fieldMappings: { identifier: string; columnName: string }[] }[]) {
    const e: SimEntity = { type: m.entityType };
    let any = false;
    for (const f of m.fieldMappings ?? []) {
      const v = displayValue(row[f.columnName]);
      if (v !== '') { e[f.identifier] = v; any = true; }
    }
    if (any) out.push(e);
  }
  return out;
}

const descriptionText = (d: unknown) => String(d ?? '').trim().replace(/^'([\s\S]*)'$/, '$1').trim();

/**
 * One run's result -> alerts. `incidents` is the rule's grouper when runs are simulated in sequence (backtest); by
 * default a fresh one, so the run's grouping is reported on its own (a rule test case is one run).
 */
export function simulateAlerts(rule: Rule, res: QueryResult, opts: { incidents?: IncidentGrouper; at?: bigint } = {}): Simulation {
  const count = res.rows.length;
  const triggered = rule.kind === 'NRT' ? count > 0 : triggers(rule.triggerOperator, rule.triggerThreshold, count);
  const sim: Simulation = { triggered, resultRows: count, alerts: [], cappedAlerts: 0, incidentIds: [] };
  if (!triggered || count === 0) return sim;
  const perResult = rule.eventGroupingSettings?.aggregationKind === 'AlertPerResult';
  const ovr = rule.alertDetailsOverride ?? {};
  const make = (rows: number[]): SimAlert => {
    const first = rowObject(res, rows[0]!);
    const entities: SimEntity[] = [];
    const seen = new Set<string>();
    for (const r of rows) for (const e of entitiesOf(rule, rowObject(res, r))) {
      const k = JSON.stringify(e);
      if (!seen.has(k)) { seen.add(k); entities.push(e); }
    }
    const customDetails: Record<string, unknown> = {};
    for (const [key, col] of Object.entries((rule.customDetails ?? {}) as Record<string, string>)) {
      // AlertPerResult: the row's value. SingleAlert: the distinct values of all rows (Sentinel keeps them as a list).
      customDetails[key] = perResult ? res.rows[rows[0]!]![res.columns.findIndex((c) => c.name === col)] ?? null
        : [...new Set(rows.map((r) => displayValue(rowObject(res, r)[col])))].filter((v) => v !== '');
    }
    const sevCol = ovr.alertSeverityColumnName, tacCol = ovr.alertTacticsColumnName;
    const sev = sevCol && displayValue(first[sevCol]) ? displayValue(first[sevCol]) : String(rule.severity ?? 'Medium');
    const tac = tacCol && first[tacCol] ? String(first[tacCol]).split(',').map((x) => x.trim()).filter(Boolean) : ((rule.tactics ?? []) as string[]);
    return {
      title: ovr.alertDisplayNameFormat ? render(String(ovr.alertDisplayNameFormat), first) : String(rule.name ?? ''),
      description: ovr.alertDescriptionFormat ? render(String(ovr.alertDescriptionFormat), first) : descriptionText(rule.description),
      severity: sev,
      tactics: tac,
      entities,
      customDetails,
      rowCount: rows.length,
    };
  };
  if (perResult) {
    const n = Math.min(count, ALERTS_PER_RUN_CAP);
    for (let r = 0; r < n; r++) sim.alerts.push(make([r]));
    sim.cappedAlerts = count - n;
  } else sim.alerts.push(make(res.rows.map((_, i) => i)));
  const grouper = opts.incidents ?? new IncidentGrouper(rule);
  sim.incidentIds = grouper.assign(sim.alerts, opts.at ?? 0n);
  sim.grouping = grouper.report(sim.incidentIds);
  return sim;
}
