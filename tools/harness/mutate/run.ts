/**
 * The mutation check: every mutant of a rule, hunting query or parser is run against the cases; it is killed when
 * at least one case changes outcome (a firing case stops firing, a benign case fires, expected rows or entities
 * differ), i.e. when a case that passes on the real query fails on the mutant.
 *
 * Parsers are mutated once per parser, not once per calling rule: a parser mutant is killed by the parser's own
 * cases or by any case of a rule, hunting query or parser that calls it (directly or through another parser).
 * Mutating it per caller would multiply the work by the number of callers and report as gaps clauses that a given
 * rule simply does not depend on.
 */
import type { TestableContent } from '../../content/model.js';
import { parserFunctionDecl } from '../../content/parsers.js';
import type { CaseResult } from '../run-case.js';
import { runCase } from '../run-case.js';
import type { Suite, SuiteEntry } from '../suite.js';
import { allowEntryFor, loadAllowList, normalisedFor, type AllowEntry, type AllowList } from './allowlist.js';
import { generateMutants, referencedNames, type Mutant, type MutantKind } from './generate.js';

export type MutantStatus = 'killed' | 'survived' | 'allowed' | 'error';

export interface MutantOutcome {
  item: TestableContent;
  mutant: Mutant;
  /** file:line:col of the clause in the content file. */
  file: string; line: number; column: number;
  status: MutantStatus;
  /** "Rule: case" of the first case whose outcome changed. */
  killedBy?: string;
  detail: string;
  allowReason?: string;
}

export interface MutationReport {
  outcomes: MutantOutcome[];
  /** Entries whose cases do not all pass on the real query: a mutation check there means nothing. */
  baselineFailures: { item: TestableContent; failures: string[] }[];
  /** Allow-list problems and stale entries (they fail the check). */
  allowListErrors: string[];
  durationMs: number;
}

export interface MutationOptions {
  allowList?: AllowList;
  /** Only these kinds (default: all). */
  kinds?: MutantKind[];
  onMutant?: (label: string) => void;
  /** Called once the mutants are known, with their number. */
  onPlanned?: (total: number) => void;
}

const queryKey = (item: TestableContent) => (item.kind === 'parser' ? 'FunctionQuery' : 'query');

function position(item: TestableContent, offset: number): { file: string; line: number; column: number } {
  const p = item.yaml.locateInString([queryKey(item)], offset);
  return { file: item.file, line: p.line, column: p.column };
}

/** Entries that call each parser, directly or through other parsers (by function alias in the syntax tree). */
export function parserCallers(suite: Suite): Map<string, SuiteEntry[]> {
  const aliasOf = new Map<string, SuiteEntry>();
  for (const e of suite.entries) if (e.item.kind === 'parser' && e.item.functionAlias) aliasOf.set(e.item.functionAlias, e);
  const direct = new Map<SuiteEntry, Set<SuiteEntry>>();
  for (const e of suite.entries) {
    const names = referencedNames(e.item.query ?? '');
    for (const [alias, p] of aliasOf) if (p !== e && names.has(alias)) direct.set(p, new Set([...(direct.get(p) ?? []), e]));
  }
  const out = new Map<string, SuiteEntry[]>();
  for (const [alias, p] of aliasOf) {
    const seen = new Set<SuiteEntry>();
    const stack = [...(direct.get(p) ?? [])];
    while (stack.length) {
      const e = stack.pop()!;
      if (seen.has(e)) continue;
      seen.add(e);
      stack.push(...(direct.get(e) ?? []));
    }
    out.set(alias, suite.entries.filter((e) => seen.has(e)));
  }
  return out;
}

const failureOf = (r: CaseResult) => r.error ?? r.problems[0] ?? 'failed';
const isUnsupported = (r: CaseResult) => /^KqlUnsupportedError/.test(r.error ?? '');

