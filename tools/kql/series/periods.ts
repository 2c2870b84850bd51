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

/**
 * A mean-removed series, its variance and its autocorrelations computed so far (by lag, NaN until asked for):
 * detection asks for the same lags many times (each candidate's range, every multiple of each period).
 */
interface Centered { d: Float64Array; variance: number; acf: Float64Array }

/** Mean-removed copy (missing values at the mean) and its variance; null when the series is constant or empty. */
function centered(xs: number[]): Centered | null {
  const m = mean(xs);
  if (Number.isNaN(m)) return null;
  const d = new Float64Array(xs.length);
  let v = 0;
  for (let i = 0; i < xs.length; i++) { const x = isPresent(xs[i]!) ? xs[i]! - m : 0; d[i] = x; v += x * x; }
  v /= xs.length;
  return v > 0 && Number.isFinite(v) ? { d, variance: v, acf: new Float64Array(xs.length + 1).fill(NaN) } : null;
}

function autocorrelation(c: Centered, lag: number): number {
  const known = c.acf[lag];
  if (known !== undefined && !Number.isNaN(known)) return known;
  const { d, variance } = c, n = d.length;
  let s = 0;
  for (let i = 0; i + lag < n; i++) s += d[i]! * d[i + lag]!;
  const r = s / (n - lag) / variance;
  if (known !== undefined) c.acf[lag] = r;
  return r;
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

export function detectPeriodList(xs: number[], minPeriod: number, maxPeriod: number): { period: number; score: number }[] {
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
 * multiply-add per sample and frequency, and only the bins whose periods can fall in the searched range.
 */
function periodogram(d: Float64Array, kFrom: number, kTo: number): Float64Array {
  const n = d.length, half = Math.floor(n / 2);
  const out = new Float64Array(half + 1);
  for (let k = Math.max(0, kFrom); k <= Math.min(half, kTo); k++) {
    const w = (2 * Math.PI * k) / n, coeff = 2 * Math.cos(w);
    let s1 = 0, s2 = 0;
    for (let t = 0; t < n; t++) { const s0 = d[t]! + coeff * s1 - s2; s2 = s1; s1 = s0; }
    out[k] = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  }
  return out;
}
