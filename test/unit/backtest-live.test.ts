/**
 * `cdr backtest --target`: every scheduled run is one request to a local server answering like the Log Analytics
 * query API. Each request is checked (resource-centric path, bearer token, query text with now()/ago() rewritten
 * to the run time, timespan = the run's window); the counts equal the offline backtest of the same data; throttling
 * is retried by the SDK; a query the service rejects fails its runs with the service's message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backtestLive, backtestOffline } from '../../tools/backtest/index.js';
import { loadSuite } from '../../tools/harness/index.js';
import { timePins } from '../../tools/live/pin-time.js';
import { formatDatetime, parseDatetime } from '../../tools/kql/values.js';
import type { FakeLogs } from '../support/fake-logs.js';
import { fixture, LAB_ID, liveEnv, startLogs, writeLabTargets } from '../support/live-env.js';

const HOUR = 36_000_000_000n;
const iso = (t: bigint) => new Date(formatDatetime(t)).toISOString();
let logs: FakeLogs;
let targetsFile: string;
beforeAll(async () => {
  logs = await startLogs([fixture('backtest-runcommand-week'), fixture('mgmt-deletion-baseline')]);
  targetsFile = writeLabTargets();
});
afterAll(async () => { await logs?.stop(); });

describe('cdr backtest --target (live, against a local Log Analytics query API)', () => {
  it('VM Run Command over a week: the same alerts, incidents and entities as offline; every request checked', async () => {
    logs.requests = [];
    const req = { rules: ['VMRunCommandExecuted'], from: '2026-11-16T00:00:00Z', to: '2026-11-23T00:00:00Z' };
    const live = await backtestLive({ ...req, target: 'lab', targetsFile, env: liveEnv(logs) });
    const offline = await backtestOffline({ ...req, tables: [fixture('backtest-runcommand-week')] });
    expect(live.source).toEqual({ kind: 'target', target: 'lab', workspace: 'law-lab' });
    expect(live.rules[0]!.runs).toEqual({ scheduled: 168, ran: 168, suppressed: 0, failed: 0 });
    expect(live.rules[0]!.alerts).toEqual(offline.rules[0]!.alerts);
    expect(live.rules[0]!.alerts.total).toBe(5);
    expect(live.rules[0]!.incidents).toBe(4);
    expect(live.rules[0]!.topEntities).toEqual(offline.rules[0]!.topEntities);
    expect(logs.requests).toHaveLength(168);
    const first = parseDatetime(req.from)!;
    // Hourly over 2h (the rule's queryFrequency and queryPeriod).
    logs.requests.forEach((r, i) => {
      const runTime = first + BigInt(i + 1) * HOUR;
      expect(r.path).toBe(`/v1${LAB_ID}/query`);
      expect(r.authorization).toBe('Bearer test-static-token-not-a-secret');
      expect(r.timespan).toBe(`${iso(runTime - 2n * HOUR)}/${iso(runTime)}`);
      expect(r.status).toBe(200);
    });
  }, 300_000);

  it('ago() in the rule is rewritten to the run time in every request; mass deletion alerts on 11-10 as offline', async () => {
    logs.requests = [];
    const suite = loadSuite();
    const rule = suite.entries.find((e) => e.item.baseName === 'MassResourceDeletion')!.item;
    const pins = timePins(rule.query!);
    expect(pins.calls).toBeGreaterThan(0);
    const r = await backtestLive({ rules: ['MassResourceDeletion'], from: '2026-11-09T00:00:00Z', to: '2026-11-12T00:00:00Z', target: 'lab', targetsFile, env: liveEnv(logs) });
    expect(Object.fromEntries(r.rules[0]!.alerts.perDay.filter((d) => d.alerts).map((d) => [d.day, d.alerts]))).toEqual({ '2026-11-10': 1 });
    expect(logs.requests).toHaveLength(72);
    const first = parseDatetime('2026-11-09T00:00:00Z')!;
    logs.requests.forEach((q, i) => {
      const runTime = first + BigInt(i + 1) * HOUR;
      expect(q.query).toBe(pins.at(runTime));
      expect(q.query).not.toMatch(/\bago\s*\(|\bnow\s*\(/);
      expect(q.timespan).toBe(`${iso(runTime - 14n * 24n * HOUR)}/${iso(runTime)}`);
    });
    expect(logs.requests[25]!.query).toContain('(datetime(2026-11-10T02:00:00Z) - (');
  }, 300_000);

  it('throttled requests (429 with Retry-After) are retried by the SDK pipeline; no run fails', async () => {
    logs.requests = [];
    logs.faults = [{ kind: '429', times: 3, retryAfterSeconds: 0 }];
    const r = await backtestLive({ rules: ['VMRunCommandExecuted'], from: '2026-11-16T08:00:00Z', to: '2026-11-16T12:00:00Z', target: 'lab', targetsFile, env: liveEnv(logs) });
    expect(r.rules[0]!.runs).toEqual({ scheduled: 4, ran: 4, suppressed: 0, failed: 0 });
    expect(r.rules[0]!.alerts.total).toBe(2);
    expect(logs.requests.map((q) => q.status)).toEqual([429, 429, 429, 200, 200, 200, 200]);
    expect(new Set(logs.requests.slice(0, 4).map((q) => q.timespan)).size).toBe(1);
  }, 120_000);

  it('a query the service rejects fails every run with the service\'s error; a truncated result is split by time and said so', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cdr-live-root-'));
    for (const d of ['Analytic Rules', 'test/rules', 'test/fixtures', 'Solution/Data']) mkdirSync(join(root, d), { recursive: true });
    const src = readFileSync(join(fixture('..'), '..', 'Analytic Rules', 'VMRunCommandExecuted.yaml'), 'utf8');
    writeFileSync(join(root, 'Analytic Rules', 'Broken.yaml'), src.replace(/^query: \|\n(?: {2}.*\n|\n)+/m, 'query: |\n  AzureActivity | where NoSuchColumn == 1\n').replace(/^id: .*$/m, 'id: 0b4c4c7e-0000-4000-8000-00000000b0b0'));
    writeFileSync(join(root, 'Analytic Rules', 'Rows.yaml'), src.replace(/^query: \|\n(?: {2}.*\n|\n)+/m, 'query: |\n  AzureActivity | project TimeGenerated, Caller, CallerIpAddress, ResourceId = _ResourceId\n').replace(/^id: .*$/m, 'id: 0b4c4c7e-0000-4000-8000-00000000b0b1'));
    logs.requests = [];
    logs.rowLimit = 2;
    try {
      const r = await backtestLive({ root, rules: [], from: '2026-11-16T09:00:00Z', to: '2026-11-16T11:00:00Z', target: 'lab', targetsFile, env: liveEnv(logs) });
      const broken = r.rules.find((x) => x.rule === 'Broken')!;
      expect(broken.runs).toEqual({ scheduled: 2, ran: 0, suppressed: 0, failed: 2 });
      expect(broken.failedRuns[0]!.error).toMatch(/SemanticError: .*NoSuchColumn/);
      // Over 2h windows the run at 10:00 sees one Run Command's Start and Success records (2 rows, at the 2-row
      // limit), the run at 11:00 two operations (4 rows): over the limit, its window is halved until every slice is
      // under it, and every row is still counted.
      const rows = r.rules.find((x) => x.rule === 'Rows')!;
      expect(rows.runs.failed).toBe(0);
      expect(rows.resultRows).toBe(6);
      expect(rows.truncatedRuns.map((t) => t.runTime)).toEqual(['2026-11-16T11:00:00Z']);
      for (const t of rows.truncatedRuns) expect(t.note).toMatch(/re-run as \d+ time slices \(rows of each slice exact/);
      expect(logs.requests.filter((q) => q.query.includes('project TimeGenerated')).length).toBe(4);
    } finally { logs.rowLimit = 500_000; }
  }, 120_000);
});
