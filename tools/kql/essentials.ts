/**
 * The engine's essential functions and aggregates, registered weakly: a family file under ./functions that
 * registers the same name replaces these. Keeps the engine usable on its own with the semantics of the
 * official reference for the most used functions.
 */
import { registerAggregateIfMissing, registerScalarIfMissing, type AggregateFunction, type ScalarFunction } from './registry.js';
import { compareValues, toDynamic, valueKey, valueToString } from './compare.js';
import type { KqlType } from './types.js';
import { ticksToMs, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND } from './types.js';
import { fromWire, parseDatetime, parseDynamicText, parseTimespan } from './values.js';

const S = (name: string, minArgs: number, maxArgs: number, kernel: ScalarFunction['kernel'], extra: Partial<ScalarFunction> = {}): ScalarFunction =>
  ({ name, minArgs, maxArgs, kernel, ...extra });

const str = (t: KqlType, v: unknown) => valueToString(t, v);
const conv = (type: KqlType) => (a: unknown[], _c: unknown, t: KqlType[]) => {
  const v = a[0];
  if (v === null || v === undefined) return null;
  if (type === 'string') return str(t[0]!, v);
  try {
    if ((type === 'long' || type === 'int') && typeof v === 'number') return Math.trunc(v);
    if ((type === 'long' || type === 'int') && typeof v === 'string') { const n = Number(v.trim()); return Number.isFinite(n) ? Math.trunc(n) : null; }
    if ((type === 'real') && typeof v === 'boolean') return v ? 1 : 0;
    if (type === 'datetime' && t[0] === 'datetime') return v;
    return fromWire(type, typeof v === 'object' ? JSON.stringify(v) : v);
  } catch { return null; }
};

const UNIT: Record<string, number> = {
  year: 0, quarter: 0, month: 0, week: 7 * TICKS_PER_DAY, day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND, millisecond: TICKS_PER_MS, microsecond: 10, nanosecond: 0.01,
};

function datetimeDiff(part: string, a: number, b: number): number | null {
  const p = part.toLowerCase();
  const da = new Date(ticksToMs(a)), db = new Date(ticksToMs(b));
  if (p === 'year') return da.getUTCFullYear() - db.getUTCFullYear();
  if (p === 'quarter') return Math.floor(da.getUTCMonth() / 3) - Math.floor(db.getUTCMonth() / 3) + 4 * (da.getUTCFullYear() - db.getUTCFullYear());
  if (p === 'month') return da.getUTCMonth() - db.getUTCMonth() + 12 * (da.getUTCFullYear() - db.getUTCFullYear());
  if (p === 'week') {
    // Weeks start on Sunday: count week boundaries crossed (the tick epoch, 2020-01-01, is a Wednesday).
    const wk = (t: number) => Math.floor((Math.floor(t / TICKS_PER_DAY) + 3) / 7);
    return wk(a) - wk(b);
  }
  const u = UNIT[p];
  if (!u) return null;
  return Math.floor(a / u) - Math.floor(b / u);
}

/** (ticks from 0001-01-01 to the tick epoch 2020-01-01) mod span, computed exactly. */
const TICKS_0001_TO_EPOCH = 737424n * 864000000000n;
const offsetCache = new Map<number, number>();
function epochOffsetMod(span: number): number {
  let r = offsetCache.get(span);
  if (r === undefined) { r = Number.isInteger(span) ? Number(TICKS_0001_TO_EPOCH % BigInt(span)) : 0; offsetCache.set(span, r); }
  return r;
}

