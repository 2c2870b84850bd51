/**
 * A target of the targets file (tools/targets) opened for the live commands: its workspace's resource id and a
 * Log Analytics query client on the shared Azure client layer (tools/azure: settings, credential, SDK retries).
 */
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { credentialFor, logsQueryClient, resolveAzureSettings, type AzureSettings } from '../azure/index.js';
import { loadTargets, type Target } from '../targets/index.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import { LiveLogs, RawBodyCapture, type LiveLogsOptions } from './logs-query.js';

/** Bad targets file, unknown target, missing endpoint: the command's usage problem, reported as one error. */
export class LiveSetupError extends Error {
  constructor(message: string) { super(message); this.name = 'LiveSetupError'; }
}

export interface LiveWorkspace {
  target: Target;
  /** ARM id of the workspace: the query API's resource-centric address (Log Analytics Reader on it suffices). */
  resourceId: string;
  settings: AzureSettings;
  logs: LiveLogs;
  client: LogsQueryClient;
  description: string;
}

export function workspaceResourceId(t: Pick<Target, 'subscriptionId' | 'resourceGroup' | 'workspace'>): string {
  return `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${t.workspace}`;
}

export interface OpenOptions { targetsFile?: string; cwd?: string; env?: NodeJS.ProcessEnv; logs?: LiveLogsOptions }

export function openWorkspace(targetName: string, opts: OpenOptions = {}): LiveWorkspace {
  const file = loadTargets(opts.targetsFile, opts.cwd);
  if (file.diagnostics.length) throw new LiveSetupError(file.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  const target = file.targets.find((t) => t.name === targetName);
  if (!target) throw new LiveSetupError(`--target ${targetName}: no such target in ${file.file} (targets: ${file.targets.map((t) => t.name).join(', ') || 'none'})`);
  let settings: AzureSettings;
  try { settings = resolveAzureSettings({ env: opts.env }); } catch (e) { throw new LiveSetupError((e as Error).message); }
  const credential = credentialFor(settings, target.credential, target.tenantId, opts.env);
  const capture = new RawBodyCapture();
  let client: LogsQueryClient;
  try { client = logsQueryClient(settings, credential); } catch (e) { throw new LiveSetupError((e as Error).message); }
  client.pipeline.addPolicy(capture.policy, { afterPhase: 'Retry' });
  const resourceId = workspaceResourceId(target);
  return { target, resourceId, settings, client, logs: new LiveLogs(client, capture, opts.logs), description: `workspace ${target.workspace} of target ${target.name}` };
}
