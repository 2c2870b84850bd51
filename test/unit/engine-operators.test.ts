import { beforeAll, describe, expect, it } from 'vitest';
import { KqlEngine, KqlRuntimeError, KqlSemanticError, KqlSyntaxError, KqlUnsupportedError } from '../../tools/kql/index.js';

const NOW = '2026-11-20T12:00:00Z';
let e: KqlEngine;
const run = (q: string) => e.run(q, { now: NOW });
const rows = (q: string) => run(q).rows;

beforeAll(() => {
  e = new KqlEngine();
  e.registerWireTable('SigninLogs', [
    { name: 'TimeGenerated', type: 'datetime' }, { name: 'UserPrincipalName', type: 'string' }, { name: 'IPAddress', type: 'string' },
    { name: 'ResultType', type: 'string' }, { name: 'LocationDetails', type: 'dynamic' }, { name: 'DurationMs', type: 'long' },
  ], [
    ['2026-11-20T10:00:00Z', 'alice@contoso.com', '203.0.113.7', '50126', { countryOrRegion: 'NL' }, 10],
    ['2026-11-20T10:05:00Z', 'bob@contoso.com', '203.0.113.7', '50126', { countryOrRegion: 'NL' }, null],
    ['2026-11-20T11:05:00Z', 'alice@contoso.com', '198.51.100.1', '0', { countryOrRegion: 'US' }, 30],
    ['2026-11-19T11:05:00Z', 'Carol@Contoso.com', '', '0', null, 5],
  ]);
  e.registerWireTable('AzureActivity', [
    { name: 'TimeGenerated', type: 'datetime' }, { name: 'Caller', type: 'string' }, { name: 'OperationNameValue', type: 'string' },
  ], [
    ['2026-11-20T10:30:00Z', 'alice@contoso.com', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION'],
    ['2026-11-20T10:40:00Z', 'alice@contoso.com', 'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION'],
    ['2026-11-20T10:50:00Z', 'dave@contoso.com', 'MICROSOFT.STORAGE/STORAGEACCOUNTS/READ'],
  ]);
});

describe('where and scalar operators', () => {
  it('filters with ago() relative to the pinned now', () => {
    expect(rows('SigninLogs | where TimeGenerated > ago(2h) | project UserPrincipalName')).toEqual([['bob@contoso.com'], ['alice@contoso.com']]);
    expect(rows('SigninLogs | where TimeGenerated >= ago(2h) | count')).toEqual([[3]]);
  });
  it('== is case-sensitive, =~ is not', () => {
    expect(rows('SigninLogs | where UserPrincipalName == "carol@contoso.com" | count')).toEqual([[0]]);
    expect(rows('SigninLogs | where UserPrincipalName =~ "carol@contoso.com" | count')).toEqual([[1]]);
  });
  it('has matches whole terms, contains matches substrings', () => {
    expect(rows('print a = "MICROSOFT.COMPUTE/VIRTUALMACHINES" has "compute", b = "runcommand" has "command", c = "runcommand" contains "command", d = "a-b" has "a-b"'))
      .toEqual([[true, false, true, true]]);
    expect(rows('print a = "abc" has_cs "ABC", b = "x.abc.y" hasprefix "ab", c = "x.abc.y" hassuffix "bc"')).toEqual([[false, true, true]]);
  });
  it('comparisons with null are null (false in where); and/or are three-valued', () => {
    expect(rows('SigninLogs | where DurationMs > 0 | count')).toEqual([[3]]);
    expect(rows('SigninLogs | where not(DurationMs > 0) | count')).toEqual([[0]]);
    expect(rows('print a = false and long(null) > 1, b = true or long(null) > 1, c = isnull(true and long(null) > 1)')).toEqual([[false, true, true]]);
  });
  it('in / !in / in~ with literal lists and subqueries', () => {
    expect(rows('SigninLogs | where UserPrincipalName in ("alice@contoso.com") | count')).toEqual([[2]]);
    expect(rows('SigninLogs | where UserPrincipalName in~ ("CAROL@contoso.com") | count')).toEqual([[1]]);
    expect(rows('SigninLogs | where UserPrincipalName !in ((AzureActivity | project Caller)) | count')).toEqual([[2]]);
    expect(rows('SigninLogs | where IPAddress in (dynamic(["203.0.113.7"])) | count')).toEqual([[2]]);
  });
  it('between for numbers and datetimes', () => {
    expect(rows('SigninLogs | where DurationMs between (5 .. 10) | count')).toEqual([[2]]);
    expect(rows('SigninLogs | where TimeGenerated between (datetime(2026-11-20T10:00:00Z) .. 1h) | count')).toEqual([[2]]);
  });
  it('timespan literals in every form', () => {
    expect(rows('print a = time(1.02:03:04), b = 1d, c = timespan(2h), d = 90s, e = time(null)')).toEqual([['1.02:03:04', '1.00:00:00', '02:00:00', '00:01:30', null]]);
  });
  it('integer and datetime arithmetic follow the types', () => {
    expect(rows('print a = 7 / 2, b = 7.0 / 2, c = -7 / 2, d = datetime(2026-01-02) - datetime(2026-01-01), e = 1h / 30m, f = 2 * 1h'))
      .toEqual([[3, 3.5, -3, '1.00:00:00', 2, '02:00:00']]);
    expect(() => run('print 1 / 0')).toThrow(KqlRuntimeError);
  });
  it('dynamic property and index access return null when missing', () => {
    expect(rows('print d = dynamic({"a":{"b":[10,20]}}) | project x = d.a.b[1], y = d["a"]["b"][-1], z = d.nothere.x')).toEqual([[20, 20, null]]);
  });
});

describe('tabular operators', () => {
  it('extend chains and project names columns', () => {
    expect(run('SigninLogs | take 1 | extend x = 1 | extend y = x + 1 | project y, z = strcat(UserPrincipalName, "!")')).toEqual({
      columns: [{ name: 'y', type: 'long' }, { name: 'z', type: 'string' }], rows: [[2, 'alice@contoso.com!']],
    });
  });
  it('summarize with bin, several aggregates and default names', () => {
    const r = run('SigninLogs | summarize count(), dcount(UserPrincipalName), avg(DurationMs) by bin(TimeGenerated, 1d)');
    expect(r.columns.map((c) => c.name)).toEqual(['TimeGenerated', 'count_', 'dcount_UserPrincipalName', 'avg_DurationMs']);
    expect(r.rows).toEqual([['2026-11-20T00:00:00Z', 3, 2, 20], ['2026-11-19T00:00:00Z', 1, 1, 5]]);
  });
  it('summarize without by on an empty input yields one row; with by, none', () => {
    expect(rows('SigninLogs | where false | summarize count(), sum(DurationMs)')).toEqual([[0, null]]);
    expect(rows('SigninLogs | where false | summarize count() by IPAddress')).toEqual([]);
  });
  it('summarize over expressions of aggregates', () => {
    expect(rows('SigninLogs | summarize total = sum(DurationMs) / 5.0, users = dcount(UserPrincipalName) * 10')).toEqual([[9, 30]]);
  });
  it('arg_max(*) returns the latest row per key', () => {
    expect(rows('SigninLogs | summarize arg_max(TimeGenerated, IPAddress) by UserPrincipalName | order by UserPrincipalName asc'))
      .toEqual([['Carol@Contoso.com', '2026-11-19T11:05:00Z', ''], ['alice@contoso.com', '2026-11-20T11:05:00Z', '198.51.100.1'], ['bob@contoso.com', '2026-11-20T10:05:00Z', '203.0.113.7']]);
  });
  it('join: default innerunique keeps one left row per key', () => {
    expect(rows('SigninLogs | join (AzureActivity) on $left.UserPrincipalName == $right.Caller | count')).toEqual([[2]]);
    expect(rows('SigninLogs | join kind=inner (AzureActivity) on $left.UserPrincipalName == $right.Caller | count')).toEqual([[4]]);
  });
  it('join kinds: leftouter, leftanti, rightanti, fullouter, leftsemi', () => {
    const base = 'SigninLogs | distinct UserPrincipalName | join kind=KIND (AzureActivity | distinct Caller) on $left.UserPrincipalName == $right.Caller';
    const k = (kind: string) => rows(base.replace('KIND', kind));
    expect(k('leftouter').length).toBe(3);
    expect(k('leftanti')).toEqual([['bob@contoso.com'], ['Carol@Contoso.com']]);
    expect(k('rightanti')).toEqual([['dave@contoso.com']]);
    expect(k('fullouter').length).toBe(4);
    expect(k('leftsemi')).toEqual([['alice@contoso.com']]);
  });
  it('join renames right-side duplicate columns like Kusto', () => {
    const r = run('SigninLogs | take 1 | join kind=inner (SigninLogs | take 1) on UserPrincipalName');
    expect(r.columns.map((c) => c.name)).toContain('UserPrincipalName1');
    expect(r.columns.map((c) => c.name)).toContain('TimeGenerated1');
  });
  it('union with withsource and outer columns', () => {
    const r = run('union withsource=Src (SigninLogs | take 1 | project UserPrincipalName), (AzureActivity | take 1 | project Caller)');
    expect(r.columns.map((c) => c.name)).toEqual(['Src', 'UserPrincipalName', 'Caller']);
    expect(r.rows.length).toBe(2);
  });
  it('sort defaults to descending with nulls last; asc puts nulls first', () => {
    expect(rows('SigninLogs | sort by DurationMs | project DurationMs')).toEqual([[30], [10], [5], [null]]);
    expect(rows('SigninLogs | sort by DurationMs asc | project DurationMs')).toEqual([[null], [5], [10], [30]]);
  });
  it('top, distinct, count, take', () => {
    expect(rows('SigninLogs | top 2 by TimeGenerated asc | project UserPrincipalName')).toEqual([['Carol@Contoso.com'], ['alice@contoso.com']]);
    expect(rows('SigninLogs | distinct IPAddress | count')).toEqual([[3]]);
    expect(rows('SigninLogs | take 2 | count')).toEqual([[2]]);
  });
  it('mv-expand arrays with index, drops empty arrays, keeps null', () => {
    expect(rows('print a = dynamic([1,2,3]) | mv-expand with_itemindex=i a to typeof(long) | project i, a')).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(rows('print a = dynamic([]) | mv-expand a | count')).toEqual([[0]]);
    expect(rows('print a = dynamic(null) | mv-expand a | count')).toEqual([[1]]);
  });
  it('let: scalar, tabular and user functions with tabular parameters', () => {
    expect(rows('let threshold = 15; let f = (T:(DurationMs:long), min:long) { T | where DurationMs >= min }; f(SigninLogs, threshold) | count')).toEqual([[1]]);
    expect(rows('let twice = (x:long) { x * 2 }; SigninLogs | where isnotnull(DurationMs) | project d = twice(DurationMs) | order by d asc')).toEqual([[10], [20], [60]]);
  });
  it('materialize and toscalar', () => {
    expect(rows('let m = materialize(SigninLogs | summarize n = count()); let n = toscalar(m); print n')).toEqual([[4]]);
  });
  it('serialize with row_number and prev', () => {
    expect(rows('SigninLogs | sort by TimeGenerated asc | serialize rn = row_number(), prevUser = prev(UserPrincipalName) | project rn, prevUser | take 2'))
      .toEqual([[1, ''], [2, 'Carol@Contoso.com']]);
  });
  it('parse and parse-where', () => {
    expect(rows('print s = "user=alice id=42" | parse s with "user=" user " id=" id:long | project user, id')).toEqual([['alice', 42]]);
    expect(rows('print s = "nothing here" | parse-where s with "user=" user " id=" id:long | count')).toEqual([[0]]);
  });
  it('make-series fills empty bins with the default', () => {
    expect(rows('SigninLogs | make-series n = count() default = 0 on TimeGenerated from datetime(2026-11-20T10:00:00Z) to datetime(2026-11-20T12:00:00Z) step 1h'))
      .toEqual([[[2, 1], ['2026-11-20T10:00:00.0000000Z', '2026-11-20T11:00:00.0000000Z']]]);
  });
  it('_GetWatchlist returns registered watchlists', () => {
    e.registerWatchlist('TrustedIPs', ['IPAddress', 'Owner'], [['203.0.113.7', 'proxy']]);
    expect(rows('SigninLogs | where IPAddress in ((_GetWatchlist("TrustedIPs") | project SearchKey)) | count')).toEqual([[2]]);
    // An alias that does not exist yields no rows, as in Sentinel.
    expect(rows('_GetWatchlist("Nope") | count')).toEqual([[0]]);
  });
  it('datatable, print, range, getschema', () => {
    expect(rows('datatable(a:string, b:long)["x", 1, "y", 2] | where b > 1')).toEqual([['y', 2]]);
    expect(rows('range x from 1 to 5 step 2')).toEqual([[1], [3], [5]]);
    expect(rows('SigninLogs | project IPAddress | getschema | project ColumnName, ColumnType')).toEqual([['IPAddress', 'string']]);
  });
});

describe('errors', () => {
  it('syntax errors and unknown names are rejected by the binder with positions', () => {
    expect(() => run('SigninLogs | where')).toThrow(KqlSyntaxError);
    try { run('SigninLogs\n| where Foo == 1'); } catch (err) {
      expect(err).toBeInstanceOf(KqlSemanticError);
      expect((err as KqlSemanticError).position).toMatchObject({ line: 2, column: 9 });
    }
  });
  it('unsupported features name the operator or function and its position', () => {
    try { run('SigninLogs | evaluate autocluster()'); expect.unreachable(); } catch (err) {
      expect(err).toBeInstanceOf(KqlUnsupportedError);
      expect((err as Error).message).toMatch(/evaluate autocluster\(\).*line 1, column 14/);
    }
    expect(() => run('SigninLogs | partition by IPAddress { SigninLogs | take 1 }')).toThrow(/unsupported KQL: partition with a source subquery/);
    expect(() => run('SigninLogs | evaluate sequence_detect(TimeGenerated, 5m, 1h, a = true, b = true, IPAddress)')).toThrow(KqlUnsupportedError);
  });
  it('now is required', () => {
    expect(() => e.run('print 1', { now: undefined as unknown as string })).toThrow(/pinned now/);
  });
});

describe('regular expressions (RE2 spellings)', () => {
  it('accepts leading inline flags and (?P<name>) groups', () => {
    expect(rows('print a = "ABC" matches regex "(?i)^abc$", b = extract("(?P<n>[0-9]+)", 1, "id=42")')).toEqual([[true, '42']]);
  });
  it('an invalid pattern is a runtime error', () => {
    expect(() => run('print "x" matches regex "(unclosed"')).toThrow(KqlRuntimeError);
  });
});

describe('distinct with named expressions', () => {
  it('distinct Name = expr names the column and dedupes the computed values', () => {
    expect(run('SigninLogs | distinct U = tolower(UserPrincipalName) | order by U asc')).toEqual({
      columns: [{ name: 'U', type: 'string' }], rows: [['alice@contoso.com'], ['bob@contoso.com'], ['carol@contoso.com']],
    });
  });
});
