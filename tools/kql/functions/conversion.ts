/** Type conversions (null on failure, as the reference says) and gettype. */
import { registerScalar, scalar, type Call } from '../registry.js';
import { convert } from './support.js';
import { toDynamic } from '../compare.js';
import { parseDatetime, parseDynamicText, parseTimespan } from '../values.js';

const TYPE_NAMES: Record<string, string> = { real: 'real', int: 'int', long: 'long', string: 'string', bool: 'bool', datetime: 'datetime', timespan: 'timespan', guid: 'guid', decimal: 'decimal' };

registerScalar(
  scalar('tostring(value: string): string', function tostring(value: string) { return value; }, { nulls: 'handled' }),
  scalar('tolong(value: scalar): long', function tolong(value: unknown, call: Call) { return convert('long', value, call.argTypes[0]!); }),
  scalar('toint(value: scalar): int', function toint(value: unknown, call: Call) {
    const v = convert('long', value, call.argTypes[0]!);
    return v === null ? null : (v as number) | 0;
  }),
  scalar('todouble(value: scalar): real', function todouble(value: unknown, call: Call) { return convert('real', value, call.argTypes[0]!); }, { aliases: ['toreal'] }),
  scalar('todecimal(value: scalar): decimal', function todecimal(value: unknown, call: Call) { return convert('real', value, call.argTypes[0]!); }),
  scalar('tobool(value: scalar): bool', function tobool(value: unknown, call: Call) {
    if (call.argTypes[0] === 'bool') return value;
    if (typeof value === 'number') return value !== 0;
    const s = String(value).trim().toLowerCase();
    return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : null;
  }, { aliases: ['toboolean'] }),
  scalar('todatetime(value: scalar): datetime', function todatetime(value: unknown, call: Call) {
    return call.argTypes[0] === 'datetime' ? value : typeof value === 'string' ? parseDatetime(value) ?? null : null;
  }),
  scalar('totimespan(value: scalar): timespan', function totimespan(value: unknown, call: Call) {
    if (call.argTypes[0] === 'timespan') return value;
    if (typeof value === 'string') return parseTimespan(value) ?? null;
    // A number converts as a tick count.
    return typeof value === 'number' && Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
  }),
  scalar('toguid(value: scalar): guid', function toguid(value: unknown, call: Call) { return convert('guid', value, call.argTypes[0]!); }),
  scalar('parse_json(json_text: scalar): dynamic', function parseJson(jsonText: unknown, call: Call) {
    return call.argTypes[0] === 'string' ? parseDynamicText(jsonText as string) : toDynamic(call.argTypes[0]!, jsonText);
  }, { aliases: ['todynamic', 'parsejson'] }),
  scalar('gettype(value: scalar): string', function gettype(value: unknown, call: Call) {
    const type = call.argTypes[0]!;
    if (type !== 'dynamic') return TYPE_NAMES[type] ?? type;
    if (value === null || value === undefined) return 'null';
    if (Array.isArray(value)) return 'array';
    if (typeof value === 'object') return 'dictionary';
    if (typeof value === 'boolean') return 'bool';
    if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
    return 'string';
  }, { nulls: 'handled' }),
);
