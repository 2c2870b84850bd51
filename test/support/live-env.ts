/** Helpers for the live-command tests: a fake Log Analytics query API, a targets file pointing at it, and the env. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { FakeLogs, LOGS_TOKEN } from './fake-logs.js';
import { workspaceResourceId } from '../../tools/live/connect.js';

export const fixture = (s: string) => join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', s);

export const LAB = { name: 'lab', tenantId: '11111111-2222-4333-8444-555555555555', subscriptionId: '00000000-0000-4000-8000-000000000001', resourceGroup: 'rg-sentinel-lab', workspace: 'law-lab', credential: 'default' };
export const LAB_ID = workspaceResourceId(LAB);

export function writeLabTargets(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdr-live-targets-'));
  const file = join(dir, 'cdr.targets.yaml');
  writeFileSync(file, stringify({ targets: [LAB] }));
  return file;
}

export async function startLogs(folders: string[]): Promise<FakeLogs> {
  const f = new FakeLogs([LAB_ID], folders);
  await f.start();
  return f;
}

/** Static-token mode against the fake service, fast SDK retries. */
export function liveEnv(f: FakeLogs, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { CDR_ARM_ENDPOINT: f.url, CDR_ARM_TOKEN: LOGS_TOKEN, CDR_LOGS_ENDPOINT: f.url, CDR_ARM_RETRY_DELAY_MS: '10', CDR_ARM_MAX_RETRY_DELAY_MS: '50', ...extra };
}
