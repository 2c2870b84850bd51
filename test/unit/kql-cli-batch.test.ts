/** The batch contract of `cdr kql --batch`: one output line per input line, exactly this shape. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KqlEngine } from '../../tools/kql/index.js';
import { runKqlCommand } from '../../tools/kql/cli/command.js';

const NOW = '2026-11-20T00:00:00Z';
const T = {
  T: {
    columns: [{ name: 'x', type: 'long' }, { name: 's', type: 'string' }, { name: 'd', type: 'datetime' }, { name: 'j', type: 'dynamic' }, { name: 'ts', type: 'timespan' }],
    rows: [[1, 'a', '2026-01-01T00:00:00Z', { k: [1, 2] }, '01:00:00'], [2, 'b', '2026-01-02T03:04:05.5Z', null, '1.02:00:00']],
  },
};

function runBatch(lines: string[], extra: { now?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kql-batch-'));
  const inPath = join(dir, 'in.jsonl'), outPath = join(dir, 'out.jsonl');
  writeFileSync(inPath, lines.join('\n') + '\n');
  const err: string[] = [];
  const code = runKqlCommand(undefined, { batch: inPath, out: outPath, ...extra }, { stdout: () => {}, stderr: (s) => err.push(s) }, () => new KqlEngine());
  const out = existsSync(outPath) ? readFileSync(outPath, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)) : [];
  return { code, out, err: err.join(''), dir };
}

describe('cdr kql --batch contract', () => {
  it('good, syntax, semantic, unsupported and runtime lines each give exactly the contract line', () => {
    const { code, out, dir } = runBatch([
      JSON.stringify({ id: 'good', query: 'T | where x > 1 | project x, s, d, j, ts, b = x > 0, r = 1.5', now: NOW, tables: T }),
      JSON.stringify({ id: 'syntax', query: 'T | where (', now: NOW, tables: T }),
      JSON.stringify({ id: 'semantic', query: 'T | project nope', now: NOW, tables: T }),
      JSON.stringify({ id: 'unsupported', query: 'T | evaluate python(typeof(*), "result=df")', now: NOW, tables: T }),
      JSON.stringify({ id: 'runtime', query: 'T | extend y = x / (x - 1)', now: NOW, tables: T }),
    ]);
    expect(code).toBe(0);
    expect(out).toEqual([
      {
        id: 'good',
        columns: [{ name: 'x', type: 'long' }, { name: 's', type: 'string' }, { name: 'd', type: 'datetime' }, { name: 'j', type: 'dynamic' }, { name: 'ts', type: 'timespan' }, { name: 'b', type: 'bool' }, { name: 'r', type: 'real' }],
        rows: [[2, 'b', '2026-01-02T03:04:05.5Z', null, '1.02:00:00', true, 1.5]],
        error: null,
      },
      { id: 'syntax', columns: [], rows: [], error: { kind: 'syntax', message: 'KS006: Missing expression (at line 1, column 12)' } },
      { id: 'semantic', columns: [], rows: [], error: { kind: 'semantic', message: "KS142: The name 'nope' does not refer to any known column, table, variable or function. (at line 1, column 13)" } },
      { id: 'unsupported', columns: [], rows: [], error: { kind: 'unsupported', message: 'unsupported KQL: evaluate python() (at line 1, column 5)' } },
      { id: 'runtime', columns: [], rows: [], error: { kind: 'runtime', message: 'integer division by zero (at line 1, column 16)' } },
    ]);
    // Atomic write: no temp file left beside the output.
    expect(readdirSync(dir).sort()).toEqual(['in.jsonl', 'out.jsonl']);
  });

  it('dynamic values and datetimes keep their REST form', () => {
    const { out } = runBatch([JSON.stringify({ id: 'dyn', query: 'T | project j, d | take 1', now: NOW, tables: T })]);
    expect(out[0].rows).toEqual([[{ k: [1, 2] }, '2026-01-01T00:00:00Z']]);
  });

  it('a malformed line, a bad shape and a missing now fail alone; the batch goes on', () => {
    const { code, out } = runBatch([
      'not json',
      JSON.stringify({ id: 7, query: 'print 1' }),
      JSON.stringify({ id: 'nonow', query: 'print 1' }),
      JSON.stringify({ id: 'badtable', query: 'T', now: NOW, tables: { T: { columns: [{ name: 'x', type: 'number' }], rows: [] } } }),
      JSON.stringify({ id: 'badvalue', query: 'T', now: NOW, tables: { T: { columns: [{ name: 'x', type: 'long' }], rows: [['abc']] } } }),
      JSON.stringify({ id: 'after', query: 'print n = now()', now: NOW }),
    ]);
    expect(code).toBe(0);
    expect(out.map((l) => [l.id, l.error?.kind ?? null])).toEqual([
      [null, 'runtime'], [null, 'runtime'], ['nonow', 'runtime'], ['badtable', 'runtime'], ['badvalue', 'runtime'], ['after', null],
    ]);
    expect(out[0].error.message).toMatch(/^input line 1: invalid JSON/);
    expect(out[1].error.message).toBe('input line 2: "id" must be a string');
    expect(out[2].error.message).toBe('input line 3: no "now" for this query and no --now given (batch mode never reads the clock)');
    expect(out[3].error.message).toMatch(/^input line 4: tables\.T\.columns: each column needs "name" and a KQL "type"/);
    expect(out[4].error.message).toMatch(/table T, row 1, column x/);
    expect(out[5]).toEqual({ id: 'after', columns: [{ name: 'n', type: 'datetime' }], rows: [['2026-11-20T00:00:00Z']], error: null });
  });

  it('--now is the default now of lines without their own; a line now wins', () => {
    const { out } = runBatch([
      JSON.stringify({ id: 'a', query: 'print n = now()' }),
      JSON.stringify({ id: 'b', query: 'print n = now()', now: '2025-01-01T10:00:00Z' }),
    ], { now: '2026-01-01T00:00:00Z' });
    expect(out.map((l) => l.rows[0][0])).toEqual(['2026-01-01T00:00:00Z', '2025-01-01T10:00:00Z']);
  });

  it('inline tables of one line do not leak into the next', () => {
    const { out } = runBatch([
      JSON.stringify({ id: 'a', query: 'T | count', now: NOW, tables: T }),
      JSON.stringify({ id: 'b', query: 'T | count', now: NOW }),
    ]);
    expect(out[0].rows).toEqual([[2]]);
    expect(out[1].error?.kind).not.toBeUndefined();
    expect(out[1].rows).toEqual([]);
  });

  it('usage errors exit 2 and write nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kql-batch-'));
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (s: string) => err.push(s) };
    expect(runKqlCommand(undefined, { batch: join(dir, 'in.jsonl') }, io)).toBe(2);
    expect(runKqlCommand('print 1', { batch: join(dir, 'in.jsonl'), out: join(dir, 'o.jsonl') }, io)).toBe(2);
    expect(runKqlCommand(undefined, { batch: join(dir, 'missing.jsonl'), out: join(dir, 'o.jsonl') }, io)).toBe(2);
    expect(runKqlCommand(undefined, { batch: join(dir, 'in.jsonl'), out: join(dir, 'o.jsonl'), now: 'yesterday' }, io)).toBe(2);
    expect(existsSync(join(dir, 'o.jsonl'))).toBe(false);
    expect(err.join('')).toContain('--batch needs --out');
    expect(err.join('')).toContain("--now is not an ISO-8601 datetime: 'yesterday'");
  });
});

describe('cdr kql --tables', () => {
  it('tables of a folder are typed by the project schemas and seen by every line; inline tables win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kql-tables-'));
    writeFileSync(join(dir, 'SigninLogs.jsonl'), [
      JSON.stringify({ TimeGenerated: '2026-11-19T10:00:00Z', UserPrincipalName: 'eve@contoso.com', ResultType: '50126' }),
      JSON.stringify({ TimeGenerated: '2026-11-19T11:00:00Z', UserPrincipalName: 'bob@contoso.com', ResultType: '0' }),
    ].join('\n'));
    const io = mkdtempSync(join(tmpdir(), 'kql-io-'));
    const inPath = join(io, 'in.jsonl'), outPath = join(io, 'out.jsonl');
    writeFileSync(inPath, [
      JSON.stringify({ id: 'a', query: 'SigninLogs | where ResultType != "0" | project UserPrincipalName, TimeGenerated' }),
      JSON.stringify({ id: 'b', query: 'SigninLogs | count', tables: { SigninLogs: { columns: [{ name: 'TimeGenerated', type: 'datetime' }], rows: [] } } }),
    ].join('\n'));
    const code = runKqlCommand(undefined, { batch: inPath, out: outPath, tables: dir, now: NOW }, { stdout: () => {}, stderr: () => {} });
    expect(code).toBe(0);
    const out = readFileSync(outPath, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toEqual({ id: 'a', columns: [{ name: 'UserPrincipalName', type: 'string' }, { name: 'TimeGenerated', type: 'datetime' }], rows: [['eve@contoso.com', '2026-11-19T10:00:00Z']], error: null });
    expect(out[1].rows).toEqual([[0]]);
  });

  it('a bad table file is a usage error naming file, row and column; nothing is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kql-tables-'));
    writeFileSync(join(dir, 'SigninLogs.jsonl'), JSON.stringify({ TimeGenerated: 'nope' }));
    const err: string[] = [];
    const code = runKqlCommand(undefined, { batch: join(dir, 'in.jsonl'), out: join(dir, 'out.jsonl'), tables: dir }, { stdout: () => {}, stderr: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('')).toContain('SigninLogs.jsonl: row 1, column TimeGenerated');
    expect(existsSync(join(dir, 'out.jsonl'))).toBe(false);
  });
});
