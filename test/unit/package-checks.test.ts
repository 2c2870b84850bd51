import { describe, expect, it } from 'vitest';
import { CHECKS, runChecks } from '../../tools/package/checks/index.js';
import { EmittedFile, type Json } from '../../tools/package/arm/template-file.js';
import { escapeNested, outer } from '../../tools/package/arm/nested.js';
import { checkReferences, deployedForm } from '../../tools/package/arm/references.js';
import { parseExpression, references } from '../../tools/package/arm/expression.js';

/** A small valid solution template: a contentTemplate holding a playbook-like nested template, and a workbook. */
function validTemplate(): Json {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      location: { type: 'string', minLength: 1, defaultValue: '[resourceGroup().location]' },
      workspace: { type: 'string', defaultValue: '' },
    },
    variables: { solutionId: 'cdr', pb: { version: '1.0.0', id: "[resourceId('Microsoft.Logic/workflows', 'PB')]" } },
    resources: [
      {
        type: 'Microsoft.OperationalInsights/workspaces/providers/contentTemplates', apiVersion: '2023-04-01-preview',
        name: "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/pb')]", location: "[parameters('location')]",
        properties: {
          contentId: "[variables('solutionId')]",
          mainTemplate: escapeNested({
            $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
            contentVersion: '1.0.0.0',
            metadata: { version: outer("[variables('pb').version]") },
            parameters: { PlaybookName: { type: 'string', defaultValue: 'PB' } },
            variables: { 'workspace-name': outer("[parameters('workspace')]"), conn: "[concat('azuresentinel-', parameters('PlaybookName'))]" },
            resources: [{
              type: 'Microsoft.Logic/workflows', apiVersion: '2017-07-01', name: "[parameters('PlaybookName')]", location: "[variables('workspace-name')]",
              properties: { definition: { actions: { Compose: { type: 'Compose', inputs: 'x' } } }, parameters: { conn: { value: "[variables('conn')]" } } },
            }],
          }),
        },
      },
      {
        type: 'Microsoft.Insights/workbooks', apiVersion: '2023-06-01', name: '0c4d9a70-0000-4000-8000-000000000001', location: "[parameters('location')]", kind: 'shared',
        properties: { displayName: 'W', serializedData: '{}', version: '1.0', sourceId: "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]", category: 'sentinel' },
      },
    ],
    outputs: {},
  };
}

function validUi(): Json {
  return {
    $schema: 'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#',
    handler: 'Microsoft.Azure.CreateUIDef', version: '0.1.2-preview',
    parameters: {
      config: { isWizard: false, basics: { description: 'x' } },
      basics: [{ name: 'workspace', type: 'Microsoft.Common.DropDown', label: 'Workspace', toolTip: 'Pick one', constraints: { allowedValues: '[x()]', required: true }, visible: true }],
      steps: [{ name: 'analytics', label: 'Analytics', elements: [{ name: 'analytics-text', type: 'Microsoft.Common.TextBlock', options: { text: 'x' } }] }],
      outputs: { location: '[location()]', workspace: "[basics('workspace')]" },
    },
  };
}

/** The main template the createUiDefinition drives: `workspace` has no default, so the UI must output it. */
function mainForUi(): Json { const t = validTemplate(); delete t.parameters.workspace.defaultValue; return t; }
const run = (target: 'deploymentTemplate' | 'createUiDefinition', json: Json, only?: string, isMainTemplate = true) =>
  runChecks(EmittedFile.of(`/tmp/${target}.json`, json), target, { isMainTemplate, mainTemplate: mainForUi() }, only ? CHECKS.filter((c) => c.name === only) : CHECKS).diagnostics;

