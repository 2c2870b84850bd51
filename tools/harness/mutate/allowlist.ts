/**
 * The allow-list of surviving mutants (`test/mutation-allowlist.yaml`): each entry names a mutant by rule, kind and
 * clause (not by line, so edits elsewhere in the rule keep it valid) and says why its survival is acceptable
 * (typically an equivalent mutant). An entry that matches no surviving mutant of a rule that was run is stale and
 * fails the check, so the list cannot silently outlive its reason.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { YamlFile } from '../../content/yaml-doc.js';
import { MUTANT_KINDS, type Mutant } from './generate.js';

export interface AllowEntry { rule: string; kind: string; clause: string; mutant?: string; reason: string; line: number }
/**
 * A column whose values always come in one case: written so by a parser (CDR_ArmOperations upper-cases
 * OperationNameValue), by the source itself (Entra writes AuditLogs.Result in lower case), or derived in the query
 * (a column extracted from tolower(...)). `source` is the parser or table the query reads, or the rule itself. In a
 * query that reads that source, a case-sensitive mutant comparing the column with literals already in that case is
 * equivalent.
 */
export interface NormalisedColumn { source: string; column: string; case: 'upper' | 'lower'; reason: string; line: number }
export interface AllowList { file: string; entries: AllowEntry[]; normalised: NormalisedColumn[]; errors: string[] }

export const ALLOWLIST_PATH = join('test', 'mutation-allowlist.yaml');
const KEYS = new Set(['rule', 'kind', 'clause', 'mutant', 'reason']);
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

export function loadAllowList(root: string): AllowList {
  const file = join(root, ALLOWLIST_PATH);
  const out: AllowList = { file, entries: [], normalised: [], errors: [] };
  if (!existsSync(file)) return out;
  const y = YamlFile.read(file, 'the mutation allow-list (a mapping with an `allowed:` list)', root);
  out.errors.push(...y.parseErrors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`));
  const data = y.data as { allowed?: unknown; normalised?: unknown } | undefined;
  if (!data) return out;
  for (const k of Object.keys(data)) if (k !== 'allowed' && k !== 'normalised') out.errors.push(`${file}:1:1: unknown top-level key '${k}' (expected allowed, normalised)`);
  const norms = data.normalised ?? [];
  if (!Array.isArray(norms)) out.errors.push(`${file}:1:1: 'normalised' must be a list`);
  else norms.forEach((raw, i) => {
    const at = y.locate(['normalised', i]);
    const where = `${file}:${at.line}:${at.column}`;
    const e = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!['source', 'column', 'case', 'reason'].includes(k)) out.errors.push(`${where}: normalised[${i}]: unknown key '${k}' (expected source, column, case, reason)`);
    for (const k of ['source', 'column', 'reason']) if (typeof e[k] !== 'string' || !(e[k] as string).trim()) out.errors.push(`${where}: normalised[${i}]: '${k}' is required (a non-empty string)`);
    if (e.case !== 'upper' && e.case !== 'lower') out.errors.push(`${where}: normalised[${i}]: 'case' must be upper or lower`);
    else if (typeof e.source === 'string' && typeof e.column === 'string' && typeof e.reason === 'string') out.normalised.push({ source: e.source, column: e.column, case: e.case, reason: norm(e.reason), line: at.line });
  });
  const list = data.allowed ?? [];
  if (!Array.isArray(list)) { out.errors.push(`${file}:1:1: 'allowed' must be a list`); return out; }
  list.forEach((raw, i) => {
    const at = y.locate(['allowed', i]);
    const where = `${file}:${at.line}:${at.column}`;
    if (!raw || typeof raw !== 'object') { out.errors.push(`${where}: allowed[${i}] must be a mapping`); return; }
    const e = raw as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!KEYS.has(k)) out.errors.push(`${where}: allowed[${i}]: unknown key '${k}' (expected ${[...KEYS].join(', ')})`);
    for (const k of ['rule', 'kind', 'clause', 'reason']) if (typeof e[k] !== 'string' || !(e[k] as string).trim()) out.errors.push(`${where}: allowed[${i}]: '${k}' is required (a non-empty string)`);
    if (typeof e.kind === 'string' && !(MUTANT_KINDS as readonly string[]).includes(e.kind)) out.errors.push(`${where}: allowed[${i}]: kind '${e.kind}' is not one of ${MUTANT_KINDS.join(', ')}`);
    if (e.mutant !== undefined && typeof e.mutant !== 'string') out.errors.push(`${where}: allowed[${i}]: 'mutant' must be a string`);
    if (typeof e.rule === 'string' && typeof e.kind === 'string' && typeof e.clause === 'string' && typeof e.reason === 'string') {
      out.entries.push({ rule: e.rule, kind: e.kind, clause: norm(e.clause), mutant: typeof e.mutant === 'string' ? norm(e.mutant) : undefined, reason: norm(e.reason), line: at.line });
    }
  });
  return out;
}

export function allowEntryFor(list: AllowList, rule: string, m: Mutant): AllowEntry | undefined {
  return list.entries.find((e) => e.rule === rule && e.kind === m.kind && e.clause === norm(m.clause) && (e.mutant === undefined || e.mutant === norm(m.replacement)));
}

/** The normalised-column fact that makes a surviving case-sensitive mutant equivalent, if any. */
export function normalisedFor(list: AllowList, rule: string, calls: Set<string>, m: Mutant): NormalisedColumn | undefined {
  const lits = m.operands?.literals;
  if (m.kind !== 'case-sensitive' || !m.operands?.column || !lits?.length) return undefined;
  return list.normalised.find((n) => (n.source === rule || calls.has(n.source)) && n.column === m.operands!.column &&
    lits.every((l) => l === (n.case === 'upper' ? l.toUpperCase() : l.toLowerCase())));
}
