import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { buildSolution } from '../../tools/package/index.js';
import { BICEP_SKIPPED, checkBicep, findBicep } from '../../tools/package/bicep.js';
import { isoDuration } from '../../tools/package/arm-content.js';
import { uuidV5 } from '../../tools/package/items.js';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RULES = ['VMRunCommandExecuted.yaml', 'SASUriGenerated.yaml'];
const HUNTS = ['PrincipalAzureServices.yaml'];
/** The test root's solution version (a released version with a row in ReleaseNotes.md). */
const VERSION = '3.0.0';

/** A small content root: two rules, a hunting query, the workbook and the playbook, with their solution files. */
function root(): string {
  const r = mkdtempSync(join(tmpdir(), 'cdr-pkg-'));
  for (const d of ['Analytic Rules', 'Hunting Queries', 'Workbooks', 'Solution/Data']) mkdirSync(join(r, d), { recursive: true });
  for (const f of RULES) cpSync(join(PROJECT, 'Analytic Rules', f), join(r, 'Analytic Rules', f));
  for (const f of HUNTS) cpSync(join(PROJECT, 'Hunting Queries', f), join(r, 'Hunting Queries', f));
  for (const f of ['CDRCoverageAndHealth.json', 'WorkbooksMetadata.json']) cpSync(join(PROJECT, 'Workbooks', f), join(r, 'Workbooks', f));
  cpSync(join(PROJECT, 'Playbooks', 'CDR-EnrichIncidentWithPrincipalActivity'), join(r, 'Playbooks', 'CDR-EnrichIncidentWithPrincipalActivity'), { recursive: true });
  cpSync(join(PROJECT, 'Solution', 'SolutionMetadata.json'), join(r, 'Solution', 'SolutionMetadata.json'));
  cpSync(join(PROJECT, 'Solution', 'ReleaseNotes.md'), join(r, 'Solution', 'ReleaseNotes.md'));
  // The rules call the CDR_ArmOperations parser, which ships with them.
  mkdirSync(join(r, 'Parsers'), { recursive: true });
  cpSync(join(PROJECT, 'Parsers', 'CDR_ArmOperations.yaml'), join(r, 'Parsers', 'CDR_ArmOperations.yaml'));
  const data = JSON.parse(readFileSync(join(PROJECT, 'Solution', 'Data', 'Solution_CDR.json'), 'utf8'));
  data.Parsers = ['Parsers/CDR_ArmOperations.yaml'];
  data['Analytic Rules'] = RULES.map((f) => `Analytic Rules/${f}`);
  data['Hunting Queries'] = HUNTS.map((f) => `Hunting Queries/${f}`);
  data['Summary Rules'] = [];
  data.Workbooks = ['Workbooks/CDRCoverageAndHealth.json'];
  data.Playbooks = ['Playbooks/CDR-EnrichIncidentWithPrincipalActivity/azuredeploy.json'];
  data.Version = VERSION;
  writeFileSync(join(r, 'Solution/Data/Solution_CDR.json'), JSON.stringify(data, null, 2));
  return r;
}
const pkg = (r: string, f: string) => JSON.parse(readFileSync(join(r, 'Solution', 'Package', f), 'utf8'));
const deploy = (r: string, f: string) => JSON.parse(readFileSync(join(r, 'Solution', 'Deploy', f), 'utf8'));
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir, { recursive: true }).map(String).sort()
  .filter((f) => !f.endsWith('/') && existsSync(join(dir, f)) && !readdirSync(dir, { withFileTypes: true }).some((d) => d.isDirectory() && d.name === f))
  .map((f) => { try { return [f, readFileSync(join(dir, f)).toString('base64')]; } catch { return [f, 'dir']; } }));

