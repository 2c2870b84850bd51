/**
 * Defender XDR custom detections: which rules fit (and why the others do not), the two emitted forms, and both
 * forms run on the embedded engine with the rules' own test cases.
 */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../tools/content/load.js';
import { assessRules } from '../../tools/package/defender/assess.js';
import { detectionRuleTemplate, graphDetectionRule, detectionRuleBicep } from '../../tools/package/defender/emit.js';
import { collectItems } from '../../tools/package/items.js';
import { caseFires, loadSuite, runEntries } from '../../tools/harness/index.js';
import { customDetectionConstraints } from '../../tools/package/defender/fit.js';

const content = loadContent();
const fits = assessRules(content);
const byName = new Map([...fits].map(([r, f]) => [r.baseName, f]));
const { items } = collectItems(content);

describe('custom detection fit', () => {
  it('says per rule why it does not fit', () => {
    expect(byName.get('MassResourceDeletion')!.reasons.join('; ')).toMatch(/queryPeriod 14d is longer than the fixed lookback of a 1H custom detection \(4h\)/);
    expect(byName.get('PasswordSpray')!.reasons.join('; ')).toMatch(/no impacted asset/);
    expect(byName.get('SshRdpBruteForce')!.reasons.join('; ')).toMatch(/no Timestamp or TimeGenerated column/);
    for (const [, f] of fits) if (!f.fits) expect(f.reasons.length).toBeGreaterThan(0);
  });

  it('maps entity columns to impacted assets, keeps the first tactic and adds the asset columns to the query', () => {
    const f = byName.get('ElevatedAccessToggle')!;
    expect(f.fits).toBe(true);
    expect(f.schedule).toEqual({ frequency: 'PT1H', period: '1H', lookback: 'PT4H' });
    expect(f.assets).toContainEqual({ odataType: '#microsoft.graph.security.impactedUserAsset', identifier: 'AccountUpn', from: 'Caller' });
    expect(f.queryText).toMatch(/\n\| extend AccountUpn = tostring\(Caller\)$/);
    expect(f.notes.join()).toMatch(/one tactic: PrivilegeEscalation is used, Persistence omitted/);
  });

  it('emits the ARM (language version 2.0, MicrosoftSecurity) and Graph forms, disabled', () => {
    const it0 = items.find((i) => i.baseName === 'ElevatedAccessToggle')!;
    const f = byName.get('ElevatedAccessToggle')!;
    const t = detectionRuleTemplate(it0, f);
    expect(t.languageVersion).toBe('2.0');
    expect(t.resources.detectionRule.type).toBe(`Microsoft.Security/detectionRules@${customDetectionConstraints().apiVersion}`);
    expect(t.resources.detectionRule.properties).toMatchObject({ status: 'disabled', schedule: { period: '1H' }, id: `[if(true(), 'xdr-${it0.contentId}', 'xdr-${it0.contentId}')]` });
    const g = graphDetectionRule(it0, f);
    expect(g).toMatchObject({ isEnabled: false, schedule: { period: '1H' }, detectionAction: { alertTemplate: { severity: 'high', category: 'PrivilegeEscalation' } } });
    expect(detectionRuleBicep(it0, f)).toMatch(/^extension MicrosoftSecurity$/m);
  });
});

describe('both forms on the embedded engine with the same cases', () => {
  const suite = loadSuite();
  const fitting = suite.entries.filter((e) => e.item.kind === 'analyticRule' && byName.get(e.item.baseName)?.fits);
  it('rules fit and are run', () => { expect(fitting.length).toBeGreaterThanOrEqual(5); });
  for (const e of fitting) {
    const f = byName.get(e.item.baseName)!;
    it(`${e.item.baseName}: the custom detection fires exactly in the firing cases, with impacted assets`, () => {
      // The custom detection runs the extended query over its own fixed lookback instead of the rule's queryPeriod.
      const lookback = f.schedule!.lookback.replace(/^PT?/, '').toLowerCase();
      const asCustomDetection = { ...e, item: { ...e.item, data: { ...e.item.data, queryPeriod: lookback } } };
      const sentinel = runEntries(suite, [e]);
      const defender = runEntries(suite, [asCustomDetection], {}, () => f.queryText);
      expect(sentinel.every((r) => r.passed), sentinel.filter((r) => !r.passed).map((r) => r.testCase.name).join(', ')).toBe(true);
      for (const r of defender) {
        expect(r.error, r.testCase.name).toBeUndefined();
        const rows = r.result!.rows.map((row) => Object.fromEntries(r.result!.columns.map((c, i) => [c.name, row[i]])));
        expect(rows.length > 0, `${r.testCase.name}: custom detection ${rows.length ? 'fires' : 'stays quiet'}`).toBe(caseFires(r.testCase));
        for (const row of rows) expect(f.assets.some((a) => row[a.identifier] !== '' && row[a.identifier] !== null && row[a.identifier] !== undefined), `${r.testCase.name}: a row without an impacted asset`).toBe(true);
      }
    });
  }
});
