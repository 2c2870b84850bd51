/** Math: rounding, powers, logarithms, min_of/max_of, bitwise, random values. */
import { registerScalar } from '../registry.js';
import { S } from './support.js';
import { compareValues } from '../compare.js';

registerScalar(
  S('round', 1, 2, (a) => { const p = 10 ** ((a[1] as number | undefined) ?? 0); const v = (a[0] as number) * p; return (Math.sign(v) * Math.round(Math.abs(v))) / p; }),
  S('max_of', 1, 64, (a) => { const xs = a.filter((x) => x !== null && x !== undefined); return xs.length ? xs.reduce((m, x) => (compareValues(x, m) > 0 ? x : m)) : null; }, { nullPropagates: false }),
  S('min_of', 1, 64, (a) => { const xs = a.filter((x) => x !== null && x !== undefined); return xs.length ? xs.reduce((m, x) => (compareValues(x, m) < 0 ? x : m)) : null; }, { nullPropagates: false }),
  S('abs', 1, 1, (a) => Math.abs(a[0] as number)),
  S('log', 1, 1, (a) => ((a[0] as number) > 0 ? Math.log(a[0] as number) : null)),
  S('log10', 1, 1, (a) => ((a[0] as number) > 0 ? Math.log10(a[0] as number) : null)),
  S('log2', 1, 1, (a) => ((a[0] as number) > 0 ? Math.log2(a[0] as number) : null)),
  S('exp', 1, 1, (a) => Math.exp(a[0] as number)),
  S('exp2', 1, 1, (a) => 2 ** (a[0] as number)),
  S('exp10', 1, 1, (a) => 10 ** (a[0] as number)),
  S('pow', 2, 2, (a) => (a[0] as number) ** (a[1] as number)),
  S('sqrt', 1, 1, (a) => ((a[0] as number) >= 0 ? Math.sqrt(a[0] as number) : null)),
  S('sign', 1, 1, (a) => Math.sign(a[0] as number)),
  S('ceiling', 1, 1, (a) => Math.ceil(a[0] as number)),
  S('isnan', 1, 1, (a) => Number.isNaN(a[0])),
  S('isinf', 1, 1, (a) => a[0] === Infinity || a[0] === -Infinity),
  S('isfinite', 1, 1, (a) => Number.isFinite(a[0])),
  S('binary_and', 2, 2, (a) => Number(BigInt.asIntN(64, BigInt(a[0] as number) & BigInt(a[1] as number)))),
  S('binary_or', 2, 2, (a) => Number(BigInt.asIntN(64, BigInt(a[0] as number) | BigInt(a[1] as number)))),
  S('binary_xor', 2, 2, (a) => Number(BigInt.asIntN(64, BigInt(a[0] as number) ^ BigInt(a[1] as number)))),
  S('rand', 0, 1, (a) => (a[0] === undefined ? Math.random() : Math.floor(Math.random() * (a[0] as number))), { volatile: true }),
  S('new_guid', 0, 0, () => globalThis.crypto.randomUUID(), { volatile: true }),
  S('binary_shift_left', 2, 2, (a) => Number(BigInt.asIntN(64, BigInt(a[0] as number) << BigInt(a[1] as number)))),
  S('binary_shift_right', 2, 2, (a) => Number(BigInt.asIntN(64, BigInt(a[0] as number) >> BigInt(a[1] as number)))),
  S('binary_not', 1, 1, (a) => Number(BigInt.asIntN(64, ~BigInt(a[0] as number)))),
);
