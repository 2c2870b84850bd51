/**
 * cdr deploy / drift against a fake ARM server on 127.0.0.1 (HTTPS, the test run's certificate): every request is
 * recorded and the tests assert the exact writes. The content is the project's own solution.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runFleet, type FleetOptions, type FleetResult } from '../../tools/deploy/index.js';
import { buildCatalog, type Catalog } from '../../tools/deploy/catalog.js';
import { deployDocument } from '../../tools/deploy/report.js';
import { uuidV5 } from '../../tools/package/items.js';
import type { FakeArm, RecordedRequest } from '../support/fake-arm.js';
import { addWorkspaces, armEnv, startArm, sub, target, TENANT, TOKEN, writeTargets, type TargetSpec } from '../support/deploy-env.js';

let catalog: Catalog;
let arm: FakeArm | undefined;
beforeAll(() => { catalog = buildCatalog(); });
afterEach(async () => { await arm?.stop(); arm = undefined; });

const count = (k: string) => catalog.items.filter((i) => i.kind === k).length;
const wsPath = (t: TargetSpec) => `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${t.workspace}`;
const ruleName = (baseName: string) => uuidV5(`cdr-deploy:analyticRule:${catalog.items.find((i) => i.name === baseName)!.contentId}`);

async function run(targetsFile: string, opts: Partial<FleetOptions> = {}, env: Record<string, string> = {}): Promise<FleetResult> {
  const r = await runFleet({ mode: 'deploy', targetsFile, env: armEnv(arm!, env), ...opts });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r;
}

const writesOf = (reqs: RecordedRequest[]) => reqs.filter((r) => ['PUT', 'POST', 'PATCH', 'DELETE'].includes(r.method));
const kindOf = (r: RecordedRequest) => {
  const p = r.path;
  if (/\/operationStatuses\//i.test(p)) return 'operationStatus';
  if (/\/summaryLogs\//i.test(p)) return 'summaryLog';
  if (/\/Microsoft\.Insights\/workbooks\//i.test(p)) return 'workbook';
  if (/\/Microsoft\.Logic\/workflows\//i.test(p)) return 'workflow';
  if (/\/Microsoft\.Web\/connections\//i.test(p)) return 'connection';
  if (/\/metadata(\/|$)/i.test(p)) return 'metadata';
  if (/\/watchlistItems(\/|$)/i.test(p)) return 'watchlistItem';
  if (/\/watchlists(\/|$)/i.test(p)) return 'watchlist';
  if (/\/alertRules(\/|$)/i.test(p)) return 'alertRule';
  if (/\/savedSearches(\/|$)/i.test(p)) return 'savedSearch';
  if (/\/deployments\//i.test(p)) return 'deployment';
  return p;
};
const tally = (reqs: RecordedRequest[]) => {
  const t: Record<string, number> = {};
  for (const r of reqs) { const k = `${r.method} ${kindOf(r)}`; t[k] = (t[k] ?? 0) + 1; }
  return t;
};

/** One customer with allowlist contents and a tunable (PasswordSpray reads CDR-Tunables). */
function contoso(extra: Partial<TargetSpec> = {}): TargetSpec {
  return target(1, {
    name: 'contoso',
    parameters: {
      rules: { PasswordSpray: { severity: 'Medium' }, 'Storage*': { enabled: false } },
      tunables: { 'PasswordSpray.MinAccounts': 25 },
      watchlists: { 'CDR-TrustedNetworks': { searchKey: 'Range', items: [{ Range: '10.0.0.0/8', Description: 'HQ' }, { Range: '2001:db8::/32', Description: 'IPv6 egress' }] } },
    },
    ...extra,
  });
}

