/**
 * `cdr backtest --tables`: Sentinel's scheduler replayed on the embedded engine. Expected counts are derived by hand
 * from the fixture data (see test/fixtures/backtest-runcommand-week/README.md and the comments below), and every
 * analytic rule test case is replayed as a one-run backtest to prove the backtest counts alerts exactly as
 * `cdr test` does (one simulation code path).
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backtest, backtestOffline, OfflineExecutor, planBacktest, renderText, type BacktestReport } from '../../tools/backtest/index.js';
import { caseFires, loadSuite } from '../../tools/harness/index.js';
import { buildRows } from '../fixtures/builders/index.js';
import { parseYamlDuration } from '../../tools/harness/durations.js';
import { formatDatetime, parseDatetime } from '../../tools/kql/values.js';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(PROJECT, 'dist', 'tools', 'cli', 'main.js');
const fx = (s: string) => join(PROJECT, 'test', 'fixtures', s);
const tmp = () => mkdtempSync(join(tmpdir(), 'cdr-backtest-'));
const perDay = (r: BacktestReport, rule: string) => Object.fromEntries(r.rules.find((x) => x.rule === rule)!.alerts.perDay.filter((d) => d.alerts).map((d) => [d.day, d.alerts]));

/** A content root holding copies of real rules, optionally edited (suppression, a broken query). */
function rootWith(rules: Record<string, (yaml: string) => string>): string {
  const r = tmp();
  for (const d of ['Analytic Rules', 'test/rules', 'test/fixtures', 'Solution/Data']) mkdirSync(join(r, d), { recursive: true });
  for (const [name, edit] of Object.entries(rules)) writeFileSync(join(r, 'Analytic Rules', `${name}.yaml`), edit(readFileSync(join(PROJECT, 'Analytic Rules', `${name}.yaml`), 'utf8')));
  // The rules read AzureActivity through the solution's parsers.
  cpSync(join(PROJECT, 'Parsers'), join(r, 'Parsers'), { recursive: true });
  return r;
}

