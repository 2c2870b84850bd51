/**
 * Conversions between the engine's in-memory values (see types.ts) and the wire forms: the Log Analytics
 * query REST API's JSON values (what recordings hold and what we output) and CSV text from the Logs blade.
 */
import type { Dynamic, KqlType } from './types.js';
import { parseDatetimeText } from './datetime-text.js';
import { exceedsDynamicDepth, mayExceedDynamicDepth, tooDeepMessage } from './dynamic-depth.js';
import { KqlRuntimeError } from './errors.js';
import {
  TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, TICKS_PER_MICROSECOND,
  daysInMonth, isDatetimeInRange, msToTicks, partsOf, ticksOf,
} from './ticks.js';

export class ValueParseError extends Error {
  constructor(message: string) { super(message); this.name = 'ValueParseError'; }
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parse a datetime text (ISO-8601 and the common `yyyy-MM-dd HH:mm:ss` forms) to ticks; undefined if invalid. */
export function parseDatetime(text: string): bigint | undefined {
  const s = text.trim();
  const m = ISO_RE.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', se = '0', frac = '', tz] = m;
    if (+y! < 1 || +mo! < 1 || +mo! > 12 || +d! < 1 || +d! > daysInMonth(+y!, +mo!) || +h > 23 || +mi > 59 || +se > 59) return undefined;
    let ticks = ticksOf(+y!, +mo!, +d!, +h, +mi, +se, Number((frac + '0000000').slice(0, 7)));
    if (tz && tz.toUpperCase() !== 'Z') {
      const sign = tz[0] === '-' ? -1n : 1n;
      const digits = tz.slice(1).replace(':', '');
      ticks -= sign * (BigInt(digits.slice(0, 2)) * TICKS_PER_HOUR + BigInt(digits.slice(2, 4)) * TICKS_PER_MINUTE);
    }
    return isDatetimeInRange(ticks) ? ticks : undefined;
  }
  // The other documented formats (RFC 822/850, sortable, US month/day/year): ./datetime-text.ts.
  const f = parseDatetimeText(s);
  if (!f) return undefined;
  const ticks = ticksOf(f.year, f.month, f.day, f.hour, f.minute, f.second, f.fraction) - BigInt(f.offsetMinutes) * TICKS_PER_MINUTE;
  return isDatetimeInRange(ticks) ? ticks : undefined;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `yyyy-MM-ddTHH:mm:ss` and the 7-digit fraction of a datetime. */
function datetimeFields(ticks: bigint): { head: string; fraction: string } {
  const p = partsOf(ticks);
  return {
    head: `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`,
    fraction: String(p.fraction).padStart(7, '0'),
  };
}

/** Ticks to the REST API form `2024-01-20T10:00:00.1234567Z` (fraction trimmed like the API: `.123Z`, or none). */
export function formatDatetime(ticks: bigint): string {
  const { head, fraction } = datetimeFields(ticks);
  const f = fraction.replace(/0+$/, '');
  return head + (f ? '.' + f : '') + 'Z';
}

/**
 * Ticks to the text Kusto gives a datetime cast to string (tostring, strcat, hashes, reverse, values inside
 * dynamic): always seven fraction digits, `2020-01-01T00:00:00.0000000Z`.
 */
export function datetimeText(ticks: bigint): string {
  const { head, fraction } = datetimeFields(ticks);
  return `${head}.${fraction}Z`;
}

const TIMESPAN_RE = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
const TIMESPAN_LITERAL_RE = /^(-)?(\d+)(?:\.(\d+))?\s*(d|h|m|s|ms|microsecond|tick|days?|hours?|minutes?|seconds?|milliseconds?)$/i;

/** Parse `[-][d.]hh:mm[:ss[.fffffff]]` or a KQL literal like `5m`, `1.5h`, `2d`; undefined if invalid. */
export function parseTimespan(text: string): bigint | undefined {
  const s = text.trim();
  const m = TIMESPAN_RE.exec(s);
  if (m) {
    const [, neg, d = '0', h, mi, se = '0', frac = ''] = m;
    if (+mi! > 59 || +se > 59) return undefined;
    const ticks = BigInt(d) * TICKS_PER_DAY + BigInt(h!) * TICKS_PER_HOUR + BigInt(mi!) * TICKS_PER_MINUTE + BigInt(se) * TICKS_PER_SECOND + BigInt((frac + '0000000').slice(0, 7));
    return neg ? -ticks : ticks;
  }
  const l = TIMESPAN_LITERAL_RE.exec(s);
  if (l) {
    const [, neg, whole, frac, unitRaw] = l;
    const unit = unitRaw!.toLowerCase();
    const per = unit.startsWith('ms') || unit.startsWith('milli') ? TICKS_PER_MS
      : unit === 'microsecond' ? TICKS_PER_MICROSECOND : unit === 'tick' ? 1n
      : unit.startsWith('d') ? TICKS_PER_DAY : unit.startsWith('h') ? TICKS_PER_HOUR
      : unit === 'm' || unit.startsWith('min') ? TICKS_PER_MINUTE : TICKS_PER_SECOND;
    // Exact for the whole part; the fraction rounds to the nearest tick (1.5h, 0.1s).
    const ticks = BigInt(whole!) * per + (frac ? BigInt(Math.round(Number(`0.${frac}`) * Number(per))) : 0n);
    return neg ? -ticks : ticks;
  }
  return undefined;
}

/** Ticks to `[-][d.]hh:mm:ss[.fffffff]`, the form the REST API returns and Kusto's tostring gives. */
export function formatTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY; t -= days * TICKS_PER_DAY;
  const rest = Number(t); // < one day: exact
  const h = Math.floor(rest / 36_000_000_000), m = Math.floor(rest / 600_000_000) % 60, sec = Math.floor(rest / 10_000_000) % 60, frac = rest % 10_000_000;
  return `${neg ? '-' : ''}${days ? days + '.' : ''}${pad2(h)}:${pad2(m)}:${pad2(sec)}${frac ? '.' + String(frac).padStart(7, '0') : ''}`;
}