type Breaker = (t: Json) => void;
const nested = (t: Json) => t.resources[0].properties.mainTemplate;
/** For every check: a change that must make it fire (and only structural edits a broken build could produce). */
const BREAKERS: Record<string, { target: 'deploymentTemplate' | 'createUiDefinition'; breaks: Breaker; isMainTemplate?: boolean }> = {
  'ARM-Template-Schema': { target: 'deploymentTemplate', breaks: (t) => { t.resources[1].kind = 'private'; } },
  'CreateUIDefinition-Schema': { target: 'createUiDefinition', breaks: (u) => { u.parameters.basics[0].constraints.allowedValues = [{ label: 'a' }]; } },
  'ARM-References-Must-Resolve': { target: 'deploymentTemplate', breaks: (t) => { nested(t).resources[0].name = "[parameters('PlaybookName')]"; } },
  'ARM-Template-Limits': { target: 'deploymentTemplate', breaks: (t) => { for (let i = 0; i < 257; i++) t.variables[`v${i}`] = `[variables('solutionId')]`; } },
  'ARM-DependsOn-Must-Resolve': { target: 'deploymentTemplate', breaks: (t) => { t.resources[1].dependsOn = ["[resourceId('Microsoft.Web/connections', 'x')]"]; } },
  'DeploymentTemplate-Schema-Is-Correct': { target: 'deploymentTemplate', breaks: (t) => { t.$schema = 'https://schema.management.azure.com/schemas/2014-04-01-preview/deploymentTemplate.json#'; } },
  'Location-Should-Not-Be-Hardcoded': { target: 'deploymentTemplate', breaks: (t) => { t.resources[1].location = '[resourceGroup().location]'; } },
  'Parameters-Must-Be-Referenced': { target: 'deploymentTemplate', breaks: (t) => { t.parameters.unused = { type: 'string', defaultValue: 'x' }; } },
  'Variables-Must-Be-Referenced': { target: 'deploymentTemplate', breaks: (t) => { t.variables.unused = 'x'; } },
  'Template-Should-Not-Contain-Blanks': { target: 'deploymentTemplate', breaks: (t) => { t.resources[1].properties.category = ''; } },
  'apiVersions-Should-Be-Recent': { target: 'deploymentTemplate', breaks: (t) => { t.resources[1].apiVersion = '2021-08-01'; } },
  'IDs-Should-Be-Derived-From-ResourceIDs': { target: 'deploymentTemplate', breaks: (t) => { t.resources[1].properties.sourceId = '/subscriptions/x/resourceGroups/y'; } },
  'providers_apiVersions-Is-Not-Permitted': { target: 'deploymentTemplate', breaks: (t) => { t.resources[1].apiVersion = "[providers('Microsoft.Insights','workbooks').apiVersions[0]]"; } },
  'CreateUIDefinition-Should-Have-Schema': { target: 'createUiDefinition', breaks: (u) => { u.version = '0.1.1-preview'; } },
  'Handler-Must-Be-Correct': { target: 'createUiDefinition', breaks: (u) => { u.handler = 'Microsoft.Compute.SingleVm'; } },
  'Location-Should-Be-In-Outputs': { target: 'createUiDefinition', breaks: (u) => { u.parameters.outputs.location = "[basics('workspace')]"; } },
  'Controls-In-Outputs-Must-Exist': { target: 'createUiDefinition', breaks: (u) => { u.parameters.outputs.workspace = "[basics('nope')]"; } },
  'CreateUIDefinition-Must-Not-Have-Blanks': { target: 'createUiDefinition', breaks: (u) => { u.parameters.basics[0].label = ''; } },
  'Tooltips-Should-Be-Present': { target: 'createUiDefinition', breaks: (u) => { delete u.parameters.basics[0].toolTip; } },
  'Outputs-Must-Be-Present-In-Template-Parameters': { target: 'createUiDefinition', breaks: (u) => { u.parameters.outputs.extra = "[basics('workspace')]"; } },
  'Parameters-Without-Default-Must-Exist-In-CreateUIDefinition': { target: 'createUiDefinition', breaks: (u) => { delete u.parameters.outputs.workspace; } },
};

