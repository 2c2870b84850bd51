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
import { fitLine } from './fit.js';
import { isPresent, mean, median, percentileSorted } from './numeric.js';
import { KqlRuntimeError } from '../errors.js';

export type TrendKind = 'avg' | 'linefit' | 'none';

export interface Decomposition { baseline: number[]; seasonal: number[]; trend: number[]; residual: number[]; period: number }

/**
 * The period used by decomposition: `seasonality` > 0 as given, 0 none, -1 detected (score >= threshold).
 * With `detrend`, detection runs on the points minus their least-squares line: a trend lowers the
 * autocorrelation at long lags and would hide a weekly period in a few weeks of hourly data (the reference's
 * "weekly seasonality with trend" examples expect the weekly period found), so decomposition detrends first;
 * series_seasonal, whose examples are flat, detects on the series as given.
 */
export function seasonalPeriod(learning: number[], seasonality: number, threshold: number, detrend = false): number {
  if (seasonality > 0) return Math.trunc(seasonality);
  if (seasonality === 0) return 0;
  if (seasonality !== -1) throw new KqlRuntimeError(`seasonality must be -1 (detect), 0 (none) or a positive period, got ${seasonality}`);
  let points = learning;
  if (detrend) {
    const line = fitLine(learning).line_fit;
    points = learning.map((x, i) => x - line[i]!);
  }
  const best = detectPeriodList(points, 4, points.length / 2)[0];
  return best && best.score >= threshold ? best.period : 0;
}

/** series_seasonal: the median of the points in the same phase, for every point; zeros without a period. */
export function seasonalComponent(xs: number[], period: number, learningLength = xs.length): number[] {
  if (!(period > 0)) return xs.map(() => 0);
  const phaseMedian: number[] = [];
  for (let ph = 0; ph < period; ph++) {
    const vals: number[] = [];
    for (let i = ph; i < learningLength; i += period) vals.push(xs[i]!);
    phaseMedian.push(median(vals));
  }
  return xs.map((_, i) => phaseMedian[i % period]!);
}

export function decompose(xs: number[], seasonality = -1, trend: TrendKind = 'avg', testPoints = 0, seasonalityThreshold = 0.6): Decomposition {
  const n = xs.length;
  if (!(testPoints >= 0)) throw new KqlRuntimeError(`test points must not be negative, got ${testPoints}`);
  const learn = Math.max(0, n - Math.trunc(testPoints));
  const learning = xs.slice(0, learn);
  const period = seasonalPeriod(learning, seasonality, seasonalityThreshold, true);
  const seasonal = seasonalComponent(xs, period, learn).map((v) => (Number.isNaN(v) ? 0 : v));
  const deseasonal = xs.map((x, i) => x - seasonal[i]!);
  let trendSeries: number[];
  if (trend === 'none') trendSeries = xs.map(() => 0);
  else if (trend === 'avg') { const m = mean(deseasonal.slice(0, learn)); trendSeries = xs.map(() => (Number.isNaN(m) ? 0 : m)); }
  else {
    const fit = fitLine(deseasonal.slice(0, learn));
    trendSeries = xs.map((_, i) => (Number.isNaN(fit.slope) ? 0 : fit.slope * (i + 1) + fit.interception));
  }
  const baseline = seasonal.map((s, i) => s + trendSeries[i]!);
  return { baseline, seasonal, trend: trendSeries, residual: xs.map((x, i) => x - baseline[i]!), period };
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
export function outlierScores(xs: number[], kind: OutlierKind = 'ctukey', minPercentile = 10, maxPercentile = 90, reference: number[] = xs): number[] {
  let lo = 25, hi = 75, scale = 1;
  if (kind === 'ctukey') {
    if (minPercentile === 10 && maxPercentile === 90) { lo = 10; hi = 90; scale = CTUKEY_10_90_SCALE; }
    else if (minPercentile === 25 && maxPercentile === 75) { lo = 25; hi = 75; scale = 1; }
    else throw new OutlierScaleUnknown(minPercentile, maxPercentile);
  }
  const sorted = reference.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!sorted.length) return xs.map(() => 0);
  const plo = percentileSorted(sorted, lo), phi = percentileSorted(sorted, hi), range = phi - plo;
  return xs.map((x) => {
    if (!Number.isFinite(x) || !(range > 0)) return 0;
    if (x > phi) return ((x - phi) / range) * scale;
    if (x < plo) return ((x - plo) / range) * scale;
    return 0;
  });
}

/** Thrown for ctukey percentiles other than 10/90 and 25/75 (the caller turns it into KqlUnsupportedError). */
export class OutlierScaleUnknown extends Error {
  constructor(readonly minPercentile: number, readonly maxPercentile: number) {
    super(`ctukey with percentiles ${minPercentile}/${maxPercentile}: Kusto's score scaling for other than 10/90 is not documented`);
  }
}

export interface Anomalies { ad_flag: number[]; ad_score: number[]; baseline: number[] }

export function decomposeAnomalies(xs: number[], threshold = 1.5, seasonality = -1, trend: TrendKind = 'avg', testPoints = 0, method: OutlierKind = 'ctukey', seasonalityThreshold = 0.6): Anomalies {
  const d = decompose(xs, seasonality, trend, testPoints, seasonalityThreshold);
  const learn = Math.max(0, xs.length - Math.trunc(testPoints));
  const residual = d.residual.map((r, i) => (isPresent(xs[i]!) ? r : NaN));
  const score = outlierScores(residual, method, 10, 90, residual.slice(0, learn));
  const flag = score.map((s) => (s > threshold ? 1 : s < -threshold ? -1 : 0));
  return { ad_flag: flag, ad_score: score, baseline: d.baseline };
}
