/**
 * Matching expectations: counts, or lists matched order-insensitively (unless ordered) where each expected item is
 * a subset of an actual one. Values compare loosely (a YAML number or date against the API's JSON form).
 */
import type { ExpectedAlert } from './cases.js';
import type { SimAlert } from './simulate.js';

export function looseEqual(expected: unknown, actual: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined || actual === '';
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    const used = new Array(actual.length).fill(false);
    return expected.every((e) => { const i = actual.findIndex((a, j) => !used[j] && looseEqual(e, a)); if (i < 0) return false; used[i] = true; return true; });
  }
  if (typeof expected === 'object') {
    if (expected instanceof Date) return typeof actual === 'string' && Date.parse(actual) === expected.getTime();
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected as Record<string, unknown>).every(([k, v]) => looseEqual(v, (actual as Record<string, unknown>)[k]));
  }
  if (typeof actual === 'number' || typeof expected === 'number') {
    const a = Number(actual), e = Number(expected);
    if (Number.isFinite(a) && Number.isFinite(e) && String(actual).trim() !== '' && String(expected).trim() !== '') return Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e));
  }
  if (typeof actual === 'string' && typeof expected === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(expected) && /^\d{4}-\d{2}-\d{2}T/.test(actual)) {
    return Date.parse(expected) === Date.parse(actual);
  }
  return String(expected) === String(actual);
}

export function alertMatches(e: ExpectedAlert, a: SimAlert): string[] {
  const why: string[] = [];
  if (e.title !== undefined && e.title !== a.title) why.push(`title ${JSON.stringify(a.title)} != ${JSON.stringify(e.title)}`);
  if (e.description !== undefined && e.description.trim() !== a.description.trim()) why.push(`description ${JSON.stringify(a.description)} != ${JSON.stringify(e.description)}`);
  if (e.severity !== undefined && e.severity !== a.severity) why.push(`severity ${a.severity} != ${e.severity}`);
  if (e.tactics !== undefined && [...e.tactics].sort().join(',') !== [...a.tactics].sort().join(',')) why.push(`tactics [${a.tactics}] != [${e.tactics}]`);
  for (const ent of e.entities ?? []) {
    const { type, ...ids } = ent as Record<string, unknown>;
    if (!a.entities.some((x) => x.type === type && Object.entries(ids).every(([k, v]) => looseEqual(v, x[k])))) why.push(`no entity ${JSON.stringify(ent)}`);
  }
  for (const [k, v] of Object.entries(e.customDetails ?? {})) {
    const av = a.customDetails[k];
    const ok = looseEqual(v, av) || (Array.isArray(av) && !Array.isArray(v) && av.length === 1 && looseEqual(v, av[0]));
    if (!ok) why.push(`customDetails.${k} ${JSON.stringify(av)} != ${JSON.stringify(v)}`);
  }
  return why;
}

export interface MatchOutcome { ok: boolean; problems: string[] }

/** Assign each expected item to a distinct actual one; the first failure reasons are reported. */
export function matchList<E, A>(expected: E[], actual: A[], test: (e: E, a: A) => string[], ordered: boolean, label: string): MatchOutcome {
  const problems: string[] = [];
  if (expected.length !== actual.length) problems.push(`expected ${expected.length} ${label}, got ${actual.length}`);
  if (ordered) {
    expected.forEach((e, i) => {
      if (i >= actual.length) return;
      const why = test(e, actual[i]!);
      if (why.length) problems.push(`${label} #${i + 1}: ${why.join('; ')}`);
    });
    return { ok: problems.length === 0, problems };
  }
  const used = new Array(actual.length).fill(false);
  expected.forEach((e, i) => {
    let best: string[] | undefined;
    for (let j = 0; j < actual.length; j++) {
      if (used[j]) continue;
      const why = test(e, actual[j]!);
      if (!why.length) { used[j] = true; best = undefined; return; }
      if (!best || why.length < best.length) best = why;
    }
    problems.push(`expected ${label} #${i + 1} not found${best ? ` (closest: ${best.join('; ')})` : ''}`);
  });
  return { ok: problems.length === 0, problems };
}

export function rowMatches(e: Record<string, unknown>, a: Record<string, unknown>): string[] {
  const why: string[] = [];
  for (const [k, v] of Object.entries(e)) {
    if (!(k in a)) why.push(`no column ${k}`);
    else if (!looseEqual(v, a[k])) why.push(`${k}: ${JSON.stringify(a[k])} != ${JSON.stringify(v)}`);
  }
  return why;
}
