/**
 * Series decomposition, anomaly detection and forecasting, as the reference documents them
 * (series_decompose, series_decompose_anomalies, series_decompose_forecast, series_seasonal, series_outliers):
 *
 *   1. seasonal: the period (given, or detected on the learning points with series_periods_detect and kept when
 *      its score reaches the seasonality threshold); each point's seasonal value is the median of the learning
 *      points in the same phase (index mod period); 0 without a period;
 *   2. deseasonal = x - seasonal;
 *   3. trend from the deseasonal learning points: 'avg' (their mean), 'linefit' (least-squares line, extended
 *      over the test points) or 'none' (0);
 *   4. baseline = seasonal + trend; residual = x - baseline.
 * The last `testPoints` points are left out of the learning (forecasting). Anomalies score the residual with
 * series_outliers (percentiles of the learning points' residuals) and flag scores beyond +-threshold.
 * Missing elements (null, non-numbers) take no part in medians, fits or percentiles; their residual and score
 * are null/0 and their flag 0.
 */
import { detectPeriodList } from './periods.js';
import { lineCoefficients } from './fit.js';
import { isPresent, mean, medianOfStride, percentileSorted, sortedFinite } from './numeric.js';
import { scratch } from './scratch.js';
import { KqlRuntimeError } from '../errors.js';

export type TrendKind = 'avg' | 'linefit' | 'none';

export interface Decomposition { baseline: Float64Array; seasonal: Float64Array; trend: Float64Array; residual: Float64Array; period: number }

/**
 * The period used by decomposition: `seasonality` > 0 as given, 0 none, -1 detected (score >= threshold).
 * With `detrend`, detection runs on the points minus their least-squares line: a trend lowers the
 * autocorrelation at long lags and would hide a weekly period in a few weeks of hourly data (the reference's
 * "weekly seasonality with trend" examples expect the weekly period found), so decomposition detrends first;
 * series_seasonal, whose examples are flat, detects on the series as given.
 */
export function seasonalPeriod(learning: ArrayLike<number>, seasonality: number, threshold: number, detrend = false): number {
  if (seasonality > 0) return Math.trunc(seasonality);
  if (seasonality === 0) return 0;
  if (seasonality !== -1) throw new KqlRuntimeError(`seasonality must be -1 (detect), 0 (none) or a positive period, got ${seasonality}`);
  let points = learning;
  if (detrend) {
    const { slope, interception } = lineCoefficients(learning);
    const detrended = scratch('decompose.detrended', learning.length);
    for (let i = 0; i < learning.length; i++) detrended[i] = learning[i]! - (slope * (i + 1) + interception);
    points = detrended;
  }
  const best = detectPeriodList(points, 4, points.length / 2)[0];
  return best && best.score >= threshold ? best.period : 0;
}

/**
 * The median of the first `learningLength` points in each phase (index mod period); NaN for a phase without any.
 * Only the phases a point of the series falls in (fewer than xs.length) are computed.
 */
function phaseMedians(xs: ArrayLike<number>, period: number, learningLength: number): Float64Array {
  const medians = scratch('decompose.phaseMedians', Math.min(period, xs.length));
  const values = scratch('decompose.phaseValues', Math.max(0, Math.ceil(learningLength / period)));
  for (let ph = 0; ph < medians.length; ph++) medians[ph] = medianOfStride(xs, ph, period, learningLength, values);
  return medians;
}

/** series_seasonal: the median of the points in the same phase, for every point; zeros without a period. */
export function seasonalComponent(xs: number[], period: number, learningLength = xs.length): number[] {
  if (!(period > 0)) return xs.map(() => 0);
  const medians = phaseMedians(xs, period, learningLength);
  return xs.map((_, i) => medians[i % period]!);
}

/**
 * The decomposition as typed arrays. With `fresh` every component is a new array (series_decompose returns them
 * all); without, they are scratch buffers valid until the next call.
 */
interface Components { seasonal: Float64Array; trend: Float64Array; baseline: Float64Array; residual: Float64Array; period: number; learn: number }

