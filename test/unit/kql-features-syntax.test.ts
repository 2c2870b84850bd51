/**
 * Query forms real Sentinel queries use: `* has` term search, the legacy single `=` in where, dynamic literals
 * with verbatim strings and comments, `(a, b) = ...` assignments, row_number(start, restart), summarize/join hints.
 * Reference pages cited per test (MicrosoftDocs/dataexplorer-docs, data-explorer/kusto/query/).
 */
import { describe, expect, it } from 'vitest';
import { errorOf, run } from './kql-adv-helpers.js';

const T = `datatable(Name:string, Count:long, Props:dynamic, When:datetime)[
  "cow farm", 1, dynamic(null), datetime(2024-01-01),
  "x", 2, dynamic({"animal":"Cow"}), datetime(2024-01-02),
  "y", 3, dynamic(null), datetime(2024-01-03)]`;

describe('where * <string predicate> (where-operator.md "Check if column contains string"; search-operator.md equivalences)', () => {
  it('* has matches a term in any column, including dynamic text, case-insensitively', () => {
    expect(run(`${T} | where * has "cow" | project Name`).rows).toEqual([['cow farm'], ['x']]);
  });
  it('non-string columns are searched in their text form', () => {
    expect(run(`${T} | where * contains "01-03T" | project Name`).rows).toEqual([['y']]);
    // `has` needs whole terms: "03T00" is one term of the datetime text, so "2024-01-03" is not a term match.
    expect(run(`${T} | where * has "2024-01-03" | project Name`).rows).toEqual([]);
    expect(run(`${T} | where * contains "3" | project Name`).rows).toEqual([['y']]);
  });
  it('_cs forms, hasprefix and matches regex', () => {
    expect(run(`${T} | where * has_cs "Cow" | project Name`).rows).toEqual([['x']]);
    expect(run(`${T} | where * hasprefix "far" | project Name`).rows).toEqual([['cow farm']]);
    expect(run(`${T} | where * matches regex "^[xy]$" | project Name`).rows).toEqual([['x'], ['y']]);
  });
  it('combines with other predicates', () => {
    expect(run(`${T} | where * has "cow" and Count > 1 | project Name`).rows).toEqual([['x']]);
  });
  it('negated forms and equality over every column are refused with the operator and position', () => {
    const e = errorOf(`${T} | where * !has "cow"`);
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/\* !has.*line 4, column \d+/);
    expect(errorOf(`${T} | where * == "x"`).kind).toBe('unsupported');
  });
  it('an empty input gives no rows', () => {
    expect(run(`datatable(a:string)[] | where * has "x"`).rows).toEqual([]);
  });
});

describe('legacy single = in where', () => {
  it('where Col = value compares like ==', () => {
    expect(run(`${T} | where Count = 2 | project Name`).rows).toEqual([['x']]);
    expect(run(`${T} | where Name = "y" | project Count`).rows).toEqual([[3]]);
  });
  it('string comparison stays case-sensitive like ==', () => {
    expect(run(`${T} | where Name = "Y"`).rows).toEqual([]);
  });
  it('`a = "x" and ...` (which the parser binds as a = ("x" and ...)) stays a semantic error', () => {
    expect(errorOf(`${T} | where Name = "x" and Count == 2`).kind).toBe('semantic');
  });
});

describe('dynamic literals (scalar-data-types/dynamic.md)', () => {
  it('verbatim strings keep backslashes; escaped strings decode', () => {
    expect(run(`print d=dynamic([@"c:\\temp", "a\\\\b", 'q'])`).rows).toEqual([[['c:\\temp', 'a\\b', 'q']]]);
  });
  it('// comments inside a multi-line literal are ignored', () => {
    expect(run(`print d=dynamic({
      "a": 1, // first
      "b": [true, null] // second
    })`).rows).toEqual([[{ a: 1, b: [true, null] }]]);
  });
  it('negative numbers and typed scalars take their dynamic (serialised) form', () => {
    expect(run(`print d=dynamic([-1, -2.5, datetime(2020-01-01), 1d, guid(00000000-0000-0000-0000-00000000000A)])`).rows)
      .toEqual([[[-1, -2.5, '2020-01-01T00:00:00.0000000Z', '1.00:00:00', '00000000-0000-0000-0000-00000000000a']]]);
  });
  it('scalars and null', () => {
    expect(run(`print a=dynamic(null), b=dynamic("s"), c=dynamic(5), d=dynamic({})`).rows).toEqual([[null, 's', 5, {}]]);
  });
});

