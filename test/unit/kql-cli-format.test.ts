/** `cdr kql` human mode: output formats, the printed now, exit codes. */
import { describe, expect, it } from 'vitest';
import { runKqlCommand } from '../../tools/kql/cli/command.js';
import { formatCsv, formatTable } from '../../tools/kql/cli/format.js';

function cli(query: string | undefined, opts: Record<string, string>) {
  const out: string[] = [], err: string[] = [];
  const code = runKqlCommand(query, opts, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

const Q = 'print n = 42, s = "a,\\"b\\"", d = now(), j = dynamic({"k": [1]}), t = 90m, z = long(null)';

describe('cdr kql output formats', () => {
  it('json prints {columns, rows} in REST value form', () => {
    const r = cli(Q, { now: '2026-11-20T12:00:00Z', format: 'json' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      columns: [{ name: 'n', type: 'long' }, { name: 's', type: 'string' }, { name: 'd', type: 'datetime' }, { name: 'j', type: 'dynamic' }, { name: 't', type: 'timespan' }, { name: 'z', type: 'long' }],
      rows: [[42, 'a,"b"', '2026-11-20T12:00:00Z', { k: [1] }, '01:30:00', null]],
    });
    expect(r.err).toBe('now: 2026-11-20T12:00:00Z\n');
  });

  it('csv has a header and RFC 4180 quoting', () => {
    const r = cli(Q, { now: '2026-11-20T12:00:00Z', format: 'csv' });
    expect(r.out).toBe('n,s,d,j,t,z\r\n42,"a,""b""",2026-11-20T12:00:00Z,"{""k"":[1]}",01:30:00,\r\n');
  });

  it('table aligns columns, right-aligns numbers and counts rows', () => {
    const text = formatTable({ columns: [{ name: 'Name', type: 'string' }, { name: 'N', type: 'long' }], rows: [['alice', 5], ['bob', 123]] });
    expect(text).toBe('Name   N\n-----  ---\nalice    5\nbob    123\n(2 rows)\n');
    expect(formatCsv({ columns: [{ name: 'a', type: 'string' }], rows: [] })).toBe('a\r\n');
  });

  it('without --now the current time is used and printed', () => {
    const before = Date.now();
    const r = cli('print d = now()', { format: 'json' });
    const printed = /^now: (\S+)\n$/.exec(r.err)![1]!;
    expect(Date.parse(printed)).toBeGreaterThanOrEqual(before - 1);
    expect(JSON.parse(r.out).rows[0][0]).toBe(printed);
  });

  it('a failing query exits 1 with the error; usage errors exit 2, all reported at once', () => {
    const bad = cli('print x = nope', { now: '2026-11-20T12:00:00Z' });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("KS142: The name 'nope'");
    const usage = cli(undefined, { format: 'xml', out: 'o.jsonl' });
    expect(usage.code).toBe(2);
    expect(usage.err.split('\n').filter(Boolean)).toEqual([
      'cdr kql: missing query (or use --batch IN.jsonl --out OUT.jsonl)',
      'cdr kql: --out is only for --batch',
      "cdr kql: --format must be one of table, json, csv, got 'xml'",
    ]);
  });
});
