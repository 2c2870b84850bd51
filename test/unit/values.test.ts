import { describe, expect, it } from 'vitest';
import { formatDatetime, formatTimespan, fromWire, parseDatetime, parseTimespan, toWire, ValueParseError } from '../../tools/kql/values.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR } from '../../tools/kql/ticks.js';

describe('wire values', () => {
  it('round-trips datetimes in the REST form at 100 ns tick precision', () => {
    const t = parseDatetime('2024-01-20T10:00:00.1234567Z')!;
    expect(formatDatetime(t)).toBe('2024-01-20T10:00:00.1234567Z');
    expect(formatDatetime(t - 1n)).toBe('2024-01-20T10:00:00.1234566Z');
    expect(formatDatetime(parseDatetime('1999-12-31T23:59:59.9999999Z')!)).toBe('1999-12-31T23:59:59.9999999Z');
    expect(formatDatetime(parseDatetime('2024-01-20 10:00:00')!)).toBe('2024-01-20T10:00:00Z');
    expect(parseDatetime('2024-01-20T12:00:00+02:00')).toBe(parseDatetime('2024-01-20T10:00:00Z'));
    expect(parseDatetime('2024-02-30T00:00:00Z')).toBeUndefined();
  });
  it('formats timespans as [d.]hh:mm:ss[.fffffff]', () => {
    expect(formatTimespan(TICKS_PER_DAY + 2n * TICKS_PER_HOUR)).toBe('1.02:00:00');
    expect(formatTimespan(-TICKS_PER_HOUR)).toBe('-01:00:00');
    expect(parseTimespan('00:00:01.5')).toBe(15_000_000n);
    expect(parseTimespan('5m')).toBe(5n * 60n * 10_000_000n);
  });
  it('parses typed wire values and rejects bad ones', () => {
    expect(fromWire('long', '42')).toBe(42);
    expect(fromWire('string', null)).toBe('');
    expect(fromWire('dynamic', '{"a":1}')).toEqual({ a: 1 });
    expect(fromWire('guid', '{6F9619FF-8B86-D011-B42D-00C04FC964FF}')).toBe('6f9619ff-8b86-d011-b42d-00c04fc964ff');
    expect(() => fromWire('datetime', 'yesterday')).toThrow(ValueParseError);
    expect(() => fromWire('int', '1.5')).toThrow(ValueParseError);
    expect(toWire('real', NaN)).toBe('NaN');
  });
});
