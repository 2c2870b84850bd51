/**
 * More essential functions (string, dynamic, datetime, math, ip, hash, geo, series), registered weakly like
 * ./essentials.ts: family files under ./functions replace them name by name.
 */
import { createHash } from 'node:crypto';
import { registerScalarIfMissing, type ScalarFunction } from './registry.js';
import { compareValues, toDynamic, valueKey, valueToString } from './compare.js';
import type { KqlType } from './types.js';
import { msToTicks, ticksToMs, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND } from './types.js';
import { formatDatetime, parseDatetime } from './values.js';
import { KqlRuntimeError } from './errors.js';
import { kqlRegex } from './regex.js';

const S = (name: string, minArgs: number, maxArgs: number, kernel: ScalarFunction['kernel'], extra: Partial<ScalarFunction> = {}): ScalarFunction =>
  ({ name, minArgs, maxArgs, kernel, ...extra });
const str = (t: KqlType, v: unknown) => valueToString(t, v);
const arr = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : null);
const re = kqlRegex;
const date = (ticks: number) => new Date(ticksToMs(ticks));
const fromDate = (d: Date, subMs = 0) => msToTicks(d.getTime()) + subMs;

// ---------------------------------------------------------------- strings
registerScalarIfMissing(
  S('strcat_array', 2, 2, (a, _c, t) => (arr(a[0]) ?? []).map((v) => (typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v))).join(str(t[1]!, a[1]))),
  S('extract', 3, 4, (a, _c, t) => {
    const m = re(str(t[0]!, a[0])).exec(str(t[2]!, a[2]));
    const g = a[1] as number;
    if (!m || m[g] === undefined) return t[3] ? null : '';
    return m[g];
  }),
  S('extract_all', 2, 3, (a, _c, t) => {
    const pattern = str(t[0]!, a[0]);
    const text = str(t[t.length - 1]!, a[a.length - 1]);
    const groups = a.length === 3 ? (arr(a[1]) as number[]) : undefined;
    const out: unknown[] = [];
    for (const m of text.matchAll(re(pattern, 'g'))) {
      if (groups) out.push(groups.map((g) => m[g] ?? ''));
      else out.push(m.length > 2 ? m.slice(1) : m[1] ?? m[0]);
    }
    return out.length ? out : null;
  }),
  S('replace_regex', 3, 3, (a, _c, t) => str(t[0]!, a[0]).replace(re(str(t[1]!, a[1]), 'g'), str(t[2]!, a[2]).replace(/\\(\d)/g, '$$$1'))),
  S('indexof', 2, 5, (a, _c, t) => {
    const s = str(t[0]!, a[0]), x = str(t[1]!, a[1]);
    const start = (a[2] as number | undefined) ?? 0, len = (a[3] as number | undefined) ?? -1, occ = (a[4] as number | undefined) ?? 1;
    const hay = len < 0 ? s : s.slice(0, start + len);
    let at = start - 1;
    for (let i = 0; i < occ; i++) { at = hay.indexOf(x, at + 1); if (at < 0) return -1; }
    return at;
  }),
  S('countof', 2, 3, (a, _c, t) => {
    const s = str(t[0]!, a[0]), x = str(t[1]!, a[1]);
    if (a[2] === 'regex') return [...s.matchAll(re(x, 'g'))].length;
    if (!x) return 0;
    let n = 0, at = s.indexOf(x);
    while (at >= 0) { n++; at = s.indexOf(x, at + x.length); }
    return n;
  }),
  S('reverse', 1, 1, (a, _c, t) => [...str(t[0]!, a[0])].reverse().join(''), { nullPropagates: false }),
  S('trim_start', 2, 2, (a) => (a[1] as string).replace(re(`^(?:${a[0] as string})+`), '')),
  S('trim_end', 2, 2, (a) => (a[1] as string).replace(re(`(?:${a[0] as string})+$`), '')),
  S('strrep', 2, 3, (a, _c, t) => Array.from({ length: Math.max(0, a[1] as number) }, () => str(t[0]!, a[0])).join(a[2] === undefined ? '' : str(t[2]!, a[2]))),
  S('string_size', 1, 1, (a) => Buffer.byteLength(a[0] as string, 'utf8'), { nullPropagates: false }),
  S('regex_quote', 1, 1, (a) => (a[0] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  S('translate', 3, 3, (a) => {
    const from = [...(a[0] as string)], to = [...(a[1] as string)];
    return [...(a[2] as string)].map((ch) => { const i = from.indexOf(ch); return i < 0 ? ch : to.length ? (to[i] ?? to[to.length - 1]!) : ''; }).join('');
  }),
  S('replace_strings', 3, 3, (a) => {
    const lookups = (arr(a[1]) ?? []).map(String), repl = (arr(a[2]) ?? []).map(String);
    let out = '', s = a[0] as string, i = 0;
    while (i < s.length) {
      const k = lookups.findIndex((l) => l && s.startsWith(l, i));
      if (k >= 0) { out += repl[k] ?? ''; i += lookups[k]!.length; } else { out += s[i]; i++; }
    }
    return out;
  }),
  S('base64_encode_tostring', 1, 1, (a) => Buffer.from(a[0] as string, 'utf8').toString('base64')),
  S('base64_decode_tostring', 1, 1, (a) => { const s = a[0] as string; if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) return null; return Buffer.from(s, 'base64').toString('utf8'); }),
  S('url_decode', 1, 1, (a) => { try { return decodeURIComponent((a[0] as string).replace(/\+/g, ' ')); } catch { return null; } }),
  S('url_encode', 1, 1, (a) => encodeURIComponent(a[0] as string)),
  S('url_encode_component', 1, 1, (a) => encodeURIComponent(a[0] as string)),
  S('hash_sha256', 1, 1, (a, _c, t) => createHash('sha256').update(str(t[0]!, a[0]), 'utf8').digest('hex')),
  S('hash_sha1', 1, 1, (a, _c, t) => createHash('sha1').update(str(t[0]!, a[0]), 'utf8').digest('hex')),
  S('hash_md5', 1, 1, (a, _c, t) => createHash('md5').update(str(t[0]!, a[0]), 'utf8').digest('hex')),
  S('tohex', 1, 2, (a) => { const v = Math.trunc(a[0] as number); const h = (v < 0 ? BigInt.asUintN(64, BigInt(v)) : BigInt(v)).toString(16); return a[1] ? h.padStart(a[1] as number, '0') : h; }),
  S('gettype', 1, 1, (a, _c, t) => {
    if (t[0] !== 'dynamic') return ({ real: 'real', int: 'int', long: 'long', string: 'string', bool: 'bool', datetime: 'datetime', timespan: 'timespan', guid: 'guid', decimal: 'decimal' } as Record<string, string>)[t[0]!] ?? t[0];
    const v = a[0];
    if (v === null || v === undefined) return 'null';
    if (Array.isArray(v)) return 'array';
    if (typeof v === 'object') return 'dictionary';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
    return 'string';
  }, { nullPropagates: false }),
  S('parse_url', 1, 1, (a) => {
    try {
      const u = new URL(a[0] as string);
      const q: Record<string, string> = {};
      u.searchParams.forEach((v, k) => { q[k] = v; });
      return { Scheme: u.protocol.replace(/:$/, ''), Host: u.hostname, Port: u.port, Path: u.pathname, Username: u.username, Password: u.password, 'Query Parameters': q, Fragment: u.hash.replace(/^#/, '') };
    } catch { return {}; }
  }),
  S('parse_path', 1, 1, (a) => {
    const p = a[0] as string;
    const sep = p.includes('\\') ? '\\' : '/';
    const i = p.lastIndexOf(sep);
    const file = p.slice(i + 1), dot = file.lastIndexOf('.');
    return { Scheme: '', RootPath: '', DirectoryPath: i >= 0 ? p.slice(0, i) : '', DirectoryName: i >= 0 ? p.slice(0, i).split(sep).pop() ?? '' : '', Filename: file, Extension: dot > 0 ? file.slice(dot + 1) : '', AlternateDataStreamName: '' };
  }),
);

// ---------------------------------------------------------------- dynamic
registerScalarIfMissing(
  S('array_slice', 3, 3, (a) => { const x = arr(a[0]); if (!x) return null; const n = x.length; let s = a[1] as number, e = a[2] as number; if (s < 0) s += n; if (e < 0) e += n; return x.slice(Math.max(0, s), Math.min(n, e) + 1); }),
  S('array_concat', 1, 64, (a) => (a.every((x) => Array.isArray(x)) ? (a as unknown[][]).flat(1) : null), { nullPropagates: false }),
  S('array_sort_asc', 1, 2, (a) => { const x = arr(a[0]); if (!x) return null; const nn = x.filter((v) => v !== null), nulls = x.length - nn.length; const s = nn.sort(compareValues); const nullsLast = a[1] === undefined ? true : Boolean(a[1]); return nullsLast ? [...s, ...Array(nulls).fill(null)] : [...Array(nulls).fill(null), ...s]; }),
  S('array_sort_desc', 1, 2, (a) => { const x = arr(a[0]); if (!x) return null; const nn = x.filter((v) => v !== null), nulls = x.length - nn.length; const s = nn.sort((p, q) => compareValues(q, p)); const nullsLast = a[1] === undefined ? true : Boolean(a[1]); return nullsLast ? [...s, ...Array(nulls).fill(null)] : [...Array(nulls).fill(null), ...s]; }),
  S('array_index_of', 2, 5, (a, _c, t) => { const x = arr(a[0]); if (!x) return null; const k = valueKey(toDynamic(t[1]!, a[1])); return x.findIndex((v) => valueKey(v) === k); }),
  S('array_sum', 1, 1, (a) => { const x = arr(a[0]); if (!x) return null; return x.reduce((s: number, v) => s + (typeof v === 'number' ? v : 0), 0); }),
  S('array_reverse', 1, 1, (a) => (arr(a[0]) ? [...(a[0] as unknown[])].reverse() : null)),
  S('array_iff', 3, 3, (a) => { const c = arr(a[0]); if (!c) return null; const w = a[1], e = a[2]; return c.map((v, i) => (v === true ? (Array.isArray(w) ? w[i] ?? null : w) : (Array.isArray(e) ? e[i] ?? null : e))); }, { aliases: ['array_iif'] }),
  S('zip', 2, 16, (a) => { const xs = a.map(arr); if (xs.some((x) => !x)) return null; const n = Math.max(...xs.map((x) => x!.length)); return Array.from({ length: n }, (_, i) => xs.map((x) => x![i] ?? null)); }),
  S('bag_keys', 1, 1, (a) => (a[0] && typeof a[0] === 'object' && !Array.isArray(a[0]) ? Object.keys(a[0]) : null)),
  S('bag_has_key', 2, 2, (a) => (a[0] && typeof a[0] === 'object' && !Array.isArray(a[0]) ? Object.prototype.hasOwnProperty.call(a[0], String(a[1])) : false)),
  S('bag_merge', 1, 64, (a) => { const o: Record<string, unknown> = {}; for (const b of a) if (b && typeof b === 'object' && !Array.isArray(b)) for (const [k, v] of Object.entries(b)) if (!(k in o)) o[k] = v; return o; }, { nullPropagates: false }),
  S('bag_remove_keys', 2, 2, (a) => { if (!a[0] || typeof a[0] !== 'object' || Array.isArray(a[0])) return null; const drop = new Set((arr(a[1]) ?? []).map(String)); return Object.fromEntries(Object.entries(a[0]).filter(([k]) => !drop.has(k))); }),
  S('bag_set_key', 3, 3, (a, _c, t) => (a[0] && typeof a[0] === 'object' && !Array.isArray(a[0]) ? { ...(a[0] as object), [String(a[1])]: toDynamic(t[2]!, a[2]) } : null)),
  S('set_intersect', 2, 64, (a) => { const lists = a.map((x) => arr(x) ?? []); const seen = new Set<string>(); return lists[0]!.filter((v) => { const k = valueKey(v); if (seen.has(k)) return false; seen.add(k); return lists.slice(1).every((l) => l.some((y) => valueKey(y) === k)); }); }),
  S('dynamic_to_json', 1, 1, (a) => JSON.stringify(a[0])),
);

// ---------------------------------------------------------------- datetime
const startOf = (unit: 'week' | 'month' | 'year') => (a: unknown[]) => {
  const d = date(a[0] as number), off = (a[1] as number | undefined) ?? 0;
  let r: Date;
  if (unit === 'week') { r = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay() + 7 * off)); }
  else if (unit === 'month') r = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + off, 1));
  else r = new Date(Date.UTC(d.getUTCFullYear() + off, 0, 1));
  return fromDate(r);
};
const endOf = (unit: 'day' | 'week' | 'month' | 'year') => (a: unknown[]) => {
  const next = unit === 'day' ? Math.floor((a[0] as number) / TICKS_PER_DAY + 1 + ((a[1] as number | undefined) ?? 0)) * TICKS_PER_DAY
    : startOf(unit)([a[0], ((a[1] as number | undefined) ?? 0) + 1]);
  return next - 1;
};
function addMonths(ticks: number, months: number): number {
  const d = date(ticks); const sub = ticks - msToTicks(d.getTime());
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return fromDate(target, sub);
}
const PART_TICKS: Record<string, number> = { week: 7 * TICKS_PER_DAY, day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE, second: TICKS_PER_SECOND, millisecond: TICKS_PER_MS, microsecond: 10, nanosecond: 0.01 };
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
registerScalarIfMissing(
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
);
void formatDatetime; void parseDatetime;

