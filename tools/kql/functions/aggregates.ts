/**
 * Aggregates for summarize and make-series: counts, distinct counts (exact), sums, averages, extremes, sets,
 * lists, bags, arg_max/arg_min, statistics. An implementation gets the group's rows, then one column per
 * argument (indexed by row), then the Call.
 */
import { aggregate, registerAggregate, rowPicker, type Call, type Rows } from '../registry.js';
import { isNull, nn, distinctCount, sumOf, meanOf, distinctVals, extremeRow, numsOf, sampleVariance, populationVariance, percentileOf, bagOf } from './support.js';
import { compareValues, toDynamic } from '../compare.js';
import type { KqlType } from '../types.js';
import { exactLong } from '../ticks.js';
import { markRealArray } from '../real-arrays.js';

type Column = unknown[];

/** A constant argument such as maxSize, read from the group's first row (Infinity when absent). */
const limitOf = (column: Column | undefined, rows: Rows) => (column ? (column[rows[0]!] as number | null) ?? Infinity : Infinity);
const extremeValue = (values: unknown[], sign: 1 | -1) => (values.length ? values.reduce((m, x) => (compareValues(x, m) * sign > 0 ? x : m)) : null);
/** Fold longs as 64-bit two's complement integers; the result must still be an exact long. */
function bitwiseFold(values: unknown[], op: (a: bigint, b: bigint) => bigint): number | null {
  if (!values.length) return null;
  const folded = values.map((v) => BigInt.asIntN(64, BigInt(v as number))).reduce(op);
  return exactLong(folded, 'binary_all_*()');
}
const sqrtOrNull = (v: number | null) => (v === null ? null : Math.sqrt(v));
/** A list of a real column holds reals, whatever their values (real-arrays.ts). */
const typedList = (type: KqlType, list: unknown[]) => (type === 'real' || type === 'decimal' ? markRealArray(list) : list);
/** The values make_set collects: a dynamic array contributes its elements. */
const setElements = (values: unknown[], type: KqlType) => (type === 'dynamic' ? values.flatMap((v) => (Array.isArray(v) ? v : [v])) : values);

