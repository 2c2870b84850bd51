/**
 * Reads what a target workspace holds, through the SDK clients of the shared Azure layer. SecurityInsights
 * responses are kept as the service sent them (the raw JSON the SDK parsed), so fields newer than the SDK's models
 * still take part in drift.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import {
  apiVersionFor, credentialFor, deploymentsClient, isNotFound, operationalInsightsClient, resourcesClient, securityInsightsClient, type AzureSettings,
} from '../azure/index.js';
import type { Target } from '../targets/index.js';
import { MAIN_TYPE } from './desired.js';

/** A resource as ARM returns it. */
export interface RawResource {
  id: string;
  name: string;
  type?: string;
  kind?: string;
  etag?: string;
  location?: string;
  tags?: Record<string, string>;
  properties: Record<string, unknown>;
}

interface RawCapture { parsedBody?: unknown; bodyAsText?: string | null; request?: { body?: unknown } }

function parseBody(raw: RawCapture): unknown {
  if (typeof raw.bodyAsText === 'string' && raw.bodyAsText) {
    try { return JSON.parse(raw.bodyAsText); } catch { /* not JSON */ }
  }
  return raw.parsedBody;
}

/** Captures the raw JSON of every response of one SDK call (each page of a list). */
export function rawCollector() {
  const bodies: unknown[] = [];
  let requestBody: unknown;
  return {
    // parsedBody is replaced by the SDK's deserialised (flattened, model-filtered) object; the text is what the service sent.
    options: { onResponse: (raw: RawCapture) => { bodies.push(parseBody(raw)); requestBody = raw.request?.body; } },
    bodies,
    get last(): RawResource | undefined { return bodies[bodies.length - 1] as RawResource | undefined; },
    get values(): RawResource[] { return bodies.flatMap((b) => ((b as { value?: RawResource[] })?.value ?? [])); },
    get requestBody(): unknown { return requestBody; },
  };
}

/** The SDK clients of one target, created on first use. */
export class TargetClients {
  readonly credential: TokenCredential;
  private si = new Map<string, SecurityInsights>();
  private oiClient?: OperationalInsightsManagementClient;
  private resClient?: ResourceManagementClient;
  private depClient?: DeploymentsClient;

  constructor(readonly settings: AzureSettings, readonly target: Target) {
    this.credential = credentialFor(settings, target.credential, target.tenantId);
  }
  securityInsights(resourceType: string): SecurityInsights {
    const v = apiVersionFor(resourceType);
    let c = this.si.get(v);
    if (!c) { c = securityInsightsClient(this.settings, this.credential, this.target.subscriptionId, resourceType); this.si.set(v, c); }
    return c;
  }
  get operationalInsights(): OperationalInsightsManagementClient {
    return (this.oiClient ??= operationalInsightsClient(this.settings, this.credential, this.target.subscriptionId));
  }
  get resources(): ResourceManagementClient {
    return (this.resClient ??= resourcesClient(this.settings, this.credential, this.target.subscriptionId));
  }
  get deployments(): DeploymentsClient {
    return (this.depClient ??= deploymentsClient(this.settings, this.credential, this.target.subscriptionId));
  }
}

export interface DeploymentState {
  name: string;
  id: string;
  provisioningState: string | undefined;
  tags: Record<string, string>;
  outputResourceIds: string[];
  /** Output resources read back by id (undefined entry when the resource is gone). */
  resources: Map<string, RawResource | undefined>;
}

export interface WorkspaceState {
  metadata: RawResource[];
  rules: RawResource[];
  watchlists: RawResource[];
  savedSearches: RawResource[];
}

export async function readWorkspace(c: TargetClients): Promise<WorkspaceState> {
  const { resourceGroup: rg, workspace: ws } = c.target;
  const drain = async (it: AsyncIterable<unknown>) => { for await (const _ of it) { /* pages are captured raw */ } };

  const md = rawCollector();
  await drain(c.securityInsights('Microsoft.SecurityInsights/metadata').metadata.list(rg, ws, md.options));
  const rules = rawCollector();
  await drain(c.securityInsights('Microsoft.SecurityInsights/alertRules').alertRules.list(rg, ws, rules.options));
  const wl = rawCollector();
  await drain(c.securityInsights('Microsoft.SecurityInsights/watchlists').watchlists.list(rg, ws, wl.options));
  const ss = rawCollector();
  await c.operationalInsights.savedSearches.listByWorkspace(rg, ws, ss.options);
  return { metadata: md.values, rules: rules.values, watchlists: wl.values, savedSearches: ss.values };
}

export async function readWatchlistItems(c: TargetClients, alias: string): Promise<RawResource[]> {
  const col = rawCollector();
  const it = c.securityInsights('Microsoft.SecurityInsights/watchlists').watchlistItems.list(c.target.resourceGroup, c.target.workspace, alias, col.options);
  for await (const _ of it) { /* captured raw */ }
  return col.values;
}

/** The type part of an ARM id (`Microsoft.Logic/workflows`, `Microsoft.Web/connections`). */
export function resourceTypeOf(id: string): string {
  const m = /\/providers\/([^/]+)\/(.+)$/i.exec(id.replace(/\/providers\/[^/]+\/[^/]+\/[^/]+(?=\/providers\/)/i, ''));
  if (!m) return '';
  const parts = m[2]!.split('/');
  const types = parts.filter((_, i) => i % 2 === 0);
  return `${m[1]}/${types.join('/')}`;
}

/**
 * @azure/arm-resources 8 expands `/{+resourceId}`: an id with its leading slash would become `//subscriptions/...`,
 * which the URL parser reads as a host. Pass ids without it.
 */
export function sdkResourceId(id: string): string {
  return id.replace(/^\/+/, '');
}

export async function readResourceById(c: TargetClients, id: string): Promise<RawResource | undefined> {
  try {
    const col = rawCollector();
    await c.resources.resources.getById(sdkResourceId(id), apiVersionFor(resourceTypeOf(id)), col.options);
    return col.last;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export async function readDeployment(c: TargetClients, name: string): Promise<DeploymentState | undefined> {
  let raw: RawResource | undefined;
  try {
    const col = rawCollector();
    await c.deployments.deployments.get(c.target.resourceGroup, name, col.options);
    raw = col.last;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  const props = (raw?.properties ?? {}) as { provisioningState?: string; outputResources?: { id: string }[] };
  const outputResourceIds = (props.outputResources ?? []).map((r) => r.id);
  const resources = new Map<string, RawResource | undefined>();
  for (const id of outputResourceIds) {
    const type = resourceTypeOf(id).toLowerCase();
    // Only the resources drift compares are read back (connections are covered by the template hash).
    if (Object.values(MAIN_TYPE).some((t) => t.toLowerCase() === type)) resources.set(id, await readResourceById(c, id));
  }
  return { name, id: raw?.id ?? '', provisioningState: props.provisioningState, tags: raw?.tags ?? {}, outputResourceIds, resources };
}

export async function readWorkspaceLocation(c: TargetClients): Promise<string> {
  const col = rawCollector();
  await c.operationalInsights.workspaces.get(c.target.resourceGroup, c.target.workspace, col.options);
  const loc = col.last?.location;
  if (!loc) throw new Error(`workspace ${c.target.workspace} returned no location`);
  return loc;
}