// ---------------------------------------------------------------- math
registerScalarIfMissing(
  S('log', 1, 1, (a) => ((a[0] as number) > 0 ? Math.log(a[0] as number) : null)),
  S('log10', 1, 1, (a) => ((a[0] as number) > 0 ? Math.log10(a[0] as number) : null)),
  S('log2', 1, 1, (a) => ((a[0] as number) > 0 ? Math.log2(a[0] as number) : null)),
  S('exp', 1, 1, (a) => Math.exp(a[0] as number)),
  S('exp2', 1, 1, (a) => 2 ** (a[0] as number)),
  S('exp10', 1, 1, (a) => 10 ** (a[0] as number)),
  S('pow', 2, 2, (a) => (a[0] as number) ** (a[1] as number)),
  S('sqrt', 1, 1, (a) => ((a[0] as number) >= 0 ? Math.sqrt(a[0] as number) : null)),
  S('sign', 1, 1, (a) => Math.sign(a[0] as number)),
  S('ceiling', 1, 1, (a) => Math.ceil(a[0] as number)),
  S('isnan', 1, 1, (a) => Number.isNaN(a[0])),
  S('isinf', 1, 1, (a) => a[0] === Infinity || a[0] === -Infinity),
  S('isfinite', 1, 1, (a) => Number.isFinite(a[0])),
  S('binary_and', 2, 2, (a) => Number(BigInt.asIntN(64, BigInt(a[0] as number) & BigInt(a[1] as number)))),
  S('binary_or', 2, 2, (a) => Number(BigInt.asIntN(64, BigInt(a[0] as number) | BigInt(a[1] as number)))),
  S('binary_xor', 2, 2, (a) => Number(BigInt.asIntN(64, BigInt(a[0] as number) ^ BigInt(a[1] as number)))),
  S('rand', 0, 1, (a) => (a[0] === undefined ? Math.random() : Math.floor(Math.random() * (a[0] as number))), { volatile: true }),
  S('new_guid', 0, 0, () => globalThis.crypto.randomUUID(), { volatile: true }),
);

