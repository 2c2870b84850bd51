/**
 * Issue 10, engine resource limits: the per-query budget (tools/kql/budget.ts) makes runaway operators fail fast with
 * a clear error naming the operator, its position, the limit and how to raise it; deeply nested dynamic values
 * (tools/kql/dynamic-depth.ts) fail with the file and row (loaders) or the function/operator and position (engine).
 * Each case failed before (47 s and a V8 heap crash, exit 134; "Maximum call stack size exceeded" with no file or
 * row) and passes now. No timing assertions: "fast" is shown by the error being raised from the row count computed
 * before any output row exists (the message gives that count, e.g. 100,000,000 join rows that were never built).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { KqlEngine, KqlRuntimeError } from '../../tools/kql/index.js';
import { DEFAULT_MAX_ROWS, defaultLimits, estimateRowBytes, parseByteSize, parseRowCount, valueBytes } from '../../tools/kql/budget.js';
import { exceedsDynamicDepth, MAX_DYNAMIC_DEPTH } from '../../tools/kql/dynamic-depth.js';
import { projectTableSchemas } from '../../tools/kusto/table-schemas.js';
import { FixtureError, readFixtureDir } from '../../tools/fixtures/read-table.js';
import type { EngineLimits } from '../../tools/kql/budget.js';
import { CLI, PROJECT } from './hardening-root.js';
import { backtestOffline } from '../../tools/backtest/index.js';

vi.setConfig({ testTimeout: 240_000 });

const NOW = '2026-11-20T12:00:00Z';
const engine = new KqlEngine();
const run = (q: string, limits?: Partial<EngineLimits>) => engine.runTable(q, { now: NOW, limits });
const count = (q: string, limits?: Partial<EngineLimits>) => Number(run(q, limits).data[0]![0]);
/** The runtime error a query fails with (the test fails if it does not). */
function failure(q: string, limits?: Partial<EngineLimits>): KqlRuntimeError {
  try { run(q, limits); } catch (e) {
    expect(e).toBeInstanceOf(KqlRuntimeError);
    return e as KqlRuntimeError;
  }
  throw new Error(`expected the query to fail: ${q}`);
}
/** 1-based column of `needle` in a one-line query. */
const col = (q: string, needle: string) => q.indexOf(needle) + 1;

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

// A registered table is input, not an operator's output: it lets a test give an operator more rows than the limit.
beforeAll(() => {
  const n = 70_000;
  engine.registerTable('Big', { columns: [{ name: 'x', type: 'long' }], data: [Array.from({ length: n }, (_, i) => i + 1)], rowCount: n });
});

