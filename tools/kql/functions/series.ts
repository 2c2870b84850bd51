/** Series (dynamic numeric arrays) statistics, line fit, fill and outliers. */
import { registerScalar } from '../registry.js';
import { S, nums, stats, fitLine } from './support.js';

registerScalar(
  S('series_stats_dynamic', 1, 2, (a) => { const x = nums(a[0]); return x ? stats(x) : null; }),
  S('series_fit_line_dynamic', 1, 1, (a) => { const x = nums(a[0]); return x ? fitLine(x) : null; }),
  S('series_fill_const', 1, 3, (a) => (Array.isArray(a[0]) ? a[0].map((v) => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? (a[1] ?? 0) : v)) : null)),
  S('series_outliers', 1, 5, (a) => {
    const x = nums(a[0]); if (!x) return null;
    const sorted = x.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
    const q = (p: number) => { const i = (sorted.length - 1) * p; const lo = Math.floor(i), hi = Math.ceil(i); return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo); };
    const q1 = q(0.25), q3 = q(0.75), iqr = q3 - q1;
    return x.map((v) => (Number.isNaN(v) || iqr === 0 ? 0 : v > q3 ? (v - q3) / iqr : v < q1 ? (v - q1) / iqr : 0));
  }),
);
