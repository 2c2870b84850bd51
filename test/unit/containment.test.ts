/**
 * Issue 10, containment: every path that comes from content resolves inside its allowed root after resolving
 * symbolic links, or fails with a positioned error.
 */
import { describe, expect, it, vi } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadContent } from '../../tools/content/load.js';
import { validateContent } from '../../tools/validate/index.js';
import { loadSuite, runEntries, selectEntries } from '../../tools/harness/index.js';
import { resolveContained } from '../../tools/util/contained-path.js';
import { CLI, smallRoot } from './hardening-root.js';

// These tests start the CLI (a fresh Node process each); on a loaded 2-core machine one start can take tens of seconds.
vi.setConfig({ testTimeout: 240_000 });

const errors = (r: string) => validateContent(loadContent(r)).filter((d) => d.severity === 'error');

/** A root whose SASUriGenerated test case names a scenario (and an outside folder holding a valid scenario). */
function rootWithScenario(scenario: string, extra: Record<string, unknown> = {}): string {
  const r = smallRoot();
  const outside = mkdtempSync(join(tmpdir(), 'cdr-outside-'));
  mkdirSync(join(outside, 'outside'));
  writeFileSync(join(outside, 'outside', 'AzureActivity.jsonl'), '');
  const f = join(r, 'test/rules/SASUriGenerated.test.yaml');
  const yaml = `cases:
  - name: reads a scenario
    now: '2026-11-20T12:00:00Z'
    fixtures:
      scenarios: [${JSON.stringify(scenario.replace('OUTSIDE', outside))}]
${Object.entries(extra).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}
    expect: { alerts: 1 }
  - name: quiet
    now: '2026-11-20T12:00:00Z'
    fixtures: { tables: { AzureActivity: [] } }
    expect: { alerts: 0 }
`;
  writeFileSync(f, yaml);
  return r;
}

describe('fixture scenarios', () => {
  for (const name of ['../../../outside', 'OUTSIDE/outside']) {
    it(`'${name.replace('OUTSIDE', '/abs')}' is refused at its line and column by cdr validate and fails the case in cdr test`, () => {
      const r = rootWithScenario(name);
      const e = errors(r).filter((d) => d.file.endsWith('SASUriGenerated.test.yaml'));
      expect(e).toHaveLength(1);
      expect(e[0]).toMatchObject({ code: 'TEST003', line: 5, column: 19 });
      expect(e[0]!.message).toMatch(/fixture scenario '.*outside' (resolves outside|is an absolute path outside) test\/fixtures|fixture scenario .* outside .*fixtures/);
      const suite = loadSuite(r);
      const res = runEntries(suite, selectEntries(suite, { rule: 'SASUriGenerated' }));
      expect(res).toHaveLength(1);
      expect(res[0]!.passed).toBe(false);
      expect(res[0]!.problems.join() + (res[0]!.error ?? '')).toMatch(/outside/);
    }, 180_000); // spawns cdr validate (binds every query): load-dependent
  }
  it('a scenario that is a symbolic link leading out of test/fixtures is refused', () => {
    const r = rootWithScenario('linked');
    const outside = mkdtempSync(join(tmpdir(), 'cdr-outside-'));
    symlinkSync(outside, join(r, 'test/fixtures/linked'));
    const e = errors(r).filter((d) => d.file.endsWith('SASUriGenerated.test.yaml'));
    expect(e.map((d) => d.message).join()).toMatch(/fixture scenario 'linked' leads outside .*fixtures through a symbolic link/);
  });
  it('a file inside a scenario that links outside is a fixture error naming it', () => {
    const r = rootWithScenario('inside');
    mkdirSync(join(r, 'test/fixtures/inside'));
    const secret = join(mkdtempSync(join(tmpdir(), 'cdr-outside-')), 'AzureActivity.jsonl');
    writeFileSync(secret, '');
    symlinkSync(secret, join(r, 'test/fixtures/inside/AzureActivity.jsonl'));
    const suite = loadSuite(r);
    const res = runEntries(suite, selectEntries(suite, { rule: 'SASUriGenerated' }));
    expect(res[0]!.error).toMatch(/inside\/AzureActivity\.jsonl.*leads outside .*fixtures through a symbolic link/);
  });
  it('a missing scenario is reported where it is named', () => {
    const r = rootWithScenario('no-such-scenario');
    const e = errors(r).filter((d) => d.file.endsWith('SASUriGenerated.test.yaml'));
    expect(e[0]).toMatchObject({ line: 5, column: 19 });
    expect(e[0]!.message).toMatch(/fixture scenario 'no-such-scenario' not found: expected a folder/);
  });
});

