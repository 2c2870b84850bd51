/** Reshaping arrays and bags: bag_zip, array_shift_left/right, array_rotate_left/right. */
import { registerScalar, scalar } from '../registry.js';

/** Shift left by n (negative: right); vacated positions get `fill`. */
function shift(array: unknown[], n: number, fill: unknown): unknown[] {
  const len = array.length, k = Math.trunc(n);
  return array.map((_, i) => { const j = i + k; return j >= 0 && j < len ? array[j] : fill; });
}

function rotate(array: unknown[], n: number): unknown[] {
  const len = array.length;
  if (!len) return [];
  const k = ((Math.trunc(n) % len) + len) % len;
  return [...array.slice(k), ...array.slice(0, k)];
}

/** The default for vacated positions: '' for an array of strings, else null (array-shift-left-function.md). */
const defaultFill = (array: unknown[]) => (array.length && array.every((v) => typeof v === 'string') ? '' : null);

// default_value may be an explicit null, so nulls are handled here rather than propagated.
registerScalar(
  scalar('bag_zip(keys: dynamic, values: dynamic): dynamic', function bagZip(keys: unknown, values: unknown) {
    // Keys that are not strings are skipped (their values too); values that are not an array give every key null.
    if (!Array.isArray(keys)) return null;
    const bag: Record<string, unknown> = {};
    keys.forEach((k, i) => { if (typeof k === 'string') bag[k] = Array.isArray(values) && i < values.length ? values[i] : null; });
    return bag;
  }, { nulls: 'handled' }),
  scalar('array_shift_left(array: dynamic, shift_count: integer, default_value?: scalar): dynamic',
    function arrayShiftLeft(array: unknown, shiftCount: number, defaultValue: unknown) {
      return Array.isArray(array) && typeof shiftCount === 'number' ? shift(array, shiftCount, defaultValue === undefined ? defaultFill(array) : defaultValue) : null;
    }, { nulls: 'handled' }),
  scalar('array_shift_right(array: dynamic, shift_count: integer, default_value?: scalar): dynamic',
    function arrayShiftRight(array: unknown, shiftCount: number, defaultValue: unknown) {
      return Array.isArray(array) && typeof shiftCount === 'number' ? shift(array, -shiftCount, defaultValue === undefined ? defaultFill(array) : defaultValue) : null;
    }, { nulls: 'handled' }),
  scalar('array_rotate_left(array: dynamic, rotate_count: integer): dynamic', function arrayRotateLeft(array: unknown, rotateCount: number) {
    return Array.isArray(array) ? rotate(array, rotateCount) : null;
  }),
  scalar('array_rotate_right(array: dynamic, rotate_count: integer): dynamic', function arrayRotateRight(array: unknown, rotateCount: number) {
    return Array.isArray(array) ? rotate(array, -rotateCount) : null;
  }),
);
