/** Reporters: pretty (with expected-vs-actual tables), json, junit. The pretty summary ends with `N passed, N failed`. */
import type { CaseResult } from './run-case.js';
import { displayValue } from './simulate.js';
import { displayPath } from '../util/diagnostics.js';

function table(columns: string[], rows: unknown[][], max = 10): string {
  const cells = [columns, ...rows.slice(0, max).map((r) => r.map((v) => displayValue(v).slice(0, 60)))];
  const w = columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: unknown[]) => '      | ' + r.map((v, i) => String(v ?? '').padEnd(w[i]!)).join(' | ') + ' |';
  const out = [line(cells[0]!), '      |' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...cells.slice(1).map(line)];
  if (rows.length > max) out.push(`      ... ${rows.length - max} more row(s)`);
  return out.join('\n');
}

export function describeActual(r: CaseResult): string {
  const parts: string[] = [];
  if (r.simulation) {
    const s = r.simulation;
    parts.push(`    actual: ${s.alerts.length} alert(s) from ${s.resultRows} result row(s)${s.cappedAlerts ? `, ${s.cappedAlerts} more dropped by the 150-alerts-per-run cap` : ''}`);
    if (s.alerts.length) parts.push(table(['title', 'severity', 'entities', 'customDetails'], s.alerts.map((a) => [a.title, a.severity, a.entities.map((e) => Object.entries(e).map(([k, v]) => `${k}=${v}`).join(' ')).join('; '), JSON.stringify(a.customDetails)])));
    if (s.grouping) parts.push(`    incidents: ${s.grouping.enabled ? `${s.grouping.incidents.length} incident(s) by ${s.grouping.matchingMethod} within ${s.grouping.lookback}` : `grouping off (${s.grouping.matchingMethod})`}`);
  } else if (r.result) {
    parts.push(`    actual: ${r.result.rows.length} row(s)`);
    if (r.result.rows.length) parts.push(table(r.result.columns.map((c) => c.name), r.result.rows));
  }
  return parts.join('\n');
}

export function pretty(results: CaseResult[], cwd = process.cwd()): string {
  const lines: string[] = [];
  let current = '';
  for (const r of results) {
    const rule = `${r.item.kind === 'analyticRule' ? 'rule' : r.item.kind === 'parser' ? 'parser' : 'hunting'} ${r.item.baseName} (${displayPath(r.testFile, cwd)})`;
    if (rule !== current) { lines.push(rule); current = rule; }
    lines.push(`  ${r.passed ? 'PASS' : 'FAIL'} ${r.testCase.name}`);
    if (!r.passed) {
      if (r.error) lines.push(`    error: ${r.error}`);
      for (const p of r.problems) lines.push(`    - ${p}`);
      const actual = describeActual(r);
      if (actual) lines.push(actual);
    } else if (r.simulation?.grouping?.enabled) {
      lines.push(`    incidents: ${r.simulation.grouping.incidents.length} by ${r.simulation.grouping.matchingMethod}`);
    }
  }
  const passed = results.filter((r) => r.passed).length;
  lines.push('', `${passed} passed, ${results.length - passed} failed`);
  return lines.join('\n');
}

export function json(results: CaseResult[]): string {
  return JSON.stringify(results.map((r) => ({
    kind: r.item.kind, rule: r.item.baseName, file: r.item.file, testFile: r.testFile, case: r.testCase.name, passed: r.passed,
    error: r.error ?? null, problems: r.problems, durationMs: r.durationMs,
    alerts: r.simulation?.alerts, cappedAlerts: r.simulation?.cappedAlerts, incidentGrouping: r.simulation?.grouping,
    rows: r.simulation ? undefined : r.result?.rows.length,
  })), null, 2);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junit(results: CaseResult[]): string {
  const bySuite = new Map<string, CaseResult[]>();
  for (const r of results) bySuite.set(r.item.baseName, [...(bySuite.get(r.item.baseName) ?? []), r]);
  const failures = results.filter((r) => !r.passed).length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="cdr rule tests" tests="${results.length}" failures="${failures}">`];
  for (const [name, rs] of bySuite) {
    const f = rs.filter((r) => !r.passed).length;
    const time = rs.reduce((s, r) => s + r.durationMs, 0) / 1000;
    out.push(`  <testsuite name="${xml(name)}" tests="${rs.length}" failures="${f}" time="${time.toFixed(3)}">`);
    for (const r of rs) {
      out.push(`    <testcase classname="${xml(name)}" name="${xml(r.testCase.name)}" time="${(r.durationMs / 1000).toFixed(3)}">`);
      if (!r.passed) out.push(`      <failure message="${xml((r.error ?? r.problems[0] ?? 'failed').slice(0, 500))}">${xml([r.error ?? '', ...r.problems, describeActual(r)].filter(Boolean).join('\n'))}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
