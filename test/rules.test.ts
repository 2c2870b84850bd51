/**
 * Every rule and hunting query test case as its own vitest test (CI and IDEs show each one).
 * The harness does the work; a failing case fails with the harness's expected-vs-actual report.
 */
import { describe, expect, it } from 'vitest';
import { describeActual, loadSuite, runCase } from '../tools/harness/index.js';

const suite = loadSuite();

describe('rule test suite', () => {
  it('every test file belongs to an analytic rule or hunting query', () => {
    expect(suite.orphans).toEqual([]);
  });
  it('every analytic rule and hunting query has a test file that loads', () => {
    const missing = suite.entries.filter((e) => !e.cases || e.cases.errors.length).map((e) => `${e.item.baseName}: ${e.cases?.errors.join('; ') ?? 'no test file'}`);
    expect(missing).toEqual([]);
  });
});

for (const entry of suite.entries) {
  describe(`${entry.item.kind === 'analyticRule' ? 'rule' : entry.item.kind === 'parser' ? 'parser' : 'hunting'} ${entry.item.baseName}`, () => {
    for (const c of entry.cases?.cases ?? []) {
      it(c.name, () => {
        const r = runCase(suite.env, entry.item, c, entry.testFile);
        const report = [r.error, ...r.problems, describeActual(r)].filter(Boolean).join('\n');
        expect(r.passed, report).toBe(true);
      });
    }
  });
}
