/**
 * Series (dynamic numeric arrays): element-wise arithmetic and comparisons, reductions, statistics, line fits,
 * filters and gap filling. The algorithms live in tools/kql/series/ as pure functions over number arrays.
 * Functions documented as returning several columns (series_stats, series_fit_line, series_fit_2lines) return
 * one array of components per row, in the binder's column order (see compile/tuple.ts).
 */
import { registerScalar, scalar, type ScalarFunction } from '../registry.js';
import { BINARY_OPS, UNARY_OPS, binary, cosineSimilarity, dotProduct, pearsonCorrelation, seriesMagnitude, seriesProduct, seriesSum, unary } from '../series/elementwise.js';
import { fitLine, fitTwoLines, seriesStats, type SeriesStats, type TwoLinesFit } from '../series/fit.js';
import { fillBackward, fillConst, fillForward, fillLinear, fir, iir } from '../series/filters.js';
import { numbersOf } from '../series/numeric.js';
import { markRealArray } from '../real-arrays.js';

/** A number array for dynamic output: NaN (a missing element) becomes null. */
/** A series function's result is an array of reals (real-arrays.ts). */
export function toDynamicNumbers(xs: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(xs.length);
  for (let i = 0; i < xs.length; i++) { const x = xs[i]!; out[i] = Number.isNaN(x) ? null : x; }
  return markRealArray(out);
}
/** toDynamicNumbers in place, for a fresh array the caller owns (no copy of a long series). */
export function asDynamicNumbers(xs: number[]): (number | null)[] {
  const out = xs as (number | null)[];
  for (let i = 0; i < xs.length; i++) if (Number.isNaN(xs[i])) out[i] = null;
  return markRealArray(out);
}
const orNull = (x: number | null) => (x === null || Number.isNaN(x) ? null : x);

const STATS_ORDER = ['min', 'min_idx', 'max', 'max_idx', 'avg', 'stdev', 'variance'] as const;
const FIT_LINE_ORDER = ['rsquare', 'slope', 'variance', 'rvariance', 'interception', 'line_fit'] as const;
const TWO_LINES_ORDER: (keyof TwoLinesFit)[] = ['rsquare', 'split_idx', 'variance', 'rvariance', 'line_fit', 'right_rsquare', 'right_slope', 'right_interception',
  'right_variance', 'right_rvariance', 'left_rsquare', 'left_slope', 'left_interception', 'left_variance', 'left_rvariance'];

function lineFitBag(series: unknown) {
  const ys = numbersOf(series);
  if (!ys) return null;
  const f = fitLine(ys);
  return { rsquare: orNull(f.rsquare), slope: orNull(f.slope), variance: orNull(f.variance), rvariance: orNull(f.rvariance), interception: orNull(f.interception), line_fit: toDynamicNumbers(f.line_fit) };
}

function twoLinesBag(series: unknown): Record<string, unknown> | null {
  const ys = numbersOf(series);
  const f = ys && fitTwoLines(ys);
  if (!f) return null;
  return Object.fromEntries(TWO_LINES_ORDER.map((k) => [k, Array.isArray(f[k]) ? toDynamicNumbers(f[k] as number[]) : orNull(f[k] as number)]));
}

function statsOf(series: unknown, ignoreNonfinite: boolean | undefined): SeriesStats | null {
  const xs = numbersOf(series);
  return xs ? seriesStats(xs, ignoreNonfinite === true) : null;
}

const elementwiseBinary = Object.entries(BINARY_OPS).map(([name, op]): ScalarFunction =>
  scalar(`${name}(series1: dynamic, series2: dynamic): dynamic`, { [name]: function (series1: unknown, series2: unknown) { return realUnlessBool(binary(series1, series2, op)); } }[name]!));
const elementwiseUnary = Object.entries(UNARY_OPS).map(([name, op]): ScalarFunction =>
  scalar(`${name}(series: dynamic): dynamic`, { [name]: function (series: unknown) { return realUnlessBool(unary(series, op)); } }[name]!));

/** Element-wise arithmetic gives arrays of reals (comparisons give bools): marked for series_fill_linear. */
function realUnlessBool(result: unknown): unknown {
  return Array.isArray(result) && !result.some((v) => typeof v === 'boolean') ? markRealArray(result) : result;
}