registerScalarIfMissing(
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
  S('tostring', 1, 1, (a, _c, t) => str(t[0]!, a[0]), { nullPropagates: false }),
  S('tolong', 1, 1, conv('long')),
  S('toint', 1, 1, (a, c, t) => { const v = conv('long')(a, c, t); return v === null ? null : (v as number) | 0; }),
  S('todouble', 1, 1, conv('real'), { aliases: ['toreal'] }),
  S('todecimal', 1, 1, conv('real')),
  S('tobool', 1, 1, (a, _c, t) => { const v = a[0]; if (t[0] === 'bool') return v; if (typeof v === 'number') return v !== 0; const s = String(v).trim().toLowerCase(); return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : null; }, { aliases: ['toboolean'] }),
  S('todatetime', 1, 1, (a, _c, t) => (t[0] === 'datetime' ? a[0] : typeof a[0] === 'string' ? parseDatetime(a[0]) ?? null : null)),
  S('totimespan', 1, 1, (a, _c, t) => (t[0] === 'timespan' ? a[0] : typeof a[0] === 'string' ? parseTimespan(a[0]) ?? null : typeof a[0] === 'number' ? a[0] : null)),
  S('toguid', 1, 1, conv('guid')),
  S('tolower', 1, 1, (a, _c, t) => str(t[0]!, a[0]).toLowerCase(), { nullPropagates: false }),
  S('toupper', 1, 1, (a, _c, t) => str(t[0]!, a[0]).toUpperCase(), { nullPropagates: false }),
  S('strlen', 1, 1, (a, _c, t) => [...str(t[0]!, a[0])].length, { nullPropagates: false }),
  S('isempty', 1, 1, (a) => a[0] === null || a[0] === undefined || a[0] === '', { nullPropagates: false }),
  S('isnotempty', 1, 1, (a) => !(a[0] === null || a[0] === undefined || a[0] === ''), { nullPropagates: false }),
  S('isnull', 1, 1, (a) => a[0] === null || a[0] === undefined, { nullPropagates: false }),
  S('isnotnull', 1, 1, (a) => !(a[0] === null || a[0] === undefined), { nullPropagates: false }),
  S('not', 1, 1, (a) => !(a[0] as boolean)),
  S('iff', 3, 3, (a) => (a[0] === true ? a[1] : a[2]), { nullPropagates: false, aliases: ['iif'] }),
  S('case', 3, 1000, (a) => { for (let i = 0; i + 1 < a.length; i += 2) if (a[i] === true) return a[i + 1]; return a[a.length - 1]; }, { nullPropagates: false }),
  S('coalesce', 1, 64, (a) => { for (const v of a) if (v !== null && v !== undefined && v !== '') return v; return a[a.length - 1] === '' ? '' : null; }, { nullPropagates: false }),
  S('strcat', 1, 64, (a, _c, t) => a.map((v, i) => str(t[i]!, v)).join(''), { nullPropagates: false }),
  S('strcat_delim', 2, 64, (a, _c, t) => a.slice(1).map((v, i) => str(t[i + 1]!, v)).join(str(t[0]!, a[0])), { nullPropagates: false }),
  S('substring', 2, 3, (a, _c, t) => { const s = [...str(t[0]!, a[0])]; let st = Math.max(0, a[1] as number); const len = a[2] === undefined ? s.length : (a[2] as number); return s.slice(st, st + Math.max(0, len)).join(''); }),
  S('split', 2, 3, (a, _c, t) => { const parts = str(t[0]!, a[0]).split(str(t[1]!, a[1])); if (a.length > 2) { const i = a[2] as number; return i >= 0 && i < parts.length ? [parts[i]] : []; } return parts; }),
  S('replace_string', 3, 3, (a) => (a[0] as string).split(a[1] as string).join(a[2] as string)),
  S('trim', 2, 2, (a) => { const re = a[0] as string; return (a[1] as string).replace(new RegExp(`^(?:${re})+|(?:${re})+$`, 'g'), ''); }),
  S('parse_json', 1, 1, (a, _c, t) => (t[0] === 'string' ? parseDynamicText(a[0] as string) : toDynamic(t[0]!, a[0])), { aliases: ['todynamic', 'parsejson'] }),
  S('array_length', 1, 1, (a) => (Array.isArray(a[0]) ? a[0].length : null)),
  S('set_has_element', 2, 2, (a, _c, t) => Array.isArray(a[0]) && a[0].some((x) => valueKey(x) === valueKey(toDynamic(t[1]!, a[1])))),
  S('set_difference', 2, 64, (a) => { const first = (a[0] as unknown[]) ?? []; const others = new Set(a.slice(1).flatMap((x) => (Array.isArray(x) ? x : [])).map(valueKey)); const seen = new Set<string>(); return first.filter((v) => { const k = valueKey(v); if (others.has(k) || seen.has(k)) return false; seen.add(k); return true; }); }),
  S('set_union', 2, 64, (a) => { const seen = new Set<string>(); const out: unknown[] = []; for (const arr of a) for (const v of Array.isArray(arr) ? arr : []) { const k = valueKey(v); if (!seen.has(k)) { seen.add(k); out.push(v); } } return out; }),
  S('pack_array', 1, 64, (a, _c, t) => a.map((v, i) => toDynamic(t[i]!, v)), { nullPropagates: false }),
  S('pack', 2, 128, (a, _c, t) => { const o: Record<string, unknown> = {}; for (let i = 0; i + 1 < a.length; i += 2) o[String(a[i])] = toDynamic(t[i + 1]!, a[i + 1]); return o; }, { nullPropagates: false, aliases: ['bag_pack'] }),
  S('startofday', 1, 2, (a) => Math.floor((a[0] as number) / TICKS_PER_DAY) * TICKS_PER_DAY + ((a[1] as number | undefined) ?? 0) * TICKS_PER_DAY),
  S('datetime_diff', 3, 3, (a) => datetimeDiff(a[0] as string, a[1] as number, a[2] as number)),
  S('round', 1, 2, (a) => { const p = 10 ** ((a[1] as number | undefined) ?? 0); const v = (a[0] as number) * p; return (Math.sign(v) * Math.round(Math.abs(v) + 1e-9 * 0)) / p; }),
  S('max_of', 1, 64, (a) => { const xs = a.filter((x) => x !== null && x !== undefined); return xs.length ? xs.reduce((m, x) => (compareValues(x, m) > 0 ? x : m)) : null; }, { nullPropagates: false }),
  S('min_of', 1, 64, (a) => { const xs = a.filter((x) => x !== null && x !== undefined); return xs.length ? xs.reduce((m, x) => (compareValues(x, m) < 0 ? x : m)) : null; }, { nullPropagates: false }),
  S('abs', 1, 1, (a) => Math.abs(a[0] as number)),
  S('ipv4_is_private', 1, 1, (a) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/\d+)?$/.exec(String(a[0]).trim());
    if (!m) return null;
    const [x, y] = [Number(m[1]), Number(m[2])];
    return x === 10 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168);
  }),
);

