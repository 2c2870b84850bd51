/**
 * A local HTTPS server that behaves like Azure Resource Manager for the resource types `cdr deploy` touches, for
 * the tests: stateful PUT/GET/DELETE/list with etags and 404s, the real URL shapes, the api-version query parameter
 * checked against the project's pinned table, paged lists with nextLink, template deployments as long-running
 * operations (Azure-AsyncOperation polling) that create the template's resources, and injectable faults (429 with
 * Retry-After, 500, slow responses, connection resets, concurrent edits). Every request is recorded.
 *
 * Response shapes follow the REST examples in Azure/azure-rest-api-specs (securityinsights stable/2025-12-01:
 * alertRules/CreateScheduledAlertRule.json, watchlists/CreateWatchlist.json and GetWatchlistItems.json; resources
 * deployments examples): ARM envelopes {id, name, type, etag, properties}, `{value, nextLink}` lists, error bodies
 * `{error: {code, message}}`, durations spelled the way .NET TimeSpan serialises them (PT24H comes back as P1D).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { evaluateValue, TemplateError, type EvalScope } from './arm-expressions.js';

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path as sent (original case), without the query. */
  path: string;
  query: Record<string, string>;
  apiVersion: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  status: number;
  /** Workspace name the request addresses, when it addresses one. */
  workspace: string | undefined;
  authorization: string | undefined;
  startedAt: number;
  endedAt: number;
  fault?: string;
}

