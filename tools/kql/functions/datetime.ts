/**
 * Datetime and timespan functions: now/ago (pinned now), bin, start/end of periods, parts, arithmetic, formatting.
 * Datetime and timespan values are exact bigint ticks (see ticks.ts); calendar rules live in ./calendar.ts.
 */
import { lookupScalar, registerScalar, renamed, scalar, type Call } from '../registry.js';
import { localToUtc, utcToLocal } from '../timezones.js';
import { pad } from './support.js';
import { datetimeAdd, datetimeDiff, datetimePart, endOfPeriod, startOfPeriod } from './calendar.js';
import {
  TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, TICKS_PER_MS, UNIX_EPOCH_TICKS,
  daysInMonth, floorDiv, floorMod, isDatetimeInRange, partsOf, ticksOf,
} from '../ticks.js';

const DATETIME_FORMAT_TOKENS = /yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt/g;
const TIMESPAN_FORMAT_TOKENS = /d+|hh|h|mm|m|ss|s|f{1,7}|F{1,7}/g;

/** A datetime result, or null outside 0001..9999 (Kusto's range). */
const inRange = (ticks: bigint) => (isDatetimeInRange(ticks) ? ticks : null);

/** Whole ticks of a real-valued count of `unit` (exact for integer counts). */
const ticksOfCount = (count: number, unit: bigint) => (Number.isInteger(count) ? BigInt(count) * unit : BigInt(Math.round(count * Number(unit))));

/** bin(value, roundTo): floor to a multiple of roundTo. Datetimes bin from 0001-01-01 (7d bins start on Mondays), as Kusto's ticks do. */
function binValue(value: number | bigint, roundTo: number | bigint, type: string): number | bigint | null {
  if (typeof value === 'bigint') {
    const size = typeof roundTo === 'bigint' ? roundTo : BigInt(Math.trunc(roundTo));
    if (size <= 0n) return null;
    return value - floorMod(value, size);
  }
  const size = Number(roundTo);
  if (!size) return null;
  const r = Math.floor(value / size) * size;
  return type === 'int' || type === 'long' ? Math.trunc(r) : r;
}

