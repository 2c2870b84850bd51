/**
 * Seeded random data for the differential self-check: a PRNG (mulberry32, so a failing seed replays exactly), small
 * tables with the value shapes that break engines (nulls in every non-string column, empty strings, negative numbers,
 * duplicate keys, mixed-case text, arrays and bags), and random predicates as a small syntax tree that renders to
 * KQL and that ./oracle.ts evaluates independently.
 */
import type { ColumnSchema } from '../../../tools/kql/types.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) { this.next = mulberry32(seed); }
  float(): number { return this.next(); }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]!; }
}

/** The generated table T: one row per `id`, wire values (the REST JSON form), nulls where a type has them. */
export const T_SCHEMA: ColumnSchema[] = [
  { name: 'id', type: 'long' },
  { name: 'k', type: 'string' },
  { name: 'g', type: 'long' },
  { name: 'v', type: 'long' },
  { name: 'r', type: 'real' },
  { name: 'b', type: 'bool' },
  { name: 't', type: 'datetime' },
  { name: 'd', type: 'dynamic' },
];

export type Row = Record<string, unknown>;

export const WORDS = ['alpha', 'Beta', 'gamma', 'beta-ray', 'Alpha42', '', 'x y', 'GAMMA'];
const DAY = 86_400_000;
const BASE = Date.UTC(2024, 0, 1);

export function genRows(rng: Rng, n = rng.int(0, 30)): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      id: i,
      k: rng.pick(WORDS),
      g: rng.chance(0.15) ? null : rng.int(0, 3),
      v: rng.chance(0.2) ? null : rng.int(-20, 20),
      r: rng.chance(0.2) ? null : Math.round(rng.float() * 2000 - 1000) / 8,
      b: rng.chance(0.2) ? null : rng.chance(0.5),
      t: rng.chance(0.15) ? null : new Date(BASE + rng.int(0, 9) * DAY + rng.int(0, 23) * 3_600_000).toISOString(),
      d: rng.chance(0.15) ? null : rng.chance(0.7) ? Array.from({ length: rng.int(0, 4) }, () => rng.int(-5, 5)) : { a: rng.int(0, 3), s: rng.pick(WORDS) },
    });
  }
  return rows;
}

export const wireRows = (rows: Row[]) => rows.map((r) => T_SCHEMA.map((c) => r[c.name] ?? null));

// ------------------------------------------------------------------ predicates

export type Pred =
  | { op: 'cmp'; col: 'v' | 'g' | 'r' | 't'; cmp: '==' | '!=' | '<' | '<=' | '>' | '>='; value: unknown }
  | { op: 'str'; cmp: '==' | '!=' | '=~' | '!~' | 'contains' | '!contains' | 'startswith' | '!startswith' | 'endswith' | '!endswith'; value: string }
  | { op: 'in'; col: 'v' | 'k'; neg: boolean; values: unknown[] }
  | { op: 'between'; col: 'v' | 'r'; neg: boolean; lo: number; hi: number }
  | { op: 'isnull'; col: 'v' | 'r' | 'b' | 't' | 'd'; neg: boolean }
  | { op: 'bool' }
  | { op: 'not'; a: Pred }
  | { op: 'and' | 'or'; a: Pred; b: Pred };

const lit = (col: string, v: unknown): string => {
  if (v === null) return col === 'r' ? 'real(null)' : col === 't' ? 'datetime(null)' : 'long(null)';
  if (col === 't') return `datetime(${String(v)})`;
  if (col === 'r') return `real(${String(v)})`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
};

export function genPred(rng: Rng, rows: Row[], depth = 0): Pred {
  const sample = (col: string) => (rows.length && rng.chance(0.8) ? rows[rng.int(0, rows.length - 1)]![col] : null);
  const roll = depth >= 2 ? rng.int(0, 5) : rng.int(0, 8);
  switch (roll) {
    case 0: { const col = rng.pick(['v', 'g', 'r', 't'] as const); return { op: 'cmp', col, cmp: rng.pick(['==', '!=', '<', '<=', '>', '>='] as const), value: rng.chance(0.1) ? null : sample(col) ?? (col === 't' ? new Date(BASE).toISOString() : rng.int(-5, 5)) }; }
    case 1: return { op: 'str', cmp: rng.pick(['==', '!=', '=~', '!~', 'contains', '!contains', 'startswith', '!startswith', 'endswith', '!endswith'] as const), value: rng.chance(0.7) ? String(sample('k') ?? '') : rng.pick(['al', 'A', 'ray', 'MM', '']) };
    case 2: { const col = rng.pick(['v', 'k'] as const); return { op: 'in', col, neg: rng.chance(0.5), values: Array.from({ length: rng.int(1, 3) }, () => (col === 'v' && rng.chance(0.15) ? null : sample(col) ?? (col === 'k' ? 'zzz' : 99))) }; }
    case 3: { const col = rng.pick(['v', 'r'] as const); const a = rng.int(-20, 20), b = rng.int(-20, 20); return { op: 'between', col, neg: rng.chance(0.4), lo: Math.min(a, b), hi: Math.max(a, b) }; }
    case 4: return { op: 'isnull', col: rng.pick(['v', 'r', 'b', 't', 'd'] as const), neg: rng.chance(0.5) };
    case 5: return { op: 'bool' };
    case 6: return { op: 'not', a: genPred(rng, rows, depth + 1) };
    default: return { op: rng.pick(['and', 'or'] as const), a: genPred(rng, rows, depth + 1), b: genPred(rng, rows, depth + 1) };
  }
}

export function renderPred(p: Pred): string {
  switch (p.op) {
    case 'cmp': return `${p.col} ${p.cmp} ${lit(p.col, p.value)}`;
    case 'str': return `k ${p.cmp} ${JSON.stringify(p.value)}`;
    case 'in': return `${p.col} ${p.neg ? '!in' : 'in'} (${p.values.map((v) => lit(p.col, v)).join(', ')})`;
    case 'between': return `${p.col} ${p.neg ? '!between' : 'between'} (${lit(p.col, p.lo)} .. ${lit(p.col, p.hi)})`;
    case 'isnull': return `${p.neg ? 'isnotnull' : 'isnull'}(${p.col})`;
    case 'bool': return 'b';
    case 'not': return `not(${renderPred(p.a)})`;
    case 'and': case 'or': return `(${renderPred(p.a)}) ${p.op} (${renderPred(p.b)})`;
  }
}