export interface Fault {
  method?: string;
  /** Matched against the request path (case-insensitive). */
  path: RegExp;
  kind: '429' | '500' | 'reset' | 'slow' | 'concurrentEdit' | 'conflict';
  /** How many matching requests it affects (default 1). */
  times?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Resource = Record<string, any>;

const lower = (s: string) => s.toLowerCase();

/** .NET TimeSpan's XML/ISO serialisation (what SecurityInsights returns for durations). */
export function dotnetDuration(iso: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(iso);
  if (!m) return iso;
  let s = Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const mi = Math.floor(s / 60); s -= mi * 60;
  const time = `${h ? `${h}H` : ''}${mi ? `${mi}M` : ''}${s ? `${s}S` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}` || 'PT0S';
}

export interface FakeArmOptions {
  /** Pinned api-version per resource type (lower-case type -> version); requests must use them. */
  apiVersions: Record<string, string>;
  token: string;
  /** Latency added to every request (ms), so concurrency can be observed. */
  latencyMs?: number;
  /** Page size of SecurityInsights lists (nextLink paging). */
  pageSize?: number;
}

export class FakeArm {
  url = '';
  caFile = '';
  requests: RecordedRequest[] = [];
  faults: Fault[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Resources by lower-case id. */
  readonly store = new Map<string, Resource>();
  private server?: Server;
  private seq = 0;
  private workspaces = new Map<string, { location: string }>();
  private operations = new Map<string, { polls: number; deploymentId: string; status: string }>();
  private readonly versions: Map<string, string>;

  constructor(private readonly opts: FakeArmOptions) {
    this.versions = new Map(Object.entries(opts.apiVersions).map(([k, v]) => [lower(k), v]));
  }

  /** Serves with the test run's certificate (tls-global-setup.ts) when there is one, else generates its own. */
  async start(): Promise<void> {
    let key: string, cert: string;
    const shared = process.env.CDR_TEST_TLS_DIR;
    if (shared && existsSync(join(shared, 'key.pem'))) {
      key = readFileSync(join(shared, 'key.pem'), 'utf8');
      cert = readFileSync(join(shared, 'cert.pem'), 'utf8');
      this.caFile = join(shared, 'cert.pem');
    } else {
      const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
        keySize: 2048, notAfterDate: new Date(Date.now() + 86_400_000),
        extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
      });
      key = pems.private;
      cert = pems.cert;
      const dir = mkdtempSync(join(tmpdir(), 'cdr-fake-arm-'));
      this.caFile = join(dir, 'ca.pem');
      writeFileSync(this.caFile, cert);
    }
    this.server = createServer({ key, cert }, (req, res) => { void this.handle(req, res); });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.url = `https://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  addWorkspace(subscriptionId: string, resourceGroup: string, workspace: string, location = 'westeurope'): void {
    this.workspaces.set(lower(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspace}`), { location });
  }

  /** Requests that changed state (PUT/POST/PATCH/DELETE), excluding long-running-operation polls. */
  writes(filter: (r: RecordedRequest) => boolean = () => true): RecordedRequest[] {
    return this.requests.filter((r) => ['PUT', 'POST', 'PATCH', 'DELETE'].includes(r.method) && filter(r));
  }

  resourcesUnder(prefix: string): Resource[] {
    const p = lower(prefix);
    return [...this.store.entries()].filter(([k]) => k.startsWith(p)).map(([, v]) => v);
  }

  get(id: string): Resource | undefined { return this.store.get(lower(id)); }

  /** Put a resource straight into the store (as if created in the portal or by another tool). */
  seed(id: string, resource: Resource): Resource {
    const segs = id.split('/');
    const r = { id, name: segs[segs.length - 1], etag: `"${randomUUID()}"`, ...resource };
    this.store.set(lower(id), r);
    return r;
  }

  /** Edit a stored resource as the portal would: new etag, new lastModified. */
  edit(id: string, mutate: (r: Resource) => void): void {
    const r = this.store.get(lower(id));
    if (!r) throw new Error(`fake ARM: no resource ${id}`);
    mutate(r);
    r.etag = `"${randomUUID()}"`;
  }

  // ---------------------------------------------------------------- request handling

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const startedAt = Date.now();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try { body = text ? JSON.parse(text) : undefined; } catch { body = text; }
    const rec: RecordedRequest = {
      seq: ++this.seq, method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: Object.fromEntries(url.searchParams),
      apiVersion: url.searchParams.get('api-version') ?? undefined, body, status: 0, workspace: /\/workspaces\/([^/]+)/i.exec(url.pathname)?.[1],
      authorization: req.headers.authorization, startedAt, endedAt: 0,
    };
    this.requests.push(rec);
    let finished = false;
    const done = () => { if (!finished) { finished = true; this.inFlight--; rec.endedAt = Date.now(); } };
    res.on('close', done);
    try {
      if (this.opts.latencyMs) await sleep(this.opts.latencyMs);
      const fault = this.takeFault(rec);
      if (fault) {
        rec.fault = fault.kind;
        if (fault.kind === 'reset') { req.socket.destroy(); rec.status = -1; done(); return; }
        if (fault.kind === 'slow') await sleep(fault.delayMs ?? 500);
        if (fault.kind === '429') return this.send(res, rec, 429, { error: { code: 'TooManyRequests', message: 'Rate limit exceeded; retry after the Retry-After interval.' } }, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
        if (fault.kind === '500') return this.send(res, rec, 500, { error: { code: 'InternalServerError', message: 'Internal server error (injected).' } });
        if (fault.kind === 'conflict') return this.send(res, rec, 409, { error: { code: 'Conflict', message: 'Conflict (injected).' } });
        if (fault.kind === 'concurrentEdit') {
          const r = this.store.get(lower(rec.path));
          if (r) r.etag = `"${randomUUID()}"`;
        }
      }
      if (rec.authorization !== `Bearer ${this.opts.token}`) return this.send(res, rec, 401, { error: { code: 'AuthenticationFailed', message: 'Authentication failed. The Authorization header is missing or invalid.' } });
      this.route(rec, res);
    } catch (e) {
      if (!res.headersSent) this.send(res, rec, 500, { error: { code: 'FakeArmBug', message: (e as Error).stack ?? String(e) } });
    }
  }

  private takeFault(rec: RecordedRequest): Fault | undefined {
    const f = this.faults.find((x) => (!x.method || x.method === rec.method) && x.path.test(rec.path) && (x.times ?? 1) > 0);
    if (f) f.times = (f.times ?? 1) - 1;
    return f;
  }

  private send(res: ServerResponse, rec: RecordedRequest, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    rec.status = status;
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID(), ...(text ? {} : { 'Content-Length': '0' }), ...headers });
    res.end(text);
  }

  private error(res: ServerResponse, rec: RecordedRequest, status: number, code: string, message: string): void {
    this.send(res, rec, status, { error: { code, message } });
  }

  private checkVersion(rec: RecordedRequest, res: ServerResponse, type: string): boolean {
    const want = this.versions.get(lower(type));
    if (!want) { this.error(res, rec, 400, 'NoRegisteredProviderFound', `The fake ARM server has no pinned api-version for ${type}.`); return false; }
    if (rec.apiVersion !== want) {
      this.error(res, rec, 400, 'InvalidApiVersionParameter', `The api-version '${rec.apiVersion ?? ''}' is invalid for ${type}; this test pins '${want}'.`);
      return false;
    }
    return true;
  }

  private route(rec: RecordedRequest, res: ServerResponse): void {
    const p = rec.path;
    const ws = /^(\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+))(\/.*)?$/i.exec(p);
    if (ws) {
      const wsId = ws[1]!;
      if (!this.workspaces.has(lower(wsId))) return this.error(res, rec, 404, 'ResourceNotFound', `The Resource 'Microsoft.OperationalInsights/workspaces/${ws[4]}' under resource group '${ws[3]}' was not found.`);
      const rest = ws[5] ?? '';
      const si = /^\/providers\/Microsoft\.SecurityInsights\/(alertRules|metadata|watchlists)(?:\/([^/]+))?(?:\/watchlistItems(?:\/([^/]+))?)?$/i.exec(rest);
      const isItems = /\/watchlistItems/i.test(rest);
      if (si) {
        const coll = si[1]!;
        const type = `Microsoft.SecurityInsights/${coll === 'watchlists' || isItems ? 'watchlists' : coll}`;
        if (!this.checkVersion(rec, res, type)) return;
        if (isItems) return this.collection(rec, res, `${wsId}/providers/Microsoft.SecurityInsights/watchlists/${si[2]}/watchlistItems`, si[3], 'watchlistItem', `${wsId}/providers/Microsoft.SecurityInsights/watchlists/${si[2]}`);
        return this.collection(rec, res, `${wsId}/providers/Microsoft.SecurityInsights/${coll}`, si[2], coll === 'alertRules' ? 'alertRule' : coll === 'metadata' ? 'metadata' : 'watchlist');
      }
      const sl = /^\/summaryLogs\/([^/]+)$/i.exec(rest);
      if (sl) {
        if (!this.checkVersion(rec, res, 'Microsoft.OperationalInsights/workspaces/summaryLogs')) return;
        const r = this.store.get(lower(p));
        if (rec.method === 'GET') return r ? this.send(res, rec, 200, r) : this.error(res, rec, 404, 'ResourceNotFound', `Summary rule ${sl[1]} was not found.`);
        if (rec.method === 'DELETE') { if (!r) return this.send(res, rec, 204); this.store.delete(lower(p)); return this.send(res, rec, 200); }
        return this.error(res, rec, 405, 'MethodNotAllowed', `${rec.method} is not supported here by the fake ARM server.`);
      }
      const ss = /^\/savedSearches(?:\/([^/]+))?$/i.exec(rest);
      if (ss) {
        if (!this.checkVersion(rec, res, 'Microsoft.OperationalInsights/workspaces/savedSearches')) return;
        return this.collection(rec, res, `${wsId}/savedSearches`, ss[1], 'savedSearch');
      }
      if (rest === '' && rec.method === 'GET') {
        if (!this.checkVersion(rec, res, 'Microsoft.OperationalInsights/workspaces')) return;
        return this.send(res, rec, 200, { id: wsId, name: ws[4], type: 'Microsoft.OperationalInsights/workspaces', location: this.workspaces.get(lower(wsId))!.location, properties: { provisioningState: 'Succeeded', customerId: randomUUID(), retentionInDays: 90 } });
      }
      return this.error(res, rec, 404, 'InvalidResourceType', `The fake ARM server does not serve ${p}.`);
    }
    const dep = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Resources\/deployments\/([^/]+)(?:\/operationStatuses\/([^/]+))?$/i.exec(p);
    if (dep) {
      if (!this.checkVersion(rec, res, 'Microsoft.Resources/deployments')) return;
      if (dep[4]) return this.operationStatus(rec, res, dep[4]);
      return this.deployment(rec, res, dep[1]!, dep[2]!, dep[3]!);
    }
    const generic = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/(Microsoft\.Insights\/workbooks|Microsoft\.Logic\/workflows|Microsoft\.Web\/connections)\/([^/]+)$/i.exec(p);
    if (generic) {
      if (!this.checkVersion(rec, res, generic[3]!)) return;
      const r = this.store.get(lower(p));
      if (rec.method === 'GET') return r ? this.send(res, rec, 200, r) : this.error(res, rec, 404, 'ResourceNotFound', `The Resource '${generic[3]}/${generic[4]}' under resource group '${generic[2]}' was not found.`);
      if (rec.method === 'DELETE') { if (!r) return this.send(res, rec, 204); this.store.delete(lower(p)); return this.send(res, rec, 200); }
      return this.error(res, rec, 405, 'MethodNotAllowed', `${rec.method} is not supported here by the fake ARM server.`);
    }
    return this.error(res, rec, 404, 'InvalidResourceType', `The fake ARM server does not serve ${p}.`);
  }

  /** A SecurityInsights-style collection: list (paged), GET, PUT (etag in the body), DELETE. */
  private collection(rec: RecordedRequest, res: ServerResponse, collId: string, name: string | undefined, kind: 'alertRule' | 'metadata' | 'watchlist' | 'watchlistItem' | 'savedSearch', parentId?: string): void {
    if (parentId && !this.store.has(lower(parentId))) return this.error(res, rec, 404, 'NotFound', `Watchlist ${parentId.split('/').pop()} was not found.`);
    if (!name) {
      if (rec.method !== 'GET') return this.error(res, rec, 405, 'MethodNotAllowed', 'Only GET on a collection.');
      const all = this.resourcesUnder(`${collId}/`).filter((r) => lower(r.id).split('/').length === lower(collId).split('/').length + 1)
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      if (kind === 'savedSearch') return this.send(res, rec, 200, { value: all });
      const size = this.opts.pageSize ?? 50;
      const skip = Number(rec.query.$skipToken ?? 0);
      const page = all.slice(skip, skip + size);
      const next = skip + size < all.length ? `${this.url}${collId}?api-version=${rec.apiVersion}&$skipToken=${skip + size}` : undefined;
      return this.send(res, rec, 200, next ? { value: page, nextLink: next } : { value: page });
    }
    const id = `${collId}/${name}`;
    const existing = this.store.get(lower(id));
    if (rec.method === 'GET') return existing ? this.send(res, rec, 200, existing) : this.error(res, rec, 404, 'NotFound', `${kind} ${name} was not found.`);
    if (rec.method === 'DELETE') {
      if (!existing) return this.send(res, rec, 204);
      for (const k of [...this.store.keys()]) if (k === lower(id) || k.startsWith(`${lower(id)}/`)) this.store.delete(k);
      return this.send(res, rec, 200);
    }
    if (rec.method !== 'PUT') return this.error(res, rec, 405, 'MethodNotAllowed', `${rec.method} is not supported.`);
    const b = (rec.body ?? {}) as Resource;
    // Optimistic concurrency: an etag in the body must match the stored one.
    if (existing && b.etag && b.etag !== existing.etag) return this.error(res, rec, 409, 'Conflict', `The etag ${b.etag} does not match the current etag of ${kind} ${name}; re-read the resource and retry.`);
    const problem = this.invalid(kind, b);
    if (problem) return this.error(res, rec, 400, 'BadRequest', problem);
    const stored = this.materialise(kind, id, name, b, existing);
    this.store.set(lower(id), stored);
    // Saved searches answer 200 for create and update alike (SavedSearches_CreateOrUpdate has no 201).
    return this.send(res, rec, existing || kind === 'savedSearch' ? 200 : 201, stored);
  }

  private invalid(kind: string, b: Resource): string | undefined {
    const p = b.properties ?? {};
    switch (kind) {
      case 'alertRule':
        if (!['Scheduled', 'NRT', 'Fusion', 'MicrosoftSecurityIncidentCreation', 'MLBehaviorAnalytics', 'ThreatIntelligence'].includes(b.kind)) return `Alert rule kind '${b.kind}' is invalid.`;
        for (const f of ['displayName', 'query', 'severity']) if (p[f] === undefined) return `The ${f} field is required.`;
        if (b.kind === 'Scheduled') for (const f of ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold']) if (p[f] === undefined) return `The ${f} field is required.`;
        if (typeof p.enabled !== 'boolean') return 'The enabled field is required.';
        return undefined;
      case 'metadata':
        for (const f of ['parentId', 'kind']) if (!p[f]) return `The ${f} field is required.`;
        return undefined;
      case 'watchlist':
        for (const f of ['displayName', 'provider', 'itemsSearchKey']) if (!p[f]) return `The ${f} field is required.`;
        if (!p.source) return 'The source field is required.';
        return undefined;
      case 'watchlistItem':
        if (!p.itemsKeyValue || typeof p.itemsKeyValue !== 'object') return 'The itemsKeyValue field is required.';
        return undefined;
      case 'savedSearch':
        for (const f of ['category', 'displayName', 'query']) if (!p[f]) return `The ${f} field is required.`;
        return undefined;
    }
    return undefined;
  }

  /** What the service stores and returns for a PUT: the request plus the fields it fills in. */
  private materialise(kind: string, id: string, name: string, b: Resource, existing: Resource | undefined): Resource {
    const now = new Date().toISOString();
    const p: Resource = structuredClone(b.properties ?? {});
    const etag = `"${randomUUID()}"`;
    switch (kind) {
      case 'alertRule': {
        for (const f of ['queryFrequency', 'queryPeriod', 'suppressionDuration']) if (typeof p[f] === 'string') p[f] = dotnetDuration(p[f]);
        p.alertRuleTemplateName ??= null;
        p.templateVersion ??= null;
        p.suppressionDuration ??= 'PT5H';
        p.suppressionEnabled ??= false;
        p.eventGroupingSettings ??= { aggregationKind: 'SingleAlert' };
        p.incidentConfiguration ??= { createIncident: true, groupingConfiguration: { enabled: false, reopenClosedIncident: false, lookbackDuration: 'PT5H', matchingMethod: 'AllEntities', groupByEntities: [], groupByAlertDetails: [], groupByCustomDetails: [] } };
        if (p.incidentConfiguration?.groupingConfiguration?.lookbackDuration) p.incidentConfiguration.groupingConfiguration.lookbackDuration = dotnetDuration(p.incidentConfiguration.groupingConfiguration.lookbackDuration);
        if (p.alertDetailsOverride) p.alertDetailsOverride.alertDynamicProperties ??= [];
        p.subTechniques ??= [];
        p.sentinelEntitiesMappings ??= null;
        p.lastModifiedUtc = now;
        return { id, name, type: 'Microsoft.SecurityInsights/alertRules', kind: b.kind, etag, properties: p };
      }
      case 'metadata':
        return { id, name, type: 'Microsoft.SecurityInsights/metadata', etag, properties: p };
      case 'watchlist':
        return {
          id, name, type: 'Microsoft.SecurityInsights/Watchlists', etag,
          properties: {
            watchlistId: existing?.properties?.watchlistId ?? randomUUID(), ...p, watchlistAlias: name, watchlistType: 'watchlist', isDeleted: false,
            tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', created: existing?.properties?.created ?? now, updated: now,
            createdBy: existing?.properties?.createdBy ?? { objectId: '2046feea-040d-4a46-9e2b-91c2941bfa70', name: 'cdr deploy' }, updatedBy: { objectId: '2046feea-040d-4a46-9e2b-91c2941bfa70', name: 'cdr deploy' },
          },
        };
      case 'watchlistItem':
        return {
          id, name, type: 'Microsoft.SecurityInsights/Watchlists/WatchlistItems', etag,
          properties: { watchlistItemType: 'watchlist-item', watchlistItemId: name, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', isDeleted: false, created: existing?.properties?.created ?? now, updated: now, itemsKeyValue: p.itemsKeyValue, entityMapping: {} },
        };
      case 'savedSearch':
        return { id, name, type: 'Microsoft.OperationalInsights/savedSearches', etag: `W/"datetime'${encodeURIComponent(now)}'"`, properties: { ...p, version: p.version ?? 2 } };
    }
    throw new Error(`unknown kind ${kind}`);
  }

  // ---------------------------------------------------------------- deployments (long-running)

  private deployment(rec: RecordedRequest, res: ServerResponse, sub: string, rg: string, name: string): void {
    const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Resources/deployments/${name}`;
    const existing = this.store.get(lower(id));
    if (rec.method === 'GET') return existing ? this.send(res, rec, 200, existing) : this.error(res, rec, 404, 'DeploymentNotFound', `Deployment '${name}' could not be found.`);
    if (rec.method === 'DELETE') {
      if (!existing) return this.send(res, rec, 204);
      this.store.delete(lower(id));
      return this.send(res, rec, 202, undefined, { Location: `${this.url}${id}/operationStatuses/${this.newOperation(id, 'Succeeded')}?api-version=${rec.apiVersion}` });
    }
    if (rec.method !== 'PUT') return this.error(res, rec, 405, 'MethodNotAllowed', `${rec.method} is not supported.`);
    const b = (rec.body ?? {}) as Resource;
    const template = b.properties?.template;
    if (!template || !Array.isArray(template.resources)) return this.error(res, rec, 400, 'InvalidTemplate', 'The deployment has no template with resources.');
    if (b.properties?.mode !== 'Incremental') return this.error(res, rec, 400, 'InvalidDeployment', `Only Incremental deployments are expected, got ${b.properties?.mode}.`);
    const wsLocation = [...this.workspaces.entries()].find(([k]) => k.startsWith(lower(`/subscriptions/${sub}/resourceGroups/${rg}/`)))?.[1].location ?? 'westeurope';
    const params: Record<string, unknown> = {};
    for (const [k, decl] of Object.entries((template.parameters ?? {}) as Record<string, Resource>)) {
      const given = b.properties.parameters?.[k];
      if (given !== undefined) params[k] = given.value;
      else if (decl.defaultValue !== undefined) params[k] = decl.defaultValue;
      else return this.error(res, rec, 400, 'InvalidTemplate', `Deployment template validation failed: the value for the template parameter '${k}' is not provided.`);
    }
    for (const k of Object.keys(b.properties.parameters ?? {})) if (!(k in (template.parameters ?? {}))) return this.error(res, rec, 400, 'InvalidTemplate', `The template parameters '${k}' in the parameters file are not valid; they are not present in the original template.`);
    const scope: EvalScope = { subscriptionId: sub, resourceGroup: rg, location: wsLocation, parameters: params, variables: {} };
    const outputs: { id: string }[] = [];
    const created: Resource[] = [];
    try {
      for (const [k, v] of Object.entries((template.variables ?? {}) as Record<string, unknown>)) scope.variables[k] = evaluateValue(v, scope);
      for (const r of template.resources as Resource[]) {
        const type = String(r.type);
        if (!/^(Microsoft\.Insights\/workbooks|Microsoft\.Logic\/workflows|Microsoft\.Web\/connections|Microsoft\.OperationalInsights\/workspaces\/summaryLogs)$/i.test(type)) throw new TemplateError(`resource type ${type} is not supported by the fake ARM server`);
        const rname = String(evaluateValue(r.name, scope));
        // Nested types take one name segment per level: workspaces/summaryLogs + law/Rule -> workspaces/law/summaryLogs/Rule.
        const [ns, ...types] = type.split('/');
        const names = rname.split('/');
        if (names.length !== types.length) throw new TemplateError(`resource name '${rname}' has ${names.length} segment(s) for type ${type}`);
        const rid = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ns}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
        if (/summaryLogs$/i.test(type) && !this.workspaces.has(lower(rid.replace(/\/summaryLogs\/[^/]+$/i, '')))) throw new TemplateError(`workspace ${names[0]} does not exist`);
        const props = evaluateValue(r.properties ?? {}, scope) as Resource;
        const now = new Date().toISOString();
        const serverProps: Resource = /workflows$/i.test(type)
          ? { provisioningState: 'Succeeded', createdTime: now, changedTime: now, version: randomUUID().replace(/-/g, '').slice(0, 20), accessEndpoint: `https://prod-00.${wsLocation}.logic.azure.com:443/workflows/${randomUUID().replace(/-/g, '')}`, state: 'Enabled', ...props }
          : /workbooks$/i.test(type) ? { ...props, timeModified: now, userId: '2046feea-040d-4a46-9e2b-91c2941bfa70', revision: randomUUID().replace(/-/g, '') }
            : /summaryLogs$/i.test(type) ? { ...props, provisioningState: 'Succeeded', isActive: true, statusCode: 'Healthy' }
            : { ...props, overallStatus: 'Connected', createdTime: now };
        created.push({ id: rid, name: names[names.length - 1], type, location: evaluateValue(r.location ?? wsLocation, scope), kind: r.kind, identity: r.identity ? { ...r.identity, principalId: randomUUID(), tenantId: randomUUID() } : undefined, tags: evaluateValue(r.tags, scope), properties: serverProps });
        outputs.push({ id: rid });
      }
    } catch (e) {
      if (e instanceof TemplateError) return this.error(res, rec, 400, 'InvalidTemplate', `Deployment template validation failed: ${e.message}`);
      throw e;
    }
    for (const r of created) { const old = this.store.get(lower(r.id)); this.store.set(lower(r.id), { ...r, etag: `"${randomUUID()}"`, ...(old ? {} : {}) }); }
    const stored: Resource = {
      id, name, type: 'Microsoft.Resources/deployments', tags: b.tags ?? {},
      properties: { provisioningState: 'Accepted', mode: 'Incremental', timestamp: new Date().toISOString(), correlationId: randomUUID(), templateHash: String(Math.abs(hashCode(JSON.stringify(template)))),
        parameters: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { type: typeof v === 'string' ? 'String' : 'Object', value: v }])), outputResources: outputs, dependencies: [] },
    };
    this.store.set(lower(id), stored);
    const op = this.newOperation(id, 'Succeeded');
    return this.send(res, rec, existing ? 200 : 201, stored, { 'Azure-AsyncOperation': `${this.url}${id}/operationStatuses/${op}?api-version=${rec.apiVersion}` });
  }

  private newOperation(deploymentId: string, status: string): string {
    const op = randomUUID().replace(/-/g, '').toUpperCase();
    this.operations.set(op, { polls: 0, deploymentId, status });
    return op;
  }

  /** First poll says Running, the next one the final status; then the deployment itself reads Succeeded. */
  private operationStatus(rec: RecordedRequest, res: ServerResponse, op: string): void {
    const o = this.operations.get(op.toUpperCase());
    if (!o) return this.error(res, rec, 404, 'NotFound', `Operation ${op} not found.`);
    o.polls++;
    if (o.polls === 1) return this.send(res, rec, 200, { status: 'Running' });
    const d = this.store.get(lower(o.deploymentId));
    if (d) d.properties.provisioningState = o.status;
    return this.send(res, rec, 200, { status: o.status });
  }
}

function hashCode(s: string): number { let h = 0; for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return h; }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
