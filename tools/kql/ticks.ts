/**
 * Exact datetime and timespan arithmetic. Both are 100 ns ticks held in a bigint: a datetime counts ticks from
 * 0001-01-01T00:00:00Z (as .NET and Kusto do), so every datetime 0001..9999 is exact (3.2e18 ticks need 62
 * bits; a float64 is exact only to 2^53, i.e. ±28 years of ticks). Calendar fields come from integer day
 * arithmetic (proleptic Gregorian, H. Hinnant's civil-from-days), never from JS Date, whose range handling
 * maps years 0..99 to 1900..1999.
 */
import { KqlRuntimeError } from './errors.js';

export const TICKS_PER_MICROSECOND = 10n;
export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
export const TICKS_PER_WEEK = 7n * TICKS_PER_DAY;

/** 1970-01-01T00:00:00Z in ticks from 0001-01-01. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** The datetime range Kusto supports: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.9999999Z. */
export const MIN_DATETIME_TICKS = 0n;
export const MAX_DATETIME_TICKS = 3_155_378_975_999_999_999n;

export const isDatetimeInRange = (t: bigint) => t >= MIN_DATETIME_TICKS && t <= MAX_DATETIME_TICKS;

/** Floor division and non-negative remainder for bigints (bigint `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}
export function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

/** Unix milliseconds (a JS Date's time value; fractions floor) to datetime ticks. */
export const msToTicks = (unixMs: number): bigint => BigInt(Math.floor(unixMs)) * TICKS_PER_MS + UNIX_EPOCH_TICKS;
/** Datetime ticks to whole Unix milliseconds (floor). */
export const ticksToMs = (ticks: bigint): number => Number(floorDiv(ticks - UNIX_EPOCH_TICKS, TICKS_PER_MS));

/** Days from 0001-01-01 of a proleptic Gregorian date (month 1..12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  // era*146097 + doe counts days from 0000-03-01; 0001-01-01 is day 306 of that count.
  return era * 146097 + doe - 306;
}

/** The proleptic Gregorian date `days` after 0001-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 306;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const daysInMonth = (y: number, m: number) => [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

export interface DatetimeParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  /** Ticks below the second, 0..9_999_999. */
  fraction: number;
  /** Days from 0001-01-01 (0001-01-01 was a Monday). */
  days: number;
  /** 0 = Sunday .. 6 = Saturday. */
  dayOfWeek: number;
  /** 1..366. */
  dayOfYear: number;
}

export function partsOf(ticks: bigint): DatetimeParts {
  const days = Number(floorDiv(ticks, TICKS_PER_DAY));
  const inDay = Number(ticks - BigInt(days) * TICKS_PER_DAY); // < 8.64e11: exact as a number
  const { year, month, day } = civilFromDays(days);
  const sec = Math.floor(inDay / 10_000_000);
  return {
    year, month, day,
    hour: Math.floor(sec / 3600), minute: Math.floor(sec / 60) % 60, second: sec % 60,
    fraction: inDay - sec * 10_000_000,
    days,
    dayOfWeek: (((days + 1) % 7) + 7) % 7,
    dayOfYear: days - daysFromCivil(year, 1, 1) + 1,
  };
}

/** Ticks of a date and time; fields may overflow (month 13, day 0, hour 25) and roll over like Date.UTC. */
export function ticksOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, fraction = 0): bigint {
  const y = year + Math.floor((month - 1) / 12);
  const m = (((month - 1) % 12) + 12) % 12 + 1;
  const days = daysFromCivil(y, m, 1) + day - 1;
  return BigInt(days) * TICKS_PER_DAY + BigInt(hour) * TICKS_PER_HOUR + BigInt(minute) * TICKS_PER_MINUTE + BigInt(second) * TICKS_PER_SECOND + BigInt(fraction);
}

/** A number of ticks given as a JS number (e.g. from `1.5h` arithmetic) to bigint, rounding to the nearest tick. */
export function ticksFromNumber(v: number): bigint {
  return BigInt(Math.round(v));
}

/** Two's complement limits of Kusto's long, and the range a JS number holds exactly. */
export const MAX_EXACT_LONG = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A tick count (or other exact bigint) as a KQL long. The engine keeps long as a JS number, exact to 2^53:
 * outside that range the value could not be represented exactly, so this throws rather than round.
 */
export function exactLong(v: bigint, what: string): number {
  if (v > MAX_EXACT_LONG || v < -MAX_EXACT_LONG) {
    throw new KqlRuntimeError(`${what} = ${v} exceeds the engine's exact long range (±2^53); narrow the range or use a larger unit`);
  }
  return Number(v);
}