describe('externaldata mappings of test cases', () => {
  it('map a URL to a file under test/fixtures; a path leading out is refused at its position', () => {
    const r = rootWithScenario('feeds', { externaldata: { 'https://example.org/feed.csv': '../../../etc/passwd' } });
    mkdirSync(join(r, 'test/fixtures/feeds'));
    const e = errors(r).filter((d) => d.file.endsWith('SASUriGenerated.test.yaml'));
    expect(e).toHaveLength(1);
    expect(e[0]!.line).toBe(6);
    expect(e[0]!.message).toMatch(/externaldata file for 'https:\/\/example.org\/feed.csv' '..\/..\/..\/etc\/passwd' resolves outside/);
  });
  it('a mapped file is what the query reads', () => {
    const r = rootWithScenario('feeds', { externaldata: { 'https://example.org/feed.csv': 'external/feed.csv' } });
    mkdirSync(join(r, 'test/fixtures/feeds'));
    mkdirSync(join(r, 'test/fixtures/external'));
    writeFileSync(join(r, 'test/fixtures/external/feed.csv'), 'a\nb\n');
    const suite = loadSuite(r);
    const entry = selectEntries(suite, { rule: 'SASUriGenerated' });
    const res = runEntries(suite, entry, {}, () => 'externaldata (x:string) ["https://example.org/feed.csv"] with (format="csv") | extend TimeGenerated = now()');
    expect(res[0]!.error).toBeUndefined();
    expect(res[0]!.result?.rows).toEqual([['a', expect.any(String)], ['b', expect.any(String)]]);
  });
});

describe('the solution data file', () => {
  it("lists '../../../etc/passwd': refused at the list entry", () => {
    const r = smallRoot();
    const f = join(r, 'Solution/Data/Solution_CDR.json');
    const sol = JSON.parse(readFileSync(f, 'utf8'));
    sol['Analytic Rules'].push('../../../etc/passwd');
    sol.Metadata = '../../../etc/hostname';
    writeFileSync(f, JSON.stringify(sol, null, 2));
    const e = errors(r).filter((d) => d.code === 'PATH001');
    const text = readFileSync(f, 'utf8').split('\n');
    const listLine = text.findIndex((l) => l.includes('etc/passwd')) + 1;
    const metaLine = text.findIndex((l) => l.includes('etc/hostname')) + 1;
    expect(e.map((d) => [d.line, d.message])).toEqual(expect.arrayContaining([
      [listLine, "Analytic Rules: listed file '../../../etc/passwd' resolves outside " + r + ' (paths from content must stay inside it)'],
      [metaLine, expect.stringMatching(/^Metadata '..\/..\/..\/etc\/hostname' resolves outside/)],
    ]));
  });
});

describe('workbook and playbook references', () => {
  it('a workbook metadata file name or a playbook prerequisite template leading out of its folder is refused', () => {
    const r = smallRoot();
    const wf = join(r, 'Workbooks/WorkbooksMetadata.json');
    const meta = JSON.parse(readFileSync(wf, 'utf8'));
    meta[0].previewImagesFileNames = ['../../secret.png'];
    writeFileSync(wf, JSON.stringify(meta, null, 2));
    const pf = join(r, 'Playbooks/CDR-EnrichIncidentWithPrincipalActivity/azuredeploy.json');
    const pb = JSON.parse(readFileSync(pf, 'utf8'));
    pb.metadata.prerequisitesDeployTemplateFile = '../../../outside/azuredeploy.json';
    writeFileSync(pf, JSON.stringify(pb, null, 2));
    const e = errors(r).filter((d) => d.code === 'PATH001');
    expect(e.map((d) => d.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^previewImagesFileNames '..\/..\/secret.png' resolves outside .*Workbooks/),
      expect.stringMatching(/^prerequisitesDeployTemplateFile '..\/..\/outside\/azuredeploy.json' resolves outside .*Playbooks/),
    ]));
    for (const d of e) expect(d.line).toBeGreaterThan(1);
  });
});

describe('cdr kql --tables', () => {
  it('refuses a table file in the folder that links outside it, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdr-tables-'));
    const outside = mkdtempSync(join(tmpdir(), 'cdr-outside-'));
    writeFileSync(join(outside, 'SigninLogs.jsonl'), '');
    symlinkSync(join(outside, 'SigninLogs.jsonl'), join(dir, 'SigninLogs.jsonl'));
    const res = spawnSync(process.execPath, [CLI, 'kql', 'SigninLogs | count', '--tables', dir, '--now', '2026-01-01T00:00:00Z'], { encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/SigninLogs\.jsonl.*leads outside .* through a symbolic link/);
  });
});

describe('the resolver', () => {
  it('accepts paths inside, refuses climbing out, absolute paths, NUL bytes and empty paths', () => {
    const r = mkdtempSync(join(tmpdir(), 'cdr-res-'));
    mkdirSync(join(r, 'a'));
    expect(resolveContained(r, 'a/../a')).toEqual({ path: join(r, 'a') });
    expect(resolveContained(r, 'not/yet/there')).toEqual({ path: join(r, 'not/yet/there') });
    expect(resolveContained(r, '../x')).toHaveProperty('error');
    expect(resolveContained(r, '/etc/passwd')).toHaveProperty('error');
    expect(resolveContained(r, 'a\0b')).toHaveProperty('error');
    expect(resolveContained(r, '')).toHaveProperty('error');
    symlinkSync('/etc', join(r, 'etc'));
    expect(resolveContained(r, 'etc/passwd')).toEqual({ error: expect.stringMatching(/through a symbolic link/) });
    expect(resolveContained(r, 'etc/not-yet')).toEqual({ error: expect.stringMatching(/through a symbolic link/) });
    cpSync(join(r, 'a'), join(r, 'b'), { recursive: true });
  });
});
