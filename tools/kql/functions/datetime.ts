/** Datetime and timespan functions: now/ago (pinned now), bin, start/end of periods, parts, arithmetic, formatting. */
import { lookupScalar, registerScalar } from '../registry.js';
import { S, datetimeDiff, epochOffsetMod, date, fromDate, startOf, endOf, addMonths, PART_TICKS, pad } from './support.js';
import { KqlRuntimeError } from '../errors.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, msToTicks } from '../types.js';

registerScalar(
  S('now', 0, 1, (a, c) => c.now + ((a[0] as number | undefined) ?? 0)),
  S('ago', 1, 1, (a, c) => c.now - (a[0] as number)),
  S('bin', 2, 2, (a, _c, t) => {
    const v = a[0] as number, s = a[1] as number;
    if (!s) return null;
    // Datetimes bin relative to 0001-01-01 as Kusto does (so 7d bins start on Mondays), not relative to our epoch.
    if (t[0] === 'datetime') { const r = (((v + epochOffsetMod(s)) % s) + s) % s; return v - r; }
    const r = Math.floor(v / s) * s;
    return t[0] === 'int' || t[0] === 'long' ? Math.trunc(r) : r;
  }, { aliases: ['floor'] }),
  S('bin_at', 3, 3, (a) => { const v = a[0] as number, s = a[1] as number, at = a[2] as number; return s ? at + Math.floor((v - at) / s) * s : null; }),
  S('startofday', 1, 2, (a) => Math.floor((a[0] as number) / TICKS_PER_DAY) * TICKS_PER_DAY + ((a[1] as number | undefined) ?? 0) * TICKS_PER_DAY),
  S('datetime_diff', 3, 3, (a) => datetimeDiff(a[0] as string, a[1] as number, a[2] as number)),
  S('startofweek', 1, 2, startOf('week')),
  S('startofmonth', 1, 2, startOf('month')),
  S('startofyear', 1, 2, startOf('year')),
  S('endofday', 1, 2, endOf('day')),
  S('endofweek', 1, 2, endOf('week')),
  S('endofmonth', 1, 2, endOf('month')),
  S('endofyear', 1, 2, endOf('year')),
  S('dayofweek', 1, 1, (a) => date(a[0] as number).getUTCDay() * TICKS_PER_DAY),
  S('dayofmonth', 1, 1, (a) => date(a[0] as number).getUTCDate()),
  S('dayofyear', 1, 1, (a) => { const d = date(a[0] as number); return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1; }),
  S('hourofday', 1, 1, (a) => date(a[0] as number).getUTCHours()),
  S('monthofyear', 1, 1, (a) => date(a[0] as number).getUTCMonth() + 1, { aliases: ['getmonth'] }),
  S('getyear', 1, 1, (a) => date(a[0] as number).getUTCFullYear()),
  S('datetime_add', 3, 3, (a) => {
    const part = String(a[0]).toLowerCase(), n = a[1] as number, t = a[2] as number;
    if (part === 'year') return addMonths(t, 12 * n);
    if (part === 'quarter') return addMonths(t, 3 * n);
    if (part === 'month') return addMonths(t, n);
    const u = PART_TICKS[part];
    if (!u) throw new KqlRuntimeError(`datetime_add: unknown part '${String(a[0])}'`);
    return t + n * u;
  }),
  S('datetime_part', 2, 2, (a) => {
    const d = date(a[1] as number), p = String(a[0]).toLowerCase();
    switch (p) {
      case 'year': return d.getUTCFullYear();
      case 'quarter': return Math.floor(d.getUTCMonth() / 3) + 1;
      case 'month': return d.getUTCMonth() + 1;
      case 'weekofyear': case 'week_of_year': { const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()); const day = (d.getUTCDay() + 6) % 7; const th = new Date(t - day * 86400000 + 3 * 86400000); const fy = Date.UTC(th.getUTCFullYear(), 0, 4); return 1 + Math.round(((th.getTime() - fy) / 86400000 - 3 + ((new Date(fy).getUTCDay() + 6) % 7)) / 7); }
      case 'day': return d.getUTCDate();
      case 'dayofyear': return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
      case 'hour': return d.getUTCHours();
      case 'minute': return d.getUTCMinutes();
      case 'second': return d.getUTCSeconds();
      case 'millisecond': return d.getUTCMilliseconds();
      case 'microsecond': return Math.floor(((a[1] as number) % TICKS_PER_SECOND) / 10);
      case 'nanosecond': return Math.floor(((a[1] as number) % TICKS_PER_SECOND) * 100);
    }
    throw new KqlRuntimeError(`datetime_part: unknown part '${String(a[0])}'`);
  }),
  S('format_datetime', 2, 2, (a) => {
    const t = a[0] as number, d = date(t), frac = String(((t % TICKS_PER_SECOND) + TICKS_PER_SECOND) % TICKS_PER_SECOND).padStart(7, '0');
    return (a[1] as string).replace(/yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt/g, (tok) => {
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
  S('format_timespan', 2, 2, (a) => {
    let t = a[0] as number; const neg = t < 0; if (neg) t = -t;
    const days = Math.floor(t / TICKS_PER_DAY), h = Math.floor((t % TICKS_PER_DAY) / TICKS_PER_HOUR), m = Math.floor((t % TICKS_PER_HOUR) / TICKS_PER_MINUTE), s = Math.floor((t % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
    const frac = String(Math.round(t % TICKS_PER_SECOND)).padStart(7, '0');
    return (neg ? '-' : '') + (a[1] as string).replace(/d+|hh|h|mm|m|ss|s|f{1,7}|F{1,7}/g, (tok) => {
      if (tok[0] === 'd') return String(days).padStart(tok.length, '0');
      if (tok === 'hh') return pad(h); if (tok === 'h') return String(h);
      if (tok === 'mm') return pad(m); if (tok === 'm') return String(m);
      if (tok === 'ss') return pad(s); if (tok === 's') return String(s);
      if (tok[0] === 'f') return frac.slice(0, tok.length);
      return frac.slice(0, tok.length).replace(/0+$/, '');
    });
  }),
  S('make_datetime', 3, 7, (a) => { const [y, mo, d, h = 0, mi = 0, s = 0] = a as number[]; const whole = Math.floor(s); return fromDate(new Date(Date.UTC(y!, mo! - 1, d!, h, mi, whole)), Math.round((s - whole) * TICKS_PER_SECOND)); }),
  S('make_timespan', 2, 4, (a) => { const v = a as number[]; return a.length === 2 ? v[0]! * TICKS_PER_HOUR + v[1]! * TICKS_PER_MINUTE : a.length === 3 ? v[0]! * TICKS_PER_HOUR + v[1]! * TICKS_PER_MINUTE + v[2]! * TICKS_PER_SECOND : v[0]! * TICKS_PER_DAY + v[1]! * TICKS_PER_HOUR + v[2]! * TICKS_PER_MINUTE + v[3]! * TICKS_PER_SECOND; }),
  S('unixtime_seconds_todatetime', 1, 1, (a) => msToTicks((a[0] as number) * 1000)),
  S('unixtime_milliseconds_todatetime', 1, 1, (a) => msToTicks(a[0] as number)),
  S('datetime_utc_to_local', 2, 2, (a) => a[0]),
  S('unixtime_microseconds_todatetime', 1, 1, (a) => msToTicks(0) + (a[0] as number) * 10),
  S('unixtime_nanoseconds_todatetime', 1, 1, (a) => msToTicks(0) + Math.round((a[0] as number) / 100)),
);

// `datepart` is the deprecated name of datetime_part.
registerScalar({ ...lookupScalar('datetime_part')!, name: 'datepart', aliases: [] });
