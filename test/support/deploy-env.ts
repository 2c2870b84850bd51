/** Test helpers for deploy/drift: a fake ARM server with the project's pinned api-versions, targets files, the CLI in a child process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { FakeArm, type FakeArmOptions } from './fake-arm.js';
import { pinnedApiVersionTable } from '../../tools/azure/index.js';

export const PROJECT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(PROJECT, 'dist', 'tools', 'cli', 'main.js');
export const TOKEN = 'test-static-token-not-a-secret';

/** The project's pinned api-versions (lower-case type -> version): the fake server answers 400 to any other. */
export function pinnedApiVersions(): Record<string, string> {
  return Object.fromEntries(pinnedApiVersionTable());
}

export async function startArm(opts: Partial<FakeArmOptions> = {}): Promise<FakeArm> {
  const arm = new FakeArm({ apiVersions: pinnedApiVersions(), token: TOKEN, ...opts });
  await arm.start();
  return arm;
}

export interface TargetSpec {
  name: string; tenantId?: string; subscriptionId?: string; resourceGroup?: string; workspace?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [k: string]: any;
}

/** A subscription id per target number (valid GUIDs, distinct). */
export const sub = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
export const TENANT = '11111111-2222-4333-8444-555555555555';

export function target(i: number, extra: Partial<TargetSpec> = {}): TargetSpec {
  return { name: `customer-${i}`, tenantId: TENANT, subscriptionId: sub(i), resourceGroup: `rg-sentinel-${i}`, workspace: `law-customer-${i}`, credential: 'default', ...extra };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function writeTargets(doc: any, dir = mkdtempSync(join(tmpdir(), 'cdr-targets-'))): string {
  const file = join(dir, 'cdr.targets.yaml');
  writeFileSync(file, typeof doc === 'string' ? doc : stringify(withPlaybookParameters(doc)));
  return file;
}

/** Playbook parameters without a default must be given per deployment; tests give them in `defaults` unless set. */
export const PLAYBOOK_PARAMETERS = {
  'CDR-AskOwnerWasThisYou': { EscalationOwner: 'soc-lead@contoso.example' },
  'CDR-ContainCompromisedIdentity': { ApproverEmails: 'soc-lead@contoso.example' },
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withPlaybookParameters(doc: any): any {
  const defaults = doc.defaults ?? {};
  const parameters = defaults.parameters ?? {};
  return { ...doc, defaults: { ...defaults, parameters: { ...parameters, templates: { ...PLAYBOOK_PARAMETERS, ...(parameters.templates ?? {}) } } } };
}

export function addWorkspaces(arm: FakeArm, targets: TargetSpec[]): void {
  for (const t of targets) arm.addWorkspace(t.subscriptionId!, t.resourceGroup!, t.workspace!);
}

export interface CliResult { code: number | null; stdout: string; stderr: string }

/** Runs the CLI in a child process: NODE_EXTRA_CA_CERTS is read at process start, so the fake server's CA must be set there. */
export function runCli(args: string[], arm: FakeArm | undefined, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(childEnv)) if (/^(AZURE_|CDR_ARM_|MSI_|IDENTITY_)/.test(k)) delete childEnv[k];
  Object.assign(childEnv, arm ? {
    NODE_EXTRA_CA_CERTS: arm.caFile, CDR_ARM_ENDPOINT: arm.url, CDR_ARM_TOKEN: TOKEN,
    CDR_ARM_RETRY_DELAY_MS: '20', CDR_ARM_MAX_RETRY_DELAY_MS: '200', CDR_ARM_POLL_INTERVAL_MS: '20',
  } : {}, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, cwd: PROJECT });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** Environment for in-process runs: static-token mode against the fake server, fast retries and polling. */
export function armEnv(arm: FakeArm, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    CDR_ARM_ENDPOINT: arm.url, CDR_ARM_TOKEN: TOKEN,
    CDR_ARM_RETRY_DELAY_MS: '20', CDR_ARM_MAX_RETRY_DELAY_MS: '200', CDR_ARM_POLL_INTERVAL_MS: '20', ...extra,
  };
}
