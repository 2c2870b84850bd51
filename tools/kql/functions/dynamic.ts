/** Dynamic arrays, property bags and sets. */
import { registerScalar, scalar, type Call } from '../registry.js';
import { arr } from './support.js';
import { compareValues, toDynamic, valueKey } from '../compare.js';

const isBag = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const RANGE_MAX_ELEMENTS = 1_048_576;

/** Sort non-null elements with `order`, nulls first or last. */
function sortWithNulls(array: unknown, nullsLast: unknown, order: (p: unknown, q: unknown) => number): unknown[] | null {
  const x = arr(array);
  if (!x) return null;
  const present = x.filter((v) => v !== null), nulls = x.length - present.length;
  const sorted = present.sort(order);
  const last = nullsLast === undefined ? true : Boolean(nullsLast);
  return last ? [...sorted, ...Array(nulls).fill(null)] : [...Array(nulls).fill(null), ...sorted];
}

/** JSON.stringify replacer: each property bag re-created with its keys in ordinal order. */
function canonicalBags(_key: string, v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) sorted[k] = (v as Record<string, unknown>)[k];
  return sorted;
}

registerScalar(
  scalar('array_length(array: array): long', function arrayLength(array: unknown) { return Array.isArray(array) ? array.length : null; }),
  scalar('set_has_element(set: array, value: scalar): bool', function setHasElement(set: unknown, value: unknown, call: Call) {
    if (!Array.isArray(set)) return false;
    const key = valueKey(toDynamic(call.argTypes[1]!, value));
    return set.some((x) => valueKey(x) === key);
  }),
  scalar('set_difference(set: array...): dynamic', function setDifference(sets: unknown[]) {
    const first = (sets[0] as unknown[]) ?? [];
    const others = new Set(sets.slice(1).flatMap((x) => (Array.isArray(x) ? x : [])).map(valueKey));
    const seen = new Set<string>();
    return first.filter((v) => { const k = valueKey(v); if (others.has(k) || seen.has(k)) return false; seen.add(k); return true; });
  }),
  scalar('set_union(set: array...): dynamic', function setUnion(sets: unknown[]) {
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const set of sets) for (const v of Array.isArray(set) ? set : []) { const k = valueKey(v); if (!seen.has(k)) { seen.add(k); out.push(v); } }
    return out;
  }),
  scalar('set_intersect(set: array...): dynamic', function setIntersect(sets: unknown[]) {
    const lists = sets.map((x) => arr(x) ?? []);
    const seen = new Set<string>();
    return lists[0]!.filter((v) => {
      const k = valueKey(v);
      if (seen.has(k)) return false;
      seen.add(k);
      return lists.slice(1).every((l) => l.some((y) => valueKey(y) === k));
    });
  }),
  scalar('pack_array(value: scalar...): dynamic', function packArray(values: unknown[], call: Call) {
    return values.map((v, i) => toDynamic(call.argTypes[i]!, v));
  }, { nulls: 'handled' }),
  // pack(key1, value1, key2, value2, ...)
  scalar('pack(keysAndValues: scalar...): dynamic', function pack(keysAndValues: unknown[], call: Call) {
    const bag: Record<string, unknown> = {};
    for (let i = 0; i + 1 < keysAndValues.length; i += 2) bag[String(keysAndValues[i])] = toDynamic(call.argTypes[i + 1]!, keysAndValues[i + 1]);
    return bag;
  }, { nulls: 'handled', aliases: ['bag_pack'] }),
  scalar('array_slice(array: array, start: integer, end: integer): same as array', function arraySlice(array: unknown, start: number, end: number) {
    const x = arr(array);
    if (!x) return null;
    const n = x.length;
    const from = start < 0 ? start + n : start, to = end < 0 ? end + n : end;
    return x.slice(Math.max(0, from), Math.min(n, to) + 1);
  }),
  scalar('array_concat(array: array...): dynamic', function arrayConcat(arrays: unknown[]) {
    return arrays.every((x) => Array.isArray(x)) ? (arrays as unknown[][]).flat(1) : null;
  }, { nulls: 'handled' }),
  scalar('array_sort_asc(arrays: array, nulls_last?: bool): dynamic', function arraySortAsc(array: unknown, nullsLast: unknown) {
    return sortWithNulls(array, nullsLast, compareValues);
  }),
  scalar('array_sort_desc(arrays: array, nulls_last?: bool): dynamic', function arraySortDesc(array: unknown, nullsLast: unknown) {
    return sortWithNulls(array, nullsLast, (p, q) => compareValues(q, p));
  }),
  scalar('array_index_of(array: array, value: scalar, start?: integer, length?: integer, occurrence?: integer): long',
    function arrayIndexOf(array: unknown, value: unknown, _start: unknown, _length: unknown, _occurrence: unknown, call: Call) {
      const x = arr(array);
      if (!x) return null;
      const key = valueKey(toDynamic(call.argTypes[1]!, value));
      return x.findIndex((v) => valueKey(v) === key);
    }),
  scalar('array_sum(array: array): real', function arraySum(array: unknown) {
    const x = arr(array);
    if (!x) return null;
    return x.reduce((s: number, v) => s + (typeof v === 'number' ? v : 0), 0);
  }),
  scalar('array_reverse(value: array): same as value', function arrayReverse(value: unknown) { return arr(value) ? [...(value as unknown[])].reverse() : null; }),
  scalar('array_iff(condition_array: array, when_true: scalar, when_false: scalar): dynamic', function arrayIff(conditionArray: unknown, whenTrue: unknown, whenFalse: unknown) {
    const c = arr(conditionArray);
    if (!c) return null;
    const pick = (v: unknown, i: number) => (Array.isArray(v) ? v[i] ?? null : v);
    return c.map((cond, i) => (cond === true ? pick(whenTrue, i) : pick(whenFalse, i)));
  }, { aliases: ['array_iif'] }),
  scalar('zip(array: array...): dynamic', function zip(arrays: unknown[]) {
    const xs = arrays.map(arr);
    if (xs.some((x) => !x)) return null;
    const n = Math.max(...xs.map((x) => x!.length));
    return Array.from({ length: n }, (_, i) => xs.map((x) => x![i] ?? null));
  }),
  scalar('bag_keys(object: bag): dynamic', function bagKeys(object: unknown) { return isBag(object) ? Object.keys(object) : null; }),
  scalar('bag_has_key(bag: bag, key: string): bool', function bagHasKey(bag: unknown, key: string) {
    return isBag(bag) ? Object.prototype.hasOwnProperty.call(bag, key) : false;
  }),
  scalar('bag_merge(bag: bag...): dynamic', function bagMerge(bags: unknown[]) {
    const merged: Record<string, unknown> = {};
    for (const b of bags) if (isBag(b)) for (const [k, v] of Object.entries(b)) if (!(k in merged)) merged[k] = v;
    return merged;
  }, { nulls: 'handled' }),
  scalar('bag_remove_keys(bag: bag, keys: array): dynamic', function bagRemoveKeys(bag: unknown, keys: unknown) {
    if (!isBag(bag)) return null;
    const drop = new Set((arr(keys) ?? []).map(String));
    return Object.fromEntries(Object.entries(bag).filter(([k]) => !drop.has(k)));
  }),
  scalar('bag_set_key(bag: bag, key: string, value: scalar): dynamic', function bagSetKey(bag: unknown, key: string, value: unknown, call: Call) {
    return isBag(bag) ? { ...bag, [key]: toDynamic(call.argTypes[2]!, value) } : null;
  }),
  // The canonical form: property bags with their names sorted (ordinal), at every level (dynamic-to-json-function.md).
  scalar('dynamic_to_json(dynamic: scalar): string', function dynamicToJson(value: unknown) { return JSON.stringify(value, canonicalBags); }),
  scalar('array_split(array: array, indices: scalar): dynamic', function arraySplit(array: unknown, indices: unknown) {
    const x = arr(array);
    if (!x) return null;
    const idx = (Array.isArray(indices) ? (indices as number[]) : [indices as number]).map((i) => (i < 0 ? x.length + i : i)).sort((p, q) => p - q);
    const out: unknown[][] = [];
    let from = 0;
    for (const i of idx) { out.push(x.slice(from, Math.max(from, i))); from = Math.max(from, i); }
    out.push(x.slice(from));
    return out;
  }),
  scalar('range(start: summable, stop: summable, step?: summable): dynamic', function range(start: number | bigint, stop: number | bigint, step: number | bigint | undefined, call: Call) {
    const type = call.argTypes[0]!;
    const out: unknown[] = [];
    if (typeof start === 'bigint') {
      // datetime/timespan: exact ticks; the step is a timespan (no default).
      const by = typeof step === 'bigint' ? step : 0n, end = stop as bigint;
      if (by === 0n) return null;
      call.ctx.budget?.chargeValues(Math.min(RANGE_MAX_ELEMENTS, Math.max(0, Number((end - start) / by) + 1)), 48);
      for (let v = start; by > 0n ? v <= end : v >= end; v += by) {
        if (out.length >= RANGE_MAX_ELEMENTS) break;
        out.push(toDynamic(type, v));
      }
      return out;
    }
    const by = step === undefined ? 1 : Number(step), end = Number(stop);
    if (!by) return null;
    const span = (end - Number(start)) / by;
    call.ctx.budget?.chargeValues(span >= 0 ? Math.min(RANGE_MAX_ELEMENTS, Math.floor(span) + 1) : 0, 16);
    for (let v = start; by > 0 ? v <= end : v >= end; v += by) {
      if (out.length >= RANGE_MAX_ELEMENTS) break;
      out.push(toDynamic(type, v));
    }
    return out;
  }),
);
