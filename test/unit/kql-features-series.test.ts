/**
 * The series_* family, each checked against the documented result of its reference example
 * (MicrosoftDocs/dataexplorer-docs, data-explorer/kusto/query/<function>-function.md), plus edge cases.
 * The decomposition examples generate their series with rand(); here the same series use a fixed pseudo-random
 * term and the checks are the ones the pages state in words (which points are flagged, which period is found).
 */
import { describe, expect, it } from 'vitest';
import { errorOf, run } from './kql-adv-helpers.js';

const close = (got: unknown, want: number[], digits = 3) => {
  expect(Array.isArray(got)).toBe(true);
  (got as number[]).forEach((g, i) => expect(g, `element ${i}`).toBeCloseTo(want[i]!, digits));
  expect((got as number[]).length).toBe(want.length);
};

const truncated3 = (x: number) => Math.trunc(x * 1000) / 1000;

const TRAFFIC = 'dynamic([80, 139, 87, 110, 68, 54, 50, 51, 53, 133, 86, 141, 97, 156, 94, 149, 95, 140, 77, 61, 50, 54, 47, 133, 72, 152, 94, 148, 105, 162, 101, 160, 87, 63, 53, 55, 54, 151, 103, 189, 108, 183, 113, 175, 113, 178, 90, 71, 62, 62, 65, 165, 109, 181, 115, 182, 121, 178, 114, 170])';

describe('element-wise series functions (series-add/-subtract/-multiply/-divide/-pow/-greater/-equals/... pages)', () => {
  const S = 'range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | project s1 = pack_array(x,y,z), s2 = pack_array(z, y, x)';
  it('add, subtract, multiply, divide', () => {
    expect(run(`${S} | extend r = series_add(s1, s2) | project r`).rows).toEqual([[[5, 4, 5]], [[10, 8, 10]], [[15, 12, 15]]]);
    expect(run(`${S} | extend r = series_subtract(s1, s2) | project r`).rows).toEqual([[[-3, 0, 3]], [[-6, 0, 6]], [[-9, 0, 9]]]);
    expect(run(`${S} | extend r = series_multiply(s1, s2) | project r`).rows).toEqual([[[4, 4, 4]], [[16, 16, 16]], [[36, 36, 36]]]);
    expect(run(`${S} | extend r = series_divide(s1, s2) | project r`).rows).toEqual([[[0.25, 1, 4]], [[0.25, 1, 4]], [[0.25, 1, 4]]]);
  });
  it('pow and the comparisons', () => {
    expect(run('print x = dynamic([1, 2, 3, 4]), y=dynamic([1, 2, 3, 0.5]) | project series_pow(x, y)').rows).toEqual([[[1, 4, 27, 2]]]);
    const C = 'print s1 = dynamic([1,2,4]), s2 = dynamic([4,2,1])';
    expect(run(`${C} | project series_greater(s1, s2)`).rows).toEqual([[[false, false, true]]]);
    expect(run(`${C} | project series_equals(s1, s2)`).rows).toEqual([[[false, true, false]]]);
    expect(run(`${C} | project series_not_equals(s1, s2)`).rows).toEqual([[[true, false, true]]]);
    expect(run(`${C} | project series_less_equals(s1, s2)`).rows).toEqual([[[true, true, false]]]);
  });
  it('unary math', () => {
    expect(run('print arr = dynamic([-6.5,0,8.2]) | project series_abs(arr)').rows).toEqual([[[6.5, 0, 8.2]]]);
    expect(run('print s = dynamic([-1.5,1,2.5]) | project series_ceiling(s), series_floor(s)').rows).toEqual([[[-1, 1, 3], [-2, 1, 2]]]);
    expect(run('print arr = dynamic([-6, 0, 8]) | project series_sign(arr)').rows).toEqual([[[-1, 0, 1]]]);
    close(run('print s = dynamic([1,2,3]) | project series_exp(s)').rows[0]![0], [2.7182818284590451, 7.38905609893065, 20.085536923187668], 12);
    close(run('print s = dynamic([1,2,3]) | project series_log(s)').rows[0]![0], [0, 0.69314718055994529, 1.0986122886681098], 12);
  });
  it('a scalar operand applies to every element (series_multiply(10, flags) in series_decompose_anomalies)', () => {
    expect(run('print f = dynamic([1, 0, -1]) | project series_multiply(10, f), series_add(f, 1)').rows).toEqual([[[10, 0, -10], [2, 1, 0]]]);
  });
  it('non-numeric elements and positions only one array has give null', () => {
    expect(run('print a = dynamic([1, "x", 3, 4]), b = dynamic([1, 2, null]) | project series_add(a, b)').rows).toEqual([[[2, null, null, null]]]);
  });
  it('reductions: sum, product, magnitude, dot product, cosine similarity, pearson correlation', () => {
    expect(run('print arr=dynamic([1,2,3,4]) | project series_sum(arr), series_product(arr)').rows).toEqual([[10, 24]]);
    expect(run('print arr=dynamic([1,2,3,4]) | project series_magnitude(arr)').rows[0]![0]).toBeCloseTo(5.4772255750516612, 12);
    expect(run(`range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | project s1 = pack_array(x,y,z), s2 = pack_array(z, y, x)
      | project series_dot_product(s1, s2)`).rows).toEqual([[12], [48], [108]]);
    const cs = run(`datatable(s1:dynamic, s2:dynamic)[dynamic([0.1,0.2,0.1,0.2]), dynamic([0.11,0.2,0.11,0.21]), dynamic([0.1,0.2,0.1,0.2]), dynamic([1,2,3,4])]
      | project series_cosine_similarity(s1, s2)`).rows;
    expect(cs[0]![0]).toBeCloseTo(0.99935343825504, 12);
    expect(cs[1]![0]).toBeCloseTo(0.923760430703401, 12);
    expect(run('range s1 from 1 to 5 step 1 | extend s2 = 2 * s1 | summarize s1 = make_list(s1), s2 = make_list(s2) | project series_pearson_correlation(s1, s2)').rows[0]![0]).toBeCloseTo(1, 12);
  });
  it('a null series gives null', () => {
    expect(run('print a = dynamic(null) | project series_add(a, a), series_sum(a)').rows).toEqual([[null, null]]);
  });
});

