/**
 * cdr deploy / drift and the solution's parsers (workspace functions), against the fake ARM server: a target's
 * selection carries the parsers its items call, parsers are written before every item that calls them (a parser
 * before the parsers that call it), drift covers them, and a function alias another saved search already defines
 * (e.g. the package installed from Content Hub) is never touched.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runFleet, type FleetOptions, type FleetResult } from '../../tools/deploy/index.js';
import { buildCatalog, type Catalog } from '../../tools/deploy/catalog.js';
import { uuidV5 } from '../../tools/package/items.js';
import type { FakeArm, RecordedRequest } from '../support/fake-arm.js';
import { addWorkspaces, armEnv, startArm, target, writeTargets, type TargetSpec } from '../support/deploy-env.js';

let catalog: Catalog;
let arm: FakeArm | undefined;
beforeAll(() => { catalog = buildCatalog(); }, 120_000);
afterEach(async () => { await arm?.stop(); arm = undefined; });

const wsPath = (t: TargetSpec) => `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${t.workspace}`;
const item = (name: string) => catalog.items.find((i) => i.name === name)!;
const parserPath = (t: TargetSpec, name: string) => `${wsPath(t)}/savedSearches/${uuidV5(`cdr-deploy:parser:${item(name).contentId}`)}`;
const writesOf = (reqs: RecordedRequest[]) => reqs.filter((r) => ['PUT', 'POST', 'PATCH', 'DELETE'].includes(r.method));
/** Rules calling CDR_UserSignIns + CDR_IsTrustedIp (-> CDR_IpFromEndpoint), and CDR_ArmOperations. */
const RULES = ['PasswordSpray', 'ImpossibleTravel', 'VMRunCommandExecuted'];

async function run(targetsFile: string, opts: Partial<FleetOptions> = {}): Promise<FleetResult> {
  const r = await runFleet({ mode: 'deploy', targetsFile, env: armEnv(arm!), ...opts });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r;
}

function customer(extra: Partial<TargetSpec> = {}): TargetSpec {
  return target(1, { name: 'contoso', include: RULES, ...extra });
}

/** Parsers the selected rules call, read from the rule queries themselves (not from the catalog's call map). */
function parsersCalledBy(names: string[]): string[] {
  const parsers = catalog.items.filter((i) => i.kind === 'parser');
  const out = new Set<string>();
  const visit = (query: string) => {
    for (const p of parsers) {
      const alias = String(p.template.resources[0].properties.functionAlias);
      if (!out.has(p.name) && new RegExp(`\\b${alias}\\b`).test(query.replace(/\/\/.*$/gm, ''))) { out.add(p.name); visit(String(p.template.resources[0].properties.query)); }
    }
  };
  for (const n of names) visit(String(item(n).template.resources[0].properties.query));
  return [...out].sort();
}

