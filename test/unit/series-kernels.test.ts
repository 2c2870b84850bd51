/**
 * The fast paths of the series kernels give exactly what the straightforward computations give: the phase median
 * by insertion sort into a scratch buffer, the typed-array sort of residuals (with its -0 fallback) and the
 * autocorrelations computed four lags per pass. Exact equality (Object.is, so the sign of a zero counts): these
 * paths exist for speed only and must not move a single bit of any series_* result.
 */
import { describe, expect, it } from 'vitest';
import { median, medianOfStride, sortedFinite } from '../../tools/kql/series/numeric.js';
import { validatePeriods } from '../../tools/kql/series/periods.js';

/** A seeded generator (Park-Miller), so a failure is reproducible. */
function generator(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Values that stress ordering: many equal values, both zeros, NaN and infinities. */
function awkwardSeries(rnd: () => number, length: number): number[] {
  return Array.from({ length }, () => {
    const r = rnd();
    if (r < 0.2) return -0;
    if (r < 0.4) return 0;
    if (r < 0.45) return NaN;
    if (r < 0.47) return Infinity;
    if (r < 0.49) return -Infinity;
    return Math.round((rnd() - 0.5) * 8) / 2;
  });
}

const sameValues = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i]), `element ${i}: ${got[i]} vs ${want[i]}`).toBe(true);
};

describe('series kernels: fast paths equal the plain computations bit for bit', () => {
  it('medianOfStride equals median() of the same elements, for short (insertion sort) and long phases', () => {
    const rnd = generator(11);
    const scratchBuffer = new Float64Array(400);
    for (let c = 0; c < 300; c++) {
      const xs = awkwardSeries(rnd, 20 + (c % 7) * 60);
      const step = 1 + (c % 9), start = c % step, end = xs.length - (c % 4);
      const picked: number[] = [];
      for (let i = start; i < end; i += step) picked.push(xs[i]!);
      const got = medianOfStride(xs, start, step, end, scratchBuffer), want = median(picked);
      expect(Object.is(got, want), `case ${c}: ${got} vs ${want}`).toBe(true);
    }
  });

  it('sortedFinite equals filter(isFinite).sort((a, b) => a - b), with and without -0', () => {
    const rnd = generator(23);
    for (let c = 0; c < 200; c++) {
      const xs = awkwardSeries(rnd, 1 + c * 4).map((x) => (c % 2 && Object.is(x, -0) ? 0 : x));
      const want = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
      sameValues(Array.from(sortedFinite(xs)), want);
    }
  });

  it('validatePeriods scores equal the autocorrelations summed one lag at a time', () => {
    const rnd = generator(5);
    for (let c = 0; c < 40; c++) {
      const n = 30 + c * 17;
      const xs = Array.from({ length: n }, (_, i) => (rnd() < 0.03 ? NaN : Math.sin(i / (2 + (c % 5))) * 10 + rnd() * 3));
      const periods = [4, 5, 6, 7, 9, 12, 24, Math.floor(n / 3)];
      sameValues(validatePeriods(xs, periods), periods.map((p) => referenceScore(xs, p)));
    }
  });
});

/** The period score as periods.ts documents it, computed the plain way: the weakest autocorrelation over p's multiples. */
function referenceScore(xs: number[], period: number): number {
  const n = xs.length;
  let sum = 0, count = 0;
  for (const x of xs) if (!Number.isNaN(x)) { sum += x; count++; }
  const mean = sum / count;
  const d = xs.map((x) => (Number.isNaN(x) ? 0 : x - mean));
  let variance = 0;
  for (const x of d) variance += x * x;
  variance /= n;
  const maxLag = (n - 1) / 2;
  if (period < 4 || period > maxLag) return 0;
  let worst = Infinity;
  for (let lag = period; lag <= maxLag; lag += period) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += d[i]! * d[i + lag]!;
    worst = Math.min(worst, s / (n - lag) / variance);
  }
  return Math.max(0, Math.min(1, worst));
}
