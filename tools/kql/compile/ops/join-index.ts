/**
 * The hash index a join or lookup builds over one side's key columns: for a probing row, the first indexed row
 * with an equal key, then `next[row]` to the following ones (ascending, -1 at the end). Null keys never match.
 *
 * Key equality is valueKey equality (compare.ts): one key column compares its values directly (strings, numbers
 * and bigints by value, a dynamic object by its JSON); several compare their valueKeys joined. A single string
 * key on both sides (the usual correlation-id join) uses open addressing over an Int32Array with the strings'
 * FNV-1a hashes: a JS Map of a million string keys spends most of its time growing and rehashing.
 */
import { valueKey } from '../../compare.js';

export interface KeyIndex {
  /** The first indexed row whose key equals row `i` of `probe` (the probing side's key columns), or -1. */
  first(probe: unknown[][], i: number): number;
  /** The next indexed row with the same key, -1 after the last. */
  readonly next: Int32Array;
}

type JoinKey = unknown;

/** Row i's key, or null when a key value is null. */
export function rowKey(cols: unknown[][], i: number): JoinKey | null {
  if (cols.length === 1) {
    const v = cols[0]![i];
    if (v === null || v === undefined) return null;
    return typeof v === 'object' ? '\u0000j' + JSON.stringify(v) : v;
  }
  let key = '';
  for (const c of cols) {
    const v = c[i];
    if (v === null || v === undefined) return null;
    key += valueKey(v) + '\u0001';
  }
  return key;
}

/** Index `rows` rows of `cols`; `probeKinds` are the probing side's key columns (to choose the string form). */
export function buildKeyIndex(cols: unknown[][], rows: number, probe: unknown[][], probeRows: number): KeyIndex {
  if (cols.length === 1 && onlyStrings(cols[0]!, rows) && onlyStrings(probe[0]!, probeRows)) return stringIndex(cols[0]! as (string | null)[], rows);
  return mapIndex(cols, rows);
}

/** Every value a string, null or absent (then string equality is key equality). */
function onlyStrings(col: unknown[], rows: number): boolean {
  for (let i = 0; i < rows; i++) { const v = col[i]; if (typeof v !== 'string' && v !== null && v !== undefined) return false; }
  return true;
}

function mapIndex(cols: unknown[][], rows: number): KeyIndex {
  const heads = new Map<JoinKey, number>();
  const next = new Int32Array(rows).fill(-1);
  const tail = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = rowKey(cols, i);
    if (k === null) continue;
    const h = heads.get(k);
    if (h === undefined) { heads.set(k, i); tail[i] = i; }
    else { next[tail[h]!] = i; tail[h] = i; }
  }
  return { next, first: (probe, i) => { const k = rowKey(probe, i); return k === null ? -1 : heads.get(k) ?? -1; } };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h;
}

function stringIndex(keys: (string | null)[], rows: number): KeyIndex {
  let capacity = 16;
  while (capacity < rows * 2) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const hashes = new Int32Array(rows);
  const next = new Int32Array(rows).fill(-1);
  const tail = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = keys[i];
    if (typeof k !== 'string') continue;
    const h = fnv1a(k);
    hashes[i] = h;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const r = slots[p]!;
      if (r < 0) { slots[p] = i; tail[i] = i; break; }
      if (hashes[r] === h && keys[r] === k) { next[tail[r]!] = i; tail[r] = i; break; }
    }
  }
  return {
    next,
    first(probe, i) {
      const k = probe[0]![i];
      if (typeof k !== 'string') return -1;
      const h = fnv1a(k);
      for (let p = h & mask; ; p = (p + 1) & mask) {
        const r = slots[p]!;
        if (r < 0) return -1;
        if (hashes[r] === h && keys[r] === k) return r;
      }
    },
  };
}
