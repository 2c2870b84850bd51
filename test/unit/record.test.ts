/**
 * `cdr record` against a local Log Analytics query API serving the backtest-runcommand-week scenario: the recorded
 * folder loads as a fixture and gives the same backtest; with --anonymise no identifier of the source survives in
 * any output file and the anonymised recording still gives the same alerts (pseudonyms are consistent across the
 * table and the watchlist); truncated chunks are split; usage errors come together; a failed recording leaves
 * nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { record, RecordUsageError } from '../../tools/live/record.js';
import { openWorkspace } from '../../tools/live/connect.js';
import { backtestOffline } from '../../tools/backtest/index.js';
import { readFixtureDir } from '../../tools/fixtures/read-table.js';
import { projectTableSchemas } from '../../tools/kusto/table-schemas.js';
import type { FakeLogs } from '../support/fake-logs.js';
import { fixture, liveEnv, startLogs, writeLabTargets } from '../support/live-env.js';

const KEY = 'record-test-key-0123456789';
const SOURCE = fixture('backtest-runcommand-week');
let logs: FakeLogs;
let targetsFile: string;
beforeAll(async () => { logs = await startLogs([SOURCE]); targetsFile = writeLabTargets(); });
afterAll(async () => { await logs?.stop(); });

const outDir = () => join(mkdtempSync(join(tmpdir(), 'cdr-record-')), 'scenario');
const ws = (extra: Record<string, string> = {}) => openWorkspace('lab', { targetsFile, env: liveEnv(logs, extra) });
const base = { tables: ['AzureActivity'], watchlists: ['CDR-ApprovedAutomation'], from: '2026-11-16T00:00:00Z', to: '2026-11-23T00:00:00Z' };
const week = (dir: string) => backtestOffline({ rules: ['VMRunCommandExecuted'], tables: [dir], from: base.from, to: base.to });
const allText = (dir: string): string => readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.(jsonl|csv|md|json)$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');

describe('cdr record', () => {
  it('records a week into a fixture folder that loads and backtests like the source', async () => {
    const out = outDir();
    const w = ws();
    const s = await record({ ...base, out }, w.logs, w.resourceId);
    expect(s.tables).toEqual([{ table: 'AzureActivity', rows: 24, chunks: 7, truncatedChunks: 0, droppedColumns: [] }]);
    expect(s.watchlists).toEqual([{ alias: 'CDR-ApprovedAutomation', rows: 1 }]);
    expect(readdirSync(out).sort()).toEqual(['AzureActivity.jsonl', 'README.md', 'watchlists']);
    const loaded = readFixtureDir(out, projectTableSchemas());
    expect(loaded.tables[0]!.table.rowCount).toBe(24);
    const src = readFileSync(join(SOURCE, 'AzureActivity.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const got = readFileSync(join(out, 'AzureActivity.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // Same rows (empty values are left out of a recording; the source spells one as "").
    const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));
    expect(got.map(strip)).toEqual(src.map(strip));
    const r = await week(out);
    expect(r.rules[0]!.alerts.total).toBe(5);
    expect(r.rules[0]!.incidents).toBe(4);
  }, 300_000);

  it('--anonymise: no source identifier survives in any file, the key is written nowhere, the rule still alerts the same', async () => {
    const out = outDir();
    const w = ws();
    const s = await record({ ...base, out, anonymise: true, env: { CDR_ANONYMISE_KEY: KEY } }, w.logs, w.resourceId);
    expect(s.anonymised!.email).toEqual({ distinct: 3, replaced: expect.any(Number) });
    expect(s.anonymised!.ip.distinct).toBe(3);
    const text = allText(out);
    const input = readFileSync(join(SOURCE, 'AzureActivity.jsonl'), 'utf8') + readFileSync(join(SOURCE, 'watchlists', 'CDR-ApprovedAutomation.csv'), 'utf8');
    const identifiers = new Set<string>([
      ...input.match(/[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/g)!,
      ...input.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)!,
      ...input.match(/\d+\.\d+\.\d+\.\d+/g)!.filter((x) => isIPv4(x)),
      '2001:db8:10::25', 'contoso', 'mallory', 'bob@', 'patch-automation', 'vm-app01', 'vm-app02', 'vm-db01', 'srv-file01', 'rg-prod', 'rg-onprem',
    ]);
    expect(identifiers.size).toBeGreaterThan(20);
    expect([...identifiers].filter((v) => text.toLowerCase().includes(v.toLowerCase()))).toEqual([]);
    expect(text).not.toContain(KEY);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/\| email \| 3 \|/);
    // Consistent pseudonyms: the watchlist still excludes the automation account, so the counts are the source's.
    const r = await week(out);
    expect(r.rules[0]!.alerts.total).toBe(5);
    expect(Object.fromEntries(r.rules[0]!.alerts.perDay.filter((d) => d.alerts).map((d) => [d.day, d.alerts]))).toEqual({ '2026-11-16': 3, '2026-11-17': 1, '2026-11-18': 1 });
    expect(r.rules[0]!.incidents).toBe(4);
    expect(r.rules[0]!.topEntities[0]).toMatchObject({ type: 'Account', alerts: 4 });
    expect(r.rules[0]!.topEntities[0]!.identifiers.FullName).toMatch(/^[a-z]{7}@[a-z]+\.example\.com$/);
    // Same key, same pseudonyms: a re-recording is byte-identical.
    const again = outDir();
    await record({ ...base, out: again, anonymise: true, env: { CDR_ANONYMISE_KEY: KEY } }, w.logs, w.resourceId);
    expect(readFileSync(join(again, 'AzureActivity.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'AzureActivity.jsonl'), 'utf8'));
  }, 300_000);

  it('a chunk over the service row limit is split by time; every row is recorded and the README says so', async () => {
    const out = outDir();
    const w = ws();
    logs.rowLimit = 3;
    try {
      const s = await record({ ...base, watchlists: [], out, chunk: '1d' }, w.logs, w.resourceId);
      // 11-16 has 8 records (mallory's 3 operations and the nightly patch, Start and Success each), 11-17 and 11-18
      // four: over 3 rows; the other days two.
      expect(s.tables[0]).toMatchObject({ rows: 24, chunks: 7, truncatedChunks: 3 });
      expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/re-run as \d+ time slices/);
    } finally { logs.rowLimit = 500_000; }
  }, 120_000);

  it('usage problems are reported together before any query; a failing recording leaves nothing behind', async () => {
    const existing = mkdtempSync(join(tmpdir(), 'cdr-record-exists-'));
    const w = ws();
    const before = logs.requests.length;
    const err = await record({ tables: ['AzureActivity', 'NoSuchTable'], from: 'yesterday', to: '2026-11-01', out: existing, where: 'Caller ==', anonymise: true, env: {} }, w.logs, w.resourceId).catch((e: Error) => e);
    expect(err).toBeInstanceOf(RecordUsageError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/--table NoSuchTable: not in the project's table schemas/);
    expect(msg).toMatch(/--from 'yesterday' is not an ISO-8601 datetime/);
    expect(msg).toMatch(/--where: /);
    expect(msg).toMatch(/--out .* exists/);
    expect(msg).toMatch(/CDR_ANONYMISE_KEY/);
    expect(logs.requests.length).toBe(before);

    const parent = mkdtempSync(join(tmpdir(), 'cdr-record-fail-'));
    mkdirSync(join(parent, 'keep'));
    logs.faults = [{ kind: '500', times: 100 }];
    try {
      await expect(record({ ...base, out: join(parent, 'scenario') }, w.logs, w.resourceId)).rejects.toThrow(/InternalServerError|500/);
    } finally { logs.faults = []; }
    expect(readdirSync(parent)).toEqual(['keep']);
    expect(existsSync(join(parent, 'scenario'))).toBe(false);
  }, 120_000);
});
