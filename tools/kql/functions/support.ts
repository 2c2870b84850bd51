/**
 * Shared building blocks of the function families: value helpers and the algorithms several families use (date
 * arithmetic, IP parsing, statistics, XML).
 */
import { compareValues, toDynamic, valueKey, valueToString } from '../compare.js';
import { kqlRegex } from '../regex.js';
import type { KqlType } from '../types.js';
import { fromWire } from '../values.js';
import { exactLong } from '../ticks.js';

export const str = (t: KqlType, v: unknown) => valueToString(t, v);

/** Convert `value` of type `from` to `type` as the to*() functions do: null when it does not convert. */
export function convert(type: KqlType, value: unknown, from: KqlType): unknown {
  const v = value;
  if (v === null || v === undefined) return null;
  if (type === 'string') return str(from, v);
  if (typeof v === 'bigint') {
    // datetime/timespan ticks: long and int read the tick count (exact only within ±2^53), real approximates it.
    if (type === 'long' || type === 'int') return exactLong(v, `to${type}(${from})`);
    if (type === 'real' || type === 'decimal') return Number(v);
    if (type === from) return v;
    return null;
  }
  try {
    // A bool is 1 or 0 as a number (the bool type is a signed 8-bit value, scalar-data-types/bool.md).
    if (typeof v === 'boolean' && (type === 'long' || type === 'int' || type === 'real' || type === 'decimal')) return v ? 1 : 0;
    if ((type === 'long' || type === 'int') && typeof v === 'number') return Math.trunc(v);
    if ((type === 'long' || type === 'int') && typeof v === 'string') { const n = Number(v.trim()); return Number.isFinite(n) ? Math.trunc(n) : null; }
    if (type === 'datetime' && from === 'datetime') return v;
    return fromWire(type, typeof v === 'object' ? JSON.stringify(v) : v);
  } catch { return null; }
}

export const isNull = (v: unknown) => v === null || v === undefined;

export const nn = (col: unknown[], rows: ArrayLike<number>, pred?: unknown[]) => {
  const out: unknown[] = [];
  for (let i = 0; i < rows.length; i++) { const r = rows[i]!; if (pred && pred[r] !== true) continue; const v = col[r]; if (!isNull(v)) out.push(v); }
  return out;
};

/** Exact distinct count of non-null values (numbers and strings keyed directly, objects by JSON). */
export function distinctCount(col: unknown[], rows: ArrayLike<number>, pred?: unknown[]): number {
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

/** Sum of non-null values: exact bigint ticks for timespans, numbers otherwise; null for no values. */
export function sumOf(vals: unknown[]): number | bigint | null {
  if (!vals.length) return null;
  if (typeof vals[0] === 'bigint') { let s = 0n; for (const v of vals) s += v as bigint; return s; }
  let s = 0;
  for (const v of vals) s += v as number;
  return s;
}

/** Mean of non-null values; for ticks (timespan/datetime) an exact tick count rounded to the nearest tick. */
export function meanOf(vals: unknown[]): number | bigint | null {
  if (!vals.length) return null;
  if (typeof vals[0] === 'bigint') {
    const n = BigInt(vals.length);
    let s = 0n;
    for (const v of vals) s += v as bigint;
    const q = s / n, r = s % n;
    return 2n * (r < 0n ? -r : r) >= n ? q + (s < 0n ? -1n : 1n) : q;
  }
  let s = 0;
  for (const v of vals) s += v as number;
  return s / vals.length;
}

export const distinctVals = (vals: unknown[], t: KqlType, max = Infinity) => { const seen = new Set<string>(); const out: unknown[] = []; for (const v of vals) { const d = toDynamic(t, v); const k = valueKey(d); if (!seen.has(k) && out.length < max) { seen.add(k); out.push(d); } } return out; };

/**
 * The row holding the group's largest (sign 1) or smallest (sign -1) non-null value of `values`. A group whose values
 * are all null still yields a row, its first (arg-max-aggregation-function.md's null-handling example); -1 only for
 * an empty group.
 */
export function extremeRow(sign: 1 | -1, rows: ArrayLike<number>, values: unknown[]): number {
  let best = -1;
  for (let i = 0; i < rows.length; i++) { const r = rows[i]!; const v = values[r]; if (isNull(v)) continue; if (best < 0 || compareValues(v, values[best]) * sign > 0) best = r; }
  return best < 0 && rows.length ? rows[0]! : best;
}

// Statistical and bag aggregates (sample variance/stdev as Kusto's stdev()/variance(); percentile by nearest rank).
/** Non-null numeric values (ticks as numbers: statistics of timespans are reals over ticks). */
export const numsOf = (col: unknown[], rows: ArrayLike<number>, pred?: unknown[]): number[] =>
  nn(col, rows, pred).map((v) => (typeof v === 'bigint' ? Number(v) : v)).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));

export function sampleVariance(xs: number[]): number | null {
  if (xs.length === 0) return null;
  if (xs.length === 1) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

export function populationVariance(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
}

/** Nearest-rank percentile of numbers or bigint ticks (compared exactly). */
export function percentileOf<T extends number | bigint>(xs: T[], p: number): T | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(s.length, rank) - 1]!;
}

export function bagOf(col: unknown[], rows: ArrayLike<number>, pred?: unknown[], max = Infinity): Record<string, unknown> {
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

export const arr = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : null);

export const re = kqlRegex;

export const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function ipv4(s: string): { n: number; prefix: number } | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(s.trim());
  if (!m) return null;
  const parts = m.slice(1, 5).map(Number);
  if (parts.some((p) => p > 255)) return null;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return null;
  return { n: ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!, prefix };
}

export const maskOf = (p: number) => (p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0);

export function inRange(ip: string, range: string): boolean | null {
  const a = ipv4(ip), r = ipv4(range);
  if (!a || !r) return null;
  const m = maskOf(r.prefix);
  return ((a.n & m) >>> 0) === ((r.n & m) >>> 0);
}

/** IPv6 (or IPv4, mapped) text -> 8 groups of 16 bits, or null. */
export function ipv6Groups(text: string): { groups: number[]; prefix: number } | null {
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

export function masked(g: number[], prefix: number): number[] {
  return g.map((v, i) => { const bits = Math.max(0, Math.min(16, prefix - i * 16)); return bits === 16 ? v : bits === 0 ? 0 : v & ((0xffff << (16 - bits)) & 0xffff); });
}

export function xmlToJson(xml: string): unknown {
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
