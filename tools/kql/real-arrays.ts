/**
 * Which dynamic arrays hold reals. A dynamic number is a JavaScript number, so `111.0` and `111` are the same value
 * here, but Kusto keeps them apart and some functions answer differently: series_fill_linear() rounds its
 * interpolations only when the series holds ints or longs (series-fill-linear-function.md). The places that know an
 * array's element type mark it: dynamic literals with a real element, make-series over a real aggregate, and the
 * series functions (their results are arrays of reals). An unmarked array of whole numbers is read as longs.
 */
const realArrays = new WeakSet<unknown[]>();

export function markRealArray<T extends unknown[]>(array: T): T {
  realArrays.add(array);
  return array;
}

export function isRealArray(array: unknown[]): boolean {
  return realArrays.has(array);
}