describe('series_stats / series_stats_dynamic (series-stats-function.md, series-stats-dynamic-function.md)', () => {
  it('reference example: one column per statistic, sample stdev/variance', () => {
    const r = run('print x=dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project series_stats(x)');
    expect(r.cols).toEqual(['series_stats_x_min:real', 'series_stats_x_min_idx:long', 'series_stats_x_max:real', 'series_stats_x_max_idx:long', 'series_stats_x_avg:real', 'series_stats_x_stdev:real', 'series_stats_x_variance:real']);
    const [min, minIdx, max, maxIdx, avg, stdev, variance] = r.rows[0] as number[];
    expect([min, minIdx, max, maxIdx, avg]).toEqual([2, 8, 87, 3, 32.8]);
    expect(stdev).toBeCloseTo(28.5036338535483, 10);
    expect(variance).toBeCloseTo(812.457142857143, 9);
  });
  it('reference example: the dynamic form adds sum and len', () => {
    const bag = run('print x=dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project stats=series_stats_dynamic(x)').rows[0]![0] as Record<string, number>;
    expect(Object.keys(bag)).toEqual(['min', 'min_idx', 'max', 'max_idx', 'avg', 'stdev', 'variance', 'sum', 'len']);
    expect(bag).toMatchObject({ min: 2, min_idx: 8, max: 87, max_idx: 3, avg: 32.8, sum: 492, len: 15 });
  });
  it('(a, b) = series_stats(...) names the first columns; the rest keep generated names', () => {
    expect(run('print x=dynamic([1, 2, 3]) | extend (lo, at) = series_stats(x) | project-away x').cols)
      .toEqual(['lo:real', 'at:long', 'series_stats_x_max:real', 'series_stats_x_max_idx:long', 'series_stats_x_avg:real', 'series_stats_x_stdev:real', 'series_stats_x_variance:real']);
  });
  it('non-finite elements make every statistic null unless ignore_nonfinite', () => {
    expect(run('print x=dynamic([1, null, 3]) | project series_stats(x)').rows).toEqual([[null, null, null, null, null, null, null]]);
    expect(run('print x=dynamic([1, null, 3]) | project series_stats(x, true)').rows).toEqual([[1, 0, 3, 2, 2, Math.SQRT2, 2]]);
  });
  it('an empty array gives nulls; a null series gives nulls', () => {
    expect(run('print x=dynamic([]) | project series_stats(x)').rows).toEqual([[null, null, null, null, null, null, null]]);
    expect(run('print x=dynamic(null) | project (a, b) = series_stats(x)').rows).toEqual([[null, null, null, null, null, null, null]]);
  });
});