describe('cdr backtest on the embedded engine', () => {
  it('VM Run Command over a week: 5 alerts (3, 1, 1 per day) in 4 incidents, the approved automation never alerts', async () => {
    // Hourly runs over 1h; one alert per (caller, VM, correlation id) row; incidents grouped by Account within 5h of
    // the incident's first alert. 2026-11-16: runs at 10:00, 11:00 (same incident) and 17:00 (7h later: new incident);
    // 2026-11-17: bob at 15:00; 2026-11-18: the Start at 12:00:00 alerts in the 12:00 run (still in flight); its Success
    // at 12:20 completes the same operation in the 13:00 run, which does not alert again (the rule keys on the start of
    // the operation). The nightly patch automation is in the CDR-ApprovedAutomation watchlist.
    const r = await backtestOffline({ rules: ['VMRunCommandExecuted'], tables: [fx('backtest-runcommand-week')], from: '2026-11-16T00:00:00Z', to: '2026-11-23T00:00:00Z' });
    const rule = r.rules[0]!;
    expect(rule.runs).toEqual({ scheduled: 168, ran: 168, suppressed: 0, failed: 0 });
    expect(rule.alerts.total).toBe(5);
    expect(perDay(r, 'VMRunCommandExecuted')).toEqual({ '2026-11-16': 3, '2026-11-17': 1, '2026-11-18': 1 });
    expect(rule.alerts.perDay.map((d) => d.day)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    expect(rule.incidents).toBe(4);
    expect(rule.topEntities.slice(0, 3)).toEqual([
      { type: 'Account', identifiers: { FullName: 'mallory@contoso.com' }, alerts: 4 },
      { type: 'IP', identifiers: { Address: '198.51.100.77' }, alerts: 4 },
      { type: 'AzureResource', identifiers: { ResourceId: '/subscriptions/22222222-2222-4222-8222-222222222222/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-app01' }, alerts: 2 },
    ]);
    expect(rule.topEntities.some((e) => JSON.stringify(e).includes('patch-automation'))).toBe(false);
    expect(rule.topEntities.find((e) => e.type === 'IP' && e.identifiers.Address === '2001:db8:10::25')?.alerts).toBe(1);
    expect(r.totals).toEqual({ rules: 1, runs: 168, alerts: 5, incidents: 4, failedRuns: 0, truncatedRuns: 0 });
  });

  it('suppression stops the query for 5h after an alert: 4 alerts, 16 runs suppressed', async () => {
    // Alerts at 11-16 10:00 (suppresses 11:00-14:00), 11-16 17:00 (18:00-21:00), 11-17 15:00 (16:00-19:00) and
    // 11-18 12:00 (13:00-16:00, so the Success record's run at 13:00 never runs): 4 x 4 suppressed runs.
    const root = rootWith({ VMRunCommandExecuted: (y) => y.replace(/^kind: Scheduled$/m, 'kind: Scheduled\nsuppressionEnabled: true\nsuppressionDuration: 5h') });
    const r = await backtestOffline({ root, rules: [], tables: [fx('backtest-runcommand-week')], from: '2026-11-16T00:00:00Z', to: '2026-11-23T00:00:00Z' });
    const rule = r.rules[0]!;
    expect(rule.runs).toEqual({ scheduled: 168, ran: 152, suppressed: 16, failed: 0 });
    expect(perDay(r, 'VMRunCommandExecuted')).toEqual({ '2026-11-16': 2, '2026-11-17': 1, '2026-11-18': 1 });
    expect(rule.incidents).toBe(4);
  });

  it('existing fixtures: mass deletion alerts once, on the first night of the teardown job (no baseline yet)', async () => {
    // env-teardown deletes 20 VMs at 02:00-02:19 every night from 2026-11-10 to 2026-11-19. The run at 11-10 03:00
    // sees 19 deletes after ago(1h) = 02:00 (the 02:00:00 delete falls in the baseline: max 1 per hour): 19 >= 10 and
    // 19 > 3 x 1. From 11-11 on the baseline is 20 per hour. mallory's single delete never reaches 10.
    const r = await backtestOffline({ rules: ['MassResourceDeletion'], tables: [fx('mgmt-deletion-baseline')], from: '2026-11-01T00:00:00Z', to: '2026-11-21T00:00:00Z' });
    expect(r.rules[0]!.runs).toEqual({ scheduled: 480, ran: 480, suppressed: 0, failed: 0 });
    expect(perDay(r, 'MassResourceDeletion')).toEqual({ '2026-11-10': 1 });
    expect(r.rules[0]!.topEntities.map((e) => `${e.type}:${Object.values(e.identifiers)[0]}`)).toEqual(['Account:env-teardown@contoso.com', 'IP:10.20.0.13']);
  });

  it('existing fixtures: only the Defender plan set to Free alerts, among four pricing writes', async () => {
    // workbook-coverage has four MICROSOFT.SECURITY/PRICINGS/WRITE records; three set Standard, mallory's on 11-18 Free.
    const r = await backtestOffline({ rules: ['LoggingOrDefenderDisabled'], tables: [fx('workbook-coverage')], from: '2026-11-09T00:00:00Z', to: '2026-11-20T00:00:00Z' });
    expect(r.rules[0]!.runs.scheduled).toBe(264);
    expect(perDay(r, 'LoggingOrDefenderDisabled')).toEqual({ '2026-11-18': 1 });
    expect(r.rules[0]!.topEntities.find((e) => e.type === 'Account')?.identifiers).toEqual({ FullName: 'mallory@contoso.com' });
  });

  it('every analytic rule test case, replayed as a one-run backtest, gives the alert count its case expects', async () => {
    const suite = loadSuite();
    const rules = suite.entries.map((e) => e.item).filter((i) => i.kind === 'analyticRule');
    let replayed = 0, firing = 0;
    const mismatches: string[] = [];
    for (const e of suite.entries.filter((x) => x.item.kind === 'analyticRule' && x.cases && !x.cases.errors.length)) {
      for (const c of e.cases!.cases) {
        // Inline tables, builder records and watchlists (a folder of table files is what --tables reads); cases with
        // shifted scenarios or externaldata are run by cdr test alone.
        const fixtures = c.fixtures as typeof c.fixtures & { build?: unknown };
        if (c.fixtures.scenarios.length || c.fixtures.shift || Object.keys(c.externalData ?? {}).length) continue;
        const dir = tmp();
        const tables: Record<string, unknown[]> = {};
        for (const [table, rows] of Object.entries(c.fixtures.tables)) (tables[table] ??= []).push(...rows);
        if (fixtures.build) for (const [table, rows] of Object.entries(buildRows(fixtures.build, `${e.item.baseName}\u0000${c.name}`, Date.parse(c.now)))) (tables[table] ??= []).push(...rows);
        for (const [table, rows] of Object.entries(tables)) writeFileSync(join(dir, `${table}.jsonl`), rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
        for (const [alias, rows] of Object.entries(c.watchlists ?? {})) {
          mkdirSync(join(dir, 'watchlists'), { recursive: true });
          const cols = [...new Set(rows.flatMap((row) => Object.keys(row)))];
          const cell = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
          writeFileSync(join(dir, 'watchlists', `${alias}.csv`), [cols.map(cell).join(','), ...rows.map((row) => cols.map((k) => cell(row[k])).join(','))].join('\n') + '\n');
        }
        const now = parseDatetime(c.now)!;
        const freq = parseYamlDuration(e.item.data?.queryFrequency)!;
        const plan = planBacktest({ rules: [e.item.baseName], from: formatDatetime(now - freq), to: c.now }, rules, []);
        expect(plan.items[0]!.times).toEqual([now]);
        const r = await backtest(plan, new OfflineExecutor(suite.env.engine, suite.env.schemas, [dir]), { kind: 'tables', folders: [dir] });
        const expected = typeof c.expect.alerts === 'number' ? c.expect.alerts : (c.expect.alerts ?? []).length;
        replayed++;
        if (caseFires(c)) firing++;
        if (r.rules[0]!.alerts.total !== expected || r.rules[0]!.runs.failed) mismatches.push(`${e.item.baseName} / ${c.name}: backtest ${r.rules[0]!.alerts.total} alert(s) (${r.rules[0]!.failedRuns[0]?.error ?? 'no failure'}), case expects ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Rule cases use builders or inline rows: the property covers firing and quiet cases of many rules.
    expect(replayed).toBeGreaterThanOrEqual(40);
    expect(firing).toBeGreaterThanOrEqual(20);
  }, 600_000);

  it('a query that cannot run fails every run with its error, and the text report says so', async () => {
    const root = rootWith({ ElevatedAccessToggle: (y) => y.replace(/^query: \|\n(?: {2}.*\n|\n)+/m, 'query: |\n  AzureActivity | where NoSuchColumn == 1\n') });
    const r = await backtestOffline({ root, rules: [], tables: [fx('workbook-coverage')], from: '2026-11-18T00:00:00Z', to: '2026-11-18T06:00:00Z' });
    expect(r.rules[0]!.runs).toEqual({ scheduled: 6, ran: 0, suppressed: 0, failed: 6 });
    expect(r.rules[0]!.failedRuns[0]!.error).toMatch(/NoSuchColumn/);
    expect(renderText(r)).toMatch(/failed runs \(6\):\n {4}6 runs from 2026-11-18T01:00:00Z to 2026-11-18T06:00:00Z: .*NoSuchColumn/);
  });

  it('usage errors are reported together with exit code 2; failed runs exit 1', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'backtest', ...args], { cwd: PROJECT, encoding: 'utf8' });
    const u = run(['--tables', fx('workbook-coverage'), '--from', 'yesterday', '--to', '2026-11-01', '--rule', 'PrincipalSourceIPs', '--rule', 'NoSuchRule']);
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/--from 'yesterday' is not an ISO-8601 datetime/);
    expect(u.stderr).toMatch(/--rule PrincipalSourceIPs is a hunting query/);
    expect(u.stderr).toMatch(/--rule NoSuchRule: no analytic rule/);
    const h = run(['--tables', fx('workbook-coverage'), '--from', '2026-11-18', '--to', '2026-11-19', '--format', 'html']);
    expect(h.status).toBe(2);
    expect(h.stderr).toMatch(/--format html needs --output/);
    const m = run(['--tables', join(tmp(), 'missing'), '--from', '2026-11-18', '--to', '2026-11-19']);
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/folder not found/);
    const ok = run(['--tables', fx('workbook-coverage'), '--rule', 'LoggingOrDefenderDisabled', '--from', '2026-11-18', '--to', '2026-11-19', '--format', 'json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).totals).toEqual({ rules: 1, runs: 24, alerts: 1, incidents: 1, failedRuns: 0, truncatedRuns: 0 });
  }, 300_000);
});
