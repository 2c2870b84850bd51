/**
 * Element-wise series arithmetic, comparisons and math (series_add, series_greater, series_abs, ...) and the
 * reductions over one or two series (series_sum, series_dot_product, series_pearson_correlation, ...).
 * A scalar argument of a binary operation applies to every element; a missing or non-numeric element, or a
 * position only the longer array has, gives null (as every page of the family says).
 */

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** One operand: an array, or a scalar repeated. */
function operand(v: unknown): { at: (i: number) => number | null; length: number } | null {
  if (Array.isArray(v)) return { at: (i) => (i < v.length ? num(v[i]) : null), length: v.length };
  if (typeof v === 'number') return { at: () => v, length: 0 };
  return null;
}

export function binary(a: unknown, b: unknown, op: (x: number, y: number) => unknown): unknown[] | null {
  const x = operand(a), y = operand(b);
  if (!x || !y || (!Array.isArray(a) && !Array.isArray(b))) return null;
  const n = Math.max(x.length, y.length);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = x.at(i), q = y.at(i);
    out[i] = p === null || q === null ? null : op(p, q);
  }
  return out;
}

export function unary(a: unknown, op: (x: number) => number): unknown[] | null {
  if (!Array.isArray(a)) return null;
  return a.map((v) => { const x = num(v); return x === null ? null : op(x); });
}

export const BINARY_OPS: Record<string, (x: number, y: number) => unknown> = {
  series_add: (x, y) => x + y,
  series_subtract: (x, y) => x - y,
  series_multiply: (x, y) => x * y,
  series_divide: (x, y) => x / y,
  series_pow: (x, y) => x ** y,
  series_greater: (x, y) => x > y,
  series_greater_equals: (x, y) => x >= y,
  series_less: (x, y) => x < y,
  series_less_equals: (x, y) => x <= y,
  series_equals: (x, y) => x === y,
  series_not_equals: (x, y) => x !== y,
};

export const UNARY_OPS: Record<string, (x: number) => number> = {
  series_abs: Math.abs,
  series_acos: Math.acos,
  series_asin: Math.asin,
  series_atan: Math.atan,
  series_ceiling: Math.ceil,
  series_cos: Math.cos,
  series_exp: Math.exp,
  series_floor: Math.floor,
  series_log: Math.log,
  series_sign: Math.sign,
  series_sin: Math.sin,
  series_tan: Math.tan,
};

/** The numeric elements of an array (non-numeric ones ignored), or null when not an array. */
const numericElements = (a: unknown): number[] | null => (Array.isArray(a) ? a.filter((v): v is number => typeof v === 'number') : null);

export function seriesSum(a: unknown): number | null {
  const xs = numericElements(a);
  return xs ? xs.reduce((s, x) => s + x, 0) : null;
}

export function seriesProduct(a: unknown): number | null {
  const xs = numericElements(a);
  return xs ? xs.reduce((s, x) => s * x, 1) : null;
}

export function seriesMagnitude(a: unknown): number | null {
  const xs = numericElements(a);
  return xs ? Math.sqrt(xs.reduce((s, x) => s + x * x, 0)) : null;
}

/** Pairs of numeric elements at the same positions over the shorter length (non-numeric positions ignored). */
function pairs(a: unknown, b: unknown): [number, number][] | null {
  // A scalar operand stands for an array of that value as long as the other (series-dot-product-function.md's second example).
  if (Array.isArray(a) && typeof b === 'number') b = a.map(() => b);
  else if (Array.isArray(b) && typeof a === 'number') a = b.map(() => a);
  if (!Array.isArray(a) || !Array.isArray(b) || !a.length || !b.length) return null;
  const out: [number, number][] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) { const x = num(a[i]), y = num(b[i]); if (x !== null && y !== null) out.push([x, y]); }
  return out;
}

export function dotProduct(a: unknown, b: unknown): number | null {
  const p = pairs(a, b);
  return p ? p.reduce((s, [x, y]) => s + x * y, 0) : null;
}

export function cosineSimilarity(a: unknown, b: unknown): number | null {
  const p = pairs(a, b);
  if (!p) return null;
  let xy = 0, xx = 0, yy = 0;
  for (const [x, y] of p) { xy += x * y; xx += x * x; yy += y * y; }
  return xy / Math.sqrt(xx * yy);
}

/** Pearson correlation; null when the arrays differ in length or hold a non-numeric element. */
export function pearsonCorrelation(a: unknown, b: unknown): number | null {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || !a.length) return null;
  if (a.some((v) => typeof v !== 'number') || b.some((v) => typeof v !== 'number')) return null;
  const n = a.length, xs = a as number[], ys = b as number[];
  const mx = xs.reduce((s, x) => s + x, 0) / n, my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i]! - mx) * (ys[i]! - my); sxx += (xs[i]! - mx) ** 2; syy += (ys[i]! - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}