const GUID_RE = /^[{(]?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})[)}]?$/i;
export function parseGuid(text: string): string | undefined {
  const m = GUID_RE.exec(text.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : undefined;
}

/**
 * Text to dynamic: JSON if it parses, else the string itself (as Kusto's todynamic does for non-JSON text).
 * JSON nesting deeper than MAX_DYNAMIC_DEPTH throws a KqlRuntimeError (callers add the function or file and row).
 */
export function parseDynamicText(text: string): Dynamic {
  const s = text.trim();
  if (s === '') return null;
  let v: Dynamic;
  try { v = JSON.parse(s) as Dynamic; } catch { return text; }
  if (mayExceedDynamicDepth(s) && exceedsDynamicDepth(v)) throw new KqlRuntimeError(tooDeepMessage());
  return v;
}

/**
 * A wire value (REST JSON value or CSV cell text) to the engine's value of `type`.
 * Empty/null gives the type's null. Throws ValueParseError when the value does not parse as the type.
 */
export function fromWire(type: KqlType, raw: unknown, opts: { csv?: boolean } = {}): unknown {
  if (raw === null || raw === undefined) return type === 'string' ? '' : null;
  if (opts.csv && raw === '' && type !== 'string') return null;
  switch (type) {
    case 'string':
      if (typeof raw === 'object' && exceedsDynamicDepth(raw)) throw new ValueParseError(tooDeepMessage());
      return typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'number') return raw !== 0;
      const s = String(raw).trim().toLowerCase();
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
      throw new ValueParseError(`'${String(raw)}' is not a bool`);
    }
    case 'int': case 'long': {
      const n = typeof raw === 'number' ? raw : /^\s*[-+]?\d+\s*$/.test(String(raw)) ? Number(String(raw)) : NaN;
      if (!Number.isInteger(n)) throw new ValueParseError(`'${String(raw)}' is not an integer (${type})`);
      if (type === 'int' && (n > 2147483647 || n < -2147483648)) throw new ValueParseError(`'${String(raw)}' is out of range for int`);
      return n;
    }
    case 'real': case 'decimal': {
      if (typeof raw === 'number') return raw;
      const s = String(raw).trim();
      if (/^(nan)$/i.test(s)) return NaN;
      if (/^\+?inf(inity)?$/i.test(s)) return Infinity;
      if (/^-inf(inity)?$/i.test(s)) return -Infinity;
      const n = s === '' ? NaN : Number(s);
      if (Number.isNaN(n)) throw new ValueParseError(`'${String(raw)}' is not a number (${type})`);
      return n;
    }
    case 'datetime': {
      if (typeof raw === 'bigint') return raw;
      const t = typeof raw === 'string' ? parseDatetime(raw) : undefined;
      if (t === undefined) throw new ValueParseError(`'${String(raw)}' is not a datetime (expected ISO-8601 such as 2024-01-20T10:00:00Z)`);
      return t;
    }
    case 'timespan': {
      if (typeof raw === 'bigint') return raw;
      const t = typeof raw === 'string' ? parseTimespan(raw) : undefined;
      if (t === undefined) throw new ValueParseError(`'${String(raw)}' is not a timespan (expected [d.]hh:mm:ss[.fffffff])`);
      return t;
    }
    case 'guid': {
      const g = typeof raw === 'string' ? parseGuid(raw) : undefined;
      if (g === undefined) throw new ValueParseError(`'${String(raw)}' is not a guid`);
      return g;
    }
    case 'dynamic':
      if (typeof raw === 'object' && exceedsDynamicDepth(raw)) throw new ValueParseError(tooDeepMessage());
      try { return typeof raw === 'string' ? parseDynamicText(raw) : (raw as Dynamic); } catch (e) {
        if (e instanceof KqlRuntimeError) throw new ValueParseError(e.message);
        throw e;
      }
  }
}

/** An engine value of `type` to the REST API's JSON value. */
export function toWire(type: KqlType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': return formatDatetime(v as bigint);
    case 'timespan': return formatTimespan(v as bigint);
    case 'real': case 'decimal': {
      const n = v as number;
      return Number.isFinite(n) ? n : Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    }
    default: return v;
  }
}
