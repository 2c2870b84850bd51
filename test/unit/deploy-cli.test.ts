/**
 * `cdr deploy` and `cdr drift` as users run them: the CLI in a child process (NODE_EXTRA_CA_CERTS trusts the fake
 * server's certificate, static-token mode), exit codes, the JSON document and the SARIF report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { runFleet } from '../../tools/deploy/index.js';
import { driftSarif } from '../../tools/deploy/report.js';
import { uuidV5 } from '../../tools/package/items.js';
import { buildCatalog } from '../../tools/deploy/catalog.js';
import type { FakeArm } from '../support/fake-arm.js';
import { addWorkspaces, armEnv, CLI, runCli, startArm, target, writeTargets } from '../support/deploy-env.js';

let arm: FakeArm | undefined;
// Each case starts the CLI (a fresh Node process loading the content) several times; generous on a loaded machine.
const CLI_TIMEOUT = 300_000;
afterEach(async () => { await arm?.stop(); arm = undefined; });

describe('cdr deploy / drift CLI', () => {
  it('has been built', () => {
    expect(existsSync(CLI), 'run `npm run build` (or npx tsc) before the tests').toBe(true);
  }, CLI_TIMEOUT);

  it('--plan --format json prints the documented document and writes nothing; a failing target exits 1', async () => {
    arm = await startArm();
    const ts = [target(1), target(2)];
    addWorkspaces(arm, ts);
    const file = writeTargets({ targets: ts });
    const plan = await runCli(['deploy', '--targets', file, '--plan', '--format', 'json'], arm);
    expect(plan.code, plan.stderr).toBe(0);
    const doc = JSON.parse(plan.stdout);
    expect(Object.keys(doc)).toEqual(['targets']);
    expect(doc.targets.map((t: { name: string; error: unknown }) => [t.name, t.error])).toEqual([['customer-1', null], ['customer-2', null]]);
    const item = doc.targets[0].items.find((i: { name: string }) => i.name === 'PasswordSpray');
    expect(item).toEqual({
      kind: 'analyticRule', name: 'PasswordSpray', action: 'create', fields: [],
      id: `/subscriptions/${ts[0]!.subscriptionId}/resourceGroups/${ts[0]!.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${ts[0]!.workspace}/providers/Microsoft.SecurityInsights/alertRules/${uuidV5(`cdr-deploy:analyticRule:${buildCatalog().items.find((i) => i.name === 'PasswordSpray')!.contentId}`)}`,
    });
    expect(arm.writes()).toEqual([]);

    // customer-2's workspace rejects every write; customer-1 still deploys; exit 1.
    arm.faults.push({ method: 'PUT', path: new RegExp(ts[1]!.workspace!), kind: '500', times: 100_000 });
    arm.faults.push({ method: 'PUT', path: new RegExp(`resourcegroups/${ts[1]!.resourceGroup}/`, 'i'), kind: '500', times: 100_000 });
    const deploy = await runCli(['deploy', '--targets', file, '--concurrency', '2'], arm, { CDR_ARM_MAX_RETRIES: '1' });
    expect(deploy.code).toBe(1);
    expect(deploy.stdout).toMatch(/target customer-1 .*\n(.*\n)*\s+\d+ create\n/);
    expect(deploy.stdout).toMatch(/FAILED: \d+ item\(s\) failed: /);
    expect(deploy.stdout).toMatch(/2 target\(s\), 1 failed/);
  }, CLI_TIMEOUT);

  it('drift exits 1 and names exactly the changed field (text, json, sarif); 0 once deploy restored it', async () => {
    arm = await startArm();
    const t = target(1);
    addWorkspaces(arm, [t]);
    const file = writeTargets({ targets: [t] });
    const deployed = await runFleet({ mode: 'deploy', targetsFile: file, env: armEnv(arm) });
    expect(deployed.targets[0]!.error).toBeNull();
    const catalog = buildCatalog();
    const ruleId = `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${t.workspace}/providers/Microsoft.SecurityInsights/alertRules/${uuidV5(`cdr-deploy:analyticRule:${catalog.items.find((i) => i.name === 'MassResourceDeletion')!.contentId}`)}`;
    arm.edit(ruleId, (r) => { r.properties.severity = 'Informational'; });

    const text = await runCli(['drift', '--targets', file], arm);
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toBe('customer-1: analyticRule MassResourceDeletion: severity differs\n1 drifted item(s) in 1 of 1 target(s)\n');
    const json = await runCli(['drift', '--targets', file, '--format', 'json'], arm);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ targets: [{ name: 'customer-1', items: [{ kind: 'analyticRule', name: 'MassResourceDeletion', id: ruleId, action: 'update', fields: ['severity'] }], error: null }] });

    // SARIF points at the field in the rule's YAML.
    const planned = await runFleet({ mode: 'plan', targetsFile: file, env: armEnv(arm) });
    const sarif = JSON.parse(driftSarif(planned));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(1);
    const res = sarif.runs[0].results[0];
    expect(res.ruleId).toBe('drift/analyticRule');
    expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe('Analytic Rules/MassResourceDeletion.yaml');
    expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(res.properties).toEqual({ target: 'customer-1', field: 'severity', resourceId: ruleId });

    await runFleet({ mode: 'deploy', targetsFile: file, env: armEnv(arm) });
    const clean = await runCli(['drift', '--targets', file], arm);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('0 drifted item(s) in 0 of 1 target(s)\n');
  }, CLI_TIMEOUT);

  it('bad input: positioned targets-file errors and configuration errors exit 2 before any request', async () => {
    arm = await startArm();
    const bad = writeTargets('targets:\n  - name: x\n    tenantId: nope\n');
    const r = await runCli(['deploy', '--targets', bad], arm);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cdr\.targets\.yaml:3:15: error TGT001: 'targets\.0\.tenantId': 'nope' does not match/);
    expect(r.stderr).toMatch(/nothing was read or changed in Azure/);
    const good = writeTargets({ targets: [target(1)] });
    const half = await runCli(['drift', '--targets', good], arm, { CDR_ARM_ENDPOINT: undefined });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/static-token mode needs both CDR_ARM_ENDPOINT and CDR_ARM_TOKEN; only CDR_ARM_TOKEN is set/);
    const conc = await runCli(['deploy', '--targets', good, '--concurrency', '0'], arm);
    expect(conc.code).toBe(2);
    expect(arm.requests).toEqual([]);
  }, CLI_TIMEOUT);
});
