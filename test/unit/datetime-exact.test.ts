/**
 * Exact datetime and timespan values (100 ns ticks over 0001..9999), checked against the KQL reference's own
 * examples (datetime_part, datetime_diff, reverse, hash_sha256 pages) and against .NET's tick arithmetic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { KqlEngine, KqlRuntimeError } from '../../tools/kql/index.js';
import { civilFromDays, daysFromCivil, partsOf, ticksOf, UNIX_EPOCH_TICKS, MAX_DATETIME_TICKS } from '../../tools/kql/ticks.js';
import { datetimeText, formatDatetime, parseDatetime } from '../../tools/kql/values.js';

let e: KqlEngine;
const NOW = '2026-11-20T12:00:00Z';
const one = (expr: string) => e.run(`print r = ${expr}`, { now: NOW }).rows[0]![0];
beforeAll(() => { e = new KqlEngine(); });

describe('tick representation', () => {
  it('counts 100 ns ticks from 0001-01-01 like .NET DateTime.Ticks', () => {
    expect(parseDatetime('0001-01-01T00:00:00Z')).toBe(0n);
    expect(parseDatetime('1970-01-01T00:00:00Z')).toBe(UNIX_EPOCH_TICKS);
    // .NET new DateTime(2017, 10, 30, 1, 2, 3).AddTicks(7654321).Ticks (independently: Python (datetime(2017,10,30,1,2,3) - datetime(1,1,1)) in 100 ns)
    expect(parseDatetime('2017-10-30T01:02:03.7654321Z')).toBe(636449221237654321n);
    expect(parseDatetime('9999-12-31T23:59:59.9999999Z')).toBe(MAX_DATETIME_TICKS);
    expect(parseDatetime('0000-12-31T00:00:00Z')).toBeUndefined();
  });
  it('round-trips every 100 ns tick far from 2020 (years 1, 1600, 9999)', () => {
    for (const text of ['0001-01-01T00:00:00.0000001Z', '1600-02-29T23:59:59.9999999Z', '9999-12-31T23:59:59.9999999Z', '0099-03-01T12:00:00.5Z']) {
      expect(formatDatetime(parseDatetime(text)!)).toBe(text);
    }
  });
  it('converts civil dates and day counts both ways over the whole range', () => {
    for (let d = 0; d <= daysFromCivil(9999, 12, 31); d += 367) {
      const c = civilFromDays(d);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(d);
    }
    expect(partsOf(ticksOf(2024, 2, 29, 13, 14, 15, 1234567))).toMatchObject({ year: 2024, month: 2, day: 29, hour: 13, minute: 14, second: 15, fraction: 1234567, dayOfWeek: 4, dayOfYear: 60 });
  });
  it('casts a datetime to text with seven fraction digits; the wire form trims them', () => {
    const t = parseDatetime('2020-01-01T00:00:00Z')!;
    expect(datetimeText(t)).toBe('2020-01-01T00:00:00.0000000Z');
    expect(formatDatetime(t)).toBe('2020-01-01T00:00:00Z');
  });
});

describe('datetime functions are exact before 2020 and far from it', () => {
  it('datetime_part (reference example)', () => {
    const dt = 'datetime(2017-10-30 01:02:03.7654321)';
    expect(e.run(`let dt = ${dt}; print year = datetime_part("year", dt), quarter = datetime_part("quarter", dt), month = datetime_part("month", dt),
      weekOfYear = datetime_part("week_of_year", dt), day = datetime_part("day", dt), dayOfYear = datetime_part("dayOfYear", dt),
      hour = datetime_part("hour", dt), minute = datetime_part("minute", dt), second = datetime_part("second", dt),
      millisecond = datetime_part("millisecond", dt), microsecond = datetime_part("microsecond", dt), nanosecond = datetime_part("nanosecond", dt)`, { now: NOW }).rows)
      .toEqual([[2017, 4, 10, 44, 30, 303, 1, 2, 3, 765, 765432, 765432100]]);
    expect(one('datetime_part("microsecond", datetime(1900-01-01 00:00:00.0000019))')).toBe(1);
  });
  it('datetime_diff (reference examples) and nanoseconds exactly', () => {
    expect(e.run(`print
      year = datetime_diff('year', datetime(2017-01-01), datetime(2000-12-31)),
      quarter = datetime_diff('quarter', datetime(2017-07-01), datetime(2017-03-30)),
      month = datetime_diff('month', datetime(2017-01-01), datetime(2015-12-30)),
      week = datetime_diff('week', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59)),
      day = datetime_diff('day', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59)),
      hour = datetime_diff('hour', datetime(2017-10-31 01:00), datetime(2017-10-30 23:59)),
      minute = datetime_diff('minute', datetime(2017-10-30 23:05:01), datetime(2017-10-30 23:00:59)),
      second = datetime_diff('second', datetime(2017-10-30 23:00:10.100), datetime(2017-10-30 23:00:00.900)),
      millisecond = datetime_diff('millisecond', datetime(2017-10-30 23:00:00.200100), datetime(2017-10-30 23:00:00.100900)),
      microsecond = datetime_diff('microsecond', datetime(2017-10-30 23:00:00.1009001), datetime(2017-10-30 23:00:00.1008009)),
      nanosecond = datetime_diff('nanosecond', datetime(2017-10-30 23:00:00.0000000), datetime(2017-10-30 23:00:00.0000007))`, { now: NOW }).rows)
      .toEqual([[17, 2, 13, 5, 29, 2, 5, 10, 100, 100, -700]]);
    expect(one("datetime_diff('nanosecond', datetime(1901-01-01 00:00:00.0000001), datetime(1901-01-01))")).toBe(100);
  });
  it('datetime_diff beyond the exact long range fails instead of rounding', () => {
    expect(() => one("datetime_diff('nanosecond', datetime(2020-01-01), datetime(1900-01-01))")).toThrow(KqlRuntimeError);
    expect(() => one("datetime_diff('nanosecond', datetime(2020-01-01), datetime(1900-01-01))")).toThrow(/datetime_diff.*exact long range/);
  });
  it('arithmetic keeps every tick in the years 1, 1800 and 9999', () => {
    expect(one('datetime(0001-01-01) + 1tick')).toBe('0001-01-01T00:00:00.0000001Z');
    expect(one('datetime(1800-06-30 23:59:59.9999999) + 1tick')).toBe('1800-07-01T00:00:00Z');
    expect(one('datetime(9999-12-31 23:59:59.9999999) - datetime(0001-01-01)')).toBe('3652058.23:59:59.9999999');
    expect(one('(datetime(1850-01-01 00:00:00.0000003) - datetime(1850-01-01)) / 1tick')).toBe(3);
    expect(one('bin(datetime(1805-03-04 05:06:07.1234567), 1ms)')).toBe('1805-03-04T05:06:07.123Z');
    expect(one('startofyear(datetime(0050-06-01))')).toBe('0050-01-01T00:00:00Z');
    expect(one('endofday(datetime(1700-02-28 10:00))')).toBe('1700-02-28T23:59:59.9999999Z');
    expect(one('datetime_add("month", 1, datetime(1700-01-31 08:00:00.0000001))')).toBe('1700-02-28T08:00:00.0000001Z');
    expect(one('1.5h * 3')).toBe('04:30:00');
    expect(one('1d / 4')).toBe('06:00:00');
    expect(one('1h / 1m')).toBe(60);
  });
  it('summarizes timespans and datetimes exactly', () => {
    expect(e.run('datatable(d:timespan)[1tick, 2tick, 4tick] | summarize s = sum(d), a = avg(d), mx = max(d), p = percentile(d, 50)', { now: NOW }).rows)
      .toEqual([['00:00:00.0000007', '00:00:00.0000002', '00:00:00.0000004', '00:00:00.0000002']]);
    expect(e.run('datatable(t:datetime)[datetime(1900-01-01 00:00:00.0000001), datetime(1900-01-01 00:00:00.0000003)] | summarize a = avg(t), c = dcount(t)', { now: NOW }).rows)
      .toEqual([['1900-01-01T00:00:00.0000002Z', 2]]);
  });
  it('a datetime cast to string uses its documented text form (reverse and hash_sha256 reference examples)', () => {
    expect(one('reverse(datetime(2017-10-15 12:00))')).toBe('Z0000000.00:00:21T51-01-7102');
    expect(one('reverse(3h)')).toBe('00:00:30');
    expect(one('hash_sha256(datetime(2020-01-01))')).toBe('ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d');
    expect(one('tostring(datetime(2020-01-01))')).toBe('2020-01-01T00:00:00.0000000Z');
  });
  it('range() of datetimes is documented with seven fraction digits', () => {
    expect(one('range(datetime(2007-01-01), datetime(2007-01-02), 1d)')).toEqual(['2007-01-01T00:00:00.0000000Z', '2007-01-02T00:00:00.0000000Z']);
  });
  it('tolong of a datetime beyond 2^53 ticks fails instead of rounding; of a timespan it is the tick count', () => {
    expect(one('tolong(1s)')).toBe(10_000_000);
    expect(() => one('tolong(datetime(2020-01-01))')).toThrow(/exact long range/);
  });
  it('make_datetime builds exact ticks and gives null for an invalid date', () => {
    expect(one('make_datetime(1017, 10, 1, 12, 10, 30.1234567)')).toBe('1017-10-01T12:10:30.1234567Z');
    expect(one('make_datetime(2017, 2, 30)')).toBe(null);
  });
});