describe('series_fit_line / series_fit_2lines (series-fit-line-function.md, series-fit-2lines-function.md)', () => {
  it('reference example: rsquare 0.982, slope 2.730, variance 98.628, rvariance 1.686, interception -1.666', () => {
    const r = run(`print id=' ', y=dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30])
      | extend (RSquare, Slope, Variance, RVariance, Interception, LineFit)=series_fit_line(y) | project-away id, y`);
    expect(r.cols).toEqual(['RSquare:real', 'Slope:real', 'Variance:real', 'RVariance:real', 'Interception:real', 'LineFit:dynamic']);
    const [rsq, slope, variance, rvariance, interception, fit] = r.rows[0] as [number, number, number, number, number, number[]];
    // The page prints the values cut to three decimals.
    expect([rsq, slope, variance, rvariance, interception].map(truncated3)).toEqual([0.982, 2.730, 98.628, 1.686, -1.666]);
    close(fit, [1.064, 3.7945, 6.526, 9.256, 11.987, 14.718, 17.449, 20.180, 22.910, 25.641, 28.371, 31.102], 2);
  });
  it('series_fit_line_dynamic holds the same values by name', () => {
    const bag = run('print y=dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]) | project f = series_fit_line_dynamic(y)').rows[0]![0] as Record<string, number>;
    expect([bag.rsquare, bag.slope, bag.variance, bag.rvariance, bag.interception].map(truncated3)).toEqual([0.982, 2.730, 98.628, 1.686, -1.666]);
  });
  it('two lines find the break of a series that rises then falls', () => {
    const r = run('print y=dynamic([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1]) | project (rsquare, split) = series_fit_2lines(y)');
    expect(r.cols.slice(0, 2)).toEqual(['rsquare:real', 'split:long']);
    expect(r.cols).toHaveLength(15);
    expect((r.rows[0]![0] as number)).toBeGreaterThan(0.95);
    expect([5, 6]).toContain(r.rows[0]![1]);
  });
});