// ---------------------------------------------------------------- ip
function ipv4(s: string): { n: number; prefix: number } | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(s.trim());
  if (!m) return null;
  const parts = m.slice(1, 5).map(Number);
  if (parts.some((p) => p > 255)) return null;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return null;
  return { n: ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!, prefix };
}
const maskOf = (p: number) => (p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0);
function inRange(ip: string, range: string): boolean | null {
  const a = ipv4(ip), r = ipv4(range);
  if (!a || !r) return null;
  const m = maskOf(r.prefix);
  return ((a.n & m) >>> 0) === ((r.n & m) >>> 0);
}
registerScalarIfMissing(
  S('ipv4_is_in_range', 2, 2, (a) => inRange(a[0] as string, a[1] as string)),
  S('ipv4_is_in_any_range', 2, 64, (a) => {
    const ranges = a.length === 2 && Array.isArray(a[1]) ? (a[1] as unknown[]).map(String) : a.slice(1).map(String);
    if (!ipv4(a[0] as string)) return null;
    return ranges.some((r) => inRange(a[0] as string, r) === true);
  }),
  S('ipv4_is_match', 2, 3, (a) => {
    const x = ipv4(a[0] as string), y = ipv4(a[1] as string);
    if (!x || !y) return null;
    const m = maskOf(Math.min(x.prefix, y.prefix, a[2] === undefined ? 32 : (a[2] as number)));
    return ((x.n & m) >>> 0) === ((y.n & m) >>> 0);
  }),
  S('ipv4_compare', 2, 3, (a) => {
    const x = ipv4(a[0] as string), y = ipv4(a[1] as string);
    if (!x || !y) return null;
    const m = maskOf(Math.min(x.prefix, y.prefix, a[2] === undefined ? 32 : (a[2] as number)));
    const p = (x.n & m) >>> 0, q = (y.n & m) >>> 0;
    return p < q ? -1 : p > q ? 1 : 0;
  }),
  S('parse_ipv4', 1, 1, (a) => { const x = ipv4(a[0] as string); return x ? ((x.n & maskOf(x.prefix)) >>> 0) : null; }),
  S('parse_ipv4_mask', 2, 2, (a) => { const x = ipv4(a[0] as string); return x ? ((x.n & maskOf(Math.min(32, a[1] as number))) >>> 0) : null; }),
  S('has_ipv4', 2, 2, (a) => { const hay = a[0] as string, ip = a[1] as string; const re2 = new RegExp(`(^|[^0-9.])${ip.replace(/\./g, '\\.')}($|[^0-9.])`); return re2.test(hay); }),
  S('geo_distance_2points', 4, 4, (a) => {
    const [lon1, lat1, lon2, lat2] = a as number[];
    if ([lon1, lat1, lon2, lat2].some((v) => typeof v !== 'number' || Number.isNaN(v))) return null;
    if (Math.abs(lat1!) > 90 || Math.abs(lat2!) > 90 || Math.abs(lon1!) > 180 || Math.abs(lon2!) > 180) return null;
    const R = 6371008.8, rad = Math.PI / 180;
    const dLat = (lat2! - lat1!) * rad, dLon = (lon2! - lon1!) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1! * rad) * Math.cos(lat2! * rad) * Math.sin(dLon / 2) ** 2;
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  }),
  S('geo_info_from_ip_address', 1, 1, (a, c) => {
    if (!c.geoLookup) throw new KqlRuntimeError('geo_info_from_ip_address(): no geo lookup table is registered (KqlEngine.setGeoLookup)');
    return c.geoLookup(a[0] as string);
  }),
);

