/**
 * Period detection: series_periods_detect and series_periods_validate.
 *
 * The reference documents the contract (periods of at least 4 points and at most half the series, scores in
 * [0, 1], a regular series) but not the algorithm. This implementation:
 * - works on the mean-removed series (missing elements count as the mean);
 * - scores a period p by the autocorrelation at p and at every multiple of p that fits in the series (lags k
 *   with 2k < n), taking the smallest: a true period repeats at all its multiples, so the weakest repetition is
 *   the evidence; negative evidence scores 0. The autocorrelation at lag k is the mean lagged product over the
 *   n - k overlapping pairs divided by the variance;
 * - finds candidates in the periodogram (local maxima of the power at frequencies k/n) and, for each, the lag
 *   with the highest autocorrelation among the periods that frequency bin covers (n/(k+1) .. n/(k-1)); a
 *   candidate that is a multiple of a better one is the same period again and is dropped.
 * Checked against every example with a documented result: series_periods_detect gives [14, 0] with score
 * 0.841 ("approximately .84"), series_periods_validate(y, 14, 10) gives [0.841, 0], and series_seasonal's
 * autodetection (threshold 0.7) finds 6 (score 0.706) and 5 and finds nothing in its third series.
 */
import { isPresent, mean } from './numeric.js';
import { scratch } from './scratch.js';

/**
 * A mean-removed series, its variance and its autocorrelations computed so far (by lag, NaN until asked for):
 * detection asks for the same lags many times (each candidate's range, every multiple of each period).
 */
interface Centered { d: Float64Array; variance: number; acf: Float64Array }

/** Mean-removed copy (missing values at the mean) and its variance; null when the series is constant or empty. */
function centered(xs: ArrayLike<number>): Centered | null {
  const m = mean(xs);
  if (Number.isNaN(m)) return null;
  const d = scratch('periods.centered', xs.length);
  let v = 0;
  for (let i = 0; i < xs.length; i++) { const x = isPresent(xs[i]!) ? xs[i]! - m : 0; d[i] = x; v += x * x; }
  v /= xs.length;
  return v > 0 && Number.isFinite(v) ? { d, variance: v, acf: scratch('periods.acf', xs.length + 1).fill(NaN) } : null;
}

function autocorrelation(c: Centered, lag: number): number {
  const known = c.acf[lag];
  if (known === undefined) return lagProductSum(c.d, lag) / (c.d.length - lag) / c.variance;
  if (Number.isNaN(known)) fillLagBlock(c, lag);
  return c.acf[lag]!;
}

/** Sum of d[i] * d[i + lag] over the overlapping pairs, in index order. */
function lagProductSum(d: Float64Array, lag: number): number {
  let s = 0;
  for (let i = 0; i + lag < d.length; i++) s += d[i]! * d[i + lag]!;
  return s;
}

/**
 * Detection asks for nearly every lag of a range, so a miss computes four consecutive lags in one pass: one
 * dependent chain of additions per lag runs at the speed of the adder's latency, four independent chains overlap.
 * Each sum still adds its products in index order, so every value is bit-identical to lagProductSum's.
 */
function fillLagBlock(c: Centered, first: number): void {
  const { d, variance, acf } = c, n = d.length;
  if (first + 3 > n) {
    for (let lag = first; lag <= n; lag++) acf[lag] = lagProductSum(d, lag) / (n - lag) / variance;
    return;
  }
  const l1 = first + 1, l2 = first + 2, l3 = first + 3, shared = n - l3;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < shared; i++) {
    const x = d[i]!;
    s0 += x * d[i + first]!; s1 += x * d[i + l1]!; s2 += x * d[i + l2]!; s3 += x * d[i + l3]!;
  }
  // The last pairs of the shorter lags, still in index order.
  for (let i = shared; i + first < n; i++) s0 += d[i]! * d[i + first]!;
  for (let i = shared; i + l1 < n; i++) s1 += d[i]! * d[i + l1]!;
  for (let i = shared; i + l2 < n; i++) s2 += d[i]! * d[i + l2]!;
  acf[first] = s0 / (n - first) / variance;
  acf[l1] = s1 / (n - l1) / variance;
  acf[l2] = s2 / (n - l2) / variance;
  acf[l3] = s3 / (n - l3) / variance;
}

/** Autocorrelation at a possibly fractional lag (linear between the neighbouring whole lags). */
function autocorrelationAt(c: Centered, lag: number): number {
  const lo = Math.floor(lag);
  if (lo === lag) return autocorrelation(c, lo);
  const f = lag - lo;
  return autocorrelation(c, lo) * (1 - f) + autocorrelation(c, lo + 1) * f;
}

const MIN_PERIOD = 4;

function periodScore(c: Centered, period: number): number {
  const n = c.d.length;
  const maxLag = (n - 1) / 2;
  if (!(period >= MIN_PERIOD) || period > maxLag) return 0;
  let worst = Infinity;
  for (let k = period; k <= maxLag; k += period) worst = Math.min(worst, autocorrelationAt(c, k));
  return Math.max(0, Math.min(1, worst));
}

/** series_periods_validate: the score of each given period (0 outside [4, n/2) or without evidence). */
export function validatePeriods(xs: number[], periods: number[]): number[] {
  const c = centered(xs);
  return periods.map((p) => (c ? periodScore(c, p) : 0));
}

