/**
 * Filters and gap filling: series_iir, series_fir, series_fill_forward/backward/linear/const.
 * Points before the start of the series count as 0 in the filters (the reference's cumulative-sum example).
 */
import { isRealArray } from '../real-arrays.js';

/** Y[i] = (b0 X[i] + b1 X[i-1] + ... - a1 Y[i-1] - a2 Y[i-2] - ...) / a0. */
export function iir(xs: number[], numerators: number[], denominators: number[]): number[] {
  const a0 = denominators[0]!;
  const y = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    let acc = 0;
    for (let j = 0; j < numerators.length && j <= i; j++) acc += numerators[j]! * xs[i - j]!;
    for (let j = 1; j < denominators.length && j <= i; j++) acc -= denominators[j]! * y[i - j]!;
    y[i] = acc / a0;
  }
  return y;
}

/**
 * Y[i] = sum_j f[j] X[i - j + shift]; shift 0 looks back only (streaming), `center` shifts by half the filter
 * length (floor) so a symmetric filter keeps peaks in place.
 */
export function fir(xs: number[], filter: number[], normalize: boolean, center: boolean): number[] {
  const total = filter.reduce((s, f) => s + f, 0);
  const f = normalize ? filter.map((c) => c / total) : filter;
  const shift = center ? Math.floor(filter.length / 2) : 0;
  return xs.map((_, i) => {
    let acc = 0;
    for (let j = 0; j < f.length; j++) {
      const k = i - j + shift;
      if (k >= 0 && k < xs.length) acc += f[j]! * xs[k]!;
    }
    return acc;
  });
}

/** Is this element the missing-value placeholder? (null placeholder: null elements; numeric: equal values.) */
export const isMissing = (v: unknown, placeholder: unknown): boolean =>
  placeholder === null || placeholder === undefined ? v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) : v === placeholder;

export function fillForward(xs: unknown[], placeholder: unknown): unknown[] {
  let last: unknown, have = false;
  return xs.map((v) => {
    if (!isMissing(v, placeholder)) { last = v; have = true; return v; }
    return have ? last : v;
  });
}

export function fillBackward(xs: unknown[], placeholder: unknown): unknown[] {
  return fillForward([...xs].reverse(), placeholder).reverse();
}

export function fillConst(xs: unknown[], constant: unknown, placeholder: unknown): unknown[] {
  return xs.map((v) => (isMissing(v, placeholder) ? constant : v));
}

/**
 * Linear interpolation between the nearest present neighbours. Edges take the nearest present value when
 * `fillEdges`; an array with no present value becomes `constant`. When every present element is a whole number
 * the array is treated as an int/long array and interpolated values are truncated, as the reference shows
 * ([111, null, 36] -> [111, 73, 36]); dynamic numbers do not record whether they were written 36 or 36.0, so a
 * real array whose values all happen to be whole numbers is treated the same way.
 */
export function fillLinear(xs: unknown[], placeholder: unknown, fillEdges: boolean, constant: unknown): unknown[] {
  const present: number[] = [];
  xs.forEach((v, i) => { if (!isMissing(v, placeholder) && typeof v === 'number') present.push(i); });
  if (!present.length) return xs.map((v) => (isMissing(v, placeholder) ? constant : v));
  // Rounded interpolation only for a series of ints or longs (series-fill-linear-function.md).
  const integral = !isRealArray(xs) && present.every((i) => Number.isInteger(xs[i]));
  const out = [...xs];
  for (let p = 0; p + 1 < present.length; p++) {
    const a = present[p]!, b = present[p + 1]!, ya = xs[a] as number, yb = xs[b] as number;
    for (let i = a + 1; i < b; i++) {
      const v = ya + ((yb - ya) * (i - a)) / (b - a);
      out[i] = integral ? Math.trunc(v) : v;
    }
  }
  if (fillEdges) {
    const first = present[0]!, last = present[present.length - 1]!;
    for (let i = 0; i < first; i++) out[i] = xs[first];
    for (let i = last + 1; i < xs.length; i++) out[i] = xs[last];
  }
  return out;
}
