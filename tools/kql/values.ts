/**
 * Conversions between the engine's in-memory values (see types.ts) and the wire forms: the Log Analytics
 * query REST API's JSON values (what recordings hold and what we output) and CSV text from the Logs blade.
 */
import { parseDatetimeText } from './datetime-text.js';
import { EPOCH_MS, msToTicks, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, type Dynamic, type KqlType } from './types.js';

export class ValueParseError extends Error {
  constructor(message: string) { super(message); this.name = 'ValueParseError'; }
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parse a datetime text (ISO-8601 and the common `yyyy-MM-dd HH:mm:ss` forms) to ticks; undefined if invalid. */
export function parseDatetime(text: string): number | undefined {
  const s = text.trim();
  const m = ISO_RE.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', se = '0', frac = '', tz] = m;
    const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +se);
    if (Number.isNaN(ms)) return undefined;
    const check = new Date(ms);
    if (check.getUTCDate() !== +d! || check.getUTCMonth() !== +mo! - 1) return undefined;
    let ticks = msToTicks(ms) + Number((frac + '0000000').slice(0, 7));
    if (tz && tz.toUpperCase() !== 'Z') {
      const sign = tz[0] === '-' ? -1 : 1;
      const digits = tz.slice(1).replace(':', '');
      ticks -= sign * (Number(digits.slice(0, 2)) * TICKS_PER_HOUR + Number(digits.slice(2, 4)) * TICKS_PER_MINUTE);
    }
    return ticks;
  }
  // The other documented formats (RFC 822/850, sortable, US month/day/year): ./datetime-text.ts.
  const f = parseDatetimeText(s);
  if (!f) return undefined;
  return msToTicks(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - f.offsetMinutes * 60_000) + f.fraction;
}

/** Ticks to the REST API form `2024-01-20T10:00:00.1234567Z` (fraction trimmed like the API: `.123Z`, or none). */
export function formatDatetime(ticks: number): string {
  const t = Math.round(ticks);
  const rel = Math.floor(t / TICKS_PER_MS);
  const sub = t - rel * TICKS_PER_MS; // 0..9999 ticks below the millisecond
  const iso = new Date(rel + EPOCH_MS).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ
  let frac = iso.slice(20, 23) + String(sub).padStart(4, '0');
  frac = frac.replace(/0+$/, '');
  return iso.slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}

const TIMESPAN_RE = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
const TIMESPAN_LITERAL_RE = /^(-)?(\d+(?:\.\d+)?)\s*(d|h|m|s|ms|microsecond|tick|days?|hours?|minutes?|seconds?|milliseconds?)$/i;

/** Parse `[-][d.]hh:mm[:ss[.fffffff]]` or a KQL literal like `5m`, `1.5h`, `2d`; undefined if invalid. */
export function parseTimespan(text: string): number | undefined {
  const s = text.trim();
  const m = TIMESPAN_RE.exec(s);
  if (m) {
    const [, neg, d = '0', h, mi, se = '0', frac = ''] = m;
    if (+mi! > 59 || +se > 59) return undefined;
    const ticks = +d * TICKS_PER_DAY + +h! * TICKS_PER_HOUR + +mi! * TICKS_PER_MINUTE + +se * TICKS_PER_SECOND + Number((frac + '0000000').slice(0, 7));
    return neg ? -ticks : ticks;
  }
  const l = TIMESPAN_LITERAL_RE.exec(s);
  if (l) {
    const [, neg, num, unitRaw] = l;
    const unit = unitRaw!.toLowerCase();
    const per = unit.startsWith('ms') || unit.startsWith('milli') ? TICKS_PER_MS
      : unit === 'microsecond' ? 10 : unit === 'tick' ? 1
      : unit.startsWith('d') ? TICKS_PER_DAY : unit.startsWith('h') ? TICKS_PER_HOUR
      : unit === 'm' || unit.startsWith('min') ? TICKS_PER_MINUTE : TICKS_PER_SECOND;
    const ticks = Math.round(Number(num) * per);
    return neg ? -ticks : ticks;
  }
  return undefined;
}

/** Ticks to `[-][d.]hh:mm:ss[.fffffff]`, the form the REST API returns. */
export function formatTimespan(ticks: number): string {
  let t = Math.round(ticks);
  const neg = t < 0;
  if (neg) t = -t;
  const days = Math.floor(t / TICKS_PER_DAY); t -= days * TICKS_PER_DAY;
  const h = Math.floor(t / TICKS_PER_HOUR); t -= h * TICKS_PER_HOUR;
  const m = Math.floor(t / TICKS_PER_MINUTE); t -= m * TICKS_PER_MINUTE;
  const s = Math.floor(t / TICKS_PER_SECOND); t -= s * TICKS_PER_SECOND;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${neg ? '-' : ''}${days ? days + '.' : ''}${p2(h)}:${p2(m)}:${p2(s)}${t ? '.' + String(t).padStart(7, '0') : ''}`;
}

const GUID_RE = /^[{(]?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})[)}]?$/i;
export function parseGuid(text: string): string | undefined {
  const m = GUID_RE.exec(text.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : undefined;
}

/** Text to dynamic: JSON if it parses, else the string itself (as Kusto's todynamic does for non-JSON text). */
export function parseDynamicText(text: string): Dynamic {
  const s = text.trim();
  if (s === '') return null;
  try { return JSON.parse(s) as Dynamic; } catch { return text; }
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
      const t = typeof raw === 'string' ? parseDatetime(raw) : undefined;
      if (t === undefined) throw new ValueParseError(`'${String(raw)}' is not a datetime (expected ISO-8601 such as 2024-01-20T10:00:00Z)`);
      return t;
    }
    case 'timespan': {
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
      return typeof raw === 'string' ? parseDynamicText(raw) : (raw as Dynamic);
  }
}

/** An engine value of `type` to the REST API's JSON value. */
export function toWire(type: KqlType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': return formatDatetime(v as number);
    case 'timespan': return formatTimespan(v as number);
    case 'real': case 'decimal': {
      const n = v as number;
      return Number.isFinite(n) ? n : Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    }
    default: return v;
  }
}
