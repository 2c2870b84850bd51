/** search and externaldata. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KqlEngine } from '../../tools/kql/index.js';
import { errorOf, run } from './kql-adv-helpers.js';

const tables = (e: KqlEngine) => {
  e.registerWireTable('T', [{ name: 'a', type: 'string' }, { name: 'n', type: 'long' }], [['hello world', 1], ['x', 2], ['Helloween', 3]]);
  e.registerWireTable('U', [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }, { name: 'n', type: 'string' }], [['hello there', 'y', '7'], ['no', 'x-ray', '8']]);
};

describe('search', () => {
  it('piped: a term matches any column with has semantics (whole terms, case-insensitive); $table first', () => {
    const r = run('T | search "hello"', tables);
    expect(r.cols).toEqual(['$table:string', 'a:string', 'n:long']);
    expect(r.rows).toEqual([['T', 'hello world', 1]]);
  });

  it('wildcards: x* hasprefix, *x hassuffix, *x* contains', () => {
    expect(run('T | search "hell*"', tables).rows.map((r) => r[1])).toEqual(['hello world', 'Helloween']);
    expect(run('T | search "*ween"', tables).rows.map((r) => r[1])).toEqual(['Helloween']);
    expect(run('T | search "*llo*"', tables).rows.map((r) => r[1])).toEqual(['hello world', 'Helloween']);
  });

  it('an inner wildcard is a regex between word boundaries (search-operator.md: "Lab*PC" is matches regex @"\\bLab.*PC\\b")', () => {
    expect(run('T | search "hel*world"', tables).rows.map((r) => r[1])).toEqual(['hello world']);
    expect(run('T | search "he*ween"', tables).rows.map((r) => r[1])).toEqual(['Helloween']);
    expect(run('T | search "ell*ween"', tables).rows).toEqual([]);
    expect(run('T | search kind=case_sensitive "he*ween"', tables).rows).toEqual([]);
  });

  it('non-string columns are searched as their text', () => {
    expect(run('T | search "3"', tables).rows).toEqual([['T', 'Helloween', 3]]);
  });

  it('in (T1, T2): union of columns, a name with two types split as Name_type (together, as the binder orders them)', () => {
    const r = run('search in (T, U) "hello"', tables);
    expect(r.cols).toEqual(['$table:string', 'a:string', 'n_long:long', 'n_string:string', 'b:string']);
    expect(r.rows).toEqual([['T', 'hello world', 1, '', ''], ['U', 'hello there', null, '7', 'y']]);
  });

  it('no source: every table of the database; Col:term, and/or, ordinary predicates', () => {
    const col = (r: { cols: string[]; rows: unknown[][] }, name: string) => r.rows.map((row) => row[r.cols.findIndex((c) => c.startsWith(`${name}:`))]);
    expect(run('search b:"x"', tables).rows.map((r) => r[0])).toEqual(['U']);
    const both = run('search "hello" and n == 1', tables);
    expect([col(both, '$table'), col(both, 'a')]).toEqual([['T'], ['hello world']]);
    expect(col(run('search a:"there" or "ray"', tables), 'a')).toEqual(['hello there', 'no']);
    expect(run('T | search "hello*" and not(a:"world")', tables).rows.map((r) => r[1])).toEqual(['Helloween']);
  });

  it('in (...) accepts wildcard table names (case-sensitive), matched against the database (registered tables and known schemas)', () => {
    const r = run('search in (T*) "hello"', (e) => { tables(e); e.registerWireTable('Tx', [{ name: 'a', type: 'string' }], [['hello again']]); e.registerWireTable('t2', [{ name: 'a', type: 'string' }], [['hello']]); });
    const a = r.cols.indexOf('a:string');
    expect(r.rows.map((row) => [row[0], row[a]])).toEqual([['T', 'hello world'], ['Tx', 'hello again']]);
  });

  it('kind=case_sensitive', () => {
    expect(run('T | search kind=case_sensitive "Hello"', tables).rows).toEqual([]);
    expect(run('T | search kind=case_sensitive "hello"', tables).rows.length).toBe(1);
  });
});

describe('externaldata', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kql-ext-'));
  const csv = join(dir, 'a.csv'), tsv = join(dir, 'a.tsv'), jsonl = join(dir, 'a.json'), multi = join(dir, 'm.json'), txt = join(dir, 'a.txt');
  writeFileSync(csv, 'Name,Count,When\r\nalice,3,2026-01-01T00:00:00Z\r\n"bob, ""jr""",,2026-01-02T00:00:00Z\r\n');
  writeFileSync(tsv, 'a\t1\nb c\t2\n');
  writeFileSync(jsonl, '{"Name":"a","Count":1}\n{"Name":"b","Extra":2}\n');
  writeFileSync(multi, '[{"Name":"m","Count":5}]');
  writeFileSync(txt, 'line one\nline two\n');
  const mapped = (e: KqlEngine) => {
    e.mapExternalData('https://example.com/a.csv', csv);
    e.mapExternalData('https://example.com/a.tsv', tsv);
    e.mapExternalData('https://example.com/a.json', jsonl);
    e.mapExternalData('https://example.com/m.json', multi);
    e.mapExternalData('https://example.com/a.txt', txt);
  };

  it('csv with ignoreFirstRecord, quoted fields, empty -> null, typed columns', () => {
    const r = run('externaldata (Name:string, Count:long, When:datetime) [@"https://example.com/a.csv"] with (format="csv", ignoreFirstRecord=true)', mapped);
    expect(r.cols).toEqual(['Name:string', 'Count:long', 'When:datetime']);
    expect(r.rows).toEqual([['alice', 3, '2026-01-01T00:00:00Z'], ['bob, "jr"', null, '2026-01-02T00:00:00Z']]);
  });

  it('csv is the default format; without ignoreFirstRecord the header is a row', () => {
    expect(run('externaldata (Name:string) ["https://example.com/a.csv"]', mapped).rows[0]).toEqual(['Name']);
  });

  it('tsv, json (one object per line, by column name), multijson, txt', () => {
    expect(run('externaldata (s:string, n:long) ["https://example.com/a.tsv"] with (format=tsv)', mapped).rows).toEqual([['a', 1], ['b c', 2]]);
    expect(run('externaldata (Name:string, Count:long) ["https://example.com/a.json"] with (format=json)', mapped).rows).toEqual([['a', 1], ['b', null]]);
    expect(run('externaldata (Name:string, Count:long) ["https://example.com/m.json"] with (format="multijson")', mapped).rows).toEqual([['m', 5]]);
    expect(run('externaldata (Line:string) ["https://example.com/a.txt"] with (format="txt")', mapped).rows).toEqual([['line one'], ['line two']]);
  });

  it('several URLs concatenate; the result pipes on', () => {
    const r = run('externaldata (Name:string, Count:long) ["https://example.com/a.json", "https://example.com/m.json"] with (format="json") | summarize c = count()', (e) => {
      mapped(e);
      e.mapExternalData('https://example.com/m.json', jsonl);
    });
    expect(r.rows).toEqual([[4]]);
  });

  it('an unmapped URL is a runtime error naming it, with its position', () => {
    const e = errorOf('externaldata (Name:string) ["https://example.com/nope.csv"]', mapped);
    expect(e).toEqual({ kind: 'runtime', message: "externaldata: 'https://example.com/nope.csv' is not mapped to a local file (the engine reads only URLs mapped with mapExternalData) (at line 1, column 29)" });
  });

  it('a bad value names the URL, line and column', () => {
    const e = errorOf('externaldata (Name:string, Count:long) ["https://example.com/a.csv"]', mapped);
    expect(e.kind).toBe('runtime');
    expect(e.message).toContain("externaldata 'https://example.com/a.csv' line 1: column Count");
  });
});

describe('union of tables that give a column different types', () => {
  // union-operator.md: a name with several types becomes one column per type (DurationMs_long, DurationMs_real).
  // Kusto.Language's binder keeps one column when most legs agree (DurationMs long in the sign-in tables, real in
  // StorageBlobLogs), so operators after such a union keep the reference's columns instead of failing the binder check.
  const t = (e: KqlEngine) => {
    const cols = (type: 'long' | 'real') => [{ name: 'k', type: 'string' as const }, { name: 'DurationMs', type }];
    e.registerWireTable('S', cols('long'), [['a', 5], ['', 1]]);
    e.registerWireTable('S2', cols('long'), [['c', 7]]);
    e.registerWireTable('B', cols('real'), [['b', 2.5], ['', 0.5]]);
  };
  it('keeps the split columns through where, extend and summarize', () => {
    expect(run('union S, S2, B | where k != ""', t).cols).toEqual(['k:string', 'DurationMs_long:long', 'DurationMs_real:real']);
    const r = run('union withsource=Table S, S2, B | where isnotempty(k) | extend Twice = 2 | summarize Rows = count() by Table | order by Table asc', t);
    expect(r.rows).toEqual([['B', 1], ['S', 1], ['S2', 1]]);
  });
});
