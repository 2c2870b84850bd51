/** Dynamic arrays, property bags and sets. */
import { registerScalar, scalar, type Call } from '../registry.js';
import { arr } from './support.js';
import { compareValues, toDynamic, valueKey } from '../compare.js';
import { parseJsonPath } from './json-path.js';
import { indexOfOccurrence } from './search-window.js';
import { KqlUnsupportedError } from '../errors.js';
import type { KqlType } from '../types.js';

const isBag = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const RANGE_MAX_ELEMENTS = 1_048_576;
const ONE_HOUR_TICKS = 36_000_000_000n;

/** array_sort_* order of mixed elements: numbers (and the ISO text of datetimes) first, then strings, then the rest. */
function sortRank(v: unknown): number { return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2; }
const ascending = (p: unknown, q: unknown) => sortRank(p) - sortRank(q) || compareValues(p, q);

/**
 * array_sort_asc/desc(array1 [, ..., arrayN] [, nulls_last]) (array-sort-asc-function.md): the first array sorted
 * (stable, nulls first or last), the others reordered to match; an array whose length differs from the first, or
 * that is not an array, gives null. Several arrays make a tuple (one output column each, the binder names them);
 * the implementation returns one array per input array, which an index (`array_sort_asc(a, b)[1]`) also reads.
 */
function sortArrays(args: unknown[], call: Call, order: (p: unknown, q: unknown) => number): unknown {
  let arrays = args, nullsLast: unknown = true;
  if (args.length > 1 && call.argTypes[args.length - 1] === 'bool') { arrays = args.slice(0, -1); nullsLast = args[args.length - 1] ?? true; }
  const first = arr(arrays[0]);
  const permutation = first ? sortedPermutation(first, Boolean(nullsLast), order) : null;
  const reorder = (a: unknown) => { const x = arr(a); return permutation && x && x.length === permutation.length ? permutation.map((i) => x[i]) : null; };
  return arrays.length === 1 ? reorder(arrays[0]) : arrays.map(reorder);
}

function sortedPermutation(x: unknown[], nullsLast: boolean, order: (p: unknown, q: unknown) => number): number[] {
  const present: number[] = [], nulls: number[] = [];
  x.forEach((v, i) => (v === null ? nulls : present).push(i));
  present.sort((i, j) => order(x[i], x[j]) || i - j);
  return nullsLast ? [...present, ...nulls] : [...nulls, ...present];
}

/** JSON.stringify replacer: each property bag re-created with its keys in ordinal order. */
function canonicalBags(_key: string, v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) sorted[k] = (v as Record<string, unknown>)[k];
  return sorted;
}

/**
 * A bag_* key: a top-level name, or a JSONPath (`$.a.b`, `$['a']`) naming a nested key (jsonpath.md); array
 * indexes and the bare root are not keys (bag-set-key-function.md), refused loudly.
 */
function keySteps(key: string, fn: string): string[] {
  if (!key.trim().startsWith('$')) return [key];
  const steps = parseJsonPath(key);
  if (steps.length === 0) throw new KqlUnsupportedError(`${fn}() with the JSONPath root '$' as the key`, undefined, key);
  if (steps.some((s) => typeof s !== 'string')) throw new KqlUnsupportedError(`${fn}() with an array index in the JSONPath key`, undefined, key);
  return steps as string[];
}

/** The bag holding the key's last step (undefined when an intermediate step is missing or not a bag). */
function bagKeyPath(bag: Record<string, unknown>, key: string, fn: string): { parent?: Record<string, unknown>; name: string } {
  const steps = keySteps(key, fn);
  let parent: unknown = bag;
  for (const s of steps.slice(0, -1)) parent = isBag(parent) ? parent[s] : undefined;
  return { parent: isBag(parent) ? parent : undefined, name: steps[steps.length - 1]! };
}

/**
 * A copy of `bag` with the bags along the key's path copied (the input value is never mutated), then `edit` applied
 * to the copy holding the last step. Missing intermediate bags are created when `create` (bag_set_key); otherwise,
 * or when an intermediate value is not a bag, the bag is returned unchanged.
 */