/** series_periods_detect: up to `count` periods in [minPeriod, maxPeriod], best score first, padded with zeros. */
export function detectPeriods(xs: number[], minPeriod: number, maxPeriod: number, count: number): { periods: number[]; scores: number[] } {
  const found = detectPeriodList(xs, minPeriod, maxPeriod).slice(0, Math.max(0, count));
  const periods = found.map((f) => f.period), scores = found.map((f) => f.score);
  while (periods.length < count) { periods.push(0); scores.push(0); }
  return { periods, scores };
}

export function detectPeriodList(xs: ArrayLike<number>, minPeriod: number, maxPeriod: number): { period: number; score: number }[] {
  const c = centered(xs);
  if (!c) return [];
  const n = xs.length;
  const maxLag = Math.floor((n - 1) / 2);
  const lo = Math.max(MIN_PERIOD, Math.ceil(minPeriod)), hi = Math.min(maxLag, Math.floor(maxPeriod));
  if (lo > hi) return [];
  // Only frequency bins whose period ranges n/(k+1)..n/(k-1) can meet [lo, hi] matter (plus a neighbour each side for the peak test).
  const kFrom = Math.max(1, Math.floor(n / (hi + 1)) - 2), kTo = Math.ceil(n / lo) + 2;
  const power = periodogram(c.d, kFrom - 1, kTo + 1);
  const peaks: number[] = [];
  for (let k = kFrom; k <= Math.min(kTo, power.length - 1); k++) if (power[k]! > power[k - 1]! && (k + 1 >= power.length || power[k]! >= power[k + 1]!)) peaks.push(k);
  peaks.sort((a, b) => power[b]! - power[a]! || a - b);
  const found: { period: number; score: number }[] = [];
  for (const k of peaks) {
    const from = Math.max(lo, Math.ceil(n / (k + 1))), to = Math.min(hi, k > 1 ? Math.floor(n / (k - 1)) : hi);
    let best = -1, bestR = -Infinity;
    for (let p = from; p <= to; p++) { const r = autocorrelation(c, p); if (r > bestR) { bestR = r; best = p; } }
    if (best < 0) continue;
    const score = periodScore(c, best);
    if (score <= 0 || found.some((f) => best % f.period === 0)) continue;
    // A better period found later that divides an earlier one replaces it.
    for (let i = found.length - 1; i >= 0; i--) if (found[i]!.period % best === 0 && found[i]!.score <= score) found.splice(i, 1);
    found.push({ period: best, score });
  }
  return found.sort((a, b) => b.score - a.score || a.period - b.period);
}

/**
 * |DFT|^2 at frequencies k/n for k in [kFrom, kTo] (other entries stay 0), by the Goertzel recurrence: one
 * multiply-add per sample and frequency, and only the bins whose periods can fall in the searched range. Four
 * bins run side by side (independent recurrences overlap in the CPU); each bin's arithmetic is unchanged.
 */
function periodogram(d: Float64Array, kFrom: number, kTo: number): Float64Array {
  const n = d.length, half = Math.floor(n / 2);
  const out = scratch('periods.periodogram', half + 1).fill(0);
  const coeff = goertzelCoefficients(n);
  const first = Math.max(0, kFrom), last = Math.min(half, kTo);
  let k = first;
  for (; k + 3 <= last; k += 4) {
    const c0 = coeff[k]!, c1 = coeff[k + 1]!, c2 = coeff[k + 2]!, c3 = coeff[k + 3]!;
    let a1 = 0, a2 = 0, b1 = 0, b2 = 0, e1 = 0, e2 = 0, f1 = 0, f2 = 0;
    for (let t = 0; t < n; t++) {
      const x = d[t]!;
      const a0 = x + c0 * a1 - a2; a2 = a1; a1 = a0;
      const b0 = x + c1 * b1 - b2; b2 = b1; b1 = b0;
      const e0 = x + c2 * e1 - e2; e2 = e1; e1 = e0;
      const f0 = x + c3 * f1 - f2; f2 = f1; f1 = f0;
    }
    out[k] = a1 * a1 + a2 * a2 - c0 * a1 * a2;
    out[k + 1] = b1 * b1 + b2 * b2 - c1 * b1 * b2;
    out[k + 2] = e1 * e1 + e2 * e2 - c2 * e1 * e2;
    out[k + 3] = f1 * f1 + f2 * f2 - c3 * f1 * f2;
  }
  for (; k <= last; k++) {
    const c = coeff[k]!;
    let s1 = 0, s2 = 0;
    for (let t = 0; t < n; t++) { const s0 = d[t]! + c * s1 - s2; s2 = s1; s1 = s0; }
    out[k] = s1 * s1 + s2 * s2 - c * s1 * s2;
  }
  return out;
}

/** 2 cos(2 pi k / n) for k in 0..n/2, kept for the last length asked (every series of a make-series has one length). */
let goertzelCache: { n: number; coeff: Float64Array } | undefined;
function goertzelCoefficients(n: number): Float64Array {
  if (goertzelCache?.n !== n) {
    const coeff = new Float64Array(Math.floor(n / 2) + 1);
    for (let k = 0; k < coeff.length; k++) coeff[k] = 2 * Math.cos((2 * Math.PI * k) / n);
    goertzelCache = { n, coeff };
  }
  return goertzelCache.coeff;
}
