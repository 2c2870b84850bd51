/** make-series, evaluate bag_unpack, getschema, render, lookup, per the KQL reference. */
import { describe, expect, it } from 'vitest';
import { errorOf, run } from './kql-adv-helpers.js';

describe('make-series', () => {
  it('reference example: avg per day, from (inclusive) to (exclusive), default 0', () => {
    const q = `let data=datatable(timestamp:datetime, metric: real)[datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3,
      datetime(2017-01-03), 4, datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8, datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4,
      datetime(2017-01-07), 3, datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2, datetime(2017-01-09T12:00), 11,
      datetime(2017-01-10T05:00), 5];
      data | make-series avg(metric) on timestamp from datetime(2017-01-01) to datetime(2017-01-10) step 1d`;
    const r = run(q);
    expect(r.cols).toEqual(['avg_metric:dynamic', 'timestamp:dynamic']);
    expect(r.rows).toEqual([[[4, 3, 5, 0, 10.5, 4, 3, 8, 6.5], Array.from({ length: 9 }, (_, i) => `2017-01-0${i + 1}T00:00:00.0000000Z`)]]);
  });

  it('several aggregates, default=, by: one row per group, by columns first', () => {
    const r = run(`datatable(t:datetime, k:string, v:long)[datetime(2026-01-01T00:10), 'a', 1, datetime(2026-01-01T00:20), 'a', 2, datetime(2026-01-01T02:00), 'b', 5]
      | make-series n = count() default = -1, s = sum(v) on t from datetime(2026-01-01) to datetime(2026-01-01T03:00) step 1h by k`);
    expect(r.cols).toEqual(['k:string', 'n:dynamic', 's:dynamic', 't:dynamic']);
    const axis = ['2026-01-01T00:00:00.0000000Z', '2026-01-01T01:00:00.0000000Z', '2026-01-01T02:00:00.0000000Z'];
    expect(r.rows).toEqual([['a', [2, -1, -1], [3, 0, 0], axis], ['b', [-1, -1, 1], [0, 0, 5], axis]]);
  });

  it('without from/to the axis spans the data; in range() is the older form', () => {
    const T = 'datatable(t:datetime, v:long)[datetime(2026-01-01T00:10), 1, datetime(2026-01-01T02:10), 2]';
    expect(run(`${T} | make-series sum(v) on t step 1h`).rows).toEqual([[[1, 0, 2], ['2026-01-01T00:10:00.0000000Z', '2026-01-01T01:10:00.0000000Z', '2026-01-01T02:10:00.0000000Z']]]);
    expect(run(`${T} | make-series sum(v) on t in range(datetime(2026-01-01), datetime(2026-01-01T02:00), 1h)`).rows)
      .toEqual([[[1, 0], ['2026-01-01T00:00:00.0000000Z', '2026-01-01T01:00:00.0000000Z']]]);
  });

  // make-series-operator.md: "When the input to make-series is empty, the default behavior of make-series produces
  // an empty result"; kind=nonempty produces one row of default values.
  it('an empty input gives no row; kind=nonempty gives one all-default series', () => {
    expect(run('datatable(t:datetime, v:long)[] | make-series sum(v) on t from datetime(2026-01-01) to datetime(2026-01-01T02:00) step 1h').rows).toEqual([]);
    expect(run('datatable(t:datetime, v:long)[] | make-series kind=nonempty sum(v) on t from datetime(2026-01-01) to datetime(2026-01-01T02:00) step 1h').rows)
      .toEqual([[[0, 0], ['2026-01-01T00:00:00.0000000Z', '2026-01-01T01:00:00.0000000Z']]]);
  });

  it('a numeric axis works like a time axis', () => {
    expect(run('datatable(x:long, v:long)[1, 10, 3, 30] | make-series sum(v) on x from 0 to 4 step 1').rows).toEqual([[[0, 10, 0, 30], [0, 1, 2, 3]]]);
  });
});