describe('cdr deploy against the fake ARM server', () => {
  it('first deploy creates everything with the pinned api-versions; a second deploy writes nothing', async () => {
    arm = await startArm({ pageSize: 20 });
    const t = contoso();
    addWorkspaces(arm, [t]);
    const file = writeTargets({ targets: [t] });

    const first = await run(file);
    expect(first.targets[0]!.error).toBeNull();
    // Parsers and hunting queries are both saved searches.
    const rules = count('analyticRule'), hunting = count('huntingQuery') + count('parser'), deployments = count('workbook') + count('playbook') + count('summaryRule');
    // Two watchlists: CDR-Tunables (1 row) and CDR-TrustedNetworks (2 rows); one metadata per item.
    const items = rules + hunting + deployments + 2;
    expect(tally(writesOf(arm.requests))).toEqual({
      'PUT alertRule': rules,
      'PUT savedSearch': hunting,
      'PUT watchlist': 2,
      'PUT watchlistItem': 3,
      'PUT deployment': deployments,
      'PUT metadata': items,
    });
    // With the content as of 3.1.0: 51 rules + 19 saved searches (13 hunting queries, 6 parsers) + 2 watchlists + 3 items
    // + 7 deployments (3 workbooks, 3 playbooks, 1 summary rule) + 79 metadata = 161 writes.
    expect(writesOf(arm.requests)).toHaveLength(rules + hunting + 2 + 3 + deployments + items);
    expect(first.targets[0]!.items.filter((p) => p.action === 'create')).toHaveLength(items);
    // Every request: the static token, the pinned api-version (the server answers 400 otherwise), no failures.
    expect(arm.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(arm.requests.filter((r) => r.status >= 400 && r.status !== 404)).toEqual([]);
    // Per-customer data reached the resources, the query text did not change.
    const spray = arm.get(`${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/${ruleName('PasswordSpray')}`)!;
    expect(spray.properties.severity).toBe('Medium');
    expect(spray.properties.query).toBe(catalog.items.find((i) => i.name === 'PasswordSpray')!.template.resources[0].properties.query);
    expect(arm.get(`${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/${ruleName('StorageUnusualDataRead')}`)!.properties.enabled).toBe(false);
    const tunables = arm.resourcesUnder(`${wsPath(t)}/providers/Microsoft.SecurityInsights/watchlists/CDR-Tunables/watchlistItems/`);
    expect(tunables.map((r) => r.properties.itemsKeyValue)).toEqual([{ Key: 'PasswordSpray.MinAccounts', Value: '25' }]);
    // Ownership metadata points at each item.
    const md = arm.get(`${wsPath(t)}/providers/Microsoft.SecurityInsights/metadata/cdr-deploy-ar-${catalog.items.find((i) => i.name === 'PasswordSpray')!.contentId}`)!;
    expect(md.properties).toMatchObject({ kind: 'AnalyticsRule', parentId: spray.id, source: { kind: 'Solution', sourceId: catalog.solution.id } });

    const before = arm.requests.length;
    const second = await run(file);
    const again = arm.requests.slice(before);
    expect(writesOf(again)).toEqual([]);
    expect(second.targets[0]!.items.every((p) => p.action === 'unchanged')).toBe(true);
    // Reads only: the lists (paged by 20), the items of our 2 watchlists, each deployment and the resource it is about.
    expect(tally(again)).toEqual({
      'GET metadata': Math.ceil(items / 20), 'GET alertRule': Math.ceil(rules / 20), 'GET watchlist': 1, 'GET savedSearch': 1, 'GET watchlistItem': 2,
      'GET deployment': deployments, 'GET workbook': count('workbook'), 'GET workflow': count('playbook'), 'GET summaryLog': count('summaryRule'),
    });
  });

  it('a rule changed in the workspace shows as drift with exactly that field, and deploy restores it with one write', async () => {
    arm = await startArm();
    const t = contoso();
    addWorkspaces(arm, [t]);
    const file = writeTargets({ targets: [t] });
    await run(file);
    const id = `${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/${ruleName('ImpossibleTravel')}`;
    arm.edit(id, (r) => { r.properties.severity = 'Low'; });

    const plan = await run(file, { mode: 'plan' });
    const changed = plan.targets[0]!.items.filter((p) => p.action !== 'unchanged');
    expect(changed.map((p) => [p.kind, p.name, p.action, p.fields])).toEqual([['analyticRule', 'ImpossibleTravel', 'update', ['severity']]]);

    const before = arm.requests.length;
    await run(file);
    const w = writesOf(arm.requests.slice(before));
    expect(w.map((r) => [r.method, r.path])).toEqual([['PUT', id]]);
    expect(w[0]!.body.etag).toBe(plan.targets[0]!.items.find((p) => p.name === 'ImpossibleTravel')!.resource!.etag);
    expect(arm.get(id)!.properties.severity).toBe(catalog.items.find((i) => i.name === 'ImpossibleTravel')!.template.resources[0].properties.severity);
    const after = await run(file, { mode: 'plan' });
    expect(after.targets[0]!.items.every((p) => p.action === 'unchanged')).toBe(true);
  });

  it('shapes the service normalises (durations, defaults, orders, line endings) are not drift', async () => {
    arm = await startArm();
    const t = contoso();
    addWorkspaces(arm, [t]);
    const file = writeTargets({ targets: [t] });
    await run(file);
    const id = `${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/${ruleName('PasswordSpray')}`;
    arm.edit(id, (r) => {
      r.properties.queryFrequency = 'PT60M';
      r.properties.query = r.properties.query.replace(/\n/g, '\r\n') + '\r\n';
      r.properties.tactics = [...r.properties.tactics].reverse();
      r.properties.entityMappings = [...r.properties.entityMappings].reverse();
      delete r.properties.incidentConfiguration;
      r.properties.customDetails = Object.fromEntries(Object.entries(r.properties.customDetails).reverse());
    });
    const plan = await run(file, { mode: 'plan' });
    expect(plan.targets[0]!.items.filter((p) => p.action !== 'unchanged')).toEqual([]);
  });

  it('an unmanaged rule with the same display name, and one created from our template by hand, are never touched', async () => {
    arm = await startArm();
    const t = contoso();
    addWorkspaces(arm, [t]);
    const spray = catalog.items.find((i) => i.name === 'PasswordSpray')!;
    const props = spray.template.resources[0].properties;
    const lookalike = arm.seed(`${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/5b0c1d57-0000-4000-8000-00000000aaaa`, { type: 'Microsoft.SecurityInsights/alertRules', kind: 'Scheduled', properties: { ...props, severity: 'Low' } });
    const fromTemplate = arm.seed(`${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/5b0c1d57-0000-4000-8000-00000000bbbb`, { type: 'Microsoft.SecurityInsights/alertRules', kind: 'Scheduled', properties: { ...props, displayName: 'Spray (customised by the SOC)', alertRuleTemplateName: spray.contentId } });
    // Content Hub also writes metadata for rules created from its templates: not ours (not written by cdr deploy).
    arm.seed(`${wsPath(t)}/providers/Microsoft.SecurityInsights/metadata/analyticsrule-5b0c1d57-bbbb`, { properties: { kind: 'AnalyticsRule', contentId: spray.contentId, parentId: fromTemplate.id, source: { kind: 'Solution', name: 'CDR', sourceId: catalog.solution.id } } });
    const file = writeTargets({ targets: [t] });
    const first = await run(file, { prune: true });
    const unmanaged = first.targets[0]!.items.filter((p) => p.action === 'unmanaged');
    expect(unmanaged.map((p) => p.id).sort()).toEqual([lookalike.id, fromTemplate.id].sort());
    await run(file, { prune: true });
    const touching = arm.requests.filter((r) => [lookalike.id, fromTemplate.id].some((id) => r.path.toLowerCase() === id.toLowerCase()) || /analyticsrule-5b0c1d57/.test(r.path));
    expect(touching).toEqual([]);
    expect(arm.get(lookalike.id)!.properties.severity).toBe('Low');
    expect(first.targets[0]!.error).toBeNull();
  });

  it('prune deletes only orphaned items (ours, gone from the target), never without --prune', async () => {
    arm = await startArm();
    const t = contoso();
    addWorkspaces(arm, [t]);
    await run(writeTargets({ targets: [t] }));
    const handMade = arm.seed(`${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/hand-made`, { type: 'Microsoft.SecurityInsights/alertRules', kind: 'Scheduled', properties: { displayName: 'SOC rule', query: 'SigninLogs', severity: 'Low', enabled: true } });
    // The customer drops one rule and the playbook, and its allowlist.
    const narrowed = { ...t, exclude: ['ImpossibleTravel', 'CDR-Enrich*'], parameters: { ...t.parameters, watchlists: {} } };
    const file = writeTargets({ targets: [narrowed] });

    const plan = await run(file, { mode: 'plan', prune: true });
    const orphans = plan.targets[0]!.items.filter((p) => p.action === 'orphaned');
    expect(orphans.map((p) => `${p.kind} ${p.name}`).sort()).toEqual(['analyticRule ImpossibleTravel', 'playbook CDR-EnrichIncidentWithPrincipalActivity', 'watchlist CDR-TrustedNetworks']);

    let before = arm.requests.length;
    await run(file);
    expect(writesOf(arm.requests.slice(before))).toEqual([]);

    before = arm.requests.length;
    const pruned = await run(file, { prune: true });
    expect(pruned.targets[0]!.error).toBeNull();
    const deletes = writesOf(arm.requests.slice(before));
    expect(deletes.every((r) => r.method === 'DELETE')).toBe(true);
    const pb = catalog.items.find((i) => i.kind === 'playbook')!;
    const rg = `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}`;
    expect(deletes.map((r) => r.path).sort()).toEqual([
      `${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/${ruleName('ImpossibleTravel')}`,
      `${wsPath(t)}/providers/Microsoft.SecurityInsights/metadata/cdr-deploy-ar-${catalog.items.find((i) => i.name === 'ImpossibleTravel')!.contentId}`,
      `${wsPath(t)}/providers/Microsoft.SecurityInsights/metadata/cdr-deploy-pb-${pb.contentId}`,
      `${wsPath(t)}/providers/Microsoft.SecurityInsights/metadata/cdr-deploy-wl-${uuidV5('cdr-deploy:watchlist:CDR-TrustedNetworks')}`,
      `${wsPath(t)}/providers/Microsoft.SecurityInsights/watchlists/CDR-TrustedNetworks`,
      `${rg}/providers/Microsoft.Logic/workflows/CDR-EnrichIncidentWithPrincipalActivity`,
      `${rg}/providers/Microsoft.Web/connections/azuremonitorlogs-CDR-EnrichIncidentWithPrincipalActivity`,
      `${rg}/providers/Microsoft.Web/connections/azuresentinel-CDR-EnrichIncidentWithPrincipalActivity`,
      `/subscriptions/${t.subscriptionId}/resourcegroups/${t.resourceGroup}/providers/Microsoft.Resources/deployments/cdr-pb-${pb.contentId}`,
    ].sort());
    // The workflow goes before the connections it uses.
    const order = deletes.map((r) => r.path);
    expect(order.findIndex((p) => /workflows/.test(p))).toBeLessThan(order.findIndex((p) => /connections/.test(p)));
    expect(arm.get(handMade.id)).toBeDefined();
    const after = await run(file, { mode: 'plan', prune: true });
    expect(after.targets[0]!.items.filter((p) => p.action !== 'unchanged' && p.action !== 'unmanaged')).toEqual([]);
  });
});

describe('faults', () => {
  it('one failing target is reported while the others finish; retries are bounded', async () => {
    arm = await startArm();
    const ts = [target(1), target(2), target(3)];
    addWorkspaces(arm, ts);
    // Every alert rule write in customer-2's workspace fails with 500.
    arm.faults.push({ method: 'PUT', path: new RegExp(`${ts[1]!.workspace}/providers/Microsoft.SecurityInsights/alertRules/`, 'i'), kind: '500', times: 10_000 });
    const r = await run(writeTargets({ targets: ts }));
    expect(r.targets.map((x) => x.error === null)).toEqual([true, false, true]);
    const rules = count('analyticRule');
    expect(r.targets[1]!.error).toMatch(new RegExp(`^${rules} item\\(s\\) failed: analyticRule \\w+: 500 InternalServerError`));
    expect(r.targets[1]!.error).toContain('analyticRule AutomationCertificateExportThenSignIn: 500 InternalServerError');
    // The rest of customer-2 still deployed (hunting queries, the tunables watchlist, deployments), and customers 1 and 3 entirely.
    expect(r.targets[1]!.items.filter((p) => !p.error).length).toBe(catalog.items.length + 1 - rules);
    // Bounded retries: each failing PUT was tried 1 + 3 times (the SDK's default maxRetries).
    const spray = arm.requests.filter((x) => x.method === 'PUT' && x.path.endsWith(ruleName('PasswordSpray')) && x.workspace === ts[1]!.workspace);
    expect(spray).toHaveLength(4);
    // Re-running after the fault clears converges.
    arm.faults.length = 0;
    const again = await run(writeTargets({ targets: ts }));
    expect(again.targets.every((x) => x.error === null)).toBe(true);
    expect(again.targets[1]!.items.filter((p) => p.action === 'create')).toHaveLength(rules);
    expect(again.targets[0]!.items.every((p) => p.action === 'unchanged')).toBe(true);
  });

  it('429 honours Retry-After; connection resets and slow responses are retried or waited for', async () => {
    arm = await startArm();
    const t = target(1);
    addWorkspaces(arm, [t]);
    const sprayPath = new RegExp(`alertRules/${ruleName('PasswordSpray')}$`, 'i');
    arm.faults.push({ method: 'PUT', path: sprayPath, kind: '429', retryAfterSeconds: 1 });
    arm.faults.push({ method: 'GET', path: /\/providers\/Microsoft\.SecurityInsights\/alertRules$/i, kind: 'reset' });
    arm.faults.push({ method: 'GET', path: /\/savedSearches$/i, kind: 'slow', delayMs: 1500 });
    const r = await run(writeTargets({ targets: [t] }));
    expect(r.targets[0]!.error).toBeNull();
    const puts = arm.requests.filter((x) => x.method === 'PUT' && sprayPath.test(x.path));
    expect(puts.map((x) => x.status)).toEqual([429, 201]);
    expect(puts[1]!.startedAt - puts[0]!.endedAt).toBeGreaterThanOrEqual(950);
    const lists = arm.requests.filter((x) => x.method === 'GET' && /alertRules$/i.test(x.path));
    expect(lists.map((x) => x.status)).toEqual([-1, 200]);
    expect(arm.requests.filter((x) => x.fault === 'slow').map((x) => x.status)).toEqual([200]);
  });

  it('an etag conflict re-reads and retries once; a persistent conflict is reported', async () => {
    arm = await startArm();
    const t = target(1);
    addWorkspaces(arm, [t]);
    const file = writeTargets({ targets: [t] });
    await run(file);
    const idA = `${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/${ruleName('ImpossibleTravel')}`;
    const idB = `${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/${ruleName('PasswordSpray')}`;
    arm.edit(idA, (r) => { r.properties.enabled = false; });
    arm.edit(idB, (r) => { r.properties.enabled = false; });
    // A: someone else saves the rule between our read and our write (its etag changes) -> 409, re-read, PUT again.
    arm.faults.push({ method: 'PUT', path: new RegExp(`${ruleName('ImpossibleTravel')}$`), kind: 'concurrentEdit' });
    // B: the conflict persists.
    arm.faults.push({ method: 'PUT', path: new RegExp(`${ruleName('PasswordSpray')}$`), kind: 'conflict', times: 2 });
    const before = arm.requests.length;
    const r = await run(file);
    const seqA = arm.requests.slice(before).filter((x) => x.path === idA).map((x) => `${x.method} ${x.status}`);
    expect(seqA).toEqual(['PUT 409', 'GET 200', 'PUT 200']);
    const seqB = arm.requests.slice(before).filter((x) => x.path === idB).map((x) => `${x.method} ${x.status}`);
    expect(seqB).toEqual(['PUT 409', 'GET 200', 'PUT 409']);
    expect(r.targets[0]!.error).toMatch(/analyticRule PasswordSpray: .*etag conflict again after one re-read/);
    expect(arm.get(idA)!.properties.enabled).toBe(true);
  });
});

describe('fleet', () => {
  it('20 targets x all items finish with at most --concurrency requests in flight', async () => {
    arm = await startArm({ latencyMs: 3 });
    const ts = Array.from({ length: 20 }, (_, i) => target(i + 1));
    addWorkspaces(arm, ts);
    const file = writeTargets({ defaults: { parameters: { tunables: { 'PasswordSpray.MinAccounts': 15 } } }, targets: ts });
    const r = await run(file, { concurrency: 4 });
    expect(r.targets.every((x) => x.error === null)).toBe(true);
    const perTarget = catalog.items.length + 1; // + the tunables watchlist
    expect(r.targets.map((x) => x.items.filter((p) => p.action === 'create').length)).toEqual(ts.map(() => perTarget));
    expect(arm.maxInFlight).toBeLessThanOrEqual(4);
    expect(arm.maxInFlight).toBeGreaterThanOrEqual(2);
    // Each workspace got exactly its own items.
    for (const t of ts) expect(arm.resourcesUnder(`${wsPath(t)}/providers/Microsoft.SecurityInsights/alertRules/`)).toHaveLength(count('analyticRule'));
    const doc = deployDocument(r);
    expect(doc.targets).toHaveLength(20);
    expect(Object.keys(doc.targets[0]!)).toEqual(['name', 'items', 'error']);
    expect(Object.keys(doc.targets[0]!.items[0]!)).toEqual(['kind', 'name', 'id', 'action', 'fields']);
  }, 300_000);
});

export { sub, TENANT };