registerAggregate(
  aggregate('count(predicate?: bool): long', function count(rows: Rows, values: Column | undefined) {
    return values && values.length ? nn(values, rows).length : rows.length;
  }),
  aggregate('countif(predicate: bool): long', function countif(rows: Rows, predicate: Column) {
    let n = 0;
    for (let i = 0; i < rows.length; i++) if (predicate[rows[i]!] === true) n++;
    return n;
  }),
  aggregate('dcount(expr: scalar, accuracy?: integer): long', function dcount(rows: Rows, expr: Column) { return distinctCount(expr, rows); }),
  aggregate('dcountif(expr: scalar, predicate: bool, accuracy?: integer): long', function dcountif(rows: Rows, expr: Column, predicate: Column) { return distinctCount(expr, rows, predicate); }),
  aggregate('count_distinct(expr: scalar): long', function countDistinct(rows: Rows, expr: Column) { return distinctCount(expr, rows); }),
  aggregate('count_distinctif(expr: scalar, predicate: bool): long', function countDistinctif(rows: Rows, expr: Column, predicate: Column) { return distinctCount(expr, rows, predicate); }),
  aggregate('sum(expr: summable): same as expr, promoted', function sum(rows: Rows, expr: Column) { return sumOf(nn(expr, rows)); }),
  aggregate('sumif(expr: summable, predicate: bool): same as expr, promoted', function sumif(rows: Rows, expr: Column, predicate: Column) {
    return sumOf(nn(expr, rows, predicate));
  }),
  aggregate('avg(expr: summable): real, or same as expr for datetime and timespan', function avg(rows: Rows, expr: Column) { return meanOf(nn(expr, rows)); }),
  aggregate('avgif(expr: summable, predicate: bool): real, or same as expr for datetime and timespan', function avgif(rows: Rows, expr: Column, predicate: Column) { return meanOf(nn(expr, rows, predicate)); }),
  aggregate('min(expr: orderable): same as expr', function min(rows: Rows, expr: Column) { return extremeValue(nn(expr, rows), -1); }),
  aggregate('max(expr: orderable): same as expr', function max(rows: Rows, expr: Column) { return extremeValue(nn(expr, rows), 1); }),
  aggregate('minif(expr: orderable, predicate: bool): same as expr', function minif(rows: Rows, expr: Column, predicate: Column) { return extremeValue(nn(expr, rows, predicate), -1); }),
  aggregate('maxif(expr: orderable, predicate: bool): same as expr', function maxif(rows: Rows, expr: Column, predicate: Column) { return extremeValue(nn(expr, rows, predicate), 1); }),
  // make_set of a dynamic array collects the array's elements (make-set-aggregation-function.md, "Set from array column").
  aggregate('make_set(expr: scalar, maxSize?: integer): dynamic', function makeSet(rows: Rows, expr: Column, maxSize: Column | undefined, call: Call) {
    return typedList(call.argTypes[0]!, distinctVals(setElements(nn(expr, rows), call.argTypes[0]!), call.argTypes[0]!, limitOf(maxSize, rows)));
  }, { aliases: ['makeset'] }),
  aggregate('make_set_if(expr: scalar, predicate: bool, maxSize?: integer): dynamic', function makeSetIf(rows: Rows, expr: Column, predicate: Column, maxSize: Column | undefined, call: Call) {
    return typedList(call.argTypes[0]!, distinctVals(setElements(nn(expr, rows, predicate), call.argTypes[0]!), call.argTypes[0]!, limitOf(maxSize, rows)));
  }),
  aggregate('make_list(expr: scalar, maxSize?: integer): dynamic', function makeList(rows: Rows, expr: Column, maxSize: Column | undefined, call: Call) {
    return typedList(call.argTypes[0]!, nn(expr, rows).slice(0, limitOf(maxSize, rows)).map((v) => toDynamic(call.argTypes[0]!, v)));
  }, { aliases: ['makelist'] }),
  aggregate('make_list_if(expr: scalar, predicate: bool, maxSize?: integer): dynamic', function makeListIf(rows: Rows, expr: Column, predicate: Column, maxSize: Column | undefined, call: Call) {
    return typedList(call.argTypes[0]!, nn(expr, rows, predicate).slice(0, limitOf(maxSize, rows)).map((v) => toDynamic(call.argTypes[0]!, v)));
  }),
  aggregate('make_list_with_nulls(expr: scalar): dynamic', function makeListWithNulls(rows: Rows, expr: Column, call: Call) {
    return typedList(call.argTypes[0]!, Array.from(rows, (r) => toDynamic(call.argTypes[0]!, expr[r] ?? null)));
  }),
  aggregate('make_bag(expr: bag, maxSize?: integer): dynamic', function makeBag(rows: Rows, expr: Column, maxSize: Column | undefined) {
    return bagOf(expr, rows, undefined, maxSize ? Number(maxSize[rows[0]!]) : Infinity);
  }),
  aggregate('make_bag_if(expr: bag, predicate: bool, maxSize?: integer): dynamic', function makeBagIf(rows: Rows, expr: Column, predicate: Column, maxSize: Column | undefined) {
    return bagOf(expr, rows, predicate, limitOf(maxSize, rows));
  }),
  aggregate('stdev(expr: summable): real', function stdev(rows: Rows, expr: Column) { return sqrtOrNull(sampleVariance(numsOf(expr, rows))); }),
  aggregate('stdevif(expr: summable, predicate: bool): real', function stdevif(rows: Rows, expr: Column, predicate: Column) { return sqrtOrNull(sampleVariance(numsOf(expr, rows, predicate))); }),
  aggregate('stdevp(expr: summable): real', function stdevp(rows: Rows, expr: Column) { return sqrtOrNull(populationVariance(numsOf(expr, rows))); }),
  aggregate('variance(expr: summable): real', function variance(rows: Rows, expr: Column) { return sampleVariance(numsOf(expr, rows)); }),
  aggregate('varianceif(expr: summable, predicate: bool): real', function varianceif(rows: Rows, expr: Column, predicate: Column) { return sampleVariance(numsOf(expr, rows, predicate)); }),
  aggregate('variancep(expr: summable): real', function variancep(rows: Rows, expr: Column) { return populationVariance(numsOf(expr, rows)); }),
  aggregate('percentile(expr: scalar, percentile: number): same as expr', function percentile(rows: Rows, expr: Column, percent: Column) {
    const values = nn(expr, rows).filter((v): v is number | bigint => typeof v === 'bigint' || (typeof v === 'number' && !Number.isNaN(v)));
    return percentileOf(values, Number(percent[rows[0]!] ?? 50));
  }),
  // Bitwise folds over the group's non-null longs (binary-all-*-aggregation-function.md); an empty group gives null.
  aggregate('binary_all_and(expr: long): long', function binaryAllAnd(rows: Rows, expr: Column) { return bitwiseFold(nn(expr, rows), (a, b) => a & b); }),
  aggregate('binary_all_or(expr: long): long', function binaryAllOr(rows: Rows, expr: Column) { return bitwiseFold(nn(expr, rows), (a, b) => a | b); }),
  aggregate('binary_all_xor(expr: long): long', function binaryAllXor(rows: Rows, expr: Column) { return bitwiseFold(nn(expr, rows), (a, b) => a ^ b); }),
  rowPicker('arg_max(maximized: orderable, returned?: scalar...): the maximized row', function argMax(rows: Rows, maximized: Column) { return extremeRow(1, rows, maximized); }),
  rowPicker('arg_min(minimized: orderable, returned?: scalar...): the minimized row', function argMin(rows: Rows, minimized: Column) { return extremeRow(-1, rows, minimized); }),
  rowPicker('take_any(expr: scalar...): any row', function takeAny(rows: Rows, expr: Column) {
    for (let i = 0; i < rows.length; i++) if (!isNull(expr[rows[i]!])) return rows[i]!;
    return rows.length ? rows[0]! : -1;
  }, { aliases: ['any'] }),
  rowPicker('take_anyif(expr: scalar, predicate: bool): any row where predicate', function takeAnyif(rows: Rows, _expr: Column, predicate: Column | undefined) {
    for (let i = 0; i < rows.length; i++) { const r = rows[i]!; if (predicate?.[r] === true) return r; }
    return -1;
  }),
);
