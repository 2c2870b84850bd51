/** The text form of a backtest report (the default `cdr backtest` output). */
import { displayPath } from '../util/diagnostics.js';
import type { BacktestReport, EntityCount, RuleBacktest } from './model.js';

export const entityLabel = (e: Pick<EntityCount, 'type' | 'identifiers'>) =>
  `${e.type} ${Object.entries(e.identifiers).map(([k, v]) => `${k}=${v}`).join(' ')}`;

export function sourceLabel(r: BacktestReport): string {
  return r.source.kind === 'tables'
    ? `embedded engine on ${r.source.folders.map((f) => displayPath(f)).join(', ')}`
    : `workspace ${r.source.workspace} (target ${r.source.target})`;
}

/** Failed runs grouped by error (a broken query fails every run the same way). */
export function failureGroups(r: RuleBacktest): { error: string; runs: number; first: string; last: string }[] {
  const byError = new Map<string, string[]>();
  for (const f of r.failedRuns) byError.set(f.error, [...(byError.get(f.error) ?? []), f.runTime]);
  return [...byError].map(([error, times]) => ({ error, runs: times.length, first: times[0]!, last: times[times.length - 1]! }));
}

function ruleText(r: RuleBacktest): string[] {
  const lines = [`${r.rule}: ${r.name}`];
  const runs = r.runs;
  lines.push(`  schedule: ${r.kind === 'NRT' ? 'NRT (every minute over the last minute of ingestion)' : `every ${r.queryFrequency} over ${r.queryPeriod}`}; ${runs.scheduled} run(s): ${runs.ran} ran, ${runs.suppressed} suppressed, ${runs.failed} failed`);
  lines.push(`  alerts: ${r.alerts.total}${r.alerts.droppedByCap ? ` (+${r.alerts.droppedByCap} dropped by the 150-alerts-per-run cap)` : ''}; incidents after grouping: ${r.incidents}; result rows: ${r.resultRows}`);
  const days = r.alerts.perDay.filter((d) => d.alerts > 0);
  lines.push(`  alerts per day: ${days.length ? days.map((d) => `${d.day} ${d.alerts}`).join(', ') : 'none'}`);
  if (r.topEntities.length) {
    lines.push('  top entities (alerts):');
    for (const e of r.topEntities) lines.push(`    ${String(e.alerts).padStart(5)}  ${entityLabel(e)}`);
  }
  for (const t of r.truncatedRuns) lines.push(`  truncated run at ${t.runTime}: ${t.note}`);
  if (r.failedRuns.length) {
    lines.push(`  failed runs (${r.failedRuns.length}):`);
    for (const g of failureGroups(r)) lines.push(`    ${g.runs === 1 ? g.first : `${g.runs} runs from ${g.first} to ${g.last}`}: ${g.error}`);
  }
  return lines;
}

export function renderText(r: BacktestReport): string {
  const out = [`Backtest of ${r.rules.length} rule(s) over (${r.from}, ${r.to}] on the ${sourceLabel(r)}`, ''];
  for (const rule of r.rules) out.push(...ruleText(rule), '');
  const t = r.totals;
  out.push(`${t.alerts} alert(s), ${t.incidents} incident(s) from ${t.runs} run(s) of ${t.rules} rule(s); ${t.failedRuns} failed run(s)${t.truncatedRuns ? `, ${t.truncatedRuns} truncated run(s)` : ''}`);
  return out.join('\n') + '\n';
}
