import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../../tools/content/load.js';
import { validateContent } from '../../tools/validate/index.js';
import type { Diagnostic } from '../../tools/util/diagnostics.js';

const here = dirname(fileURLToPath(import.meta.url));
const RULES = join(here, '..', 'fixtures', 'validate', 'rules');
const PROJECT = join(here, '..', '..');

const TESTS = `cases:
  - name: fires
    now: 2026-11-20T12:00:00Z
    fixtures: { tables: { AzureActivity: [] } }
    expect: { alerts: 1 }
  - name: quiet
    now: 2026-11-20T12:00:00Z
    fixtures: { tables: { AzureActivity: [] } }
    expect: { alerts: 0 }
`;

/** A content root holding the given fixture rules, each with a test file, listed in a solution data file. */
function rootWith(rules: string[], opts: { tests?: boolean; list?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cdr-validate-'));
  for (const d of ['Analytic Rules', 'Hunting Queries', 'test/rules', 'Solution/Data']) mkdirSync(join(root, d), { recursive: true });
  for (const r of rules) {
    copyFileSync(join(RULES, `${r}.yaml`), join(root, 'Analytic Rules', `${r}.yaml`));
    if (opts.tests !== false) writeFileSync(join(root, 'test/rules', `${r}.test.yaml`), TESTS);
  }
  writeFileSync(join(root, 'Solution/Data/Solution_T.json'), JSON.stringify({
    Name: 'T', Author: 'T team', Logo: '<img src="x.svg">', Description: 'test', Version: '3.0.0', Metadata: 'SolutionMetadata.json', BasePath: '.',
    'Analytic Rules': opts.list === false ? [] : rules.map((r) => `Analytic Rules/${r}.yaml`), 'Hunting Queries': [],
  }, null, 2));
  copyFileSync(join(PROJECT, 'Solution', 'SolutionMetadata.json'), join(root, 'Solution', 'SolutionMetadata.json'));
  copyFileSync(join(PROJECT, 'Solution', 'ReleaseNotes.md'), join(root, 'Solution', 'ReleaseNotes.md'));
  return root;
}

const run = (root: string) => validateContent(loadContent(root));
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const find = (ds: Diagnostic[], code: string, re?: RegExp) => ds.find((d) => d.code === code && (!re || re.test(d.message)));

describe('cdr validate', () => {
  it('passes a valid rule', () => {
    expect(run(rootWith(['Valid']))).toEqual([]);
  });

  it('reports every problem of the deliberately broken rule with its position', () => {
    const ds = run(rootWith(['Broken']));
    const file = (d?: Diagnostic) => d && `${d.line}:${d.column}`;
    expect(file(find(ds, 'RULE001', /tactics/))).toBe('16:5');                   // bad tactic
    expect(file(find(ds, 'KQL001', /OperationNameVal/))).toBe('21:11');          // unknown column, mapped into the query block
    expect(file(find(ds, 'RULE003'))).toBe('12:14');                              // queryPeriod < queryFrequency
    expect(file(find(ds, 'RULE006'))).toBe('18:5');                               // technique whose tactic is missing
    expect(ds.every((d) => d.file.endsWith('Broken.yaml'))).toBe(true);
  });

  it('reports the column cross-check once the query binds', () => {
    const root = rootWith(['Broken']);
    const f = join(root, 'Analytic Rules', 'Broken.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('OperationNameVal ==', 'OperationNameValue =='));
    const ds = run(root);
    const d = find(ds, 'RULE012', /CallerIpAddress/);
    expect(d && `${d.line}:${d.column}`).toBe('27:21');
  });

  it('enforces structure: GUID id, severity, trigger operator, version, durations, identifiers, entity types, custom details, placeholders, ATRM ids', () => {
    const ds = run(rootWith(['Structure']));
    const c = codes(ds);
    expect(find(ds, 'RULE001', /'id'/)).toMatchObject({ line: 1, column: 5 });
    expect(find(ds, 'RULE001', /severity/)).toMatchObject({ line: 5, column: 11 });
    expect(find(ds, 'RULE001', /triggerOperator/)).toMatchObject({ line: 12 });
    expect(find(ds, 'RULE001', /version/)).toBeDefined();
    expect(find(ds, 'RULE004')).toMatchObject({ line: 10, column: 17 });          // 3d period needs >= 1h frequency
    expect(find(ds, 'RULE005', /T9999/)).toMatchObject({ line: 18, column: 5 });
    expect(find(ds, 'RULE006', /T1110/)).toMatchObject({ line: 17, column: 5 });
    expect(find(ds, 'RULE007', /'Address' is not an identifier of Account/)).toMatchObject({ line: 25, column: 21 });
    expect(find(ds, 'RULE001', /entityType/)).toBeDefined();
    expect(find(ds, 'RULE001', /customDetails/)).toBeDefined();
    expect(find(ds, 'RULE010')).toMatchObject({ line: 34, column: 27 });
    expect(find(ds, 'RULE011', /AZT999.9/)).toMatchObject({ line: 38, column: 5 });
    expect(c).toContain('RULE009');
  });

  it('checks data connector coverage and output columns of custom details and titles', () => {
    const ds = run(rootWith(['Coverage']));
    expect(find(ds, 'RULE013', /SigninLogs/)).toMatchObject({ line: 7, column: 3 });
    expect(find(ds, 'RULE012', /custom detail 'Ip'/)).toMatchObject({ line: 22, column: 7 });
    expect(find(ds, 'RULE012', /placeholder uses column 'IPAddress'/)).toBeDefined();
    expect(find(ds, 'RULE004')).toBeUndefined();
  });

  it('requires tests with a firing and a benign case, unique ids and names, and a complete solution listing', () => {
    const root = rootWith(['Valid'], { tests: false, list: false });
    copyFileSync(join(RULES, 'Valid.yaml'), join(root, 'Analytic Rules', 'Copy.yaml'));
    const ds = run(root);
    expect(ds.filter((d) => d.code === 'TEST001')).toHaveLength(2);
    expect(find(ds, 'UNIQ001')).toMatchObject({ line: 1, column: 5 });
    expect(find(ds, 'UNIQ002')).toBeDefined();
    expect(ds.filter((d) => d.code === 'SOL003')).toHaveLength(2);
    writeFileSync(join(root, 'test/rules/Valid.test.yaml'), TESTS.replace('alerts: 1', 'alerts: 0'));
    expect(find(run(root), 'TEST002', /no test case that fires/)).toBeDefined();
  });

  it('reports malformed YAML with its position', () => {
    const root = rootWith(['Valid']);
    writeFileSync(join(root, 'Analytic Rules', 'Valid.yaml'), 'id: [1, 2\nname: x\n');
    const d = find(run(root), 'YAML001');
    expect(d?.line).toBeGreaterThan(0);
  });

  it('the CLI prints file:line:col lines, exits 1 and writes nothing', () => {
    const root = rootWith(['Broken']);
    const before = readdirSync(root, { recursive: true }).length;
    const cli = join(PROJECT, 'dist', 'tools', 'cli', 'main.js');
    expect(existsSync(cli), 'run `npm run build` (or npx tsc) before the tests').toBe(true);
    const r = spawnSync(process.execPath, [cli, 'validate', '--root', root], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Analytic Rules\/Broken\.yaml:16:5: error RULE001: /);
    expect(r.stdout).toMatch(/Broken\.yaml:21:11: error KQL001: KS142/);
    expect(r.stdout).toMatch(/Broken\.yaml:12:14: error RULE003: /);
    const sarif = spawnSync(process.execPath, [cli, 'validate', '--root', root, '--format', 'sarif'], { encoding: 'utf8' });
    expect(JSON.parse(sarif.stdout).runs[0].results.length).toBeGreaterThan(3);
    expect(readdirSync(root, { recursive: true }).length).toBe(before);
  });
});
