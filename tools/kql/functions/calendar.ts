/**
 * Calendar arithmetic on exact datetime ticks for the datetime family: parts, period starts and ends, month
 * arithmetic, differences in calendar units. Weeks start on Sunday, as in Kusto's startofweek/datetime_diff.
 */
import { KqlRuntimeError } from '../errors.js';
import {
  TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, TICKS_PER_MICROSECOND, TICKS_PER_WEEK,
  daysFromCivil, daysInMonth, exactLong, floorDiv, partsOf, ticksOf,
} from '../ticks.js';

/** Ticks per fixed-length unit (calendar units year/quarter/month are handled separately). */
export const FIXED_UNIT_TICKS: Record<string, bigint> = {
  week: TICKS_PER_WEEK, day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE, second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS, microsecond: TICKS_PER_MICROSECOND,
};

const startOfDay = (ticks: bigint) => floorDiv(ticks, TICKS_PER_DAY) * TICKS_PER_DAY;
/** Sunday-start week index: 0001-01-01 was a Monday, so day 6 is the first Sunday. */
const weekIndex = (ticks: bigint) => floorDiv(floorDiv(ticks, TICKS_PER_DAY) + 1n, 7n);

export function startOfPeriod(unit: 'day' | 'week' | 'month' | 'year', ticks: bigint, offset = 0): bigint {
  const p = partsOf(ticks);
  switch (unit) {
    case 'day': return startOfDay(ticks) + BigInt(offset) * TICKS_PER_DAY;
    case 'week': return (weekIndex(ticks) + BigInt(offset)) * TICKS_PER_WEEK - TICKS_PER_DAY;
    case 'month': return ticksOf(p.year, p.month + offset, 1);
    case 'year': return ticksOf(p.year + offset, 1, 1);
  }
}

/** The last tick (…23:59:59.9999999) of the period containing `ticks`, shifted by `offset` periods. */
export const endOfPeriod = (unit: 'day' | 'week' | 'month' | 'year', ticks: bigint, offset = 0) => startOfPeriod(unit, ticks, offset + 1) - 1n;

/** Add calendar months, clamping the day to the target month's length and keeping the time of day. */
export function addMonths(ticks: bigint, months: number): bigint {
  const p = partsOf(ticks);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12), month = total - year * 12 + 1;
  const day = Math.min(p.day, daysInMonth(year, month));
  return BigInt(daysFromCivil(year, month, day)) * TICKS_PER_DAY + (ticks - startOfDay(ticks));
}

/** datetime_diff(part, a, b): calendar units crossed from b to a, exact. */
export function datetimeDiff(part: string, a: bigint, b: bigint): number {
  const p = part.toLowerCase();
  if (p === 'year' || p === 'quarter' || p === 'month') {
    const pa = partsOf(a), pb = partsOf(b);
    const years = pa.year - pb.year;
    if (p === 'year') return years;
    if (p === 'quarter') return Math.floor((pa.month - 1) / 3) - Math.floor((pb.month - 1) / 3) + 4 * years;
    return pa.month - pb.month + 12 * years;
  }
  if (p === 'week') return Number(weekIndex(a) - weekIndex(b));
  if (p === 'nanosecond') return exactLong((a - b) * 100n, "datetime_diff('nanosecond')");
  const unit = FIXED_UNIT_TICKS[p];
  if (!unit) throw new KqlRuntimeError(`unknown part '${part}'`);
  return exactLong(floorDiv(a, unit) - floorDiv(b, unit), `datetime_diff('${p}')`);
}

/** datetime_add(part, amount, dt), exact. */
export function datetimeAdd(part: string, amount: number, ticks: bigint): bigint {
  const p = part.toLowerCase();
  if (p === 'year') return addMonths(ticks, 12 * amount);
  if (p === 'quarter') return addMonths(ticks, 3 * amount);
  if (p === 'month') return addMonths(ticks, amount);
  if (p === 'nanosecond') return ticks + BigInt(amount) / 100n;
  const unit = FIXED_UNIT_TICKS[p];
  if (!unit) throw new KqlRuntimeError(`unknown part '${part}'`);
  return ticks + BigInt(amount) * unit;
}

/** ISO-8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOfYear(ticks: bigint): number {
  const p = partsOf(ticks);
  const weekday = (p.dayOfWeek + 6) % 7; // Monday = 0
  const thursday = p.days - weekday + 3;
  const year = partsOf(BigInt(thursday) * TICKS_PER_DAY).year;
  return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}

/** datetime_part(part, dt). */
export function datetimePart(part: string, ticks: bigint): number {
  const p = partsOf(ticks);
  switch (part.toLowerCase()) {
    case 'year': return p.year;
    case 'quarter': return Math.floor((p.month - 1) / 3) + 1;
    case 'month': return p.month;
    case 'weekofyear': case 'week_of_year': return isoWeekOfYear(ticks);
    case 'day': return p.day;
    case 'dayofyear': return p.dayOfYear;
    case 'hour': return p.hour;
    case 'minute': return p.minute;
    case 'second': return p.second;
    case 'millisecond': return Math.floor(p.fraction / 10_000);
    case 'microsecond': return Math.floor(p.fraction / 10);
    case 'nanosecond': return p.fraction * 100;
  }
  throw new KqlRuntimeError(`unknown part '${part}'`);
}
