/** Type conversions (null on failure, as the reference says) and gettype. */
import { registerScalar } from '../registry.js';
import { S, str, conv } from './support.js';
import { toDynamic } from '../compare.js';
import { parseDatetime, parseDynamicText, parseTimespan } from '../values.js';

registerScalar(
  S('tostring', 1, 1, (a, _c, t) => str(t[0]!, a[0]), { nullPropagates: false }),
  S('tolong', 1, 1, conv('long')),
  S('toint', 1, 1, (a, c, t) => { const v = conv('long')(a, c, t); return v === null ? null : (v as number) | 0; }),
  S('todouble', 1, 1, conv('real'), { aliases: ['toreal'] }),
  S('todecimal', 1, 1, conv('real')),
  S('tobool', 1, 1, (a, _c, t) => { const v = a[0]; if (t[0] === 'bool') return v; if (typeof v === 'number') return v !== 0; const s = String(v).trim().toLowerCase(); return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : null; }, { aliases: ['toboolean'] }),
  S('todatetime', 1, 1, (a, _c, t) => (t[0] === 'datetime' ? a[0] : typeof a[0] === 'string' ? parseDatetime(a[0]) ?? null : null)),
  S('totimespan', 1, 1, (a, _c, t) => (t[0] === 'timespan' ? a[0] : typeof a[0] === 'string' ? parseTimespan(a[0]) ?? null : typeof a[0] === 'number' ? a[0] : null)),
  S('toguid', 1, 1, conv('guid')),
  S('parse_json', 1, 1, (a, _c, t) => (t[0] === 'string' ? parseDynamicText(a[0] as string) : toDynamic(t[0]!, a[0])), { aliases: ['todynamic', 'parsejson'] }),
  S('gettype', 1, 1, (a, _c, t) => {
    if (t[0] !== 'dynamic') return ({ real: 'real', int: 'int', long: 'long', string: 'string', bool: 'bool', datetime: 'datetime', timespan: 'timespan', guid: 'guid', decimal: 'decimal' } as Record<string, string>)[t[0]!] ?? t[0];
    const v = a[0];
    if (v === null || v === undefined) return 'null';
    if (Array.isArray(v)) return 'array';
    if (typeof v === 'object') return 'dictionary';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
    return 'string';
  }, { nullPropagates: false }),
);