describe('cdr build checks', () => {
  it('pass on a valid template and createUiDefinition', () => {
    expect(run('deploymentTemplate', validTemplate()).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    expect(run('createUiDefinition', validUi()).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });

  it('every check has a broken case', () => {
    expect(Object.keys(BREAKERS).sort()).toEqual(CHECKS.map((c) => c.name).sort());
  });

  for (const c of CHECKS) {
    it(`${c.name} fires on a broken ${c.target}`, () => {
      const b = BREAKERS[c.name];
      expect(b, `no broken case for ${c.name}`).toBeDefined();
      const json = b!.target === 'deploymentTemplate' ? validTemplate() : validUi();
      b!.breaks(json);
      const ds = run(b!.target, json, c.name, b!.isMainTemplate ?? true);
      expect(ds.length, `${c.name} did not fire`).toBeGreaterThan(0);
      expect(ds.every((d) => d.code === c.name && d.severity === 'error' && d.line > 0)).toBe(true);
    });
  }
});

describe('nested templates', () => {
  it('the escaping step escapes every expression of nested content and keeps outer() bindings', () => {
    const t = escapeNested({ a: "[parameters('x')]", b: ['[[already]', 'plain', outer("[parameters('workspace')]")], c: { d: "[variables('v')]" } });
    expect(t).toEqual({ a: "[[parameters('x')]", b: ['[[[already]', 'plain', "[parameters('workspace')]"], c: { d: "[[variables('v')]" } });
  });

  it('the deployed form of a nested template unescapes and evaluates constant outer expressions', () => {
    expect(deployedForm({ l: "[concat('[resourceGroup().locatio', 'n]')]", p: "[[parameters('x')]", w: "[parameters('workspace')]" }))
      .toEqual({ l: '[resourceGroup().location]', p: "[parameters('x')]", w: '(evaluated at install)' });
  });

  it('reference resolution names the scope and the missing reference', () => {
    const t = validTemplate();
    // The defect of issue 9: the playbook's own expressions left unescaped in the contentTemplate.
    nested(t).variables.conn = "[concat('azuresentinel-', parameters('PlaybookName'))]";
    nested(t).resources[0].properties.parameters.conn.value = "[[variables('notDeclared')]";
    const msgs = checkReferences(t).map((f) => f.message);
    expect(msgs).toContain("template: parameters('PlaybookName') is not declared in this template's parameters");
    expect(msgs.some((m) => m.includes("variables('notDeclared') is not declared") && m.startsWith('nested template'))).toBe(true);
    expect(checkReferences(validTemplate())).toEqual([]);
  });

  it('parses ARM expressions with property access, indexes, escaped quotes and user functions', () => {
    const e = parseExpression("[concat(variables('o').a[0], 'it''s', ns.fn(parameters('p')))]");
    expect(references(e).map((r) => `${r.fn}:${r.name}`)).toEqual(['variables:o', 'parameters:p']);
    expect(() => parseExpression("[concat('a']")).toThrow(/expected/);
    expect(references(parseExpression("[variables(concat('a','b'))]"))[0]!.name).toBeUndefined();
  });
});

describe('publisher metadata', () => {
  it('rejects placeholder links and emails, and reads release-notes dates', async () => {
    const { urlProblem, emailProblem, releaseNotesRows } = await import('../../tools/package/metadata-checks.js');
    expect(urlProblem('https://github.com/')).toMatch(/site root/);
    expect(urlProblem('http://github.com/x/y')).toMatch(/https/);
    expect(urlProblem('https://docs.example.org/support')).toMatch(/placeholder host/);
    expect(urlProblem('https://github.com/cdr-azure/cdr/issues')).toBeUndefined();
    expect(emailProblem('cdr-maintainers@example.org')).toMatch(/placeholder domain/);
    expect(emailProblem('soc@contoso.com')).toMatch(/placeholder/);
    expect(emailProblem('security@fabrikam-real.io')).toBeUndefined();
    expect(releaseNotesRows('| **Version** | x |\n|---|\n| 3.0.1 | 02-12-2026 | a |\n| 3.0.0 | 22-11-2026 | b |'))
      .toEqual([{ version: '3.0.1', date: '2026-12-02', line: 3 }, { version: '3.0.0', date: '2026-11-22', line: 4 }]);
  });
});
