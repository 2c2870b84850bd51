/**
 * Reusable Float64Arrays for the intermediates of one series computation (centered values, autocorrelations, the
 * periodogram, decomposition components that are not returned). A make-series result runs the same function over
 * thousands of series of one length; allocating a dozen off-heap buffers per series made garbage collection a
 * fifth of the time. Series functions run to completion one at a time and never call each other with the same
 * purpose, so one buffer per purpose is enough; nothing a function returns is a scratch buffer.
 */
const buffers = new Map<string, Float64Array>();

/** Above this length a buffer is allocated per call rather than kept (a one-off huge series should not pin memory). */
const KEEP_MAX = 1 << 16;

/** A Float64Array of `length` for `purpose`, contents unspecified (callers write before they read). */
export function scratch(purpose: string, length: number): Float64Array {
  if (length > KEEP_MAX) return new Float64Array(length);
  let buffer = buffers.get(purpose);
  if (!buffer || buffer.length < length) {
    buffer = new Float64Array(Math.max(length, buffer ? buffer.length * 2 : 0, 64));
    buffers.set(purpose, buffer);
  }
  return buffer.subarray(0, length);
}