describe('cdr build', () => {
  it('emits one contentTemplate per item with the wrapped resource and its metadata, and a contentPackages resource', async () => {
    const r = root();
    const res = await buildSolution({ root: r });
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const main = pkg(r, 'mainTemplate.json');
    const types = main.resources.map((x: { type: string }) => x.type);
    const kinds = main.resources.filter((x: { type: string }) => x.type.endsWith('contentTemplates')).map((x: { properties: { contentKind: string } }) => x.properties.contentKind);
    // One per item, and the Content Hub registration of each rule that also ships as a Defender custom detection (both do).
    expect(kinds).toEqual(['AnalyticsRule', 'AnalyticsRule', 'HuntingQuery', 'Workbook', 'Playbook', 'Parser', 'CustomDetection', 'CustomDetection']);
    expect(types[types.length - 1]).toBe('Microsoft.OperationalInsights/workspaces/providers/contentPackages');
    const inner = (kind: string) => main.resources.filter((x: { properties?: { contentKind?: string } }) => x.properties?.contentKind === kind)
      .map((x: { properties: { mainTemplate: { resources: { type: string }[] } } }) => x.properties.mainTemplate.resources.map((y) => y.type));
    expect(inner('AnalyticsRule')).toEqual([['Microsoft.SecurityInsights/AlertRuleTemplates', 'Microsoft.OperationalInsights/workspaces/providers/metadata'], ['Microsoft.SecurityInsights/AlertRuleTemplates', 'Microsoft.OperationalInsights/workspaces/providers/metadata']]);
    expect(inner('HuntingQuery')).toEqual([['Microsoft.OperationalInsights/savedSearches', 'Microsoft.OperationalInsights/workspaces/providers/metadata']]);
    expect(inner('Workbook')).toEqual([['Microsoft.Insights/workbooks', 'Microsoft.OperationalInsights/workspaces/providers/metadata']]);
    expect(inner('Playbook')[0]).toEqual(['Microsoft.Web/connections', 'Microsoft.Web/connections', 'Microsoft.Logic/workflows', 'Microsoft.OperationalInsights/workspaces/providers/metadata']);
    const rule = main.resources.find((x: { properties?: { contentKind?: string } }) => x.properties?.contentKind === 'AnalyticsRule').properties.mainTemplate.resources[0];
    expect(rule.properties).toMatchObject({ enabled: false, queryFrequency: 'PT1H', queryPeriod: 'PT2H', triggerOperator: 'GreaterThan', severity: 'Medium' });
    const deps = main.resources[main.resources.length - 1].properties.dependencies.criteria;
    expect(deps.map((d: { kind: string }) => d.kind)).toEqual(['AnalyticsRule', 'AnalyticsRule', 'HuntingQuery', 'Workbook', 'Playbook', 'Parser', 'CustomDetection', 'CustomDetection']);
    expect(main.variables.solutionId).toBe('cdr-community.azure-sentinel-solution-cdr');
    // Package/ holds exactly what the official repository expects there; the rest is in Deploy/.
    expect(readdirSync(join(r, 'Solution/Package')).sort()).toEqual(['.cdr-build.json', `${VERSION}.zip`, 'createUiDefinition.json', 'mainTemplate.json', 'testParameters.json']);
    expect(JSON.parse(readFileSync(join(r, 'Solution/Package/testParameters.json'), 'utf8'))).toEqual(main.parameters);
    for (const f of ['main.bicep', 'README-content.md', 'analytic-rules/VMRunCommandExecuted.json', 'hunting-queries/PrincipalAzureServices.json', 'workbooks/CDRCoverageAndHealth.json', 'playbooks/CDR-EnrichIncidentWithPrincipalActivity.json']) {
      expect(existsSync(join(r, 'Solution/Deploy', f)), f).toBe(true);
    }
    expect(readFileSync(join(r, 'Solution/Deploy/main.bicep'), 'utf8')).toContain("module solution '../Package/mainTemplate.json'");
    const zip = unzipSync(readFileSync(join(r, `Solution/Package/${VERSION}.zip`)));
    expect(Object.keys(zip).sort()).toEqual(['createUiDefinition.json', 'mainTemplate.json']);
    expect(strFromU8(zip['mainTemplate.json']!)).toBe(readFileSync(join(r, 'Solution/Package/mainTemplate.json'), 'utf8'));
  });

  it('links the playbook to its Logic App, escapes its nested template and keeps one object variable per item', async () => {
    const r = root();
    expect((await buildSolution({ root: r })).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const main = pkg(r, 'mainTemplate.json');
    // One object variable per item plus a fixed set: the count no longer grows by five per item.
    const perItem = Object.keys(main.variables).filter((v) => /Object\d+$/.test(v));
    expect(perItem).toHaveLength(8); // six items (the parser too) and two custom detections
    expect(Object.keys(main.variables).length - perItem.length).toBeLessThanOrEqual(8);
    const ct = main.resources.find((x: { properties?: { contentKind?: string } }) => x.properties?.contentKind === 'Playbook');
    const nested = ct.properties.mainTemplate;
    const workflow = nested.resources.find((x: { type: string }) => x.type === 'Microsoft.Logic/workflows');
    expect(workflow.name).toBe("[[parameters('PlaybookName')]");
    expect(workflow.tags['hidden-SentinelWorkspaceId']).toBe("[[variables('workspaceResourceId')]");
    expect(nested.parameters.PlaybookName.defaultValue).toBe('CDR-EnrichIncidentWithPrincipalActivity');
    expect(main.variables.playbookObject1.id).toBe("[resourceId('Microsoft.Logic/workflows', 'CDR-EnrichIncidentWithPrincipalActivity')]");
    expect(nested.resources.at(-1).properties.parentId).toBe("[variables('playbookObject1').id]");
    expect(nested.variables['workspace-name']).toBe("[parameters('workspace')]");
    // Location-Should-Not-Be-Hardcoded scans the text outside the parameters section.
    const { parameters: _p, ...rest } = main;
    expect(JSON.stringify(rest)).not.toMatch(/resourceGroup\(\)\.location/i);
    const standalone = deploy(r, 'playbooks/CDR-EnrichIncidentWithPrincipalActivity.json');
    expect(standalone.parameters.location.defaultValue).toBe('[resourceGroup().location]');
    expect(standalone.resources.find((x: { type: string }) => x.type === 'Microsoft.Logic/workflows').tags['hidden-SentinelWorkspaceId']).toBe("[resourceId('microsoft.OperationalInsights/Workspaces', parameters('workspace'))]");
    const { parameters: _q, ...srest } = standalone;
    expect(JSON.stringify(srest)).not.toMatch(/resourceGroup\(\)\.location/i);
  });

  it('is deterministic: two builds are byte-identical, ids derive from content', async () => {
    const r = root();
    await buildSolution({ root: r });
    const first = { ...snapshot(join(r, 'Solution/Package')), ...snapshot(join(r, 'Solution/Deploy')) };
    expect(Object.keys(first).length).toBeGreaterThan(8);
    await buildSolution({ root: r });
    expect({ ...snapshot(join(r, 'Solution/Package')), ...snapshot(join(r, 'Solution/Deploy')) }).toEqual(first);
    expect(uuidV5('playbook:X')).toBe(uuidV5('playbook:X'));
    expect(uuidV5('playbook:X')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const main = pkg(r, 'mainTemplate.json');
    expect(main.variables.analyticRuleObject1.contentId).toBe('7e1d6a2c-3b4f-4c8e-9a1d-2f6b8c0e4a11');
  });

  it('keeps createUiDefinition outputs and mainTemplate parameters consistent, and standalone templates take workspace', async () => {
    const r = root();
    await buildSolution({ root: r });
    const main = pkg(r, 'mainTemplate.json'), ui = pkg(r, 'createUiDefinition.json');
    for (const o of Object.keys(ui.parameters.outputs)) expect(Object.keys(main.parameters)).toContain(o);
    expect(ui.parameters.steps.map((s: { name: string }) => s.name)).toEqual(['workbooks', 'analytics', 'huntingqueries', 'playbooks', 'contentSelection']);
    const sa = deploy(r, 'analytic-rules/SASUriGenerated.json');
    expect(Object.keys(sa.parameters)).toEqual(['workspace']);
    expect(sa.resources[0].type).toBe('Microsoft.OperationalInsights/workspaces/providers/alertRules');
    expect(sa.resources[0].apiVersion).toBe('2025-09-01');
    expect(deploy(r, 'hunting-queries/PrincipalAzureServices.json').resources[0].apiVersion).toBe('2025-07-01');
  });

  it('enforces version discipline against the lock file', async () => {
    const r = root();
    expect((await buildSolution({ root: r, release: true })).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const f = join(r, 'Analytic Rules', 'SASUriGenerated.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"Microsoft.Compute/disks/beginGetAccess/action",', ''));
    const bad = await buildSolution({ root: r });
    const codes = bad.diagnostics.map((d) => d.code);
    expect(codes).toContain('VER001');
    expect(codes).toContain('VER002');
    expect(bad.diagnostics.find((d) => d.code === 'VER001')).toMatchObject({ file: f });
    writeFileSync(f, readFileSync(f, 'utf8').replace('version: 1.1.0', 'version: 1.1.1'));
    const data = join(r, 'Solution/Data/Solution_CDR.json');
    const bumped = VERSION.replace(/\d+$/, (x) => String(Number(x) + 1));
    writeFileSync(data, readFileSync(data, 'utf8').replace(`"Version": "${VERSION}"`, `"Version": "${bumped}"`));
    const notes = join(r, 'Solution/ReleaseNotes.md');
    const lines = readFileSync(notes, 'utf8').split('\n');
    lines.splice(2, 0, lines[2]!.replace(/^\|\s*[\d.]+/, `| ${bumped}`));
    writeFileSync(notes, lines.join('\n'));
    expect((await buildSolution({ root: r })).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(existsSync(join(r, `Solution/Package/${VERSION}.zip`))).toBe(true);
    expect(existsSync(join(r, `Solution/Package/${bumped}.zip`))).toBe(true);
  });

  it('a template error stops the build with the template file and leaves the package untouched', async () => {
    const r = root();
    await buildSolution({ root: r });
    const before = snapshot(join(r, 'Solution/Package'));
    const tpl = mkdtempSync(join(tmpdir(), 'cdr-tpl-'));
    cpSync(join(PROJECT, 'tools/templates'), tpl, { recursive: true });
    writeFileSync(join(tpl, 'readme-content.md.hbs'), '{{nope.missing}}');
    const res = await buildSolution({ root: r, templatesDir: tpl });
    const err = res.diagnostics.find((d) => d.code === 'TPL002');
    expect(err?.file).toBe(join(tpl, 'readme-content.md.hbs'));
    expect(snapshot(join(r, 'Solution/Package'))).toEqual(before);
  });

  it('reports a listed file that does not exist', async () => {
    const r = root();
    const data = join(r, 'Solution/Data/Solution_CDR.json');
    const d = JSON.parse(readFileSync(data, 'utf8'));
    d['Analytic Rules'].push('Analytic Rules/Missing.yaml');
    writeFileSync(data, JSON.stringify(d));
    const res = await buildSolution({ root: r });
    expect(res.diagnostics.find((x) => x.code === 'PKG001')?.message).toMatch(/Missing\.yaml/);
    expect(existsSync(join(r, 'Solution/Package'))).toBe(false);
    expect(existsSync(join(r, 'Solution/Deploy'))).toBe(false);
  });

  it('says plainly that the Bicep check was skipped when no Bicep CLI exists', async () => {
    const env = { PATH: '/nonexistent' } as NodeJS.ProcessEnv;
    expect(findBicep(env)).toBeUndefined();
    const res = await checkBicep('/tmp/none.bicep', env);
    expect(res).toEqual({ skipped: true, ok: true, message: BICEP_SKIPPED });
    expect(BICEP_SKIPPED).toMatch(/Bicep check skipped/);
  });

  it('converts YAML durations like the packager', () => {
    expect([isoDuration('5m'), isoDuration('1h'), isoDuration('14d'), isoDuration('1.02:30:00')]).toEqual(['PT5M', 'PT1H', 'P14D', 'P1DT2H30M']);
  });
});
