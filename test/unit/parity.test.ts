/**
 * `cdr parity` against a local Log Analytics query API. The fake answers with the embedded engine, so the cases
 * agree unless a difference is injected into its answer: a changed value, a changed column type, an extra row, an
 * error on the service only. Each is reported as exactly that difference; the shipped case file is the engine's
 * conformance suite and every case in it is self-contained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareSides, loadCases, runParity, renderParityText } from '../../tools/live/parity/index.js';
import { openWorkspace } from '../../tools/live/connect.js';
import type { FakeLogs } from '../support/fake-logs.js';
import { liveEnv, startLogs, writeLabTargets } from '../support/live-env.js';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let logs: FakeLogs;
let targetsFile: string;
beforeAll(async () => { logs = await startLogs([]); targetsFile = writeLabTargets(); });
afterAll(async () => { await logs?.stop(); });

const CASES = [
  { id: 'print', query: 'print x = 1, s = "a", d = datetime(2026-01-01), t = 1d' },
  { id: 'range', query: 'range i from 1 to 5 step 1 | extend sq = i * i' },
  { id: 'datatable-summarize', query: 'datatable(k: string, v: long) ["a", 1, "b", 2, "a", 3] | summarize total = sum(v) by k | order by k asc' },
  { id: 'real', query: 'print r = 1.0 / 3' },
  { id: 'now', query: 'print recent = ago(1h) < now(), day = startofday(now())' },
  { id: 'dynamic', query: 'print bag = bag_pack("a", 1, "b", dynamic([1, 2]))' },
  { id: 'both-fail', query: 'print nosuchfunction(1)' },
];

describe('cdr parity', () => {
  it('without injected differences every case agrees (both-refused reported apart)', async () => {
    const w = openWorkspace('lab', { targetsFile, env: liveEnv(logs) });
    logs.tamper = undefined;
    const r = await runParity(CASES, { logs: w.logs, resourceId: w.resourceId });
    expect(r).toMatchObject({ cases: 7, agree: 6, bothFailed: 1, differ: 0 });
    // now() and ago() reach the service rewritten to the same pinned instant the engine uses.
    expect(logs.requests.find((q) => q.query.includes('recent'))!.query).toBe('print recent = (datetime(2026-01-15T12:00:00Z) - (1h)) < datetime(2026-01-15T12:00:00Z), day = startofday(datetime(2026-01-15T12:00:00Z))');
  }, 120_000);

  it('injected differences are each reported: value, type, extra row, error on the workspace only', async () => {
    const w = openWorkspace('lab', { targetsFile, env: liveEnv(logs) });
    logs.tamper = (req, status, body) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const t = (body as any).tables?.[0];
      if (req.query.startsWith('range')) { t.rows[2][1] = 10; return { status, body }; }
      if (req.query.startsWith('print x')) { t.columns[0].type = 'int'; return { status, body }; }
      if (req.query.startsWith('datatable')) { t.rows.push(['c', 0]); return { status, body }; }
      if (req.query.startsWith('print r =')) return { status: 400, body: { error: { code: 'BadArgumentError', message: 'The request had some invalid properties', innererror: { code: 'SemanticError', message: "'r' is not supported" } } } };
      return undefined;
    };
    try {
      const r = await runParity(CASES, { logs: w.logs, resourceId: w.resourceId });
      expect(r).toMatchObject({ cases: 7, agree: 2, bothFailed: 1, differ: 4 });
      const by = Object.fromEntries(r.outcomes.map((o) => [o.id, o.differences]));
      expect(by.range).toEqual(['row only on the workspace: [3,10]', 'row only on the engine: [3,9]']);
      expect(by.print).toEqual(['type of column 1 (x): workspace int, engine long']);
      expect(by['datatable-summarize']).toEqual(['row count: workspace 3, engine 2', 'row only on the workspace: ["c",0]']);
      expect(by.real).toEqual(["error on the workspace only: SemanticError: 'r' is not supported"]);
      expect(renderParityText(r, 'lab')).toMatch(/7 case\(s\), 2 agree, 1 refused by both, 4 differ/);
    } finally { logs.tamper = undefined; }
  }, 120_000);

  it('row order matters only for sorted queries; reals compare to 12 significant digits', () => {
    const res = (rows: unknown[][]) => ({ ok: true as const, result: { columns: [{ name: 'x', type: 'real' as const }], rows } });
    expect(compareSides(res([[1], [2]]), res([[2], [1]]), false).agree).toBe(true);
    expect(compareSides(res([[1], [2]]), res([[2], [1]]), true).differences).toEqual(['row order differs (the query sorts)']);
    expect(compareSides(res([[0.30000000000000004]]), res([[0.3]]), false).agree).toBe(true);
  });

  it('the shipped case file: hundreds of self-contained cases from the conformance suite, none reading a table', () => {
    const cases = loadCases();
    expect(cases.length).toBeGreaterThan(500);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.query).toMatch(/\b(print|datatable|range)\b/);
      expect(c.query).not.toMatch(/\b(cluster|database|externaldata)\s*\(|\balias\s+database\b/i);
    }
  });

  it('the CLI runs a shipped case on the workspace (exit 0 when it agrees, 1 when it differs); usage errors exit 2', async () => {
    // Asynchronous child process: the fake service answers from this process's event loop.
    const cli = (args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [join(PROJECT, 'dist', 'tools', 'cli', 'main.js'), 'parity', ...args], { cwd: PROJECT, env: { ...process.env, ...liveEnv(logs) } });
      let stdout = '', stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (status) => done({ status, stdout, stderr }));
    });
    logs.tamper = undefined;
    const ok = await cli(['--target', 'lab', '--targets', targetsFile, '--case', 'abs-function#1', '--format', 'json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ cases: 1, agree: 1, differ: 0 });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    logs.tamper = (_req, status, body) => { (body as any).tables[0].rows[0][0] = 6; return { status, body }; };
    try {
      const bad = await cli(['--target', 'lab', '--targets', targetsFile, '--case', 'abs-function#1']);
      expect(bad.status).toBe(1);
      expect(bad.stdout).toMatch(/abs-function#1 \(data-explorer\/kusto\/query\/abs-function\.md:\d+\):\n {2}row only on the workspace: \[6\]\n {2}row only on the engine: \[5\]/);
    } finally { logs.tamper = undefined; }
    const u = await cli(['--target', 'nope', '--targets', targetsFile, '--case', 'no-such-case']);
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/--case no-such-case: no such case/);
  }, 180_000);
});