describe('series_iir / series_fir (series-iir-function.md, series-fir-function.md)', () => {
  it('reference example: iir with denominators [1, -1] is a cumulative sum', () => {
    expect(run('let x = range(1.0, 10, 1); print x=x, y = series_iir(x, dynamic([1]), dynamic([1,-1])) | mv-expand x, y').rows)
      .toEqual([[1, 1], [2, 3], [3, 6], [4, 10], [5, 15], [6, 21], [7, 28], [8, 36], [9, 45], [10, 55]]);
  });
  it('reference example: the vector_sum function', () => {
    expect(run(`let vector_sum=(x: dynamic) { let y=array_length(x) - 1; todouble(series_iir(x, dynamic([1]), dynamic([1, -1]))[y]) };
      print d=dynamic([0, 1, 2, 3, 4]) | extend dd=vector_sum(d)`).rows).toEqual([[[0, 1, 2, 3, 4], 10]]);
  });
  it('fir: normalised moving average (peak shifted by 2), centered keeps the peak, [1,-1] differences', () => {
    const v = 'dynamic([0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 40, 100, 40, 20, 10, 0, 0, 0, 0, 0, 0, 0, 0])';
    const [ma, centered] = run(`print v=${v} | project series_fir(v, dynamic([1, 1, 1, 1, 1])), series_fir(v, dynamic([1, 1, 1, 1, 1]), true, true)`).rows[0] as number[][];
    expect(ma!.indexOf(Math.max(...ma!))).toBe(14);
    expect(centered!.indexOf(Math.max(...centered!))).toBe(12);
    expect(ma![14]).toBeCloseTo(44, 10);
    expect(run('print v=dynamic([0, 0, 0, 0, 2, 2, 2, 2, 3, 3, 3, 3]) | project series_fir(v, dynamic([1, -1]), false, false)').rows)
      .toEqual([[[0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0]]]);
  });
  it('fir: normalize=true with a negative coefficient gives null', () => {
    expect(run('print v=dynamic([1, 2, 3]) | project series_fir(v, dynamic([1, -1]), true)').rows).toEqual([[null]]);
  });
});

describe('series_fill_* (series-fill-forward/-backward/-const/-linear pages)', () => {
  it('reference example: fill forward (leading nulls stay) and backward', () => {
    expect(run('print arr = dynamic([null, null, 36, 41, null, null, 16, 61, 33, null, null]) | project series_fill_forward(arr), series_fill_backward(arr)').rows)
      .toEqual([[[null, null, 36, 41, 41, 41, 16, 61, 33, 33, 33], [36, 36, 36, 41, 16, 16, 16, 61, 33, null, null]]]);
  });
  it('reference example: fill const', () => {
    expect(run('print arr = dynamic([111, null, 36, 41, 23, null, 16, 61, 33, null, null]) | project series_fill_const(arr, 0.0), series_fill_const(arr, -1)').rows)
      .toEqual([[[111, 0, 36, 41, 23, 0, 16, 61, 33, 0, 0], [111, -1, 36, 41, 23, -1, 16, 61, 33, -1, -1]]]);
  });
  it('reference example: fill linear of an int array truncates; edges; all-null arrays take the constant', () => {
    const r = run(`datatable(arr: dynamic)[dynamic([null, 111, null, 36, 41, null, null, 16, 61, 33, null, null]), dynamic([null, null, null, null])]
      | project without_args = series_fill_linear(arr), wo_edges = series_fill_linear(arr, double(null), false), with_const = series_fill_linear(arr, double(null), true, 3.14159)`);
    expect(r.rows[0]).toEqual([[111, 111, 73, 36, 41, 32, 24, 16, 61, 33, 33, 33], [null, 111, 73, 36, 41, 32, 24, 16, 61, 33, null, null], [111, 111, 73, 36, 41, 32, 24, 16, 61, 33, 33, 33]]);
    expect(r.rows[1]).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [3.14159, 3.14159, 3.14159, 3.14159]]);
    // Deviation (documented in docs/kql-advanced-operators.md): the page's double array [null, 111.0, null, 36.0, ...] gives 73.5;
    // dynamic numbers here do not record 111.0 vs 111, so a real array of whole numbers interpolates like an int array.
    expect(run('print a = dynamic([1.5, null, 2.0]) | project series_fill_linear(a)').rows).toEqual([[[1.5, 1.75, 2]]]);
  });
  it('a non-null placeholder marks the missing values', () => {
    expect(run('print a = dynamic([1, -1, 3]) | project series_fill_forward(a, -1), series_fill_linear(a, -1)').rows).toEqual([[[1, 1, 3], [1, 2, 3]]]);
  });
});

