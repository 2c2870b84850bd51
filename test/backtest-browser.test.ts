/**
 * `cdr backtest --format html` opened in a real headless Chromium (Debian's chromium, installed by .ci/run): the
 * chart of alerts per day per rule is drawn (one bar per rule and day with alerts, heights proportional to the
 * counts), the summary and per-rule tables render the report's numbers, and the page loads nothing from anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { backtestOffline, renderHtml } from '../tools/backtest/index.js';
import { launchChromium } from './support/chromium.js';

const fx = (s: string) => join(dirname(fileURLToPath(import.meta.url)), 'fixtures', s);

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

describe('cdr backtest HTML report in headless Chromium', () => {
  it('three rules over two weeks: chart bars and tables match the backtest, no network, no script errors', async () => {
    const report = await backtestOffline({
      rules: ['VMRunCommandExecuted', 'MassResourceDeletion', 'LoggingOrDefenderDisabled'],
      tables: [fx('backtest-runcommand-week'), fx('mgmt-deletion-baseline'), fx('workbook-coverage')],
      from: '2026-11-09T00:00:00Z', to: '2026-11-23T00:00:00Z',
    });
    const out = join(mkdtempSync(join(tmpdir(), 'cdr-backtest-html-')), 'backtest.html');
    writeFileSync(out, await renderHtml(report));
    // Self-contained and small: inline SVG and CSS only.
    expect(statSync(out).size).toBeLessThan(200_000);

    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(pathToFileURL(out).href);

    // The chart: Vega's SVG marks carry aria-labels "day (UTC): D; alerts: N; rule: R"; keep the drawn bars.
    const bars = await page.$$eval('#alerts-per-day svg [aria-roledescription="bar"]', (els) => els.map((e) => {
      const b = (e as SVGGraphicsElement).getBBox();
      return { label: e.getAttribute('aria-label') ?? '', width: b.width, height: b.height };
    }));
    const drawn = bars.filter((b) => b.height > 0 && b.width > 0);
    const parsed = drawn.map((b) => {
      const m = /^day \(UTC\): (\S+); alerts: (\d+); rule: (\S+)$/.exec(b.label);
      if (!m) throw new Error(`unexpected bar label ${b.label}`);
      return { day: m[1]!, alerts: Number(m[2]), rule: m[3]!, height: b.height };
    });
    expect(parsed.map(({ day, alerts, rule }) => `${rule} ${day} ${alerts}`).sort()).toEqual([
      'LoggingOrDefenderDisabled 2026-11-18 1',
      'MassResourceDeletion 2026-11-10 1',
      'VMRunCommandExecuted 2026-11-16 3',
      'VMRunCommandExecuted 2026-11-17 1',
      'VMRunCommandExecuted 2026-11-18 1',
    ]);
    // Heights follow the linear y scale: every bar is its count times the height of one alert.
    const unit = parsed.find((p) => p.alerts === 1)!.height;
    for (const p of parsed) expect(Math.abs(p.height - p.alerts * unit)).toBeLessThan(0.5);
    // Every rule in the legend; the x axis spans every day of the period (11-09 .. 11-23; Vega hides overlapping labels).
    const legend = await page.$$eval('#alerts-per-day svg .role-legend-label text', (els) => els.map((e) => e.textContent));
    expect(legend.sort()).toEqual(['LoggingOrDefenderDisabled', 'MassResourceDeletion', 'VMRunCommandExecuted']);
    const xLabels = await page.$$eval('#alerts-per-day svg .role-axis-label text', (els) => els.map((e) => e.textContent));
    expect(xLabels).toContain('2026-11-09');
    expect(xLabels).toContain('2026-11-23');

    // The summary table: one visible row per rule with its runs, alerts and incidents.
    const summary = await page.$$eval('#summary tbody tr', (rows) => rows.map((r) => {
      const box = r.getBoundingClientRect();
      return { visible: box.width > 0 && box.height > 0, cells: [...r.querySelectorAll('td')].map((c) => c.textContent?.trim()) };
    }));
    expect(summary.every((r) => r.visible)).toBe(true);
    // Rule, schedule, runs, suppressed, failed, alerts, dropped by cap, incidents, result rows.
    expect(summary.map((r) => r.cells)).toEqual([
      ['VMRunCommandExecuted', 'every 1h over 2h', '336', '0', '0', '5', '0', '4', '5'],
      ['MassResourceDeletion', 'every 1h over 14d', '336', '0', '0', '1', '0', '1', '1'],
      ['LoggingOrDefenderDisabled', 'every 1h over 2h', '336', '0', '0', '1', '0', '1', '1'],
    ]);
    const perDay = await page.$$eval('#rule-VMRunCommandExecuted table.per-day tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent?.trim()).join(' ')));
    expect(perDay).toEqual(['2026-11-16 3', '2026-11-17 1', '2026-11-18 1']);
    const topEntity = await page.$eval('#rule-VMRunCommandExecuted table.entities tbody tr', (r) => [...r.querySelectorAll('td')].map((c) => c.textContent?.trim()).join(' '));
    expect(topEntity).toBe('Account FullName=mallory@contoso.com 4');
    await page.close();

    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