describe('(a, b) = ... assignments', () => {
  const D = `datatable(k:string, v:long, w:real)["a", 1, 0.5, "a", 5, 1.5, "b", 7, 2.5]`;
  it('summarize (p50, p95) = percentiles(...) names each percentile column', () => {
    const r = run(`${D} | summarize (p50, p95) = percentiles(v, 50, 95) by k`);
    expect(r.cols).toEqual(['k:string', 'p50:long', 'p95:long']);
    expect(r.rows).toEqual([['a', 1, 5], ['b', 7, 7]]);
  });
  it('summarize (t, x) = arg_max(v, k, w) names the picked columns', () => {
    const r = run(`${D} | summarize (t, kk, ww) = arg_max(v, k, w)`);
    expect(r.cols).toEqual(['t:long', 'kk:string', 'ww:real']);
    expect(r.rows).toEqual([[7, 'b', 2.5]]);
  });
  it('a single name on a multi-percentile call names the first column only (binder naming)', () => {
    expect(run(`${D} | summarize p = percentiles(v, 50, 95)`).cols).toEqual(['p:long', 'percentile_v_95:long']);
  });
});

describe('row_number (row-number-function.md)', () => {
  it('reference example: restart numbering per airport', () => {
    const r = run(`datatable (Airport:string, Airline:string, Departures:long)
      ["TLV", "LH", 1, "TLV", "LY", 100, "SEA", "LH", 1, "SEA", "BA", 2, "SEA", "LY", 0]
      | sort by Airport asc, Departures desc
      | extend Rank=row_number(1, prev(Airport) != Airport)`);
    expect(r.rows).toEqual([['SEA', 'BA', 2, 1], ['SEA', 'LH', 1, 2], ['SEA', 'LY', 0, 3], ['TLV', 'LY', 100, 1], ['TLV', 'LH', 1, 2]]);
  });
  it('reference examples: default start 1 and start 7', () => {
    expect(run('range a from 1 to 3 step 1 | sort by a desc | extend rn=row_number()').rows).toEqual([[3, 1], [2, 2], [1, 3]]);
    expect(run('range a from 1 to 3 step 1 | sort by a desc | extend rn=row_number(7)').rows).toEqual([[3, 7], [2, 8], [1, 9]]);
  });
  it('a restart that is never true numbers straight through', () => {
    expect(run('range a from 1 to 3 step 1 | serialize | extend rn=row_number(0, false)').rows).toEqual([[1, 0], [2, 1], [3, 2]]);
  });
});

describe('hints are accepted and change nothing', () => {
  const D = `datatable(k:string, v:long)["a", 1, "a", 2, "b", 3]`;
  it('summarize hint.strategy / hint.shufflekey / hint.num_partitions', () => {
    const plain = run(`${D} | summarize sum(v) by k`).rows;
    expect(run(`${D} | summarize hint.strategy=shuffle sum(v) by k`).rows).toEqual(plain);
    expect(run(`${D} | summarize hint.shufflekey=k hint.num_partitions=4 sum(v) by k`).rows).toEqual(plain);
  });
  it('join hint.strategy / hint.remote', () => {
    const plain = run(`${D} | join kind=inner (${D}) on k | count`).rows;
    expect(run(`${D} | join hint.strategy=broadcast kind=inner hint.remote=left (${D}) on k | count`).rows).toEqual(plain);
  });
});

describe('the official binder failing', () => {
  it('an exception inside Kusto.Language (graph-match over a table) is a semantic error, not a crash', () => {
    const e = errorOf('datatable(a:long)[1] | graph-match (x)-[e]->(y) project x');
    expect(e.kind).toBe('semantic');
    expect(e.message).toContain('the official KQL binder failed');
  });
});
