/** Reporters for `cdr test --mutate`: pretty (survivors with file:line:col, totals per rule and kind), json, junit. */
import { displayPath } from '../../util/diagnostics.js';
import { MUTANT_KINDS } from './generate.js';
import type { MutantOutcome, MutationReport } from './run.js';

interface Tally { killed: number; survived: number; allowed: number; error: number }
const empty = (): Tally => ({ killed: 0, survived: 0, allowed: 0, error: 0 });

export function tallies(r: MutationReport): { total: Tally; byKind: Record<string, Tally>; byRule: Map<string, Tally> } {
  const total = empty();
  const byKind: Record<string, Tally> = Object.fromEntries(MUTANT_KINDS.map((k) => [k, empty()]));
  const byRule = new Map<string, Tally>();
  for (const o of r.outcomes) {
    total[o.status]++;
    byKind[o.mutant.kind]![o.status]++;
    const t = byRule.get(o.item.baseName) ?? empty();
    t[o.status]++;
    byRule.set(o.item.baseName, t);
  }
  return { total, byKind, byRule };
}

const fmt = (t: Tally) => `${t.killed} killed, ${t.survived} survived${t.allowed ? `, ${t.allowed} allowed` : ''}${t.error ? `, ${t.error} error` : ''}`;
const where = (o: MutantOutcome, cwd: string) => `${displayPath(o.file, cwd)}:${o.line}:${o.column}`;

export function prettyMutation(r: MutationReport, opts: { cwd?: string; verbose?: boolean } = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const lines: string[] = [];
  const { total, byKind, byRule } = tallies(r);
  for (const b of r.baselineFailures) lines.push(`BASELINE FAILS ${b.item.baseName}: not mutated, its cases fail on the real query:`, ...b.failures.map((f) => `  - ${f}`));
  for (const e of r.allowListErrors) lines.push(`ALLOW-LIST ${e}`);
  for (const o of r.outcomes) {
    if ((o.status === 'killed' || o.status === 'allowed') && !opts.verbose) continue;
    const tag = o.status === 'survived' ? 'SURVIVED' : o.status === 'error' ? 'ERROR   ' : o.status === 'allowed' ? 'allowed ' : 'killed  ';
    lines.push(`${tag} ${o.item.baseName} ${o.mutant.kind} at ${where(o, cwd)}: ${o.mutant.clause}  ->  ${o.mutant.replacement}`);
    if (o.status !== 'killed') lines.push(`         ${o.allowReason ? `reason: ${o.allowReason}` : o.detail}`);
  }
  lines.push('', 'per rule:');
  for (const [rule, t] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${rule.padEnd(44)} ${fmt(t)}`);
  lines.push('', 'per kind:');
  for (const k of MUTANT_KINDS) lines.push(`  ${k.padEnd(16)} ${fmt(byKind[k]!)}`);
  const survRules = new Set(r.outcomes.filter((o) => o.status === 'survived' || o.status === 'error').map((o) => o.item.baseName));
  lines.push('', `${r.outcomes.length} mutants: ${fmt(total)} (${survRules.size} rule(s) with survivors) in ${(r.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

export function jsonMutation(r: MutationReport, cwd = process.cwd()): string {
  const { total, byKind, byRule } = tallies(r);
  return JSON.stringify({
    total, byKind, byRule: Object.fromEntries([...byRule].sort(([a], [b]) => a.localeCompare(b))), durationMs: r.durationMs,
    baselineFailures: r.baselineFailures.map((b) => ({ rule: b.item.baseName, file: displayPath(b.item.file, cwd), failures: b.failures })),
    allowListErrors: r.allowListErrors,
    mutants: r.outcomes.map((o) => ({
      rule: o.item.baseName, kind: o.mutant.kind, file: displayPath(o.file, cwd), line: o.line, column: o.column,
      clause: o.mutant.clause, mutant: o.mutant.replacement, status: o.status, killedBy: o.killedBy ?? null, detail: o.detail, allowReason: o.allowReason ?? null,
    })),
  }, null, 2);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitMutation(r: MutationReport, cwd = process.cwd()): string {
  const bad = (o: MutantOutcome) => o.status === 'survived' || o.status === 'error';
  const byRule = new Map<string, MutantOutcome[]>();
  for (const o of r.outcomes) byRule.set(o.item.baseName, [...(byRule.get(o.item.baseName) ?? []), o]);
  const failures = r.outcomes.filter(bad).length + r.baselineFailures.length + r.allowListErrors.length;
  const tests = r.outcomes.length + r.baselineFailures.length + r.allowListErrors.length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="cdr mutation check" tests="${tests}" failures="${failures}">`];
  for (const [rule, os] of byRule) {
    out.push(`  <testsuite name="${xml(rule)}" tests="${os.length}" failures="${os.filter(bad).length}">`);
    for (const o of os) {
      out.push(`    <testcase classname="${xml(rule)}" name="${xml(`${o.mutant.kind} at ${where(o, cwd)}: ${o.mutant.clause} -> ${o.mutant.replacement}`)}">`);
      if (bad(o)) out.push(`      <failure message="${xml(o.status)}">${xml(o.detail)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (r.baselineFailures.length || r.allowListErrors.length) {
    out.push(`  <testsuite name="(setup)" tests="${r.baselineFailures.length + r.allowListErrors.length}" failures="${r.baselineFailures.length + r.allowListErrors.length}">`);
    for (const b of r.baselineFailures) out.push(`    <testcase classname="(setup)" name="${xml(`baseline ${b.item.baseName}`)}"><failure message="baseline fails">${xml(b.failures.join('\n'))}</failure></testcase>`);
    for (const e of r.allowListErrors) out.push(`    <testcase classname="(setup)" name="allow-list"><failure message="allow-list">${xml(e)}</failure></testcase>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