export function runMutationCheck(suite: Suite, entries: SuiteEntry[], opts: MutationOptions = {}): MutationReport {
  const started = Date.now();
  const allow = opts.allowList ?? loadAllowList(suite.root);
  const callers = parserCallers(suite);
  const report: MutationReport = { outcomes: [], baselineFailures: [], allowListErrors: [...allow.errors], durationMs: 0 };

  // Baseline: the real queries must pass every case, or a failing mutant proves nothing.
  const baselineOk = new Map<SuiteEntry, boolean>();
  const checkBaseline = (e: SuiteEntry): boolean => {
    const known = baselineOk.get(e);
    if (known !== undefined) return known;
    const failures = !e.cases ? [`no test file ${e.testFile}`] : e.cases.errors.length ? e.cases.errors
      : e.cases.cases.map((c) => runCase(suite.env, e.item, c, e.testFile)).filter((r) => !r.passed).map((r) => `${r.testCase.name}: ${failureOf(r)}`);
    if (failures.length && entries.includes(e)) report.baselineFailures.push({ item: e.item, failures });
    baselineOk.set(e, failures.length === 0);
    return failures.length === 0;
  };

  const planned = entries.filter(checkBaseline).map((e) => ({ e, mutants: generateMutants(e.item.query ?? '').filter((m) => !opts.kinds || opts.kinds.includes(m.kind)) }));
  opts.onPlanned?.(planned.reduce((n, p) => n + p.mutants.length, 0));

  for (const { e, mutants } of planned) {
    const item = e.item;
    const decl = item.kind === 'parser' ? parserFunctionDecl(item) : undefined;
    const calls = referencedNames(item.query ?? '');
    // Callers whose own cases pass: their cases can kill the parser's mutants.
    const callerEntries = item.kind === 'parser' && item.functionAlias ? (callers.get(item.functionAlias) ?? []).filter(checkBaseline) : [];
    for (const m of mutants) {
      let first: CaseResult | undefined;
      let by = '';
      for (const c of e.cases!.cases) {
        const r = runCase(suite.env, item, c, e.testFile, m.query);
        if (!r.passed) { first = r; by = `${item.baseName}: ${c.name}`; break; }
      }
      if (!first && decl && callerEntries.length) {
        suite.env.engine.registerFunctions([{ ...decl, body: `{\n${m.query}\n}` }]);
        try {
          outer: for (const ce of callerEntries) {
            for (const c of ce.cases!.cases) {
              const r = runCase(suite.env, ce.item, c, ce.testFile);
              if (!r.passed) { first = r; by = `${ce.item.baseName}: ${c.name}`; break outer; }
            }
          }
        } finally { suite.env.engine.registerFunctions([decl]); }
      }
      const pos = position(item, m.offset);
      const base = { item, mutant: m, ...pos };
      if (first && isUnsupported(first)) {
        report.outcomes.push({ ...base, status: 'error', detail: `the engine cannot run the mutant (${by}): ${failureOf(first)}` });
      } else if (first) {
        report.outcomes.push({ ...base, status: 'killed', killedBy: by, detail: `killed by "${by}": ${failureOf(first).split('\n')[0]}` });
      } else {
        const n = e.cases!.cases.length + callerEntries.reduce((s, ce) => s + ce.cases!.cases.length, 0);
        const entry = allowEntryFor(allow, item.baseName, m);
        const normalised = entry ? undefined : normalisedFor(allow, item.baseName, calls, m);
        report.outcomes.push(entry
          ? { ...base, status: 'allowed', detail: `survives (allow-listed, ${allow.file}:${entry.line})`, allowReason: entry.reason }
          : normalised ? { ...base, status: 'allowed', detail: `survives (equivalent: ${normalised.column} from ${normalised.source} is always ${normalised.case} case, ${allow.file}:${normalised.line})`, allowReason: normalised.reason }
          : { ...base, status: 'survived', detail: `all ${n} case(s) still pass${callerEntries.length ? ` (${e.cases!.cases.length} own, the rest from ${callerEntries.length} caller(s))` : ''}` });
      }
      opts.onMutant?.(`${item.baseName} ${m.kind}`);
    }
  }

  // Stale allow-list entries: for a rule that was checked, an entry must match a mutant that survived.
  const checked = new Set(planned.map((p) => p.e.item.baseName));
  const used = new Set<AllowEntry>();
  for (const o of report.outcomes) if (o.status === 'allowed') { const en = allowEntryFor(allow, o.item.baseName, o.mutant); if (en) used.add(en); }
  for (const en of allow.entries) {
    if (checked.has(en.rule) && !used.has(en)) report.allowListErrors.push(`${allow.file}:${en.line}: allow-list entry for ${en.rule} ${en.kind} '${en.clause}' matches no surviving mutant: remove it`);
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** The check passes when nothing survives unexplained, nothing errs, baselines pass and the allow-list is clean. */
export function mutationPassed(r: MutationReport): boolean {
  return r.baselineFailures.length === 0 && r.allowListErrors.length === 0 && r.outcomes.every((o) => o.status === 'killed' || o.status === 'allowed');
}
