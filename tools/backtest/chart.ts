/**
 * The backtest chart: alerts per day per rule as stacked bars, a Vega-Lite spec rendered to SVG by Vega on our side
 * (tools/preview/charts.ts renderSvg), so the report needs no script and no network when it is opened.
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../preview/charts.js';
import type { BacktestReport } from './model.js';

export function alertsPerDaySpec(r: BacktestReport): TopLevelSpec | undefined {
  const values = r.rules.filter((x) => x.alerts.total > 0).flatMap((x) => x.alerts.perDay.map((d) => ({ day: d.day, rule: x.rule, alerts: d.alerts })));
  if (!values.length) return undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Alerts per day per rule',
    width: Math.min(1100, Math.max(360, r.days.length * 18)),
    height: 260,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      // Days as ordinal UTC date strings: no time zone conversion at render time, every day present (zeros included).
      x: { field: 'day', type: 'ordinal', title: 'day (UTC)', sort: r.days, scale: { domain: r.days }, axis: { labelAngle: -60, labelOverlap: true } },
      y: { field: 'alerts', type: 'quantitative', aggregate: 'sum', title: 'alerts', axis: { tickMinStep: 1 } },
      color: { field: 'rule', type: 'nominal', title: 'rule', legend: { labelLimit: 360 } },
    },
    config: { font: 'Segoe UI, sans-serif' },
  } as TopLevelSpec;
}

export async function alertsPerDaySvg(r: BacktestReport): Promise<string | undefined> {
  const spec = alertsPerDaySpec(r);
  return spec ? renderSvg(spec) : undefined;
}
