/** Null/empty tests and conditionals: isempty, isnull, iff/iif, case, coalesce, not. */
import { registerScalar } from '../registry.js';
import { S } from './support.js';

registerScalar(
  S('isempty', 1, 1, (a) => a[0] === null || a[0] === undefined || a[0] === '', { nullPropagates: false }),
  S('isnotempty', 1, 1, (a) => !(a[0] === null || a[0] === undefined || a[0] === ''), { nullPropagates: false }),
  S('isnull', 1, 1, (a) => a[0] === null || a[0] === undefined, { nullPropagates: false }),
  S('isnotnull', 1, 1, (a) => !(a[0] === null || a[0] === undefined), { nullPropagates: false }),
  S('not', 1, 1, (a) => !(a[0] as boolean)),
  S('iff', 3, 3, (a) => (a[0] === true ? a[1] : a[2]), { nullPropagates: false, aliases: ['iif'] }),
  S('case', 3, 1000, (a) => { for (let i = 0; i + 1 < a.length; i += 2) if (a[i] === true) return a[i + 1]; return a[a.length - 1]; }, { nullPropagates: false }),
  S('coalesce', 1, 64, (a) => { for (const v of a) if (v !== null && v !== undefined && v !== '') return v; return a[a.length - 1] === '' ? '' : null; }, { nullPropagates: false }),
);