describe('cdr deploy with parsers', () => {
  it('deploys the parsers the selected rules call, before the rules, callees before callers; a second run writes nothing', async () => {
    arm = await startArm();
    const t = customer();
    addWorkspaces(arm, [t]);
    const file = writeTargets({ targets: [t] });
    const first = await run(file);
    expect(first.targets[0]!.error).toBeNull();

    const expected = parsersCalledBy(RULES);
    expect(expected).toEqual(expect.arrayContaining(['CDR_UserSignIns', 'CDR_IsTrustedIp', 'CDR_IpFromEndpoint', 'CDR_ArmOperations']));
    const writes = writesOf(arm.requests);
    const parserPuts = writes.filter((w) => w.method === 'PUT' && /\/savedSearches\//i.test(w.path) && w.body?.properties?.functionAlias);
    expect(parserPuts.map((w) => w.body.properties.functionAlias).sort()).toEqual(expected.map((n) => item(n).template.resources[0].properties.functionAlias).sort());
    // Each PUT carries the built function: alias, body, parameters, category.
    for (const w of parserPuts) {
      const built = catalog.items.find((i) => i.kind === 'parser' && i.template.resources[0].properties.functionAlias === w.body.properties.functionAlias)!.template.resources[0].properties;
      expect(w.body.properties).toMatchObject({ functionAlias: built.functionAlias, query: built.query, functionParameters: built.functionParameters, category: 'Microsoft Sentinel Parser' });
      expect(w.apiVersion).toBe(built && '2025-07-01');
    }
    const firstRule = writes.findIndex((w) => /\/alertRules\//i.test(w.path));
    const lastParser = Math.max(...parserPuts.map((w) => writes.indexOf(w)));
    expect(firstRule).toBeGreaterThan(lastParser);
    const at = (alias: string) => writes.findIndex((w) => w.body?.properties?.functionAlias === alias);
    expect(at('CDR_IpFromEndpoint')).toBeLessThan(at('CDR_IsTrustedIp'));
    // Ownership metadata of kind Parser points at each function.
    const md = arm.get(`${wsPath(t)}/providers/Microsoft.SecurityInsights/metadata/cdr-deploy-pr-${item('CDR_UserSignIns').contentId}`)!;
    expect(md.properties).toMatchObject({ kind: 'Parser', parentId: parserPath(t, 'CDR_UserSignIns'), contentId: 'CDR_UserSignIns-Parser' });
    // Items not selected and not called are not deployed.
    expect(first.targets[0]!.items.map((p) => p.name)).not.toContain('CDR_KeyVaultAudit');

    const before = arm.requests.length;
    const second = await run(file);
    expect(writesOf(arm.requests.slice(before))).toEqual([]);
    expect(second.targets[0]!.items.every((p) => p.action === 'unchanged')).toBe(true);
  }, 120_000);

  it('a parser changed in the workspace is drift on exactly that field, restored by one write', async () => {
    arm = await startArm();
    const t = customer();
    addWorkspaces(arm, [t]);
    const file = writeTargets({ targets: [t] });
    await run(file);
    const id = parserPath(t, 'CDR_UserSignIns');
    arm.edit(id, (r) => { r.properties.query = `${r.properties.query}\n| where false`; });
    const plan = await run(file, { mode: 'plan' });
    expect(plan.targets[0]!.items.filter((p) => p.action !== 'unchanged').map((p) => [p.kind, p.name, p.action, p.fields])).toEqual([['parser', 'CDR_UserSignIns', 'update', ['query']]]);
    const before = arm.requests.length;
    await run(file);
    expect(writesOf(arm.requests.slice(before)).map((w) => [w.method, w.path])).toEqual([['PUT', id]]);
    expect(arm.get(id)!.properties.query).toBe(item('CDR_UserSignIns').template.resources[0].properties.query);
  }, 120_000);

  it('a function alias already defined by a saved search not ours is never touched: an error when it differs, a note when it matches', async () => {
    arm = await startArm();
    const t = customer();
    addWorkspaces(arm, [t]);
    const built = item('CDR_UserSignIns').template.resources[0].properties;
    // The parser as Content Hub installs it: the saved search named after the function.
    const holderId = `${wsPath(t)}/savedSearches/CDR_UserSignIns`;
    arm.seed(holderId, { type: 'Microsoft.OperationalInsights/savedSearches', properties: { ...built, query: 'SigninLogs | take 0' } });
    const file = writeTargets({ targets: [t] });
    const r = await run(file);
    const p = r.targets[0]!.items.find((x) => x.name === 'CDR_UserSignIns')!;
    expect(p.action).toBe('unmanaged');
    expect(p.error).toMatch(/CDR_UserSignIns.*differs from the source in query/);
    expect(r.targets[0]!.error).toMatch(/CDR_UserSignIns/);
    expect(arm.requests.filter((x) => x.path.toLowerCase() === holderId.toLowerCase() && x.method !== 'GET')).toEqual([]);
    expect(arm.get(parserPath(t, 'CDR_UserSignIns'))).toBeUndefined();

    // Same definition (the package's own function): left alone without an error; the rules that call it deploy.
    arm.edit(holderId, (x) => { x.properties.query = built.query; });
    const again = await run(file);
    const q = again.targets[0]!.items.find((x) => x.name === 'CDR_UserSignIns')!;
    expect([q.action, q.error]).toEqual(['unmanaged', undefined]);
    expect(again.targets[0]!.error).toBeNull();
    expect(again.targets[0]!.items.find((x) => x.name === 'PasswordSpray')!.action).toBe('unchanged');
  }, 120_000);

  it('excluding a parser that selected rules call is an error before anything is read', async () => {
    arm = await startArm();
    const t = customer({ exclude: ['CDR_UserSignIns'] });
    addWorkspaces(arm, [t]);
    const r = await runFleet({ mode: 'plan', targetsFile: writeTargets({ targets: [t] }), env: armEnv(arm) });
    expect(r.diagnostics.map((d) => d.code)).toContain('TGT021');
    expect(r.diagnostics.find((d) => d.code === 'TGT021')!.message).toMatch(/PasswordSpray/);
    expect(arm.requests).toEqual([]);
  });

  it('prune deletes a parser no selected item calls any more', async () => {
    arm = await startArm();
    const t = customer();
    addWorkspaces(arm, [t]);
    await run(writeTargets({ targets: [t] }));
    const narrowed = writeTargets({ targets: [{ ...t, include: ['PasswordSpray'] }] });
    const gone = parsersCalledBy(RULES).filter((n) => !parsersCalledBy(['PasswordSpray']).includes(n));
    expect(gone).toContain('CDR_ArmOperations');
    const before = arm.requests.length;
    await run(narrowed, { prune: true });
    const deleted = writesOf(arm.requests.slice(before)).filter((w) => w.method === 'DELETE').map((w) => w.path.toLowerCase());
    for (const n of gone) expect(deleted).toContain(parserPath(t, n).toLowerCase());
    for (const n of parsersCalledBy(['PasswordSpray'])) expect(deleted).not.toContain(parserPath(t, n).toLowerCase());
  }, 120_000);
});