describe('evaluate bag_unpack', () => {
  it('one column per distinct key, source column removed, missing keys and null bags give null', () => {
    const r = run("datatable(k:string, d:dynamic)['r1', dynamic({'a': 1, 'b': 'x'}), 'r2', dynamic({'a': 2, 'c': [1]}), 'r3', dynamic(null)] | evaluate bag_unpack(d)");
    expect(r.cols).toEqual(['k:string', 'a:dynamic', 'b:dynamic', 'c:dynamic']);
    expect(r.rows).toEqual([['r1', 1, 'x', null], ['r2', 2, null, [1]], ['r3', null, null, null]]);
  });

  it('OutputColumnPrefix, positional or named', () => {
    const T = "datatable(a:long, d:dynamic)[5, dynamic({'b': 1, 'c': 'q'})]";
    expect(run(`${T} | evaluate bag_unpack(d, 'p_')`).cols).toEqual(['a:long', 'p_b:dynamic', 'p_c:dynamic']);
    expect(run(`${T} | evaluate bag_unpack(d, OutputColumnPrefix='p_')`).rows).toEqual([[5, 1, 'q']]);
  });

  it("columnsConflict: 'error' by default, 'replace_source', 'keep_source'", () => {
    const T = "datatable(a:long, d:dynamic)[5, dynamic({'a': 1, 'z': 2})]";
    const e = errorOf(`${T} | evaluate bag_unpack(d)`);
    expect(e.kind).toBe('runtime');
    expect(e.message).toContain("bag_unpack: property 'a' collides with existing column 'a'");
    const rep = run(`${T} | evaluate bag_unpack(d, columnsConflict='replace_source')`);
    expect([rep.cols, rep.rows]).toEqual([['a:dynamic', 'z:dynamic'], [[1, 2]]]);
    const keep = run(`${T} | evaluate bag_unpack(d, columnsConflict='keep_source')`);
    expect([keep.cols, keep.rows]).toEqual([['a:long', 'z:dynamic'], [[5, 2]]]);
  });

  it('an output schema fixes the columns and their types', () => {
    const r = run("datatable(a:long, d:dynamic)[5, dynamic({'b': 1, 'c': 'q', 't': '2026-01-01T00:00:00Z'})] | evaluate bag_unpack(d) : (a:long, b:long, c:string, t:datetime, other:string)");
    expect(r.cols).toEqual(['a:long', 'b:long', 'c:string', 't:datetime', 'other:string']);
    expect(r.rows).toEqual([[5, 1, 'q', '2026-01-01T00:00:00Z', '']]);
  });
});

describe('getschema, render, lookup', () => {
  it('getschema lists name, ordinal, CLR type and KQL type', () => {
    expect(run("datatable(k:string, v:long, t:datetime)['a', 1, datetime(2026-01-01)] | getschema").rows).toEqual([
      ['k', 0, 'System.String', 'string'], ['v', 1, 'System.Int64', 'long'], ['t', 2, 'System.DateTime', 'datetime'],
    ]);
  });

  it('render leaves rows unchanged and is recorded on the engine', () => {
    const r = run("datatable(k:string, v:long)['a', 1] | render timechart with (title='x')");
    expect(r.rows).toEqual([['a', 1]]);
    expect(r.engine.lastRenders).toEqual(["render timechart with (title='x')"]);
  });

  it('lookup: leftouter by default (unmatched left rows kept with nulls), every right match', () => {
    const r = run("datatable(k:string, v:long)['a', 1, 'b', 2, 'c', 3] | lookup (datatable(k:string, name:string)['a', 'A', 'b', 'B', 'b', 'B2']) on k");
    expect(r.cols).toEqual(['k:string', 'v:long', 'name:string']);
    expect(r.rows).toEqual([['a', 1, 'A'], ['b', 2, 'B'], ['b', 2, 'B2'], ['c', 3, '']]);
  });

  it('lookup kind=inner drops unmatched rows; $left/$right keys', () => {
    expect(run("datatable(k:string, v:long)['a', 1, 'c', 3] | lookup kind=inner (datatable(k:string, name:string)['a', 'A']) on k").rows).toEqual([['a', 1, 'A']]);
    const r = run("datatable(k:string, v:long)['a', 1, 'c', 3] | lookup (datatable(kk:string, w:long)['a', 10]) on $left.k == $right.kk");
    expect(r.rows.map((row) => [row[0], row[1], row[row.length - 1]])).toEqual([['a', 1, 10], ['c', 3, null]]);
  });
});
