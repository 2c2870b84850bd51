/** Series (dynamic numeric arrays) statistics, line fit, fill and outliers. */
import { registerScalar, scalar } from '../registry.js';
import { nums, stats, fitLine } from './support.js';

/** Linear-interpolated quantile of sorted values. */
const quantile = (sorted: number[], p: number) => {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
};

registerScalar(
  scalar('series_stats_dynamic(series: array, ignore_nonfinite?: bool): dynamic', function seriesStatsDynamic(series: unknown) {
    const x = nums(series);
    return x ? stats(x) : null;
  }),
  scalar('series_fit_line_dynamic(series: array): dynamic', function seriesFitLineDynamic(series: unknown) {
    const x = nums(series);
    return x ? fitLine(x) : null;
  }),
  scalar('series_fill_const(series: array, constant_value?: number, missing_value_placeholder?: number): same as series',
    function seriesFillConst(series: unknown, constantValue: number | undefined) {
      return Array.isArray(series) ? series.map((v) => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? (constantValue ?? 0) : v)) : null;
    }),
  scalar('series_outliers(series: array, kind?: string, ignore_val?: number, min_percentile?: real, max_percentile?: real): same as series',
    function seriesOutliers(series: unknown) {
      const x = nums(series);
      if (!x) return null;
      const sorted = x.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
      const q1 = quantile(sorted, 0.25), q3 = quantile(sorted, 0.75), iqr = q3 - q1;
      return x.map((v) => (Number.isNaN(v) || iqr === 0 ? 0 : v > q3 ? (v - q3) / iqr : v < q1 ? (v - q1) / iqr : 0));
    }),
);
