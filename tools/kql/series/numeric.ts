/**
 * Numeric building blocks of the series_* functions: reading a dynamic array as numbers, means, medians,
 * linear-interpolated percentiles and the standard normal quantile. Pure functions over number arrays; a
 * missing element (null, a non-number) is NaN here.
 */

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

/** Percentile (0..100) of ascending values by linear interpolation between closest ranks (the (n-1)p position). */
export function percentileSorted(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Sample variance (n - 1) of the given values; 0 for a single value, NaN for none. */
export function sampleVariance(xs: number[]): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (n === 1) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / n;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
}
