/**
 * `set OptionName [= Value];` statements (set-statement.md, request-properties.md). Options that change what a
 * query returns are applied: query_now (now()), query_take_max_records (the result's row cap),
 * query_bin_auto_size / query_bin_auto_at (bin_auto()), truncationmaxrecords (a larger result is an error, as
 * the service's result-set limit is; notruncation lifts it), maxmemoryconsumptionperiterator (the engine's
 * per-operator memory limit, ../budget.ts). Options that only steer execution, caching or
 * tracing are accepted with no effect. Any other option fails as unsupported, naming it.
 */
import { KqlRuntimeError } from '../errors.js';
import { emptyTable, type Table } from '../types.js';
import { compileScalar } from './scalar.js';
import type { Env, RunState } from './env.js';
import { unsupported, type Node } from './syntax.js';

/** Options with no effect on the rows a query returns. */
const EXECUTION_ONLY = new Set([
  'querytrace', 'query_results_cache_max_age', 'query_results_cache_force_refresh', 'query_results_cache_per_shard',
  'query_fanout_nodes_percent', 'query_fanout_threads_percent',
  'max_memory_consumption_per_query_per_node', 'servertimeout', 'norequesttimeout', 'request_app_name',
  'request_description', 'request_user', 'query_consistency', 'queryconsistency', 'best_effort', 'deferpartialqueryfailures',
  'query_distribution_nodes_span', 'query_force_row_level_security', 'request_readonly', 'request_callout_disabled',
  'truncationmaxsize', 'maxoutputcolumns', 'query_cursor_scoped_tables', 'query_python_debug', 'request_block_row_level_security',
]);

export function applySetOption(stmt: Node, env: Env, st: RunState): void {
  const name = String(stmt.Name?.SimpleName ?? '').toLowerCase();
  const valueNode: Node | undefined = stmt.ValueClause?.Expression;
  const value = () => {
    if (!valueNode) return true;
    const c = compileScalar(valueNode, emptyTable([]), env, st);
    return c.isConst ? c.value : c.fn(0);
  };
  if (EXECUTION_ONLY.has(name)) return;
  const o = st.options;
  switch (name) {
    case 'query_now': {
      const v = value();
      if (typeof v !== 'bigint') throw new KqlRuntimeError(`set query_now needs a datetime, got ${String(v)}`);
      st.ctx.now = v;
      return;
    }
    case 'maxmemoryconsumptionperiterator': {
      // The engine's per-operator memory limit (budget.ts), as in Kusto (query-limits.md).
      const v = Number(value());
      if (!Number.isSafeInteger(v) || v <= 0) throw new KqlRuntimeError(`set maxmemoryconsumptionperiterator needs a positive number of bytes, got ${String(value())}`);
      st.budget.setMemoryFromQuery(v);
      return;
    }
    case 'query_take_max_records': o.takeMaxRecords = Number(value()); return;
    case 'truncationmaxrecords': o.truncationMaxRecords = Number(value()); return;
    case 'notruncation': o.noTruncation = value() !== false; return;
    case 'query_bin_auto_size': o.binAutoSize = value(); return;
    case 'query_bin_auto_at': o.binAutoAt = value(); return;
  }
  unsupported(`set ${name}`, stmt, 'this request property changes results in ways the engine does not model');
}

/** The result after the row-limiting options. */
export function applyResultOptions(t: Table, st: RunState): Table {
  const o = st.options;
  if (o.truncationMaxRecords !== undefined && !o.noTruncation && t.rowCount > o.truncationMaxRecords) {
    throw new KqlRuntimeError(`the result has ${t.rowCount} records, over truncationmaxrecords = ${o.truncationMaxRecords} (set notruncation to lift the limit)`);
  }
  if (o.takeMaxRecords === undefined || t.rowCount <= o.takeMaxRecords) return t;
  const n = Math.max(0, o.takeMaxRecords);
  return { columns: t.columns, data: t.data.map((col) => col.slice(0, n)), rowCount: n };
}
