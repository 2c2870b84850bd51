/**
 * Summary statistics and regressions of a series: series_stats, series_fit_line, series_fit_2lines.
 * Points are indexed 1..n for the regressions (series_fit_line's documented line_fit starts at slope + interception).
 * Variances are sample variances (n - 1), as the reference's examples show (series_stats variance 812.457 for
 * its 15 points; series_fit_line variance 98.628 and rvariance 1.686 for its 12).
 */
import { isPresent, sampleVariance } from './numeric.js';

export interface SeriesStats { min: number | null; min_idx: number | null; max: number | null; max_idx: number | null; avg: number | null; stdev: number | null; variance: number | null; sum: number | null; len: number }

/**
 * series_stats. With ignoreNonFinite false (the default) any null/NaN/infinite element makes every statistic
 * null; with true those elements are skipped (indexes still refer to the original positions).
 */
export function seriesStats(xs: number[], ignoreNonFinite = false): SeriesStats {
  const len = xs.length;
  const empty: SeriesStats = { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null, sum: null, len };
  if (!ignoreNonFinite && xs.some((x) => !Number.isFinite(x))) return empty;
  const idx: number[] = [];
  xs.forEach((x, i) => { if (Number.isFinite(x)) idx.push(i); });
  if (!idx.length) return empty;
  let min = Infinity, max = -Infinity, minIdx = 0, maxIdx = 0, sum = 0;
  for (const i of idx) {
    const x = xs[i]!;
    if (x < min) { min = x; minIdx = i; }
    if (x > max) { max = x; maxIdx = i; }
    sum += x;
  }
  const variance = sampleVariance(idx.map((i) => xs[i]!));
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg: sum / idx.length, stdev: Math.sqrt(variance), variance, sum, len };
}

export interface LineFit { rsquare: number; slope: number; variance: number; rvariance: number; interception: number; line_fit: number[] }

/** The least-squares line of fitLine without its per-point fit: what decomposition needs per series. */
export interface LineCoefficients { count: number; slope: number; interception: number; sst: number; ssr: number }

/**
 * Least-squares line through the points (i + 1 + offset, y_i) for the present y values, summed in index order
 * (the order pins the floating-point results); NaN slope and interception when no value is present.
 */
export function lineCoefficients(ys: ArrayLike<number>, offset = 0): LineCoefficients {
  let n = 0, sumX = 0, sumY = 0;
  for (let i = 0; i < ys.length; i++) { const y = ys[i]!; if (isPresent(y)) { n++; sumX += i + 1 + offset; sumY += y; } }
  if (n === 0) return { count: 0, slope: NaN, interception: NaN, sst: NaN, ssr: NaN };
  const mx = sumX / n, my = sumY / n;
  let sxx = 0, sxy = 0, sst = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i]!;
    if (!isPresent(y)) continue;
    const x = i + 1 + offset;
    sxx += (x - mx) ** 2; sxy += (x - mx) * (y - my); sst += (y - my) ** 2;
  }
  const slope = sxx ? sxy / sxx : 0;
  const interception = my - slope * mx;
  let ssr = 0;
  for (let i = 0; i < ys.length; i++) { const y = ys[i]!; if (isPresent(y)) ssr += (y - (slope * (i + 1 + offset) + interception)) ** 2; }
  return { count: n, slope, interception, sst, ssr };
}

export interface LineFit { rsquare: number; slope: number; variance: number; rvariance: number; interception: number; line_fit: number[] }

/** series_fit_line: least-squares line through the points (i + 1 + offset, y_i) for the present y values. */
export function fitLine(ys: number[], offset = 0): LineFit {
  const { count: n, slope, interception, sst, ssr } = lineCoefficients(ys, offset);
  if (n === 0) return { rsquare: NaN, slope: NaN, variance: NaN, rvariance: NaN, interception: NaN, line_fit: ys.map(() => NaN) };
  return {
    rsquare: sst ? 1 - ssr / sst : 1,
    slope,
    variance: n > 1 ? sst / (n - 1) : 0,
    rvariance: n > 1 ? ssr / (n - 1) : 0,
    interception,
    line_fit: ys.map((_, i) => slope * (i + 1 + offset) + interception),
  };
}

export interface TwoLinesFit {
  rsquare: number; split_idx: number; variance: number; rvariance: number; line_fit: number[];
  right_rsquare: number; right_slope: number; right_interception: number; right_variance: number; right_rvariance: number;
  left_rsquare: number; left_slope: number; left_interception: number; left_variance: number; left_rvariance: number;
}

/**
 * series_fit_2lines: for every split index s (the right segment starts at s, each segment at least 2 points),
 * fit one line to each side (on the series' own x positions) and keep the split with the highest total r-square
 * (1 - total residual sum of squares / total sum of squares of the whole series).
 */
export function fitTwoLines(ys: number[]): TwoLinesFit | null {
  const n = ys.length;
  if (n < 4) return null;
  const present = ys.filter(isPresent);
  const my = present.reduce((s, y) => s + y, 0) / present.length;
  const sst = present.reduce((s, y) => s + (y - my) ** 2, 0);
  let best: { split: number; ssr: number; left: LineFit; right: LineFit } | undefined;
  for (let split = 2; split <= n - 2; split++) {
    const left = fitLine(ys.slice(0, split)), right = fitLine(ys.slice(split), split);
    const ssr = residualSum(ys.slice(0, split), left.line_fit) + residualSum(ys.slice(split), right.line_fit);
    if (!best || ssr < best.ssr) best = { split, ssr, left, right };
  }
  const { split, ssr, left, right } = best!;
  const count = present.length;
  return {
    rsquare: sst ? 1 - ssr / sst : 1,
    split_idx: split,
    variance: count > 1 ? sst / (count - 1) : 0,
    rvariance: count > 1 ? ssr / (count - 1) : 0,
    line_fit: [...left.line_fit, ...right.line_fit],
    right_rsquare: right.rsquare, right_slope: right.slope, right_interception: right.interception, right_variance: right.variance, right_rvariance: right.rvariance,
    left_rsquare: left.rsquare, left_slope: left.slope, left_interception: left.interception, left_variance: left.variance, left_rvariance: left.rvariance,
  };
}

function residualSum(ys: number[], fit: number[]): number {
  let s = 0;
  ys.forEach((y, i) => { if (isPresent(y)) s += (y - fit[i]!) ** 2; });
  return s;
}
