/** What a backtest reports (the json output is this shape; text and html render it). */

export interface DayCount { day: string; alerts: number }

export interface EntityCount {
  type: string;
  /** The entity's identifiers as mapped by the rule (e.g. {FullName: 'alice@contoso.com'}). */
  identifiers: Record<string, string>;
  /** Alerts carrying this entity. */
  alerts: number;
}

export interface FailedRun { runTime: string; error: string }

/** A run whose result the service cut short, and what was done about it. */
export interface TruncatedRun { runTime: string; note: string; splitInto?: number }

export interface RuleBacktest {
  rule: string;
  name: string;
  file: string;
  kind: 'Scheduled' | 'NRT';
  queryFrequency: string;
  queryPeriod: string;
  runs: { scheduled: number; ran: number; suppressed: number; failed: number };
  /** Result rows over all runs that ran. */
  resultRows: number;
  alerts: { total: number; perDay: DayCount[]; droppedByCap: number };
  incidents: number;
  topEntities: EntityCount[];
  failedRuns: FailedRun[];
  truncatedRuns: TruncatedRun[];
}

export interface BacktestReport {
  from: string;
  to: string;
  /** Where the runs executed: the embedded engine on fixture folders, or a workspace. */
  source: { kind: 'tables'; folders: string[] } | { kind: 'target'; target: string; workspace: string };
  days: string[];
  rules: RuleBacktest[];
  totals: { rules: number; runs: number; alerts: number; incidents: number; failedRuns: number; truncatedRuns: number };
}
