/** mv-expand and mv-apply, expected results from the KQL reference's definitions and examples. */
import { describe, expect, it } from 'vitest';
import { errorOf, run } from './kql-adv-helpers.js';

describe('mv-expand', () => {
  it('expands arrays, one row per element, other columns repeated', () => {
    const r = run("datatable (a: int, b: dynamic)[1, dynamic([10, 20]), 2, dynamic(['a', 'b'])] | mv-expand b");
    expect(r.cols).toEqual(['a:int', 'b:dynamic']);
    expect(r.rows).toEqual([[1, 10], [1, 20], [2, 'a'], [2, 'b']]);
  });

  it('expands a bag into single-key bags (bagexpansion=bag default) or [key, value] arrays', () => {
    const q = "datatable (a: int, b: dynamic)[1, dynamic({'prop1': 'a1', 'prop2': 'b1'})] | mv-expand ";
    expect(run(q + 'b').rows).toEqual([[1, { prop1: 'a1' }], [1, { prop2: 'b1' }]]);
    expect(run(q + 'bagexpansion=array b').rows).toEqual([[1, ['prop1', 'a1']], [1, ['prop2', 'b1']]]);
    expect(run(q + 'kind=array b').rows).toEqual([[1, ['prop1', 'a1']], [1, ['prop2', 'b1']]]);
  });

  it('expands several columns in parallel, padding the shorter with null', () => {
    const r = run("datatable (a: int, b: dynamic, c: dynamic)[1, dynamic({'prop1': 'a', 'prop2': 'b'}), dynamic([5, 4, 3])] | mv-expand b, c");
    expect(r.rows).toEqual([[1, { prop1: 'a' }, 5], [1, { prop2: 'b' }, 4], [1, null, 3]]);
  });

  it('two mv-expand in a row give the cartesian product', () => {
    const r = run("datatable (b: dynamic, c: dynamic)[dynamic([1, 2]), dynamic(['x', 'y'])] | mv-expand b | mv-expand c");
    expect(r.rows).toEqual([[1, 'x'], [1, 'y'], [2, 'x'], [2, 'y']]);
  });

  it('with_itemindex adds a 0-based long index column', () => {
    const r = run('range x from 1 to 4 step 1 | summarize x = make_list(x) | mv-expand with_itemindex=Index x');
    expect(r.cols).toEqual(['x:dynamic', 'Index:long']);
    expect(r.rows).toEqual([[1, 0], [2, 1], [3, 2], [4, 3]]);
  });

  it('to typeof() casts; elements not of the type become null', () => {
    expect(run("print d = dynamic(['a', 'b']) | mv-expand d to typeof(string)").rows).toEqual([['a'], ['b']]);
    const r = run("print d = dynamic([1, 'x', 2.5]) | mv-expand d to typeof(long)");
    expect(r.cols).toEqual(['d:long']);
    expect(r.rows).toEqual([[1], [null], [null]]);
  });

  it('limit caps the rows produced per input row', () => {
    expect(run('print d = dynamic([1, 2, 3, 4]) | mv-expand d limit 2').rows).toEqual([[1], [2]]);
  });

  it('null yields one row with null; empty array and empty bag yield no row', () => {
    const r = run('datatable(a:int, d:dynamic)[1, dynamic([]), 2, dynamic(null), 3, dynamic({})] | mv-expand d');
    expect(r.rows).toEqual([[2, null]]);
  });

  it('Name = expression adds a new column; a path expression gets the binder name (d.a -> d_a)', () => {
    expect(run('print d = dynamic([1,2]) | mv-expand e = d').rows).toEqual([[[1, 2], 1], [[1, 2], 2]]);
    const r = run("print d = dynamic({'a':[1,2]}) | mv-expand d.a");
    expect(r.cols).toEqual(['d:dynamic', 'd_a:dynamic']);
    expect(r.rows).toEqual([[{ a: [1, 2] }, 1], [{ a: [1, 2] }, 2]]);
  });
});

describe('mv-apply', () => {
  const T = "datatable (k:string, xs:dynamic)['a', dynamic([3,1,2]), 'b', dynamic([5]), 'c', dynamic([])]";

  it('runs the subquery per row over the expanded items (top 2 per row, typed)', () => {
    const r = run(`${T} | mv-apply x = xs to typeof(long) on (top 2 by x desc)`);
    expect(r.cols).toEqual(['k:string', 'xs:dynamic', 'x:long']);
    expect(r.rows).toEqual([['a', [3, 1, 2], 3], ['a', [3, 1, 2], 2], ['b', [5], 5]]);
  });

  it('the subquery sees the row columns; output = non-expanded input columns + subquery columns', () => {
    const r = run(`${T} | mv-apply xs on (where xs > 1 | extend y = xs * 10, kk = k)`);
    expect(r.cols).toEqual(['k:string', 'xs:dynamic', 'y:long', 'kk:string']);
    expect(r.rows).toEqual([['a', 3, 30, 'a'], ['a', 2, 20, 'a'], ['b', 5, 50, 'b']]);
  });

  it('a summarize subquery gives one row per input row (also for an empty array)', () => {
    const r = run(`${T} | mv-apply xs on (summarize m = make_list(xs), n = count())`);
    expect(r.cols).toEqual(['k:string', 'm:dynamic', 'n:long']);
    expect(r.rows).toEqual([['a', [3, 1, 2], 3], ['b', [5], 1], ['c', [], 0]]);
  });

  it('with_itemindex and limit', () => {
    expect(run(`${T} | where k == 'a' | mv-apply with_itemindex=i x = xs on (where i > 0)`).rows).toEqual([['a', [3, 1, 2], 1, 1], ['a', [3, 1, 2], 2, 2]]);
    expect(run(`${T} | where k == 'a' | mv-apply xs limit 2 on (summarize c = count())`).rows).toEqual([['a', 2]]);
  });

  it('several arrays expand in parallel', () => {
    const r = run("datatable (xs:dynamic, ys:dynamic)[dynamic([1,2]), dynamic(['p','q','r'])] | mv-apply xs, ys on (project xs, ys)");
    expect(r.rows).toEqual([[1, 'p'], [2, 'q'], [null, 'r']]);
  });
});
