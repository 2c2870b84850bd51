/**
 * evaluate plugins: pivot, narrow, activity_counts_metrics, ipv4_lookup, ipv6_lookup (files under ./plugins) and
 * bag_unpack(Column [, OutputColumnPrefix] [, columnsConflict] [, ignoredProperties]) below.
 * Every other plugin fails with KqlUnsupportedError naming it.
 * bag_unpack: one column per distinct top-level key of the bags (sorted by name), the source column removed;
 * a key that collides with an existing column follows columnsConflict: 'error' (default), 'replace_source',
 * 'keep_source'. With an output schema (`evaluate bag_unpack(d) : (a:long, ...)`) the schema is the result.
 */
import type { OperatorFn } from './types.js';
import type { ColumnSchema, Table } from '../../types.js';
import { elems, kindName, posOf, textOf, unsupported, type Node } from '../syntax.js';
import { compileScalar } from '../scalar.js';
import { binderSchema } from '../table-util.js';
import { emptyTable } from '../../types.js';
import { KqlRuntimeError } from '../../errors.js';
import { castDynamic } from './mv-expand.js';
import { pivot } from './plugins/pivot.js';
import { narrow } from './plugins/narrow.js';
import { activityCountsMetrics } from './plugins/activity-counts-metrics.js';
import { ipv4Lookup, ipv6Lookup } from './plugins/ip-lookup.js';
import { rollingPercentile } from './plugins/rolling-percentile.js';

/** Plugins with their own file under ./plugins (bag_unpack lives below). */
const PLUGINS: Record<string, OperatorFn> = {
  pivot,
  narrow,
  activity_counts_metrics: activityCountsMetrics,
  ipv4_lookup: ipv4Lookup,
  ipv6_lookup: ipv6Lookup,
  rolling_percentile: rollingPercentile,
};

const ARG_NAMES = ['outputcolumnprefix', 'columnsconflict', 'ignoredproperties'];

export const evaluate: OperatorFn = (op, input, env, st, pipe) => {
  const call = op.FunctionCall;
  const name = String(call?.Name?.SimpleName ?? textOf(call)).toLowerCase();
  // hint.distribution / hint.remote / hint.pass_filters steer execution only.
  for (const p of elems(op.Parameters)) if (!String(p.Name.SimpleName).toLowerCase().startsWith('hint.')) unsupported(`evaluate ${String(p.Name.SimpleName)}=`, p);
  const plugin = PLUGINS[name];
  if (plugin) return plugin(op, input, env, st, pipe);
  if (name !== 'bag_unpack') return unsupported(`evaluate ${name}()`, op);
  const t = input!;
  const args = elems(call.ArgumentList.Expressions);
  if (kindName(args[0]) !== 'NameReference') return unsupported('bag_unpack', args[0], 'the first argument must be a column');
  const colName = String(args[0].SimpleName);
  // Optional arguments by position or by name (columnsConflict='replace_source').
  const opt = new Map<string, unknown>();
  const constant = (n: Node) => { const c = compileScalar(n, emptyTable([]), env, st); return c.isConst ? c.value : c.fn(0); };
  args.slice(1).forEach((a: Node, i: number) => {
    if (kindName(a) === 'SimpleNamedExpression') {
      const key = String(a.Name.SimpleName).toLowerCase();
      if (!ARG_NAMES.includes(key)) unsupported(`bag_unpack argument ${String(a.Name.SimpleName)}`, a);
      opt.set(key, constant(a.Expression));
    } else opt.set(ARG_NAMES[i]!, constant(a));
  });
  const prefix = String(opt.get('outputcolumnprefix') ?? '');
  const conflict = String(opt.get('columnsconflict') ?? 'error').toLowerCase();
  if (!['error', 'replace_source', 'keep_source'].includes(conflict)) unsupported(`bag_unpack columnsConflict='${conflict}'`, call);
  const ignoredRaw = opt.get('ignoredproperties');
  const ignored = new Set<string>(Array.isArray(ignoredRaw) ? ignoredRaw.map(String) : []);

  const ci = t.columns.findIndex((c) => c.name === colName);
  const bags = t.data[ci]!;
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const b of bags) if (b && typeof b === 'object' && !Array.isArray(b)) for (const k of Object.keys(b)) if (!seen.has(k) && !ignored.has(k)) { seen.add(k); keys.push(k); }
  // The new columns come sorted by name (bag-unpack-plugin.md's examples: Age before Name), not in first-seen order.
  keys.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const prop = (k: string) => bags.map((b) => (b && typeof b === 'object' && !Array.isArray(b) ? ((b as Record<string, unknown>)[k] ?? null) : null));

  let columns: ColumnSchema[] = t.columns.filter((_, i) => i !== ci);
  let data = t.data.filter((_, i) => i !== ci);
  for (const k of keys) {
    const out = prefix + k;
    const at = columns.findIndex((c) => c.name === out);
    if (at >= 0) {
      if (conflict === 'error') throw new KqlRuntimeError(`bag_unpack: property '${k}' collides with existing column '${out}' (columnsConflict='error'; use 'replace_source' or 'keep_source')`, posOf(call));
      if (conflict === 'keep_source') continue;
      // replace_source: the property's values take the column's place (bag-unpack-plugin.md: Name stays first).
      columns[at] = { name: out, type: 'dynamic' };
      data[at] = prop(k);
      continue;
    }
    columns.push({ name: out, type: 'dynamic' });
    data.push(prop(k));
  }
  if (!op.Schema) return { columns, data, rowCount: t.rowCount };
  // An explicit output schema is the result: its columns, in its order, values cast to its types.
  const schema = binderSchema(pipe) ?? [];
  const outData = schema.map((c) => {
    const at = columns.findIndex((x) => x.name === c.name);
    if (at < 0) return new Array(t.rowCount).fill(c.type === 'string' ? '' : null);
    if (columns[at]!.type === c.type) return data[at]!;
    if (columns[at]!.type !== 'dynamic') unsupported(`bag_unpack output schema changing the type of column ${c.name}`, op.Schema);
    return data[at]!.map((v) => castDynamic(c.type, v));
  });
  return { columns: schema, data: outData, rowCount: t.rowCount } as Table;
};
