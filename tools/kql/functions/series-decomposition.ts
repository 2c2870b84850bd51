/**
 * Seasonality, decomposition, anomaly detection and forecasting over series: series_periods_detect/validate,
 * series_seasonal, series_decompose, series_decompose_anomalies, series_decompose_forecast, series_outliers.
 * The algorithms and the reference examples they were checked against are described in tools/kql/series/.
 */
import { registerScalar, scalar } from '../registry.js';
import { KqlRuntimeError, KqlUnsupportedError } from '../errors.js';
import { decompose, decomposeAnomalies, outlierScores, OutlierScaleUnknown, seasonalComponent, seasonalPeriod, type OutlierKind, type TrendKind } from '../series/decompose.js';
import { detectPeriods, validatePeriods } from '../series/periods.js';
import { numbersOf, numbersOfIntoScratch } from '../series/numeric.js';
import { asDynamicNumbers, toDynamicNumbers } from './series.js';

function trendKind(trend: string | undefined): TrendKind {
  const t = (trend ?? 'avg').toLowerCase();
  if (t !== 'avg' && t !== 'linefit' && t !== 'none') throw new KqlRuntimeError(`trend must be 'avg', 'linefit' or 'none', got '${trend}'`);
  return t;
}

function outlierKind(kind: string | undefined): OutlierKind {
  const k = (kind ?? 'ctukey').toLowerCase();
  if (k !== 'tukey' && k !== 'ctukey') throw new KqlRuntimeError(`the outlier method must be 'tukey' or 'ctukey', got '${kind}'`);
  return k;
}

/** Runs a scoring step, turning an undocumented percentile pair into a KqlUnsupportedError naming the function. */
function scored<T>(fn: string, f: () => T): T {
  try { return f(); } catch (e) {
    if (e instanceof OutlierScaleUnknown) throw new KqlUnsupportedError(`${fn}() with min_percentile=${e.minPercentile}, max_percentile=${e.maxPercentile}`, undefined, 'Kusto\'s score scaling is documented for the 10/90 default only');
    throw e;
  }
}

registerScalar(
  scalar('series_periods_detect(series: dynamic, min_period: real, max_period: real, num_periods: long): (periods: dynamic, scores: dynamic)',
    function seriesPeriodsDetect(series: unknown, minPeriod: number, maxPeriod: number, numPeriods: number) {
      const xs = numbersOf(series);
      if (!xs) return null;
      const r = detectPeriods(xs, minPeriod, maxPeriod, Math.max(0, Math.trunc(numPeriods)));
      return [r.periods, r.scores];
    }),
  scalar('series_periods_validate(series: dynamic, period: real...): (periods: dynamic, scores: dynamic)',
    function seriesPeriodsValidate(series: unknown, periods: number[]) {
      const xs = numbersOf(series);
      if (!xs) return null;
      if (periods.length > 16) throw new KqlRuntimeError('at most 16 periods can be validated');
      return [periods, validatePeriods(xs, periods)];
    }),
  scalar('series_seasonal(series: dynamic, period?: integer, test_points?: integer): dynamic',
    function seriesSeasonal(series: unknown, period: number | undefined, testPoints: number | undefined) {
      const xs = numbersOf(series);
      if (!xs) return null;
      const learn = xs.length - Math.max(0, Math.trunc(testPoints ?? 0));
      // The reference: -1 (default) detects the period with series_periods_detect and a 0.7 score threshold.
      const p = seasonalPeriod(xs.slice(0, learn), period ?? -1, 0.7);
      return toDynamicNumbers(seasonalComponent(xs, p, learn).map((v) => (Number.isNaN(v) ? 0 : v)));
    }),
  scalar('series_decompose(series: dynamic, period?: integer, trend?: string, test_points?: integer, seasonality_threshold?: real): (baseline: dynamic, seasonal: dynamic, trend: dynamic, residual: dynamic)',
    function seriesDecompose(series: unknown, period: number | undefined, trend: string | undefined, testPoints: number | undefined, seasonalityThreshold: number | undefined) {
      const xs = numbersOf(series);
      if (!xs) return null;
      const d = decompose(xs, period ?? -1, trendKind(trend), testPoints ?? 0, seasonalityThreshold ?? 0.6);
      return [d.baseline, d.seasonal, d.trend, d.residual].map(toDynamicNumbers);
    }),
  scalar('series_decompose_anomalies(series: dynamic, threshold?: real, period?: integer, trend?: string, test_points?: integer, method?: string, seasonality_threshold?: real): (ad_flag: dynamic, ad_score: dynamic, baseline: dynamic)',
    function seriesDecomposeAnomalies(series: unknown, threshold: number | undefined, period: number | undefined, trend: string | undefined, testPoints: number | undefined, method: string | undefined, seasonalityThreshold: number | undefined) {
      const xs = numbersOfIntoScratch(series);
      if (!xs) return null;
      const a = scored('series_decompose_anomalies', () => decomposeAnomalies(xs, threshold ?? 1.5, period ?? -1, trendKind(trend), testPoints ?? 0, outlierKind(method), seasonalityThreshold ?? 0.6));
      return [a.ad_flag, asDynamicNumbers(a.ad_score), asDynamicNumbers(a.baseline)];
    }),
  // Kusto.Language types this call like series_decompose (baseline, seasonal, trend, residual); the reference
  // documents the first column, the forecast: the baseline learned without the last test_points points.
  scalar('series_decompose_forecast(series: dynamic, test_points: integer, period?: integer, trend?: string, seasonality_threshold?: real): (baseline: dynamic, seasonal: dynamic, trend: dynamic, residual: dynamic)',
    function seriesDecomposeForecast(series: unknown, testPoints: number, period: number | undefined, trend: string | undefined, seasonalityThreshold: number | undefined) {
      const xs = numbersOf(series);
      if (!xs) return null;
      const d = decompose(xs, period ?? -1, trendKind(trend), testPoints, seasonalityThreshold ?? 0.6);
      return [d.baseline, d.seasonal, d.trend, d.residual].map(toDynamicNumbers);
    }),
  scalar('series_outliers(series: dynamic, kind?: string, ignore_val?: real, min_percentile?: real, max_percentile?: real, test_points?: integer): dynamic',
    function seriesOutliers(series: unknown, kind: string | undefined, ignoreVal: number | null | undefined, minPercentile: number | undefined, maxPercentile: number | undefined, testPoints: number | undefined) {
      const raw = numbersOf(series);
      if (!raw) return null;
      // Null elements and the ignore value score 0 and take no part in the percentiles.
      const xs = ignoreVal === null || ignoreVal === undefined ? raw : raw.map((x) => (x === ignoreVal ? NaN : x));
      const learn = xs.length - Math.max(0, Math.trunc(testPoints ?? 0));
      return scored('series_outliers', () => outlierScores(xs, outlierKind(kind), minPercentile ?? 10, maxPercentile ?? 90, xs.slice(0, learn)));
    }, { nulls: 'handled' }),
);
