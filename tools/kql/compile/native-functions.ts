/** Tabular functions the engine implements natively (Sentinel's _GetWatchlist). */
import type { Table } from '../types.js';
import { emptyTable } from '../types.js';
import type { Env, RunState } from './env.js';
import { elems, unsupported, type Node } from './syntax.js';
import { compileScalar } from './scalar.js';
import { makeTable } from './table-util.js';
import { tableByName } from './query.js';

export function nativeTabularFunction(name: string, n: Node, env: Env, st: RunState): Table {
  const args = elems(n.ArgumentList.Expressions).map((a: Node) => compileScalar(a, emptyTable([]), env, st));
  if (name === '_GetWatchlist') {
    const alias = String(args[0]?.value ?? '');
    // Sentinel returns no rows for an alias that does not exist (the function filters the Watchlist table).
    const w = st.watchlists.get(alias) ?? { columns: [], rows: [], searchKey: 'SearchKey' };
    const rows = w.rows.length;
    const keyIdx = Math.max(0, w.columns.indexOf(w.searchKey));
    const cols = [
      { name: '_DTItemId', type: 'string' as const, data: w.rows.map((_, i) => `item-${i + 1}`) },
      { name: 'LastUpdatedTimeUTC', type: 'datetime' as const, data: w.rows.map(() => st.ctx.now) },
      { name: 'SearchKey', type: 'string' as const, data: w.rows.map((r) => r[keyIdx] ?? '') },
      { name: 'WatchlistItem', type: 'dynamic' as const, data: w.rows.map((r) => Object.fromEntries(w.columns.map((c, i) => [c, r[i] ?? '']))) },
      ...w.columns.filter((c) => c !== 'SearchKey').map((c) => ({ name: c, type: 'string' as const, data: w.rows.map((r) => r[w.columns.indexOf(c)] ?? '') })),
    ];
    return makeTable(cols.map((c) => ({ name: c.name, type: c.type })), cols.map((c) => c.data), rows);
  }
  if (name === 'table') {
    // table('Name'): a registered table (or the empty table of a known schema) by name.
    return tableByName(String(args[0]?.value ?? ''), n, env, st);
  }
  return unsupported(`function ${name}()`, n, 'tabular function');
}