const A = (name: string, minArgs: number, maxArgs: number, aggregate: AggregateFunction['aggregate'], extra: Partial<AggregateFunction> = {}): AggregateFunction =>
  ({ name, minArgs, maxArgs, aggregate, ...extra });
const isNull = (v: unknown) => v === null || v === undefined;
const nn = (col: unknown[], rows: ArrayLike<number>, pred?: unknown[]) => {
  const out: unknown[] = [];
  for (let i = 0; i < rows.length; i++) { const r = rows[i]!; if (pred && pred[r] !== true) continue; const v = col[r]; if (!isNull(v)) out.push(v); }
  return out;
};
/** Exact distinct count of non-null values (numbers and strings keyed directly, objects by JSON). */
function distinctCount(col: unknown[], rows: ArrayLike<number>, pred?: unknown[]): number {
  const seen = new Set<unknown>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (pred && pred[r] !== true) continue;
    const v = col[r];
    if (v === null || v === undefined) continue;
    seen.add(typeof v === 'object' ? '\u0000j' + JSON.stringify(v) : v);
  }
  return seen.size;
}
const sumOf = (vals: unknown[], rt: KqlType) => (vals.length ? (vals as number[]).reduce((s, x) => s + x, 0) : rt === 'real' ? null : null);
const distinctVals = (vals: unknown[], t: KqlType, max = Infinity) => { const seen = new Set<string>(); const out: unknown[] = []; for (const v of vals) { const d = toDynamic(t, v); const k = valueKey(d); if (!seen.has(k) && out.length < max) { seen.add(k); out.push(d); } } return out; };
const extreme = (sign: 1 | -1) => (args: unknown[][], rows: ArrayLike<number>) => {
  let best = -1;
  for (let i = 0; i < rows.length; i++) { const r = rows[i]!; const v = args[0]![r]; if (isNull(v)) continue; if (best < 0 || compareValues(v, args[0]![best]) * sign > 0) best = r; }
  return best;
};