registerScalar(
  ...elementwiseBinary,
  ...elementwiseUnary,
  scalar('series_sum(series: dynamic): real', function seriesSumOf(series: unknown) { return seriesSum(series); }),
  scalar('series_product(series: dynamic): real', function seriesProductOf(series: unknown) { return seriesProduct(series); }),
  scalar('series_magnitude(series: dynamic): real', function seriesMagnitudeOf(series: unknown) { return seriesMagnitude(series); }),
  scalar('series_dot_product(series1: dynamic, series2: dynamic): real', function seriesDotProduct(series1: unknown, series2: unknown) { return dotProduct(series1, series2); }),
  scalar('series_cosine_similarity(series1: dynamic, series2: dynamic): real', function seriesCosineSimilarity(series1: unknown, series2: unknown) { return cosineSimilarity(series1, series2); }),
  scalar('series_pearson_correlation(series1: dynamic, series2: dynamic): real', function seriesPearsonCorrelation(series1: unknown, series2: unknown) { return pearsonCorrelation(series1, series2); }),

  scalar('series_stats(series: dynamic, ignore_nonfinite?: bool): (min: real, min_idx: long, max: real, max_idx: long, avg: real, stdev: real, variance: real)',
    function seriesStatsColumns(series: unknown, ignoreNonfinite: boolean | undefined) {
      const s = statsOf(series, ignoreNonfinite);
      return s ? STATS_ORDER.map((k) => s[k]) : null;
    }),
  scalar('series_stats_dynamic(series: dynamic, ignore_nonfinite?: bool): dynamic', function seriesStatsDynamic(series: unknown, ignoreNonfinite: boolean | undefined) {
    return statsOf(series, ignoreNonfinite);
  }),
  scalar('series_fit_line(series: dynamic): (rsquare: real, slope: real, variance: real, rvariance: real, interception: real, line_fit: dynamic)',
    function seriesFitLine(series: unknown) {
      const b = lineFitBag(series);
      return b ? FIT_LINE_ORDER.map((k) => b[k]) : null;
    }),
  scalar('series_fit_line_dynamic(series: dynamic): dynamic', function seriesFitLineDynamic(series: unknown) { return lineFitBag(series); }),
  scalar('series_fit_2lines(array: dynamic): (rsquare: real, split_idx: long, variance: real, rvariance: real, line_fit: dynamic, right_rsquare: real, ...)',
    function seriesFit2lines(array: unknown) {
      const b = twoLinesBag(array);
      return b ? TWO_LINES_ORDER.map((k) => b[k]) : null;
    }),
  scalar('series_fit_2lines_dynamic(series: dynamic): dynamic', function seriesFit2linesDynamic(series: unknown) { return twoLinesBag(series); }),

  scalar('series_iir(series: dynamic, numerators: dynamic, denominators: dynamic): dynamic', function seriesIir(series: unknown, numerators: unknown, denominators: unknown) {
    const xs = numbersOf(series), b = numbersOf(numerators), a = numbersOf(denominators);
    if (!xs || !b || !a || !a.length || !a[0]) return null;
    return toDynamicNumbers(iir(xs.map((x) => (Number.isNaN(x) ? 0 : x)), b, a));
  }),
  scalar('series_fir(series: dynamic, filter: dynamic, normalize?: bool, center?: bool): dynamic',
    function seriesFir(series: unknown, filter: unknown, normalize: boolean | undefined, center: boolean | undefined) {
      const xs = numbersOf(series), f = numbersOf(filter);
      if (!xs || !f || !f.length) return null;
      const hasNegative = f.some((c) => c < 0);
      const norm = normalize ?? !hasNegative;
      // Normalising a filter with negative coefficients is undefined: the reference says the result is null.
      if (norm && (hasNegative || f.reduce((s, c) => s + c, 0) === 0)) return null;
      return toDynamicNumbers(fir(xs.map((x) => (Number.isNaN(x) ? 0 : x)), f, norm, center === true));
    }),

  scalar('series_fill_forward(series: dynamic, missing_value_placeholder?: scalar): dynamic', function seriesFillForward(series: unknown, missingValuePlaceholder: unknown) {
    return Array.isArray(series) ? fillForward(series, missingValuePlaceholder) : null;
  }, { nulls: 'handled' }),
  scalar('series_fill_backward(series: dynamic, missing_value_placeholder?: scalar): dynamic', function seriesFillBackward(series: unknown, missingValuePlaceholder: unknown) {
    return Array.isArray(series) ? fillBackward(series, missingValuePlaceholder) : null;
  }, { nulls: 'handled' }),
  scalar('series_fill_const(series: dynamic, constant_value?: scalar, missing_value_placeholder?: scalar): dynamic',
    function seriesFillConst(series: unknown, constantValue: unknown, missingValuePlaceholder: unknown) {
      return Array.isArray(series) ? fillConst(series, constantValue === undefined ? 0 : constantValue, missingValuePlaceholder) : null;
    }, { nulls: 'handled' }),
  scalar('series_fill_linear(series: dynamic, missing_value_placeholder?: scalar, fill_edges?: bool, constant_value?: scalar): dynamic',
    function seriesFillLinear(series: unknown, missingValuePlaceholder: unknown, fillEdges: boolean | undefined, constantValue: unknown) {
      return Array.isArray(series) ? fillLinear(series, missingValuePlaceholder, fillEdges !== false, constantValue === undefined ? 0 : constantValue) : null;
    }, { nulls: 'handled' }),
);