describe('per-query row budget', () => {
  it('a 10k x 10k join fails fast, naming join, its position, the limit and how to raise it', () => {
    const q = 'let a = range k from 1 to 10000 step 1 | extend j=1; a | join kind=inner (a) on j | count';
    const e = failure(q);
    expect(e.message).toMatch(/^join would materialise 100,000,000 rows, over the engine's limit of 50,000,000 rows per operator \(E_RUNAWAY_QUERY\)/);
    expect(e.message).toMatch(/--max-rows/);
    expect(e.position).toMatchObject({ line: 1, column: col(q, 'join') });
  });

  it('a join under a raised limit runs; the same join over a lowered one fails (outer kinds count unmatched rows)', () => {
    const q = 'let a = range k from 1 to 1000 step 1 | extend j=1; a | join kind=inner (a) on j | count';
    expect(count(q, { maxRows: 1_000_000 })).toBe(1_000_000);
    expect(failure(q, { maxRows: 999_999 }).message).toMatch(/^join would materialise 1,000,000 rows/);
    // fullouter: 10 matched pairs + 5 left-only + 5 right-only rows = 20.
    const outer = 'let l = range k from 1 to 15 step 1; let r = range k from 6 to 20 step 1; l | join kind=fullouter (r) on k | count';
    expect(count(outer)).toBe(20);
    expect(failure(outer, { maxRows: 19 }).message).toMatch(/^join would materialise 20 rows/);
    expect(count('let l = range k from 1 to 15 step 1 | extend j = 1; l | join kind=innerunique (l) on j | count', { maxRows: 15 })).toBe(15);
  });

  it('lookup is bounded like join', () => {
    const q = 'let a = range k from 1 to 300 step 1 | extend j=1; a | lookup (a | project j, k2 = k) on j | count';
    expect(count(q)).toBe(90_000);
    expect(failure(q, { maxRows: 50_000 }).message).toMatch(/^lookup would materialise 90,000 rows/);
  });

  it('mv-expand over many rows fails before expanding (100M rows), and is bounded by a lowered limit', () => {
    const big = 'let arr = range(1, 1000, 1); range i from 1 to 100000 step 1 | extend a = arr | mv-expand a | count';
    const e = failure(big);
    expect(e.message).toMatch(/^mv-expand would materialise 100,000,000 rows/);
    expect(e.position?.column).toBe(col(big, 'mv-expand'));
    const small = 'let arr = range(1, 100, 1); range i from 1 to 100 step 1 | extend a = arr | mv-expand a | count';
    expect(count(small)).toBe(10_000);
    expect(failure(small, { maxRows: 9_999 }).message).toMatch(/^mv-expand would materialise 10,000 rows/);
    // `limit` and null/empty values count as mv-expand produces them.
    expect(count('range i from 1 to 10 step 1 | extend a = iff(i % 2 == 0, dynamic([1,2,3]), dynamic(null)) | mv-expand a limit 2 | count', { maxRows: 15 })).toBe(15);
  });

  it('mv-apply is bounded as its subquery results accumulate', () => {
    const q = 'let arr = range(1, 100, 1); range i from 1 to 100 step 1 | extend a = arr | mv-apply a to typeof(long) on (where a > 0) | count';
    expect(count(q)).toBe(10_000);
    expect(failure(q, { maxRows: 5_000 }).message).toMatch(/^mv-apply would materialise 5,\d{3} rows/);
  });

  it('range is checked against the budget (no fixed 10M cap): 100M rows fail, a raised limit allows more', () => {
    const e = failure('range x from 1 to 100000000 step 1');
    expect(e.message).toMatch(/^range would materialise 100,000,000 rows/);
    expect(e.position).toMatchObject({ line: 1, column: 1 });
    expect(failure('range t from datetime(2026-01-01) to datetime(2026-01-02) step 1s', { maxRows: 1000 }).message).toMatch(/^range would materialise 86,401 rows/);
    expect(count('range x from 1 to 1000 step 1 | count', { maxRows: 1000 })).toBe(1000);
  });

  it('union is checked with the total of its legs', () => {
    const q = 'let t = range x from 1 to 600 step 1; union t, t | count';
    expect(count(q)).toBe(1200);
    const e = failure(q, { maxRows: 1000 });
    expect(e.message).toMatch(/^union would materialise 1,200 rows/);
    expect(e.position?.column).toBe(col(q, 'union'));
  });

  it('summarize is checked on its groups', () => {
    const q = 'Big | summarize count() by x | count';
    expect(count(q)).toBe(70_000);
    const e = failure(q, { maxRows: 69_999 });
    expect(e.message).toMatch(/^summarize would materialise 70,000 rows/);
    expect(e.position?.column).toBe(col(q, 'summarize'));
  });

  it('make-series is checked on groups x bins before any bin is made; arrays past Kusto\'s 2^20 values fail', () => {
    const many = 'Big | make-series c = count() on x from 0 to 100000 step 1 by g = x % 1000';
    const e = failure(many);
    expect(e.message).toMatch(/^make-series would materialise about [\d.]+ GiB \(1,000 rows of ~5,600,0\d\d bytes\), over the engine's memory limit/);
    expect(e.position?.column).toBe(col(many, 'make-series'));
    // make-series-operator.md: the arrays it generates hold at most 1,048,576 values (the fixed 100,000-bin cap is gone).
    const huge = 'range x from 1 to 10 step 1 | make-series c = count() on x from 0 to 100000000 step 1';
    expect(failure(huge).message).toMatch(/^make-series would build arrays of 100,000,000 bins; Kusto limits the arrays make-series generates to 1,048,576 values/);
    expect(run('range x from 1 to 10 step 1 | make-series c = count() on x from 0 to 200000 step 1 | project n = array_length(c)').data[0]![0]).toBe(200_000);
    const q = 'Big | where x <= 100 | make-series c = count() on x from 0 to 100 step 1 by g = x % 10';
    expect(run(q).rowCount).toBe(10);
    expect(failure(q, { maxRows: 100, maxMemoryBytes: 1000 }).message).toMatch(/^make-series would materialise about/);
    expect(failure('Big | make-series c = count() on x from 0 to 100 step 1 by g = x', { maxRows: 60_000 }).message).toMatch(/^make-series would materialise 70,000 rows/);
  });

  it('range() building arrays row after row is charged as it goes, naming the call', () => {
    const q = 'Big | extend a = range(x, x + 99, 1) | count';
    expect(count(q)).toBe(70_000);
    const e = failure(q, { maxRows: 1000 });
    expect(e.message).toMatch(/^range\(\): the query's array values reach 1,100, over the engine's limit of 1,000/);
    expect(e.position?.column).toBe(col(q, 'range('));
    expect(failure('Big | extend a = range(x, x + 999999, 1) | count', { maxRows: 5_000_000 }).message).toMatch(/^range\(\): the query's array values reach 6,000,000, over the engine's limit of 5,000,000/);
  });

  it('top-nested and scan are bounded by the budget instead of their own caps', () => {
    expect(failure('Big | top-nested of x by count()', { maxRows: 1000 }).message).toMatch(/^top-nested would materialise/);
    expect(failure('Big | scan with (step s: true;)', { maxRows: 1000 }).message).toMatch(/^scan would materialise/);
  });

  it('partition and operators inside subqueries are charged too', () => {
    const q = 'Big | where x <= 2000 | extend k = x % 2 | partition hint.strategy=native by k (extend y = 1)';
    expect(run(q).rowCount).toBe(2000);
    expect(failure(q, { maxRows: 1500 }).message).toMatch(/^(where|extend) would materialise 2,000 rows/);
    expect(failure('Big | where x <= 2000 | extend k = x % 2 | partition hint.strategy=native by k (mv-expand a = dynamic([1, 2]))', { maxRows: 2500 }).message).toMatch(/^partition would materialise 4,000 rows/);
    expect(failure('Big | where x <= 2000 | extend k = x % 2 | partition hint.strategy=native by k (mv-expand a = dynamic([1, 2, 3]))', { maxRows: 2500 }).message).toMatch(/^mv-expand would materialise 3,000 rows/);
  });
});

describe('per-query memory budget', () => {
  const q = 'let a = range k from 1 to 1000 step 1 | extend j=1; a | join kind=inner (a) on j | count';
  it('an estimate over --max-memory fails naming the operator, the estimate and the limit', () => {
    const e = failure(q, { maxMemoryBytes: 1024 * 1024 });
    expect(e.message).toMatch(/^join would materialise about [\d.]+ MiB \(1,000,000 rows of ~48 bytes\), over the engine's memory limit of 1\.0 MiB per operator \(E_RUNAWAY_QUERY\)/);
    expect(e.message).toMatch(/--max-memory/);
  });
  it('`set maxmemoryconsumptionperiterator` sets the limit; with a caller limit the lower one applies (query-limits.md)', () => {
    expect(failure(`set maxmemoryconsumptionperiterator = 1048576; ${q}`).message).toMatch(/memory limit of 1\.0 MiB/);
    expect(count(`set maxmemoryconsumptionperiterator = 1048576000; ${q}`, { maxMemoryBytes: 1024 * 1024 * 1024 })).toBe(1_000_000);
    expect(failure(`set maxmemoryconsumptionperiterator = 1048576000; ${q}`, { maxMemoryBytes: 1024 * 1024 }).message).toMatch(/memory limit of 1\.0 MiB/);
    expect(() => run(`set maxmemoryconsumptionperiterator = 0; print 1`)).toThrow(/positive number of bytes/);
  });
  it('engine-level limits (setLimits) apply to every run; a run\'s own limits override them', () => {
    const e = new KqlEngine();
    e.setLimits({ maxRows: 10 });
    expect(() => e.runTable('range x from 1 to 11 step 1', { now: NOW })).toThrow(/^range would materialise 11 rows, over the engine's limit of 10 rows/);
    expect(e.runTable('range x from 1 to 11 step 1', { now: NOW, limits: { maxRows: 11 } }).rowCount).toBe(11);
  });
});

describe('budget building blocks', () => {
  it('defaults fit the machine: 50M rows, memory at most 8 GiB and at most half the V8 heap', () => {
    const d = defaultLimits();
    expect(d.maxRows).toBe(DEFAULT_MAX_ROWS);
    expect(DEFAULT_MAX_ROWS).toBe(50_000_000);
    expect(d.maxMemoryBytes).toBeLessThanOrEqual(8 * 1024 ** 3);
    expect(d.maxMemoryBytes).toBeGreaterThan(64 * 1024 ** 2);
  });
  it('parses sizes and row counts, refusing the rest', () => {
    expect(parseByteSize('4GB')).toBe(4 * 1024 ** 3);
    expect(parseByteSize('512 MiB')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('1000')).toBe(1000);
    for (const bad of ['', 'lots', '-1', '0', '4 GBs', '1e9']) expect(parseByteSize(bad)).toBeUndefined();
    expect(parseRowCount('2,000,000')).toBe(2_000_000);
    expect(parseRowCount('1_000')).toBe(1000);
    for (const bad of ['1e5', '0', '-3', '1.5', 'many']) expect(parseRowCount(bad)).toBeUndefined();
  });
  it('estimates bytes by type, strings by length, dynamic values by a bounded walk that survives any depth', () => {
    expect(valueBytes(1)).toBe(8);
    expect(valueBytes(null)).toBe(8);
    expect(valueBytes(5n)).toBe(32);
    expect(valueBytes('abcd')).toBe(28);
    expect(valueBytes(new Array(10_000).fill(1))).toBeGreaterThanOrEqual(80_000); // every slot counted even past the walk's bound
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(valueBytes(v)).toBeGreaterThan(0);
    expect(estimateRowBytes({ columns: [{ name: 's', type: 'string' }, { name: 'n', type: 'long' }], data: [['x'.repeat(100), 'x'.repeat(100)], [1, 2]], rowCount: 2 })).toBe(124 + 8);
    // A column not yet copied (an accessor, as late materialisation makes them) counts a slot per row and is not read.
    const data: unknown[][] = [];
    let reads = 0;
    Object.defineProperty(data, 0, { get() { reads++; return ['x'.repeat(1000)]; }, enumerable: true, configurable: true });
    data[1] = [1];
    expect(estimateRowBytes({ columns: [{ name: 's', type: 'string' }, { name: 'n', type: 'long' }], data, rowCount: 1 })).toBe(16);
    expect(reads).toBe(0);
  });
});

describe('deeply nested dynamic values', () => {
  it('exceedsDynamicDepth is iterative and exact at the limit', () => {
    expect(exceedsDynamicDepth(JSON.parse(deep(MAX_DYNAMIC_DEPTH)))).toBe(false);
    expect(exceedsDynamicDepth(JSON.parse(deep(MAX_DYNAMIC_DEPTH + 1)))).toBe(true);
    expect(exceedsDynamicDepth(JSON.parse(deep(20_000)))).toBe(true);
    expect(exceedsDynamicDepth({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(exceedsDynamicDepth({ a: [{ b: {} }] }, 3)).toBe(true);
  });

  it('parse_json/todynamic over the limit fail naming the function and position; at the limit they work', () => {
    const q = `print d = parse_json(strcat(strrep("[", 20000), strrep("]", 20000))) | project n = strlen(tostring(d))`;
    const e = failure(q);
    expect(e.message).toMatch(/^parse_json\(\): the dynamic value nests more than 128 levels deep/);
    expect(e.position?.column).toBe(col(q, 'parse_json'));
    expect(failure(`print d = todynamic(strcat(strrep("[", 129), strrep("]", 129)))`).message).toMatch(/^todynamic\(\)|^parse_json\(\)/);
    expect(run(`print d = todynamic(strcat(strrep("[", 128), strrep("]", 128))) | project n = strlen(tostring(d))`).data[0]![0]).toBe(256);
  });

  it('a value the query itself nests past the stack fails naming the operator, never a crash', () => {
    const q = 'range i from 1 to 20000 step 1 | scan declare (acc: dynamic = dynamic([])) with (step s: true => acc = pack_array(s.acc);) | summarize arg_max(i, acc) | project n = strlen(tostring(acc))';
    const e = failure(q);
    expect(e.message).toMatch(/a value nests too deeply to process/);
    expect(e.position).toBeDefined();
  });

  it('a result value nested past the limit is refused by column and row before any caller serialises it', () => {
    const q = 'range i from 1 to 300 step 1 | scan declare (acc: dynamic = dynamic([])) with (step s: true => acc = pack_array(s.acc);) | summarize arg_max(i, acc) | project acc';
    expect(() => engine.run(q, { now: NOW })).toThrow(/^result column acc, row 1: the dynamic value nests more than 128 levels deep/);
    expect(run(q).rowCount).toBe(1); // the in-memory table is not serialised: no check needed
  });

  it('registered wire tables name the table, row and column', () => {
    const e = new KqlEngine();
    expect(() => e.registerWireTable('T', [{ name: 'd', type: 'dynamic' }], [[[1]], [JSON.parse(deep(20_000))]]))
      .toThrow(/^table T, row 2, column d: the dynamic value nests more than 128 levels deep/);
    expect(() => e.registerWireTable('T', [{ name: 's', type: 'string' }], [[JSON.parse(deep(20_000))]])).toThrow(/row 1, column s: the dynamic value nests/);
  });

  it('fixture files (JSONL, Log Analytics JSON, CSV) name the file, row and column', () => {
    const schemas = projectTableSchemas();
    const cases: [string, string, RegExp][] = [
      ['SigninLogs.jsonl', `{"UserPrincipalName":"a@contoso.com"}\n{"UserPrincipalName":"b@contoso.com","LocationDetails":${deep(20_000)}}\n`, /SigninLogs\.jsonl: row 2, column LocationDetails: the dynamic value nests more than 128 levels deep/],
      ['SigninLogs.json', JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'LocationDetails', type: 'dynamic' }], rows: [[{}], [{}], ['PLACEHOLDER']] }] }).replace('"PLACEHOLDER"', deep(20_000)), /SigninLogs\.json: row 3, column LocationDetails: the dynamic value nests/],
      ['AzureActivity.csv', `Caller,Properties_d\r\na,"{}"\r\nb,"${deep(20_000)}"\r\n`, /AzureActivity\.csv: row 3, column Properties_d: the dynamic value nests/],
    ];
    for (const [file, text, message] of cases) {
      const d = mkdtempSync(join(tmpdir(), 'cdr-deep-'));
      writeFileSync(join(d, file), text);
      let caught: unknown;
      try { readFixtureDir(d, schemas); } catch (e) { caught = e; }
      expect(caught, file).toBeInstanceOf(FixtureError);
      expect((caught as Error).message).toMatch(message);
    }
  });
});

describe('limits in backtest', () => {
  it('backtest --tables passes its limits to the engine: a run over them fails with the budget error', async () => {
    const tables = [join(PROJECT, 'test', 'fixtures', 'backtest-runcommand-week')];
    const common = { rules: ['VMRunCommandExecuted'], tables, from: '2026-11-16T00:00:00Z', to: '2026-11-17T00:00:00Z' };
    const ok = await backtestOffline(common);
    expect(ok.totals.failedRuns).toBe(0);
    const limited = await backtestOffline({ ...common, limits: { maxRows: 1 } });
    expect(limited.totals.failedRuns).toBeGreaterThan(0);
    expect(limited.rules[0]!.failedRuns[0]!.error).toMatch(/would materialise \d[\d,]* rows, over the engine's limit of 1 rows per operator/);
  });
});

describe('cdr kql exit codes and options', () => {
  // Started asynchronously: a synchronous spawn would block the test worker (and its reporting) for the whole run.
  const cdr = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

  it('a runaway join exits 1 with the budget error (no V8 heap crash, exit 134)', async () => {
    const r = await cdr('kql', '--now', NOW, 'let a = range k from 1 to 10000 step 1 | extend j=1; a | join kind=inner (a) on j | count');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cdr kql: join would materialise 100,000,000 rows, over the engine's limit of 50,000,000 rows per operator .*\(at line 1, column 58\)/);
  });

  it('--max-rows / --max-memory raise or lower the limits; bad values are usage errors (exit 2) reported together', async () => {
    const q = 'let a = range k from 1 to 1000 step 1 | extend j=1; a | join kind=inner (a) on j | count';
    const lowered = await cdr('kql', '--now', NOW, '--max-rows', '999999', q);
    expect(lowered.status).toBe(1);
    expect(lowered.stderr).toMatch(/join would materialise 1,000,000 rows, over the engine's limit of 999,999 rows/);
    const raised = await cdr('kql', '--now', NOW, '--max-rows', '1,000,000', '--max-memory', '1GB', '--format', 'csv', q);
    expect(raised.status).toBe(0);
    expect(raised.stdout).toMatch(/1000000/);
    const bad = await cdr('kql', '--now', NOW, '--max-rows', '1e5', '--max-memory', 'lots', '--format', 'xml', 'print 1');
    expect(bad.status).toBe(2);
    const lines = bad.stderr.split('\n').filter((l) => l.startsWith('cdr kql:'));
    expect(lines).toEqual([
      "cdr kql: --max-rows must be a positive whole number of rows, got '1e5'",
      "cdr kql: --max-memory must be a size in bytes, optionally with KB, MB, GB or TB (binary units), got 'lots'",
      "cdr kql: --format must be one of table, json, csv, got 'xml'",
    ]);
  });

  it('a 20,000-deep fixture row under --tables names the file and row (exit 2), not "Maximum call stack size exceeded"', async () => {
    const d = mkdtempSync(join(tmpdir(), 'cdr-deep-cli-'));
    mkdirSync(join(d, 't'));
    writeFileSync(join(d, 't', 'SigninLogs.jsonl'), `{"UserPrincipalName":"a@contoso.com"}\n{"UserPrincipalName":"x@contoso.com","LocationDetails":${deep(20_000)}}\n`);
    const r = await cdr('kql', '--now', NOW, '--tables', join(d, 't'), 'SigninLogs | project LocationDetails');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/SigninLogs\.jsonl: row 2, column LocationDetails: the dynamic value nests more than 128 levels deep/);
    expect(r.stderr).not.toMatch(/call stack/);
  });

  it('cdr test and cdr backtest take the same limit options and report bad values as usage errors', async () => {
    const t = await cdr('test', '--max-rows', 'none', '--rule', 'SASUriGenerated');
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/cdr test: --max-rows must be a positive whole number of rows, got 'none'/);
    const b = await cdr('backtest', '--target', 'x', '--from', '2026-01-01T00:00:00Z', '--to', '2026-01-02T00:00:00Z', '--max-memory', '2GB');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--max-rows and --max-memory limit the embedded engine: they apply with --tables, not --target/);
    const ok = await cdr('test', '--rule', 'SASUriGenerated', '--max-rows', '1000000', '--max-memory', '512MB', '--quiet');
    expect(ok.stderr + ok.stdout).not.toMatch(/must be/);
    expect(ok.status).toBe(0);
    const tight = await cdr('test', '--rule', 'SASUriGenerated', '--max-rows', '1', '--quiet');
    expect(tight.status).toBe(1);
    expect(tight.stdout).toMatch(/would materialise \d+ rows, over the engine's limit of 1 rows per operator/);
  });
});