describe('series_periods_detect / series_periods_validate / series_seasonal', () => {
  it('reference example: detect finds the 14-point (weekly) period with score ~0.84 and pads with zero', () => {
    const r = run(`print y=${TRAFFIC} | project x=range(1, array_length(y), 1), y | project series_periods_detect(y, 0.0, 50.0, 2)`);
    expect(r.cols).toEqual(['series_periods_detect_y_periods:dynamic', 'series_periods_detect_y_scores:dynamic']);
    const [periods, scores] = r.rows[0] as number[][];
    expect(periods).toEqual([14, 0]);
    expect(scores![0]).toBeCloseTo(0.84, 2);
    expect(scores![1]).toBe(0);
  });
  it('reference example: validate scores 14 high and 10 zero', () => {
    const [periods, scores] = run(`print y=${TRAFFIC} | project series_periods_validate(y, 14.0, 10.0)`).rows[0] as number[][];
    expect(periods).toEqual([14, 10]);
    expect(scores![0]).toBeCloseTo(0.84, 2);
    expect(scores![1]).toBe(0);
  });
  it('periods outside [4, n/2) score 0', () => {
    expect(run(`print y=${TRAFFIC} | project (p, s) = series_periods_validate(y, 2.0, 31.0)`).rows).toEqual([[[2, 31], [0, 0]]]);
  });
  it('reference example: series_seasonal detects 6 and 5, not the too-short period of the third series', () => {
    const r = run(`print s=dynamic([2, 5, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1])
      | union (print s=dynamic([8, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10]))
      | union (print s=dynamic([1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6]))
      | project s_seasonal = series_seasonal(s)`);
    expect(r.rows).toEqual([
      [[1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1]],
      [[10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10]],
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ]);
  });
  it('reference example: series_seasonal with a forced period takes phase medians', () => {
    expect(run(`print s=dynamic([1, 3, 5, 1, 3, 5, 2, 4, 6]) | union (print s=dynamic([1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6])) | project series_seasonal(s, 3)`).rows)
      .toEqual([[[1, 3, 5, 1, 3, 5, 1, 3, 5]], [[1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5]]]);
  });
  it('a constant or empty series has no period', () => {
    expect(run('print y=dynamic([5, 5, 5, 5, 5, 5, 5, 5, 5, 5]) | project series_periods_detect(y, 0.0, 10.0, 1)').rows).toEqual([[[0], [0]]]);
    expect(run('print y=dynamic([]) | project series_periods_detect(y, 0.0, 10.0, 2)').rows).toEqual([[[0, 0], [0, 0]]]);
  });
});

/** The reference's decomposition series (5 weeks hourly, weekly seasonality, dips at 150/200/780, spikes at 300/400/600) with fixed noise. */
const weekly = (trend: boolean) => `range t from 1 to 24*7*5 step 1
  | extend y = 2*(((t*7919)%1000)/1000.0) + iff((t/24)%7>=5, ${trend ? '5.0' : '10.0'}, 15.0) - (((t%24)/10)*((t%24)/10))${trend ? ' + t/72.0' : ''}
  | extend y=iff(t==150 or t==200 or t==780, y-8.0, y)
  | extend y=iff(t==300 or t==400 or t==600, y+8.0, y)
  | summarize y=make_list(y, 10000)`;
const flagged = (call: string, trend: boolean) => run(`${weekly(trend)} | extend (flag, score, baseline) = ${call}
  | mv-expand with_itemindex=i flag to typeof(long) | where flag != 0 | project t = i + 1, flag`).rows;

