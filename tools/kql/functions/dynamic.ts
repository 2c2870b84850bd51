/** Dynamic arrays, property bags and sets. */
import { registerScalar } from '../registry.js';
import { S, nn, arr } from './support.js';
import { compareValues, toDynamic, valueKey } from '../compare.js';

registerScalar(
  S('array_length', 1, 1, (a) => (Array.isArray(a[0]) ? a[0].length : null)),
  S('set_has_element', 2, 2, (a, _c, t) => Array.isArray(a[0]) && a[0].some((x) => valueKey(x) === valueKey(toDynamic(t[1]!, a[1])))),
  S('set_difference', 2, 64, (a) => { const first = (a[0] as unknown[]) ?? []; const others = new Set(a.slice(1).flatMap((x) => (Array.isArray(x) ? x : [])).map(valueKey)); const seen = new Set<string>(); return first.filter((v) => { const k = valueKey(v); if (others.has(k) || seen.has(k)) return false; seen.add(k); return true; }); }),
  S('set_union', 2, 64, (a) => { const seen = new Set<string>(); const out: unknown[] = []; for (const arr of a) for (const v of Array.isArray(arr) ? arr : []) { const k = valueKey(v); if (!seen.has(k)) { seen.add(k); out.push(v); } } return out; }),
  S('pack_array', 1, 64, (a, _c, t) => a.map((v, i) => toDynamic(t[i]!, v)), { nullPropagates: false }),
  S('pack', 2, 128, (a, _c, t) => { const o: Record<string, unknown> = {}; for (let i = 0; i + 1 < a.length; i += 2) o[String(a[i])] = toDynamic(t[i + 1]!, a[i + 1]); return o; }, { nullPropagates: false, aliases: ['bag_pack'] }),
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
  S('array_split', 2, 2, (a) => {
    const x = arr(a[0]); if (!x) return null;
    const idx = (Array.isArray(a[1]) ? (a[1] as number[]) : [a[1] as number]).map((i) => (i < 0 ? x.length + i : i)).sort((p, q) => p - q);
    const out: unknown[][] = []; let from = 0;
    for (const i of idx) { out.push(x.slice(from, Math.max(from, i))); from = Math.max(from, i); }
    out.push(x.slice(from));
    return out;
  }),
  S('range', 2, 3, (a, _c, t) => {
    const start = a[0] as number, stop = a[1] as number;
    const step = a[2] === undefined ? (t[0] === 'datetime' || t[0] === 'timespan' ? 0 : 1) : (a[2] as number);
    if (!step) return null;
    const out: unknown[] = [];
    for (let v = start; step > 0 ? v <= stop : v >= stop; v += step) {
      if (out.length >= 1_048_576) break;
      out.push(toDynamic(t[0]!, v));
    }
    return out;
  }),
);
