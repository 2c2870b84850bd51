/**
 * `cdr test --update`: rewrite the expectation of cases marked `update: allowed` with what the rule produces now
 * (a review tool; never in CI). Uses the yaml Document API so comments and layout elsewhere survive.
 */
import { readFileSync } from 'node:fs';
import { YamlFile } from '../content/yaml-doc.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { CaseResult } from './run-case.js';

export function applyUpdates(results: CaseResult[]): string[] {
  const byFile = new Map<string, CaseResult[]>();
  for (const r of results) if (r.testCase.updateAllowed && r.result) byFile.set(r.testFile, [...(byFile.get(r.testFile) ?? []), r]);
  const written: string[] = [];
  for (const [file, rs] of byFile) {
    const y = new YamlFile(file, readFileSync(file, 'utf8'));
    for (const r of rs) {
      const value = r.simulation
        ? { alerts: r.simulation.alerts.map((a) => ({ title: a.title, severity: a.severity, tactics: a.tactics, entities: a.entities, customDetails: a.customDetails })) }
        : { rows: r.result!.rows.map((row) => Object.fromEntries(r.result!.columns.map((c, i) => [c.name, row[i]]))) };
      y.doc.setIn(['cases', r.testCase.index, 'expect'], y.doc.createNode(value));
    }
    writeFileAtomic(file, y.doc.toString({ lineWidth: 0 }));
    written.push(file);
  }
  return written;
}