registerAggregateIfMissing(
  A('count', 0, 1, (args, rows) => (args.length && args[0]!.length ? nn(args[0]!, rows).length : rows.length)),
  A('countif', 1, 1, (args, rows) => { let n = 0; for (let i = 0; i < rows.length; i++) if (args[0]![rows[i]!] === true) n++; return n; }),
  A('dcount', 1, 2, (args, rows) => distinctCount(args[0]!, rows)),
  A('dcountif', 2, 3, (args, rows) => distinctCount(args[0]!, rows, args[1])),
  A('sum', 1, 1, (args, rows, _t, rt) => sumOf(nn(args[0]!, rows), rt)),
  A('sumif', 2, 2, (args, rows, _t, rt) => sumOf(nn(args[0]!, rows, args[1]), rt)),
  A('avg', 1, 1, (args, rows) => { const v = nn(args[0]!, rows) as number[]; return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null; }),
  A('avgif', 2, 2, (args, rows) => { const v = nn(args[0]!, rows, args[1]) as number[]; return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null; }),
  A('min', 1, 1, (args, rows) => { const v = nn(args[0]!, rows); return v.length ? v.reduce((m, x) => (compareValues(x, m) < 0 ? x : m)) : null; }),
  A('max', 1, 1, (args, rows) => { const v = nn(args[0]!, rows); return v.length ? v.reduce((m, x) => (compareValues(x, m) > 0 ? x : m)) : null; }),
  A('minif', 2, 2, (args, rows) => { const v = nn(args[0]!, rows, args[1]); return v.length ? v.reduce((m, x) => (compareValues(x, m) < 0 ? x : m)) : null; }),
  A('maxif', 2, 2, (args, rows) => { const v = nn(args[0]!, rows, args[1]); return v.length ? v.reduce((m, x) => (compareValues(x, m) > 0 ? x : m)) : null; }),
  A('make_set', 1, 2, (args, rows, t) => distinctVals(nn(args[0]!, rows), t[0]!, args[1] ? (args[1][rows[0]!] as number) ?? Infinity : Infinity), { aliases: ['makeset'] }),
  A('make_set_if', 2, 3, (args, rows, t) => distinctVals(nn(args[0]!, rows, args[1]), t[0]!, args[2] ? (args[2][rows[0]!] as number) ?? Infinity : Infinity)),
  A('make_list', 1, 2, (args, rows, t) => nn(args[0]!, rows).slice(0, args[1] ? (args[1][rows[0]!] as number) ?? Infinity : Infinity).map((v) => toDynamic(t[0]!, v)), { aliases: ['makelist'] }),
  A('make_list_if', 2, 3, (args, rows, t) => nn(args[0]!, rows, args[1]).map((v) => toDynamic(t[0]!, v))),
  A('arg_max', 1, 64, () => null, { pickRow: extreme(1) }),
  A('arg_min', 1, 64, () => null, { pickRow: extreme(-1) }),
  A('take_any', 1, 64, () => null, { pickRow: (args, rows) => { for (let i = 0; i < rows.length; i++) if (!isNull(args[0]![rows[i]!])) return rows[i]!; return rows.length ? rows[0]! : -1; }, aliases: ['any'] }),
);

// Statistical and bag aggregates (sample variance/stdev as Kusto's stdev()/variance(); percentile by nearest rank).
const numsOf = (col: unknown[], rows: ArrayLike<number>, pred?: unknown[]) => (nn(col, rows, pred) as unknown[]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
function sampleVariance(xs: number[]): number | null {
  if (xs.length === 0) return null;
  if (xs.length === 1) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}
function populationVariance(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
}
function percentileOf(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(s.length, rank) - 1]!;
}
function bagOf(col: unknown[], rows: ArrayLike<number>, pred?: unknown[], max = Infinity): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (pred && pred[r] !== true) continue;
    const v = col[r];
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    for (const [k, x] of Object.entries(v)) if (!(k in o) && n < max) { o[k] = x; n++; }
  }
  return o;
}
registerAggregateIfMissing(
  A('stdev', 1, 1, (args, rows) => { const v = sampleVariance(numsOf(args[0]!, rows)); return v === null ? null : Math.sqrt(v); }),
  A('stdevif', 2, 2, (args, rows) => { const v = sampleVariance(numsOf(args[0]!, rows, args[1])); return v === null ? null : Math.sqrt(v); }),
  A('stdevp', 1, 1, (args, rows) => { const v = populationVariance(numsOf(args[0]!, rows)); return v === null ? null : Math.sqrt(v); }),
  A('variance', 1, 1, (args, rows) => sampleVariance(numsOf(args[0]!, rows))),
  A('varianceif', 2, 2, (args, rows) => sampleVariance(numsOf(args[0]!, rows, args[1]))),
  A('variancep', 1, 1, (args, rows) => populationVariance(numsOf(args[0]!, rows))),
  A('percentile', 2, 2, (args, rows) => percentileOf(numsOf(args[0]!, rows), Number(args[1]![rows[0]!] ?? 50))),
  A('count_distinct', 1, 1, (args, rows) => distinctCount(args[0]!, rows)),
  A('count_distinctif', 2, 2, (args, rows) => distinctCount(args[0]!, rows, args[1])),
  A('make_bag', 1, 2, (args, rows) => bagOf(args[0]!, rows, undefined, args[1] ? Number(args[1][rows[0]!]) : Infinity)),
  A('make_bag_if', 2, 3, (args, rows) => bagOf(args[0]!, rows, args[1])),
  A('make_list_with_nulls', 1, 1, (args, rows, t) => Array.from(rows, (r) => toDynamic(t[0]!, args[0]![r] ?? null))),
  A('take_anyif', 2, 2, () => null, { pickRow: (args, rows) => { for (let i = 0; i < rows.length; i++) { const r = rows[i]!; if (args[1]?.[r] === true) return r; } return -1; } }),
);
