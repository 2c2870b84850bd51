/**
 * Selection vectors and late materialisation (tools/kql/compile/selection.ts): a pending column reads exactly the
 * values a copy would hold, is copied once and only when read, and selections over selections compose.
 * Query-level results of where/join/mv-expand are covered by the conformance suite and the differential check;
 * this file pins the mechanism itself.
 */
import { describe, expect, it } from 'vitest';
import { columnRef, gatherRef, isPending, selectRefs, tableFromRefs } from '../../tools/kql/compile/selection.js';
import { selectRows } from '../../tools/kql/compile/table-util.js';
import { exceptRows, unionRows } from '../../tools/kql/compile/vector.js';
import { KqlEngine } from '../../tools/kql/index.js';
import type { Table } from '../../tools/kql/types.js';

const base = (): Table => ({
  columns: [{ name: 'id', type: 'long' }, { name: 's', type: 'string' }, { name: 'd', type: 'dynamic' }],
  data: [[0, 1, 2, 3, 4, 5], ['a', 'b', 'c', 'd', 'e', 'f'], [{ k: 0 }, null, [1], 'x', 3, { k: 5 }]],
  rowCount: 6,
});

describe('selection vectors', () => {
  it('a selection is pending until read, then holds the selected rows and stays materialised', () => {
    const t = base();
    const sel = selectRows(t, [5, 0, 3]);
    expect([0, 1, 2].map((c) => isPending(sel, c))).toEqual([true, true, true]);
    expect(sel.data[1]).toEqual(['f', 'a', 'd']);
    expect(isPending(sel, 1)).toBe(false);
    expect(sel.data[1]).toBe(sel.data[1]); // copied once
    expect([isPending(sel, 0), isPending(sel, 2)]).toEqual([true, true]);
    expect(sel.data[2]).toEqual([{ k: 5 }, { k: 0 }, 'x']);
    expect(sel.data[2]![0]).toBe(t.data[2]![5]); // values are shared, not cloned
  });

  it('a selection over a pending column composes the vectors and never copies the intermediate', () => {
    const t = base();
    const first = selectRows(t, [1, 2, 3, 4, 5]);
    const second = selectRows(first, [4, 0, 2]);
    expect(second.data[0]).toEqual([5, 1, 3]);
    expect(isPending(first, 0)).toBe(true);
  });

  it('padded rows (-1) hold the column type\'s null: empty string for strings, null otherwise', () => {
    const t = base();
    const refs = selectRefs(t, Int32Array.from([2, -1, 0]));
    const out = tableFromRefs(t.columns, refs, 3);
    expect(out.data.map((c) => [...c])).toEqual([[2, null, 0], ['c', '', 'a'], [[1], null, { k: 0 }]]);
    // composing over a padded selection keeps the padding
    const again = tableFromRefs(t.columns, t.columns.map((c, i) => gatherRef(columnRef(out, i), Int32Array.from([1, 2]), c.type === 'string' ? '' : null)), 2);
    expect(again.data[1]).toEqual(['', 'a']);
  });

  it('writing a pending column replaces it without copying', () => {
    const sel = selectRows(base(), [0, 1]);
    sel.data[0] = [10, 11];
    expect(sel.data[0]).toEqual([10, 11]);
    expect(isPending(sel, 0)).toBe(false);
  });

  it('row-set helpers: union and difference of ascending selections', () => {
    expect([...unionRows(Int32Array.from([1, 4, 7]), Int32Array.from([0, 4, 9]))]).toEqual([0, 1, 4, 7, 9]);
    expect([...exceptRows(6, undefined, Int32Array.from([0, 3, 5]))]).toEqual([1, 2, 4]);
    expect([...exceptRows(0, Int32Array.from([2, 4, 8]), Int32Array.from([4]))]).toEqual([2, 8]);
  });

  it('a pipeline over pending selections gives the same rows as the same data materialised', () => {
    const e = new KqlEngine();
    const rows = 3000;
    const data: unknown[][] = [[], [], [], []];
    for (let i = 0; i < rows; i++) {
      data[0]!.push(i);
      data[1]!.push(i % 7 === 0 ? '' : `user${i % 13}`);
      data[2]!.push(i % 5 === 0 ? null : (i * 7919) % 1000);
      data[3]!.push(i % 4 === 0 ? null : [{ n: `p${i % 3}`, r: i % 2 ? 'success' : 'failure' }, { n: `p${(i + 1) % 3}`, r: 'success' }]);
    }
    e.registerTable('Tq', { columns: [{ name: 'id', type: 'long' }, { name: 'u', type: 'string' }, { name: 'v', type: 'long' }, { name: 'p', type: 'dynamic' }], data, rowCount: rows });
    const run = (q: string) => { const t = e.runTable(q, { now: '2024-01-01T00:00:00Z' }); return t.data[0]!.map((_, r) => t.data.map((c) => c[r])); };
    // Same answers whichever way the selections are stacked (where before/after mv-expand, join sides filtered).
    const a = run('Tq | where v > 300 or u has "user3" | mv-expand x = p | where tostring(x.r) == "success" | summarize n = count(), s = sum(v) by u, tostring(x.n) | order by u asc, x_n asc');
    const b = run('Tq | mv-expand x = p | where tostring(x.r) == "success" | where v > 300 or u has "user3" | summarize n = count(), s = sum(v) by u, tostring(x.n) | order by u asc, x_n asc');
    expect(a.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
    const j1 = run('Tq | where v < 500 | join kind=leftouter (Tq | where v >= 250 | project u, w = v) on u | summarize c = count(), m = max(w) by u | order by u asc');
    const j2 = run('Tq | join kind=leftouter (Tq | project u, w = iff(v >= 250, v, long(null))) on u | where v < 500 | summarize c = countif(isnotnull(w) or isnull(w)), m = max(w) by u | order by u asc');
    expect(j1.map((r) => r[0])).toEqual(j2.map((r) => r[0]));
    expect(j1.map((r) => r[2])).toEqual(j2.map((r) => r[2]));
  });
});