registerScalar(
  scalar('now(offset?: timespan): datetime', function now(offset: bigint | undefined, call: Call) { return call.ctx.now + (offset ?? 0n); }),
  scalar('ago(timespan: timespan): datetime', function ago(timespan: bigint, call: Call) { return call.ctx.now - timespan; }),
  scalar('bin(value: summable, roundTo: summable): same as value', function bin(value: number | bigint, roundTo: number | bigint, call: Call) {
    return binValue(value, roundTo, call.argTypes[0]!);
  }, { aliases: ['floor'] }),
  scalar('bin_at(value: summable, bin_size: summable, fixed_point: summable): same as value', function binAt(value: number | bigint, binSize: number | bigint, fixedPoint: number | bigint) {
    if (typeof value === 'bigint') {
      const size = typeof binSize === 'bigint' ? binSize : BigInt(Math.trunc(binSize));
      const at = fixedPoint as bigint;
      return size > 0n ? at + floorDiv(value - at, size) * size : null;
    }
    const v = value, size = Number(binSize), at = Number(fixedPoint);
    return size ? at + Math.floor((v - at) / size) * size : null;
  }),
  scalar('startofday(date: datetime, offset?: long): datetime', function startofday(date: bigint, offset: number | undefined) { return inRange(startOfPeriod('day', date, offset)); }),
  scalar('startofweek(date: datetime, offset?: long): datetime', function startofweek(date: bigint, offset: number | undefined) { return inRange(startOfPeriod('week', date, offset)); }),
  scalar('startofmonth(date: datetime, offset?: long): datetime', function startofmonth(date: bigint, offset: number | undefined) { return inRange(startOfPeriod('month', date, offset)); }),
  scalar('startofyear(date: datetime, offset?: long): datetime', function startofyear(date: bigint, offset: number | undefined) { return inRange(startOfPeriod('year', date, offset)); }),
  scalar('endofday(date: datetime, offset?: long): datetime', function endofday(date: bigint, offset: number | undefined) { return inRange(endOfPeriod('day', date, offset)); }),
  scalar('endofweek(date: datetime, offset?: long): datetime', function endofweek(date: bigint, offset: number | undefined) { return inRange(endOfPeriod('week', date, offset)); }),
  scalar('endofmonth(date: datetime, offset?: long): datetime', function endofmonth(date: bigint, offset: number | undefined) { return inRange(endOfPeriod('month', date, offset)); }),
  scalar('endofyear(date: datetime, offset?: long): datetime', function endofyear(date: bigint, offset: number | undefined) { return inRange(endOfPeriod('year', date, offset)); }),
  scalar('datetime_diff(part: string, datetime1: datetime, datetime2: datetime): long', function datetimeDiffOf(part: string, datetime1: bigint, datetime2: bigint) {
    return datetimeDiff(part, datetime1, datetime2);
  }),
  scalar('dayofweek(date: datetime): timespan', function dayofweek(date: bigint) { return BigInt(partsOf(date).dayOfWeek) * TICKS_PER_DAY; }),
  scalar('dayofmonth(date: datetime): int', function dayofmonth(date: bigint) { return partsOf(date).day; }),
  scalar('dayofyear(date: datetime): int', function dayofyear(date: bigint) { return partsOf(date).dayOfYear; }),
  scalar('hourofday(date: datetime): int', function hourofday(date: bigint) { return partsOf(date).hour; }),
  scalar('monthofyear(date: datetime): int', function monthofyear(date: bigint) { return partsOf(date).month; }, { aliases: ['getmonth'] }),
  scalar('getyear(date: datetime): int', function getyear(date: bigint) { return partsOf(date).year; }),
  scalar('datetime_add(part: string, value: integer, datetime: datetime): datetime', function datetimeAddOf(part: string, value: number, datetime: bigint) {
    return inRange(datetimeAdd(part, value, datetime));
  }),
  scalar('datetime_part(part: string, date: datetime): int', function datetimePartOf(part: string, date: bigint) { return datetimePart(part, date); }),
  scalar('format_datetime(date: datetime, format: string): string', function formatDatetime(date: bigint, format: string) {
    const p = partsOf(date), frac = String(p.fraction).padStart(7, '0');
    return format.replace(DATETIME_FORMAT_TOKENS, (tok) => {
      switch (tok) {
        case 'yyyy': return String(p.year).padStart(4, '0'); case 'yy': return pad(p.year % 100);
        case 'MM': return pad(p.month); case 'M': return String(p.month);
        case 'dd': return pad(p.day); case 'd': return String(p.day);
        case 'HH': return pad(p.hour); case 'H': return String(p.hour);
        case 'hh': return pad(p.hour % 12 || 12); case 'h': return String(p.hour % 12 || 12);
        case 'mm': return pad(p.minute); case 'm': return String(p.minute);
        case 'ss': return pad(p.second); case 's': return String(p.second);
        case 'tt': return p.hour < 12 ? 'AM' : 'PM';
      }
      if (tok[0] === 'f') return frac.slice(0, tok.length);
      return frac.slice(0, tok.length).replace(/0+$/, '');
    });
  }),
  scalar('format_timespan(timespan: timespan, format: string): string', function formatTimespan(timespan: bigint, format: string) {
    const neg = timespan < 0n, t = neg ? -timespan : timespan;
    const days = t / TICKS_PER_DAY, inDay = Number(t - days * TICKS_PER_DAY);
    const h = Math.floor(inDay / 36_000_000_000), m = Math.floor(inDay / 600_000_000) % 60, s = Math.floor(inDay / 10_000_000) % 60;
    const frac = String(inDay % 10_000_000).padStart(7, '0');
    return (neg ? '-' : '') + format.replace(TIMESPAN_FORMAT_TOKENS, (tok) => {
      if (tok[0] === 'd') return String(days).padStart(tok.length, '0');
      if (tok === 'hh') return pad(h); if (tok === 'h') return String(h);
      if (tok === 'mm') return pad(m); if (tok === 'm') return String(m);
      if (tok === 'ss') return pad(s); if (tok === 's') return String(s);
      if (tok[0] === 'f') return frac.slice(0, tok.length);
      return frac.slice(0, tok.length).replace(/0+$/, '');
    });
  }),
  scalar('make_datetime(year: number, month: number, day: number, hour?: number, minute?: number, second?: number): datetime',
    function makeDatetime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0) {
      // An invalid date or time (month 13, February 30, 24:00) gives null, as Kusto does when it cannot build the datetime.
      if (![year, month, day, hour, minute].every(Number.isInteger) || year < 1 || year > 9999 || month < 1 || month > 12
        || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || !(second >= 0 && second < 60)) return null;
      const whole = Math.floor(second);
      return ticksOf(year, month, day, hour, minute, whole, Math.round((second - whole) * 10_000_000));
    }),
  // make_timespan(hours, minutes[, seconds]) or make_timespan(days, hours, minutes, seconds).
  scalar('make_timespan(days: integer, hours: integer, minutes?: integer, seconds?: integer): timespan',
    function makeTimespan(first: number, second: number, third: number | undefined, fourth: number | undefined) {
      if (fourth !== undefined) return ticksOfCount(first, TICKS_PER_DAY) + ticksOfCount(second, TICKS_PER_HOUR) + ticksOfCount(third!, TICKS_PER_MINUTE) + ticksOfCount(fourth, TICKS_PER_SECOND);
      return ticksOfCount(first, TICKS_PER_HOUR) + ticksOfCount(second, TICKS_PER_MINUTE) + ticksOfCount(third ?? 0, TICKS_PER_SECOND);
    }),
  scalar('unixtime_seconds_todatetime(number: number): datetime', function unixtimeSecondsTodatetime(seconds: number) { return inRange(UNIX_EPOCH_TICKS + ticksOfCount(seconds, TICKS_PER_SECOND)); }),
  scalar('unixtime_milliseconds_todatetime(number: number): datetime', function unixtimeMillisecondsTodatetime(ms: number) { return inRange(UNIX_EPOCH_TICKS + ticksOfCount(ms, TICKS_PER_MS)); }),
  scalar('unixtime_microseconds_todatetime(number: number): datetime', function unixtimeMicrosecondsTodatetime(us: number) { return inRange(UNIX_EPOCH_TICKS + ticksOfCount(us, 10n)); }),
  scalar('unixtime_nanoseconds_todatetime(number: number): datetime', function unixtimeNanosecondsTodatetime(ns: number) {
    return inRange(UNIX_EPOCH_TICKS + (Number.isInteger(ns) ? BigInt(ns) / 100n : BigInt(Math.trunc(ns / 100))));
  }),
  scalar('datetime_utc_to_local(from: datetime, timezone: string): datetime', function datetimeUtcToLocal(from: bigint, timezone: string) { return utcToLocal(from, timezone); }),
  scalar('datetime_local_to_utc(from: datetime, timezone: string): datetime', function datetimeLocalToUtc(from: bigint, timezone: string) { return localToUtc(from, timezone); }),
);

// `datepart` is the deprecated name of datetime_part.
registerScalar(renamed(lookupScalar('datetime_part')!, 'datepart'));
