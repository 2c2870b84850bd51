/** Math: rounding, powers, logarithms, min_of/max_of, bitwise, random values. */
import { registerScalar, scalar } from '../registry.js';
import { compareValues } from '../compare.js';

/** 64-bit two's complement arithmetic on integers held as numbers (exact to 2^53). */
const int64 = (v: bigint) => Number(BigInt.asIntN(64, v));
const extremeOf = (values: unknown[], sign: 1 | -1) => {
  const present = values.filter((x) => x !== null && x !== undefined);
  return present.length ? present.reduce((m, x) => (compareValues(x, m) * sign > 0 ? x : m)) : null;
};

registerScalar(
  scalar('round(number: number, precision?: long): same as number', function round(number: number, precision: number | undefined) {
    const p = 10 ** (precision ?? 0);
    const v = number * p;
    return (Math.sign(v) * Math.round(Math.abs(v))) / p;
  }),
  scalar('max_of(arg: orderable...): common type of the args', function maxOf(args: unknown[]) { return extremeOf(args, 1); }, { nulls: 'handled' }),
  scalar('min_of(arg: orderable...): common type of the args', function minOf(args: unknown[]) { return extremeOf(args, -1); }, { nulls: 'handled' }),
  scalar('abs(number: number): same as number', function abs(number: number) { return Math.abs(number); }),
  scalar('log(number: number): real', function log(number: number) { return number > 0 ? Math.log(number) : null; }),
  scalar('log10(number: number): real', function log10(number: number) { return number > 0 ? Math.log10(number) : null; }),
  scalar('log2(number: number): real', function log2(number: number) { return number > 0 ? Math.log2(number) : null; }),
  scalar('exp(number: number): real', function exp(number: number) { return Math.exp(number); }),
  scalar('exp2(number: number): real', function exp2(number: number) { return 2 ** number; }),
  scalar('exp10(number: number): real', function exp10(number: number) { return 10 ** number; }),
  scalar('pow(base: number, exponent: number): real', function pow(base: number, exponent: number) { return base ** exponent; }),
  scalar('sqrt(number: number): real', function sqrt(number: number) { return number >= 0 ? Math.sqrt(number) : null; }),
  scalar('sign(number: number): real', function sign(number: number) { return Math.sign(number); }),
  scalar('ceiling(number: number): same as number', function ceiling(number: number) { return Math.ceil(number); }),
  scalar('isnan(number: real): bool', function isnan(number: number) { return Number.isNaN(number); }),
  scalar('isinf(number: real): bool', function isinf(number: number) { return number === Infinity || number === -Infinity; }),
  scalar('isfinite(number: real): bool', function isfinite(number: number) { return Number.isFinite(number); }),
  scalar('binary_and(value1: integer, value2: integer): long', function binaryAnd(value1: number, value2: number) { return int64(BigInt(value1) & BigInt(value2)); }),
  scalar('binary_or(value1: integer, value2: integer): long', function binaryOr(value1: number, value2: number) { return int64(BigInt(value1) | BigInt(value2)); }),
  scalar('binary_xor(value1: integer, value2: integer): long', function binaryXor(value1: number, value2: number) { return int64(BigInt(value1) ^ BigInt(value2)); }),
  scalar('binary_not(value: integer): long', function binaryNot(value: number) { return int64(~BigInt(value)); }),
  scalar('binary_shift_left(value: integer, shift: integer): long', function binaryShiftLeft(value: number, shift: number) { return int64(BigInt(value) << BigInt(shift)); }),
  scalar('binary_shift_right(value: integer, shift: integer): long', function binaryShiftRight(value: number, shift: number) { return int64(BigInt(value) >> BigInt(shift)); }),
  scalar('rand(number?: integer): real', function rand(number: number | undefined) {
    return number === undefined ? Math.random() : Math.floor(Math.random() * number);
  }, { volatile: true }),
  scalar('new_guid(): guid', function newGuid() { return globalThis.crypto.randomUUID(); }, { volatile: true }),
);