function copyAlongPath(bag: Record<string, unknown>, key: string, fn: string, create: boolean,
  edit: (parent: Record<string, unknown>, name: string) => void): Record<string, unknown> {
  const steps = keySteps(key, fn);
  const root = { ...bag };
  let parent = root;
  for (const s of steps.slice(0, -1)) {
    const next = parent[s];
    if (isBag(next)) parent = parent[s] = { ...next };
    else if (next === undefined && create) parent = parent[s] = {};
    else return bag;
  }
  edit(parent, steps[steps.length - 1]!);
  return root;
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
  // Declared `arrays: scalar...` because the optional nulls_last follows the repeated arrays (told apart by its bool type).
  scalar('array_sort_asc(arrays: scalar...): dynamic', function arraySortAsc(arraysThenNullsLast: unknown[], call: Call) {
    return sortArrays(arraysThenNullsLast, call, ascending);
  }, { nulls: 'handled' }),
  scalar('array_sort_desc(arrays: scalar...): dynamic', function arraySortDesc(arraysThenNullsLast: unknown[], call: Call) {
    return sortArrays(arraysThenNullsLast, call, (p, q) => ascending(q, p));
  }, { nulls: 'handled' }),
  scalar('array_index_of(array: array, value: scalar, start?: integer, length?: integer, occurrence?: integer): long',
    function arrayIndexOf(array: unknown, value: unknown, start: number | undefined, length: number | undefined, occurrence: number | undefined, call: Call) {
      const x = arr(array);
      if (!x) return null;
      const key = valueKey(toDynamic(call.argTypes[1]!, value));
      return indexOfOccurrence(x.length, 1, (i) => valueKey(x[i]) === key, start, length, occurrence);
    }),
  scalar('array_sum(array: array): real', function arraySum(array: unknown) {
    const x = arr(array);
    if (!x) return null;
    return x.reduce((s: number, v) => s + (typeof v === 'number' ? v : 0), 0);
  }),
  scalar('array_reverse(value: array): same as value', function arrayReverse(value: unknown) { return arr(value) ? [...(value as unknown[])].reverse() : null; }),
  // Non-zero numbers are true; a condition that is neither bool nor number gives a null element; a when_true or
  // when_false array shorter than the conditions gives null past its end (array-iff-function.md).
  scalar('array_iff(condition_array: array, when_true: scalar, when_false: scalar): dynamic', function arrayIff(conditionArray: unknown, whenTrue: unknown, whenFalse: unknown, call: Call) {
    const c = arr(conditionArray);
    if (!c) return null;
    const pick = (v: unknown, type: KqlType, i: number) => (Array.isArray(v) ? v[i] ?? null : toDynamic(type, v));
    return c.map((cond, i) => {
      const truth = typeof cond === 'boolean' ? cond : typeof cond === 'number' ? cond !== 0 : null;
      if (truth === null) return null;
      return truth ? pick(whenTrue, call.argTypes[1]!, i) : pick(whenFalse, call.argTypes[2]!, i);
    });
  }, { nulls: 'handled', aliases: ['array_iif'] }),
  scalar('zip(array: array...): dynamic', function zip(arrays: unknown[]) {
    const xs = arrays.map(arr);
    if (xs.some((x) => !x)) return null;
    const n = Math.max(...xs.map((x) => x!.length));
    return Array.from({ length: n }, (_, i) => xs.map((x) => x![i] ?? null));
  }),
  scalar('bag_keys(object: bag): dynamic', function bagKeys(object: unknown) { return isBag(object) ? Object.keys(object) : null; }),
  scalar('bag_has_key(bag: bag, key: string): bool', function bagHasKey(bag: unknown, key: string) {
    if (!isBag(bag)) return false;
    const { parent, name } = bagKeyPath(bag, key, 'bag_has_key');
    return parent !== undefined && Object.prototype.hasOwnProperty.call(parent, name);
  }),
  scalar('bag_merge(bag: bag...): dynamic', function bagMerge(bags: unknown[]) {
    const merged: Record<string, unknown> = {};
    for (const b of bags) if (isBag(b)) for (const [k, v] of Object.entries(b)) if (!(k in merged)) merged[k] = v;
    return merged;
  }, { nulls: 'handled' }),
  scalar('bag_remove_keys(bag: bag, keys: array): dynamic', function bagRemoveKeys(bag: unknown, keys: unknown) {
    if (!isBag(bag)) return null;
    let out: Record<string, unknown> = bag;
    for (const key of arr(keys) ?? []) {
      if (typeof key !== 'string') continue;
      out = copyAlongPath(out, key, 'bag_remove_keys', false, (parent, name) => { delete parent[name]; });
    }
    return out;
  }),
  scalar('bag_set_key(bag: bag, key: string, value: scalar): dynamic', function bagSetKey(bag: unknown, key: string, value: unknown, call: Call) {
    if (!isBag(bag)) return null;
    const v = toDynamic(call.argTypes[2]!, value);
    return copyAlongPath(bag, key, 'bag_set_key', true, (parent, name) => { parent[name] = v; });
  }, { nulls: 'handled' }),
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
      // datetime/timespan: exact ticks; the step is a timespan, one hour when omitted (range-function.md).
      const by = typeof step === 'bigint' ? step : step === undefined ? ONE_HOUR_TICKS : 0n, end = stop as bigint;
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
