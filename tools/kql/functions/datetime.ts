/** Datetime and timespan functions: now/ago (pinned now), bin, start/end of periods, parts, arithmetic, formatting. */
import { lookupScalar, registerScalar, renamed, scalar, type Call } from '../registry.js';
import { datetimeDiff, epochOffsetMod, date, fromDate, startOf, endOf, addMonths, PART_TICKS, pad } from './support.js';
import { KqlRuntimeError } from '../errors.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, msToTicks } from '../types.js';

const MS_PER_DAY = 86_400_000;
const DATETIME_FORMAT_TOKENS = /yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt/g;
const TIMESPAN_FORMAT_TOKENS = /d+|hh|h|mm|m|ss|s|f{1,7}|F{1,7}/g;

/** ISO-8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeekOfYear(d: Date): number {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(day - weekday * MS_PER_DAY + 3 * MS_PER_DAY);
  const jan4 = Date.UTC(thursday.getUTCFullYear(), 0, 4);
  return 1 + Math.round(((thursday.getTime() - jan4) / MS_PER_DAY - 3 + ((new Date(jan4).getUTCDay() + 6) % 7)) / 7);
}

const dayOfYear = (d: Date) => Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / MS_PER_DAY) + 1;

registerScalar(
  scalar('now(offset?: timespan): datetime', function now(offset: number | undefined, call: Call) { return call.ctx.now + (offset ?? 0); }),
  scalar('ago(timespan: timespan): datetime', function ago(timespan: number, call: Call) { return call.ctx.now - timespan; }),
  scalar('bin(value: summable, roundTo: summable): same as value', function bin(value: number, roundTo: number, call: Call) {
    if (!roundTo) return null;
    // Datetimes bin relative to 0001-01-01 as Kusto does (so 7d bins start on Mondays), not relative to our epoch.
    if (call.argTypes[0] === 'datetime') { const r = (((value + epochOffsetMod(roundTo)) % roundTo) + roundTo) % roundTo; return value - r; }
    const r = Math.floor(value / roundTo) * roundTo;
    return call.argTypes[0] === 'int' || call.argTypes[0] === 'long' ? Math.trunc(r) : r;
  }, { aliases: ['floor'] }),
  scalar('bin_at(value: summable, bin_size: summable, fixed_point: summable): same as value', function binAt(value: number, binSize: number, fixedPoint: number) {
    return binSize ? fixedPoint + Math.floor((value - fixedPoint) / binSize) * binSize : null;
  }),
  scalar('startofday(date: datetime, offset?: long): datetime', function startofday(date: number, offset: number | undefined) {
    return Math.floor(date / TICKS_PER_DAY) * TICKS_PER_DAY + (offset ?? 0) * TICKS_PER_DAY;
  }),
  scalar('startofweek(date: datetime, offset?: long): datetime', function startofweek(date: number, offset: number | undefined) { return startOf('week', date, offset); }),
  scalar('startofmonth(date: datetime, offset?: long): datetime', function startofmonth(date: number, offset: number | undefined) { return startOf('month', date, offset); }),
  scalar('startofyear(date: datetime, offset?: long): datetime', function startofyear(date: number, offset: number | undefined) { return startOf('year', date, offset); }),
  scalar('endofday(date: datetime, offset?: long): datetime', function endofday(date: number, offset: number | undefined) { return endOf('day', date, offset); }),
  scalar('endofweek(date: datetime, offset?: long): datetime', function endofweek(date: number, offset: number | undefined) { return endOf('week', date, offset); }),
  scalar('endofmonth(date: datetime, offset?: long): datetime', function endofmonth(date: number, offset: number | undefined) { return endOf('month', date, offset); }),
  scalar('endofyear(date: datetime, offset?: long): datetime', function endofyear(date: number, offset: number | undefined) { return endOf('year', date, offset); }),
  scalar('datetime_diff(part: string, datetime1: datetime, datetime2: datetime): long', function datetimeDiffOf(part: string, datetime1: number, datetime2: number) {
    return datetimeDiff(part, datetime1, datetime2);
  }),
  scalar('dayofweek(date: datetime): timespan', function dayofweek(ticks: number) { return date(ticks).getUTCDay() * TICKS_PER_DAY; }),
  scalar('dayofmonth(date: datetime): int', function dayofmonth(ticks: number) { return date(ticks).getUTCDate(); }),
  scalar('dayofyear(date: datetime): int', function dayofyear(ticks: number) { return dayOfYear(date(ticks)); }),
  scalar('hourofday(date: datetime): int', function hourofday(ticks: number) { return date(ticks).getUTCHours(); }),
  scalar('monthofyear(date: datetime): int', function monthofyear(ticks: number) { return date(ticks).getUTCMonth() + 1; }, { aliases: ['getmonth'] }),
  scalar('getyear(date: datetime): int', function getyear(ticks: number) { return date(ticks).getUTCFullYear(); }),
  scalar('datetime_add(part: string, value: integer, datetime: datetime): datetime', function datetimeAdd(part: string, value: number, datetime: number) {
    const p = part.toLowerCase();
    if (p === 'year') return addMonths(datetime, 12 * value);
    if (p === 'quarter') return addMonths(datetime, 3 * value);
    if (p === 'month') return addMonths(datetime, value);
    const unit = PART_TICKS[p];
    if (!unit) throw new KqlRuntimeError(`datetime_add: unknown part '${part}'`);
    return datetime + value * unit;
  }),
  scalar('datetime_part(part: string, date: datetime): int', function datetimePart(part: string, ticks: number) {
    const d = date(ticks);
    switch (part.toLowerCase()) {
      case 'year': return d.getUTCFullYear();
      case 'quarter': return Math.floor(d.getUTCMonth() / 3) + 1;
      case 'month': return d.getUTCMonth() + 1;
      case 'weekofyear': case 'week_of_year': return isoWeekOfYear(d);
      case 'day': return d.getUTCDate();
      case 'dayofyear': return dayOfYear(d);
      case 'hour': return d.getUTCHours();
      case 'minute': return d.getUTCMinutes();
      case 'second': return d.getUTCSeconds();
      case 'millisecond': return d.getUTCMilliseconds();
      case 'microsecond': return Math.floor((ticks % TICKS_PER_SECOND) / 10);
      case 'nanosecond': return Math.floor((ticks % TICKS_PER_SECOND) * 100);
    }
    throw new KqlRuntimeError(`datetime_part: unknown part '${part}'`);
  }),
  scalar('format_datetime(date: datetime, format: string): string', function formatDatetime(ticks: number, format: string) {
    const d = date(ticks), frac = String(((ticks % TICKS_PER_SECOND) + TICKS_PER_SECOND) % TICKS_PER_SECOND).padStart(7, '0');
    return format.replace(DATETIME_FORMAT_TOKENS, (tok) => {
      switch (tok) {
        case 'yyyy': return String(d.getUTCFullYear()); case 'yy': return pad(d.getUTCFullYear() % 100);
        case 'MM': return pad(d.getUTCMonth() + 1); case 'M': return String(d.getUTCMonth() + 1);
        case 'dd': return pad(d.getUTCDate()); case 'd': return String(d.getUTCDate());
        case 'HH': return pad(d.getUTCHours()); case 'H': return String(d.getUTCHours());
        case 'hh': return pad(d.getUTCHours() % 12 || 12); case 'h': return String(d.getUTCHours() % 12 || 12);
        case 'mm': return pad(d.getUTCMinutes()); case 'm': return String(d.getUTCMinutes());
        case 'ss': return pad(d.getUTCSeconds()); case 's': return String(d.getUTCSeconds());
        case 'tt': return d.getUTCHours() < 12 ? 'AM' : 'PM';
      }
      if (tok[0] === 'f') return frac.slice(0, tok.length);
      return frac.slice(0, tok.length).replace(/0+$/, '');
    });
  }),
  scalar('format_timespan(timespan: timespan, format: string): string', function formatTimespan(timespan: number, format: string) {
    const neg = timespan < 0, t = neg ? -timespan : timespan;
    const days = Math.floor(t / TICKS_PER_DAY), h = Math.floor((t % TICKS_PER_DAY) / TICKS_PER_HOUR), m = Math.floor((t % TICKS_PER_HOUR) / TICKS_PER_MINUTE), s = Math.floor((t % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
    const frac = String(Math.round(t % TICKS_PER_SECOND)).padStart(7, '0');
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
      const whole = Math.floor(second);
      return fromDate(new Date(Date.UTC(year, month - 1, day, hour, minute, whole)), Math.round((second - whole) * TICKS_PER_SECOND));
    }),
  // make_timespan(hours, minutes[, seconds]) or make_timespan(days, hours, minutes, seconds).
  scalar('make_timespan(days: integer, hours: integer, minutes?: integer, seconds?: integer): timespan',
    function makeTimespan(first: number, second: number, third: number | undefined, fourth: number | undefined) {
      if (fourth !== undefined) return first * TICKS_PER_DAY + second * TICKS_PER_HOUR + third! * TICKS_PER_MINUTE + fourth * TICKS_PER_SECOND;
      return first * TICKS_PER_HOUR + second * TICKS_PER_MINUTE + (third ?? 0) * TICKS_PER_SECOND;
    }),
  scalar('unixtime_seconds_todatetime(number: number): datetime', function unixtimeSecondsTodatetime(seconds: number) { return msToTicks(seconds * 1000); }),
  scalar('unixtime_milliseconds_todatetime(number: number): datetime', function unixtimeMillisecondsTodatetime(ms: number) { return msToTicks(ms); }),
  scalar('unixtime_microseconds_todatetime(number: number): datetime', function unixtimeMicrosecondsTodatetime(us: number) { return msToTicks(0) + us * 10; }),
  scalar('unixtime_nanoseconds_todatetime(number: number): datetime', function unixtimeNanosecondsTodatetime(ns: number) { return msToTicks(0) + Math.round(ns / 100); }),
  scalar('datetime_utc_to_local(from: datetime, timezone: string): datetime', function datetimeUtcToLocal(from: number) { return from; }),
);

// `datepart` is the deprecated name of datetime_part.
registerScalar(renamed(lookupScalar('datetime_part')!, 'datepart'));