describe('series_decompose_anomalies (series-decompose-anomalies-function.md)', () => {
  it('weekly seasonality: the six inserted outliers and nothing else, with their direction', () => {
    expect(flagged('series_decompose_anomalies(y)', false)).toEqual([[150, -1], [200, -1], [300, 1], [400, 1], [600, 1], [780, -1]]);
  });
  it('with trend and the default avg trend: only some inserted outliers are found', () => {
    const r = flagged('series_decompose_anomalies(y)', true);
    expect(r.length).toBeGreaterThan(0);
    expect(r.length).toBeLessThan(6);
    for (const [t] of r) expect([150, 200, 300, 400, 600, 780]).toContain(t);
  });
  it('with linefit: all inserted outliers plus false positives at 1.5, only the inserted ones at 2.5', () => {
    const at15 = flagged("series_decompose_anomalies(y, 1.5, -1, 'linefit')", true).map((r) => r[0]);
    for (const t of [150, 200, 300, 400, 600, 780]) expect(at15).toContain(t);
    expect(at15.length).toBeGreaterThan(6);
    expect(flagged("series_decompose_anomalies(y, 2.5, -1, 'linefit')", true)).toEqual([[150, -1], [200, -1], [300, 1], [400, 1], [600, 1], [780, -1]]);
  });
  it('output columns as the binder names them', () => {
    expect(run(`${weekly(false)} | project series_decompose_anomalies(y)`).cols)
      .toEqual(['series_decompose_anomalies_y_ad_flag:dynamic', 'series_decompose_anomalies_y_ad_score:dynamic', 'series_decompose_anomalies_y_baseline:dynamic']);
  });
  it('a flat series has no anomaly; a null series gives nulls', () => {
    expect(run('print y=dynamic([3, 3, 3, 3, 3, 3, 3, 3]) | project series_decompose_anomalies(y)').rows).toEqual([[[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [3, 3, 3, 3, 3, 3, 3, 3]]]);
    expect(run('print y=dynamic(null) | project series_decompose_anomalies(y)').rows).toEqual([[null, null, null]]);
  });
  it('an unknown trend or method is a runtime error naming the function', () => {
    expect(errorOf("print y=dynamic([1,2,3]) | project series_decompose_anomalies(y, 1.5, -1, 'cubic')").message).toMatch(/series_decompose_anomalies\(\).*trend/);
    expect(errorOf("print y=dynamic([1,2,3]) | project series_decompose_anomalies(y, 1.5, -1, 'avg', 0, 'zscore')").message).toMatch(/method/);
  });
});

describe('series_decompose (series-decompose-function.md)', () => {
  it('weekly seasonality: baseline = seasonal + trend, residual = y - baseline; the outliers stand out in the residual', () => {
    const [y, baseline, seasonal, trend, residual] = run(`${weekly(false)} | project y, series_decompose(y)`).rows[0] as number[][];
    expect(y!.length).toBe(840);
    for (let i = 0; i < 840; i++) {
      expect(baseline![i]).toBeCloseTo(seasonal![i]! + trend![i]!, 9);
      expect(residual![i]).toBeCloseTo(y![i]! - baseline![i]!, 9);
    }
    // Seasonal values repeat every week (168 bins): the period was detected.
    expect(seasonal![5]).toBe(seasonal![5 + 168]);
    const biggest = residual!.map((r, i) => [Math.abs(r), i + 1] as const).sort((a, b) => b[0] - a[0]).slice(0, 6).map(([, t]) => t).sort((a, b) => a - b);
    expect(biggest).toEqual([150, 200, 300, 400, 600, 780]);
  });
  it('seasonality 0 and trend none give baseline 0 and residual = y', () => {
    expect(run("print y=dynamic([1, 5, 2]) | project series_decompose(y, 0, 'none')").rows).toEqual([[[0, 0, 0], [0, 0, 0], [0, 0, 0], [1, 5, 2]]]);
  });
  it('linefit on a straight line is exact', () => {
    const [baseline, , , residual] = run("print y=dynamic([2, 4, 6, 8, 10, 12]) | project series_decompose(y, 0, 'linefit')").rows[0] as number[][];
    close(baseline!, [2, 4, 6, 8, 10, 12], 9);
    close(residual!, [0, 0, 0, 0, 0, 0], 9);
  });
});

describe('series_decompose_forecast (series-decompose-forecast-function.md)', () => {
  it('forecasts an empty fifth week from four weeks of weekly seasonality with trend', () => {
    const q = `range t from 1 to 24*7*5 step 1
      | extend truth = iff((t/24)%7>=5, 5.0, 15.0) - (((t%24)/10)*((t%24)/10)) + t/72.0
      | extend y = iff(t <= 24*7*4, truth + 2*(((t*7919)%1000)/1000.0), 0.0)
      | summarize y = make_list(y, 10000), truth = make_list(truth, 10000)
      | project f = series_decompose_forecast(y, 24*7, -1, 'linefit'), truth`;
    // Kusto.Language types the call like series_decompose (four columns); the first is the forecast.
    expect(run(q).cols).toEqual(['f:dynamic', 'series_decompose_forecast_y_seasonal:dynamic', 'series_decompose_forecast_y_trend:dynamic', 'series_decompose_forecast_y_residual:dynamic', 'truth:dynamic']);
    const row = run(q).rows[0] as number[][];
    const f = row[0], truth = row[4];
    let err = 0;
    for (let i = 24 * 7 * 4; i < 24 * 7 * 5; i++) err += Math.abs(f![i]! - truth![i]!);
    // Mean absolute error over the forecast week, against a series whose noise is uniform in [0, 2).
    expect(err / 168).toBeLessThan(2);
  });
});

describe('series_outliers (series-outliers-function.md)', () => {
  it('ctukey (default): 10th/90th percentiles by interpolation, scores scaled to read like Tukey fences', () => {
    // Worked example from the Kusto team's answer to "How does Kusto series_outliers() calculate anomaly scores?" (Stack Overflow 75264555).
    const r = run('print s = dynamic([-3, 2.4, 15, 3.9, 5, 6, 4.5, 5.2, 3, 4, 5, 16, 7, 5, 5, 4]) | project series_outliers(s)');
    close(r.rows[0]![0], [-1.9040785483608571, -0.10021466044004519, 1.3361954725339347, 0, 0, 0, 0, 0, 0, 0, 0, 1.6702443406674186, 0, 0, 0, 0], 9);
  });
  it('tukey: 25th/75th percentiles, (x - Q3) / IQR above, (x - Q1) / IQR below', () => {
    const [s] = run("print s = dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 30]) | project series_outliers(s, 'tukey')").rows[0] as number[][];
    // Q1 = 3.25, Q3 = 7.75, IQR = 4.5
    expect(s![9]).toBeCloseTo((30 - 7.75) / 4.5, 12);
    close(s!.slice(0, 9), [-0.5, -0.2777777777777778, -0.05555555555555555, 0, 0, 0, 0, 0.05555555555555555, 0.2777777777777778], 12);
  });
  it('nulls and the ignore value score 0 and do not move the percentiles', () => {
    const a = run('print s = dynamic([1, 2, null, 3, 4, 100]) | project series_outliers(s)').rows[0]![0] as number[];
    const b = run('print s = dynamic([1, 2, -1, 3, 4, 100]) | project series_outliers(s, "ctukey", -1)').rows[0]![0] as number[];
    expect(a[2]).toBe(0);
    expect(b[2]).toBe(0);
    expect(a).toEqual(b);
  });
  it('custom percentiles other than 10/90 are refused (their score scaling is undocumented)', () => {
    const e = errorOf("print s = dynamic([1, 2, 3]) | project series_outliers(s, 'ctukey', double(null), 5, 95)");
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/series_outliers\(\).*5.*95.*line 1/);
  });
});

describe('series_dot_product with a scalar operand (series-dot-product-function.md, second example)', () => {
  it('the scalar multiplies every element (it returned null before)', () => {
    const r = run(`range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | project s1 = pack_array(x,y,z), s2 = x
      | extend s1_dot_product_s2 = series_dot_product(s1, s2)`);
    expect(r.rows.map((x) => x[2])).toEqual([7, 28, 63]);
  });
});