// ---------------------------------------------------------------- series
const nums = (v: unknown): number[] | null => (Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : NaN)) : null);
function stats(xs: number[]) {
  const v = xs.filter((x) => !Number.isNaN(x));
  const n = v.length;
  if (!n) return { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null };
  let min = Infinity, max = -Infinity, mi = 0, ma = 0, sum = 0;
  xs.forEach((x, i) => { if (Number.isNaN(x)) return; if (x < min) { min = x; mi = i; } if (x > max) { max = x; ma = i; } sum += x; });
  const avg = sum / n;
  const variance = n > 1 ? v.reduce((s, x) => s + (x - avg) ** 2, 0) / (n - 1) : 0;
  return { min, min_idx: mi, max, max_idx: ma, avg, stdev: Math.sqrt(variance), variance };
}
function fitLine(ys: number[]) {
  const n = ys.length, xs = ys.map((_, i) => i + 1);
  const mx = xs.reduce((s, x) => s + x, 0) / n, my = ys.reduce((s, y) => s + y, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0), sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const slope = sxx ? sxy / sxx : 0, interception = my - slope * mx;
  const line = xs.map((x) => slope * x + interception);
  const ssr = ys.reduce((s, y, i) => s + (y - line[i]!) ** 2, 0), sst = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  return { rsquare: sst ? 1 - ssr / sst : 1, slope, variance: n > 1 ? ssr / (n - 1) : 0, rvariance: n > 1 ? ssr / (n - 1) : 0, interception, line_fit: line };
}
registerScalarIfMissing(
  S('series_stats_dynamic', 1, 2, (a) => { const x = nums(a[0]); return x ? stats(x) : null; }),
  S('series_fit_line_dynamic', 1, 1, (a) => { const x = nums(a[0]); return x ? fitLine(x) : null; }),
  S('series_fill_const', 1, 3, (a) => (Array.isArray(a[0]) ? a[0].map((v) => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? (a[1] ?? 0) : v)) : null)),
  S('series_outliers', 1, 5, (a) => {
    const x = nums(a[0]); if (!x) return null;
    const sorted = x.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
    const q = (p: number) => { const i = (sorted.length - 1) * p; const lo = Math.floor(i), hi = Math.ceil(i); return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo); };
    const q1 = q(0.25), q3 = q(0.75), iqr = q3 - q1;
    return x.map((v) => (Number.isNaN(v) || iqr === 0 ? 0 : v > q3 ? (v - q3) / iqr : v < q1 ? (v - q1) / iqr : 0));
  }),
);

