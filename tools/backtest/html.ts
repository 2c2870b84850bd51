/**
 * `cdr backtest --format html`: one self-contained page (inline CSS and SVG, a Content-Security-Policy that allows
 * nothing to load) with the chart of alerts per day per rule, a summary table and each rule's details. Layout is the
 * handlebars template tools/templates/backtest-report.html.hbs (values HTML-escaped; only the SVG is inserted raw).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { TOOLS_DATA } from '../util/paths.js';
import type { BacktestReport } from './model.js';
import { alertsPerDaySvg } from './chart.js';
import { entityLabel, failureGroups, sourceLabel } from './text.js';

export const REPORT_TEMPLATE = join(TOOLS_DATA.templates, 'backtest-report.html.hbs');

let compiled: HandlebarsTemplateDelegate | undefined;

export async function renderHtml(r: BacktestReport): Promise<string> {
  if (!compiled) compiled = Handlebars.create().compile(readFileSync(REPORT_TEMPLATE, 'utf8'), { strict: true });
  const chart = await alertsPerDaySvg(r);
  return compiled({
    report: r,
    source: sourceLabel(r),
    chart: chart ?? '',
    hasChart: chart !== undefined,
    rules: r.rules.map((x) => ({
      ...x,
      schedule: x.kind === 'NRT' ? 'NRT (every minute)' : `every ${x.queryFrequency} over ${x.queryPeriod}`,
      daysWithAlerts: x.alerts.perDay.filter((d) => d.alerts > 0),
      entities: x.topEntities.map((e) => ({ label: entityLabel(e), alerts: e.alerts })),
      hasFailures: x.failedRuns.length > 0,
      failures: failureGroups(x),
      hasTruncation: x.truncatedRuns.length > 0,
    })),
  });
}