function components(xs: ArrayLike<number>, seasonality: number, trend: TrendKind, testPoints: number, seasonalityThreshold: number, fresh: boolean): Components {
  const n = xs.length;
  if (!(testPoints >= 0)) throw new KqlRuntimeError(`test points must not be negative, got ${testPoints}`);
  const learn = Math.max(0, n - Math.trunc(testPoints));
  const buffer = (purpose: string) => (fresh ? new Float64Array(n) : scratch(purpose, n));
  const period = seasonalPeriod(learn === n ? xs : Array.prototype.slice.call(xs, 0, learn), seasonality, seasonalityThreshold, true);
  const seasonal = buffer('decompose.seasonal');
  if (period > 0) {
    const medians = phaseMedians(xs, period, learn);
    for (let i = 0; i < n; i++) { const m = medians[i % period]!; seasonal[i] = Number.isNaN(m) ? 0 : m; }
  } else seasonal.fill(0);
  const deseasonal = scratch('decompose.deseasonal', n);
  for (let i = 0; i < n; i++) deseasonal[i] = xs[i]! - seasonal[i]!;
  const trendSeries = buffer('decompose.trend');
  if (trend === 'avg') {
    const m = mean(deseasonal.subarray(0, learn));
    trendSeries.fill(Number.isNaN(m) ? 0 : m);
  } else if (trend === 'linefit') {
    const { slope, interception } = lineCoefficients(deseasonal.subarray(0, learn));
    for (let i = 0; i < n; i++) trendSeries[i] = Number.isNaN(slope) ? 0 : slope * (i + 1) + interception;
  } else trendSeries.fill(0);
  const baseline = buffer('decompose.baseline'), residual = buffer('decompose.residual');
  for (let i = 0; i < n; i++) { baseline[i] = seasonal[i]! + trendSeries[i]!; residual[i] = xs[i]! - baseline[i]!; }
  return { seasonal, trend: trendSeries, baseline, residual, period, learn };
}

export function decompose(xs: number[], seasonality = -1, trend: TrendKind = 'avg', testPoints = 0, seasonalityThreshold = 0.6): Decomposition {
  const { baseline, seasonal, trend: trendSeries, residual, period } = components(xs, seasonality, trend, testPoints, seasonalityThreshold, true);
  return { baseline, seasonal, trend: trendSeries, residual, period };
}

export type OutlierKind = 'tukey' | 'ctukey';

/**
 * The score scale of 'ctukey' with its default 10th/90th percentiles. Kusto scales ctukey scores so they read
 * like classic Tukey scores (fences at +-1.5); its maintainers' answer on Stack Overflow (question 75264555,
 * "How does Kusto series_outliers() calculate anomaly scores") works an example whose scores all equal
 * (x - p90) / (p90 - p10) * 2.7726056 (resp. x - p10), with p10/p90 by linear interpolation. The factor for other
 * percentile pairs is not documented, so custom percentiles are refused rather than guessed.
 */
export const CTUKEY_10_90_SCALE = 2.7726056055079;

/** series_outliers over the present values of `reference` (default: the series itself). */
export function outlierScores(xs: ArrayLike<number>, kind: OutlierKind = 'ctukey', minPercentile = 10, maxPercentile = 90, reference: ArrayLike<number> = xs): number[] {
  let lo = 25, hi = 75, scale = 1;
  if (kind === 'ctukey') {
    if (minPercentile === 10 && maxPercentile === 90) { lo = 10; hi = 90; scale = CTUKEY_10_90_SCALE; }
    else if (minPercentile === 25 && maxPercentile === 75) { lo = 25; hi = 75; scale = 1; }
    else throw new OutlierScaleUnknown(minPercentile, maxPercentile);
  }
  const sorted = sortedFinite(reference);
  const scores = new Array<number>(xs.length);
  if (!sorted.length) return scores.fill(0);
  const plo = percentileSorted(sorted, lo), phi = percentileSorted(sorted, hi), range = phi - plo;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isFinite(x) || !(range > 0)) scores[i] = 0;
    else if (x > phi) scores[i] = ((x - phi) / range) * scale;
    else if (x < plo) scores[i] = ((x - plo) / range) * scale;
    else scores[i] = 0;
  }
  return scores;
}

/** Thrown for ctukey percentiles other than 10/90 and 25/75 (the caller turns it into KqlUnsupportedError). */
export class OutlierScaleUnknown extends Error {
  constructor(readonly minPercentile: number, readonly maxPercentile: number) {
    super(`ctukey with percentiles ${minPercentile}/${maxPercentile}: Kusto's score scaling for other than 10/90 is not documented`);
  }
}

export interface Anomalies { ad_flag: number[]; ad_score: number[]; baseline: number[] }

export function decomposeAnomalies(xs: ArrayLike<number>, threshold = 1.5, seasonality = -1, trend: TrendKind = 'avg', testPoints = 0, method: OutlierKind = 'ctukey', seasonalityThreshold = 0.6): Anomalies {
  const c = components(xs, seasonality, trend, testPoints, seasonalityThreshold, false);
  const residual = c.residual;
  for (let i = 0; i < xs.length; i++) if (!isPresent(xs[i]!)) residual[i] = NaN;
  const score = outlierScores(residual, method, 10, 90, residual.subarray(0, c.learn));
  const flag = new Array<number>(score.length);
  for (let i = 0; i < score.length; i++) { const s = score[i]!; flag[i] = s > threshold ? 1 : s < -threshold ? -1 : 0; }
  const baseline = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) baseline[i] = c.baseline[i]!;
  return { ad_flag: flag, ad_score: score, baseline };
}