// ---------------------------------------------------------------- ipv6 and xml
/** IPv6 (or IPv4, mapped) text -> 8 groups of 16 bits, or null. */
function ipv6Groups(text: string): { groups: number[]; prefix: number } | null {
  let s = text.trim();
  let prefix = 128;
  const slash = s.indexOf('/');
  if (slash >= 0) { prefix = Number(s.slice(slash + 1)); s = s.slice(0, slash); if (!(prefix >= 0 && prefix <= 128)) return null; }
  const v4 = ipv4(s);
  if (v4) return { groups: [0, 0, 0, 0, 0, 0xffff, v4.n >>> 16, v4.n & 0xffff], prefix: slash >= 0 ? prefix + 96 : 128 };
  let tail: number[] = [];
  const m4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (m4) { const x = ipv4(m4[1]!); if (!x) return null; tail = [x.n >>> 16, x.n & 0xffff]; s = s.slice(0, -m4[1]!.length) + '0:0'; }
  const parts = s.split('::');
  if (parts.length > 2) return null;
  const parse = (p: string) => (p ? p.split(':').map((h) => (/^[0-9a-f]{1,4}$/i.test(h) ? parseInt(h, 16) : NaN)) : []);
  const head = parse(parts[0]!), rest = parts.length === 2 ? parse(parts[1]!) : [];
  if ([...head, ...rest].some(Number.isNaN)) return null;
  const fill = 8 - head.length - rest.length;
  if ((parts.length === 1 && fill !== 0) || fill < 0) return null;
  const groups = [...head, ...Array(parts.length === 2 ? fill : 0).fill(0), ...rest];
  if (tail.length) { groups[6] = tail[0]!; groups[7] = tail[1]!; }
  return groups.length === 8 ? { groups, prefix } : null;
}
function masked(g: number[], prefix: number): number[] {
  return g.map((v, i) => { const bits = Math.max(0, Math.min(16, prefix - i * 16)); return bits === 16 ? v : bits === 0 ? 0 : v & ((0xffff << (16 - bits)) & 0xffff); });
}
function xmlToJson(xml: string): unknown {
  const tokens = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '').match(/<[^>]+>|[^<]+/g) ?? [];
  const root: Record<string, unknown> = {};
  const stack: { name: string; obj: Record<string, unknown>; text: string }[] = [{ name: '', obj: root, text: '' }];
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const add = (o: Record<string, unknown>, k: string, v: unknown) => { if (k in o) { const cur = o[k]; o[k] = Array.isArray(cur) ? [...cur, v] : [cur, v]; } else o[k] = v; };
  for (const t of tokens) {
    if (t.startsWith('</')) {
      const top = stack.pop()!;
      if (!stack.length) throw new Error('unbalanced');
      const keys = Object.keys(top.obj);
      const text = top.text.trim();
      const value = keys.length === 0 ? decode(text) : (text ? { ...top.obj, '#text': decode(text) } : top.obj);
      add(stack[stack.length - 1]!.obj, top.name, value);
    } else if (t.startsWith('<')) {
      const selfClosing = t.endsWith('/>');
      const m = /^<\s*([^\s/>]+)([\s\S]*?)\/?>$/.exec(t);
      if (!m) throw new Error('bad tag');
      const obj: Record<string, unknown> = {};
      for (const a of m[2]!.matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) obj[`@${a[1]}`] = decode(a[3] ?? a[4] ?? '');
      if (selfClosing) add(stack[stack.length - 1]!.obj, m[1]!, Object.keys(obj).length ? obj : null);
      else stack.push({ name: m[1]!, obj, text: '' });
    } else stack[stack.length - 1]!.text += t;
  }
  if (stack.length !== 1) throw new Error('unbalanced');
  return root;
}
registerScalarIfMissing(
  S('parse_ipv6', 1, 1, (a) => { const x = ipv6Groups(a[0] as string); return x ? masked(x.groups, x.prefix).map((g) => g.toString(16).padStart(4, '0')).join(':') : null; }),
  S('parse_ipv6_mask', 2, 2, (a) => { const x = ipv6Groups(a[0] as string); return x ? masked(x.groups, Math.min(x.prefix, a[1] as number)).map((g) => g.toString(16).padStart(4, '0')).join(':') : null; }),
  S('ipv6_compare', 2, 3, (a) => {
    const x = ipv6Groups(a[0] as string), y = ipv6Groups(a[1] as string);
    if (!x || !y) return null;
    const p = Math.min(x.prefix, y.prefix, a[2] === undefined ? 128 : (a[2] as number));
    const gx = masked(x.groups, p), gy = masked(y.groups, p);
    for (let i = 0; i < 8; i++) if (gx[i] !== gy[i]) return gx[i]! < gy[i]! ? -1 : 1;
    return 0;
  }),
  S('ipv6_is_match', 2, 3, (a) => {
    const x = ipv6Groups(a[0] as string), y = ipv6Groups(a[1] as string);
    if (!x || !y) return null;
    const p = Math.min(x.prefix, y.prefix, a[2] === undefined ? 128 : (a[2] as number));
    return masked(x.groups, p).every((g, i) => g === masked(y.groups, p)[i]);
  }),
  S('parse_xml', 1, 1, (a) => { try { return xmlToJson(a[0] as string); } catch { return null; } }),
);
