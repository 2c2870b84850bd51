/** Aggregates for summarize and make-series: counts, distinct counts (exact), sums, averages, extremes, sets, lists, bags, arg_max/arg_min, statistics. */
import { registerAggregate } from '../registry.js';
import { A, isNull, nn, distinctCount, sumOf, distinctVals, extreme, numsOf, sampleVariance, populationVariance, percentileOf, bagOf } from './support.js';
import { compareValues, toDynamic } from '../compare.js';
import type { KqlType } from '../types.js';

const setItems = (vals: unknown[], t: KqlType) => (t === 'dynamic' ? vals.flatMap((v) => (Array.isArray(v) ? v : [v])) : vals);

registerAggregate(
  A('count', 0, 1, (args, rows) => (args.length && args[0]!.length ? nn(args[0]!, rows).length : rows.length)),
  A('countif', 1, 1, (args, rows) => { let n = 0; for (let i = 0; i < rows.length; i++) if (args[0]![rows[i]!] === true) n++; return n; }),
  A('dcount', 1, 2, (args, rows) => distinctCount(args[0]!, rows)),
  A('dcountif', 2, 3, (args, rows) => distinctCount(args[0]!, rows, args[1])),
  A('sum', 1, 1, (args, rows, _t, rt) => sumOf(nn(args[0]!, rows), rt)),
  A('sumif', 2, 2, (args, rows, _t, rt) => sumOf(nn(args[0]!, rows, args[1]), rt)),
  A('avg', 1, 1, (args, rows) => { const v = nn(args[0]!, rows) as number[]; return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null; }),
  A('avgif', 2, 2, (args, rows) => { const v = nn(args[0]!, rows, args[1]) as number[]; return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null; }),
  A('min', 1, 1, (args, rows) => { const v = nn(args[0]!, rows); return v.length ? v.reduce((m, x) => (compareValues(x, m) < 0 ? x : m)) : null; }),
  A('max', 1, 1, (args, rows) => { const v = nn(args[0]!, rows); return v.length ? v.reduce((m, x) => (compareValues(x, m) > 0 ? x : m)) : null; }),
  A('minif', 2, 2, (args, rows) => { const v = nn(args[0]!, rows, args[1]); return v.length ? v.reduce((m, x) => (compareValues(x, m) < 0 ? x : m)) : null; }),
  A('maxif', 2, 2, (args, rows) => { const v = nn(args[0]!, rows, args[1]); return v.length ? v.reduce((m, x) => (compareValues(x, m) > 0 ? x : m)) : null; }),
  // make_set of a dynamic array collects its elements (make-set-aggregation-function.md, "Set from array column").
  A('make_set', 1, 2, (args, rows, t) => distinctVals(setItems(nn(args[0]!, rows), t[0]!), t[0]!, args[1] ? (args[1][rows[0]!] as number) ?? Infinity : Infinity), { aliases: ['makeset'] }),
  A('make_set_if', 2, 3, (args, rows, t) => distinctVals(setItems(nn(args[0]!, rows, args[1]), t[0]!), t[0]!, args[2] ? (args[2][rows[0]!] as number) ?? Infinity : Infinity)),
  A('make_list', 1, 2, (args, rows, t) => nn(args[0]!, rows).slice(0, args[1] ? (args[1][rows[0]!] as number) ?? Infinity : Infinity).map((v) => toDynamic(t[0]!, v)), { aliases: ['makelist'] }),
  A('make_list_if', 2, 3, (args, rows, t) => nn(args[0]!, rows, args[1]).map((v) => toDynamic(t[0]!, v))),
  A('arg_max', 1, 64, () => null, { pickRow: extreme(1) }),
  A('arg_min', 1, 64, () => null, { pickRow: extreme(-1) }),
  A('take_any', 1, 64, () => null, { pickRow: (args, rows) => { for (let i = 0; i < rows.length; i++) if (!isNull(args[0]![rows[i]!])) return rows[i]!; return rows.length ? rows[0]! : -1; }, aliases: ['any'] }),
  A('stdev', 1, 1, (args, rows) => { const v = sampleVariance(numsOf(args[0]!, rows)); return v === null ? null : Math.sqrt(v); }),
  A('stdevif', 2, 2, (args, rows) => { const v = sampleVariance(numsOf(args[0]!, rows, args[1])); return v === null ? null : Math.sqrt(v); }),
  A('stdevp', 1, 1, (args, rows) => { const v = populationVariance(numsOf(args[0]!, rows)); return v === null ? null : Math.sqrt(v); }),
  A('variance', 1, 1, (args, rows) => sampleVariance(numsOf(args[0]!, rows))),
  A('varianceif', 2, 2, (args, rows) => sampleVariance(numsOf(args[0]!, rows, args[1]))),
  A('variancep', 1, 1, (args, rows) => populationVariance(numsOf(args[0]!, rows))),
  A('percentile', 2, 2, (args, rows) => percentileOf(numsOf(args[0]!, rows), Number(args[1]![rows[0]!] ?? 50))),
  A('count_distinct', 1, 1, (args, rows) => distinctCount(args[0]!, rows)),
  A('count_distinctif', 2, 2, (args, rows) => distinctCount(args[0]!, rows, args[1])),
  A('make_bag', 1, 2, (args, rows) => bagOf(args[0]!, rows, undefined, args[1] ? Number(args[1][rows[0]!]) : Infinity)),
  A('make_bag_if', 2, 3, (args, rows) => bagOf(args[0]!, rows, args[1])),
  A('make_list_with_nulls', 1, 1, (args, rows, t) => Array.from(rows, (r) => toDynamic(t[0]!, args[0]![r] ?? null))),
  A('take_anyif', 2, 2, () => null, { pickRow: (args, rows) => { for (let i = 0; i < rows.length; i++) { const r = rows[i]!; if (args[1]?.[r] === true) return r; } return -1; } }),
);
