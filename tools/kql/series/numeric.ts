/**
 * Numeric building blocks of the series_* functions: reading a dynamic array as numbers, means, medians,
 * linear-interpolated percentiles and the standard normal quantile. Pure functions over number arrays; a
 * missing element (null, a non-number) is NaN here.
 */
import { scratch } from './scratch.js';

/** A dynamic array as numbers (NaN for null and non-numeric elements); null when the value is not an array. */
export function numbersOf(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    out[i] = typeof x === 'number' ? x : typeof x === 'boolean' ? (x ? 1 : 0) : NaN;
  }
  return out;
}

/**
 * numbersOf into a scratch buffer, for a function that reads its input series once and keeps nothing of it (the
 * buffer is reused by the next call).
 */
export function numbersOfIntoScratch(v: unknown): Float64Array | null {
  if (!Array.isArray(v)) return null;
  const out = scratch('numeric.input', v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    out[i] = typeof x === 'number' ? x : typeof x === 'boolean' ? (x ? 1 : 0) : NaN;
  }
  return out;
}

export const isPresent = (x: number): boolean => !Number.isNaN(x);

export function mean(xs: ArrayLike<number>): number {
  let s = 0, n = 0;
  for (let i = 0; i < xs.length; i++) { const x = xs[i]!; if (!Number.isNaN(x)) { s += x; n++; } }
  return n ? s / n : NaN;
}

/** Median of the present values (the mean of the two middle ones for an even count); NaN when none. */
export function median(xs: number[]): number {
  const s = xs.filter(isPresent).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/**
 * median() of xs[start], xs[start + step], ... below `end`, using `scratch` (at least as long as the count) instead
 * of fresh arrays. Few values (a phase of a seasonal series) are sorted by insertion, which is stable like the
 * sort median() uses, so even +0 and -0 (equal to the sort) end up in the same places and the result is identical.
 */
export function medianOfStride(xs: ArrayLike<number>, start: number, step: number, end: number, scratch: Float64Array): number {
  let count = 0;
  for (let i = start; i < end; i += step) { const x = xs[i]!; if (isPresent(x)) scratch[count++] = x; }
  if (count === 0) return NaN;
  if (count > INSERTION_SORT_MAX) {
    const values: number[] = [];
    for (let i = start; i < end; i += step) values.push(xs[i]!);
    return median(values);
  }
  for (let i = 1; i < count; i++) {
    const x = scratch[i]!;
    let j = i;
    for (; j > 0 && scratch[j - 1]! > x; j--) scratch[j] = scratch[j - 1]!;
    scratch[j] = x;
  }
  const h = count >> 1;
  return count % 2 ? scratch[h]! : (scratch[h - 1]! + scratch[h]!) / 2;
}

const INSERTION_SORT_MAX = 64;

/** Percentile (0..100) of ascending values by linear interpolation between closest ranks (the (n-1)p position). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * The finite values of xs in ascending order, as `values.filter(isFinite).sort((a, b) => a - b)` gives them. The
 * numeric typed-array sort is much faster but orders -0 before +0 where the stable comparator sort keeps their
 * input order, so input holding a -0 takes the comparator sort. The result may be a scratch buffer: read it before
 * the next call.
 */
export function sortedFinite(xs: ArrayLike<number>): ArrayLike<number> {
  const out = scratch('numeric.sortedFinite', xs.length);
  let count = 0, negativeZero = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isFinite(x)) continue;
    if (x === 0 && 1 / x < 0) negativeZero = true;
    out[count++] = x;
  }
  if (negativeZero) return Array.from(out.subarray(0, count)).sort((a, b) => a - b);
  return out.subarray(0, count).sort();
}

/** Sample variance (n - 1) of the given values; 0 for a single value, NaN for none. */
export function sampleVariance(xs: number[]): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (n === 1) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / n;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
}
