/**
 * Field-by-field comparison of a desired item with the workspace's copy, after normalising the shapes the API
 * returns (defaults filled in, orders, duration spellings, line endings). Rules are data:
 * tools/schemas/deploy/comparison.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DATA } from '../util/paths.js';

type FieldType = 'text' | 'enum' | 'bool' | 'number' | 'duration' | 'set' | 'unordered' | 'json' | 'jsonText';
interface CompareSpec { fields: Record<string, FieldType>; defaults: Record<string, unknown>; sets: string[] }

let specs: Record<string, CompareSpec> | undefined;
export function compareSpec(kind: string): CompareSpec {
  specs ??= JSON.parse(readFileSync(join(TOOLS_DATA.schemas, 'deploy', 'comparison.json'), 'utf8')) as Record<string, CompareSpec>;
  const s = specs[kind];
  if (!s) throw new Error(`no comparison rules for ${kind} in tools/schemas/deploy/comparison.json`);
  return s;
}

const DURATION = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** ISO 8601 day/time duration -> seconds (PT24H and P1D are the same length); undefined when not one. */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DURATION.exec(v.trim().toUpperCase());
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

const isEmpty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0)
  || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** ARM template expressions cannot be compared before deployment; `[[` is an escaped literal `[`. */
export const isArmExpression = (v: unknown) => typeof v === 'string' && v.startsWith('[') && !v.startsWith('[[');
const unescapeArm = (v: string) => (v.startsWith('[[') ? v.slice(1) : v);

function canonicalJson(v: unknown, path: string, sets: Set<string>): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') { const d = durationSeconds(v); return d !== undefined ? `duration:${d}` : v; }
  if (Array.isArray(v)) {
    const items = v.map((x) => canonicalJson(x, path, sets)).filter((x) => x !== undefined);
    return sets.has(path) ? items.map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x)) : items;
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const c = canonicalJson((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, sets);
      if (!isEmpty(c)) out[k] = c;
    }
    return out;
  }
  return v;
}

function canonical(type: FieldType, v: unknown, field: string, sets: Set<string>): string {
  switch (type) {
    case 'text': return v === undefined || v === null ? '' : String(v).replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, '')).join('\n').trim();
    case 'enum': return v === undefined || v === null ? '' : String(v).toLowerCase();
    case 'bool': return v === undefined || v === null ? '' : String(v === true || v === 'true');
    case 'number': return v === undefined || v === null || v === '' ? '' : String(Number(v));
    case 'duration': { const d = durationSeconds(v); return d !== undefined ? String(d) : v === undefined || v === null ? '' : String(v); }
    case 'set': return JSON.stringify([...new Set((Array.isArray(v) ? v : []).map((x) => String(x)))].sort());
    case 'unordered': return JSON.stringify((Array.isArray(v) ? v : []).map((x) => JSON.stringify(canonicalJson(x, field, sets))).sort());
    case 'json': { const c = canonicalJson(v, field, sets); return isEmpty(c) ? '' : JSON.stringify(c); }
    case 'jsonText': {
      if (v === undefined || v === null || v === '') return '';
      try { return JSON.stringify(canonicalJson(JSON.parse(String(v)), field, sets)); } catch { return canonical('text', v, field, sets); }
    }
  }
}

/** Fill what the service fills in: defaults under values that are absent or null (recursively for objects). */
function withDefaults(v: unknown, d: unknown): unknown {
  if (d === undefined) return v;
  if (v === undefined || v === null) return structuredClone(d);
  if (typeof v === 'object' && !Array.isArray(v) && typeof d === 'object' && d !== null && !Array.isArray(d)) {
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const [k, dv] of Object.entries(d)) out[k] = withDefaults(out[k], dv);
    return out;
  }
  return v;
}

/** Replace ARM expressions in a desired template value by the deployed value at the same place (not comparable). */
function resolveTemplateValue(desired: unknown, actual: unknown): unknown {
  if (isArmExpression(desired)) return actual;
  if (typeof desired === 'string') return unescapeArm(desired);
  if (Array.isArray(desired)) return desired.map((x, i) => resolveTemplateValue(x, Array.isArray(actual) ? actual[i] : undefined));
  if (desired && typeof desired === 'object') {
    const a = (actual && typeof actual === 'object' ? actual : {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(desired).map(([k, v]) => [k, resolveTemplateValue(v, a[k])]));
  }
  return desired;
}

export interface DiffOptions { fromTemplate?: boolean }

/** Names of the compared fields whose normalised values differ, in the spec's order. */
export function diffFields(kind: string, desired: Record<string, unknown>, actual: Record<string, unknown>, opts: DiffOptions = {}): string[] {
  const spec = compareSpec(kind);
  const sets = new Set(spec.sets);
  const out: string[] = [];
  for (const [field, type] of Object.entries(spec.fields)) {
    let dv = desired[field];
    const av = actual[field];
    if (opts.fromTemplate) dv = resolveTemplateValue(dv, av);
    const d = canonical(type, withDefaults(dv, spec.defaults[field]), field, sets);
    const a = canonical(type, withDefaults(av, spec.defaults[field]), field, sets);
    if (d !== a) out.push(field);
  }
  return out;
}
