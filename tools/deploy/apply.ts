/**
 * Carries out a target's plan: creates and updates through the SDKs with the resource's etag (a conflict re-reads
 * and retries once, then reports), records ownership metadata, and with --prune deletes orphaned items. Every write
 * is checked against the service's answer so a field the SDK or service dropped is reported, not silently lost.
 */
import { armErrorInfo, apiVersionFor, isEtagConflict, isNotFound } from '../azure/index.js';
import type { Solution } from './catalog.js';
import { diffFields } from './compare.js';
import { deploymentNameFor, MAIN_TYPE, type DesiredDeployment, type DesiredHunting, type DesiredParser, type DesiredRule, type DesiredWatchlist, type ItemKind } from './desired.js';
import { metadataDiffers, metadataName, metadataProperties } from './metadata.js';
import type { PlannedItem } from './plan.js';
import { rawCollector, readDeployment, resourceTypeOf, sdkResourceId, type RawResource, type TargetClients } from './workspace.js';

const lower = (s: unknown) => String(s ?? '').toLowerCase();
// The SDK models flatten `properties`; bodies are built from our plain objects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBody = any;

/** PUT with the etag we read; on a conflict re-read once: done if someone already made it so, else one more PUT. */
async function writeWithEtag(etag: string | undefined, put: (etag: string | undefined) => Promise<RawResource>,
  reread: () => Promise<RawResource | undefined>, differs: (r: RawResource) => boolean): Promise<RawResource> {
  try {
    return await put(etag);
  } catch (e) {
    if (!isEtagConflict(e)) throw e;
    const fresh = await reread();
    if (fresh && !differs(fresh)) return fresh;
    try {
      return await put(fresh?.etag);
    } catch (e2) {
      if (isEtagConflict(e2)) throw new Error(`the resource kept changing: etag conflict again after one re-read (${armErrorInfo(e2).message})`);
      throw e2;
    }
  }
}

async function getOrUndefined(read: () => Promise<unknown>, col: ReturnType<typeof rawCollector>): Promise<RawResource | undefined> {
  try { await read(); return col.last; } catch (e) { if (isNotFound(e)) return undefined; throw e; }
}

async function deleteIgnoringNotFound(del: () => Promise<unknown>): Promise<void> {
  try { await del(); } catch (e) { if (!isNotFound(e)) throw e; }
}

function checkEcho(kind: string, desired: Record<string, unknown>, echo: RawResource | undefined, what: string): void {
  if (!echo) throw new Error(`${what}: the service returned no body`);
  const lost = diffFields(kind, desired, echo.properties ?? {});
  if (lost.length) throw new Error(`${what}: the stored resource differs from what was sent in ${lost.join(', ')} (a field the SDK model or the api-version does not carry?)`);
}

export interface ApplyContext { clients: TargetClients; solution: Solution; prune: boolean }

async function writeMetadata(ctx: ApplyContext, kind: ItemKind, contentId: string, version: string, parentId: string, current: RawResource | undefined): Promise<void> {
  const { clients: c } = ctx;
  const { resourceGroup: rg, workspace: ws } = c.target;
  const want = metadataProperties(kind, contentId, version, parentId, ctx.solution);
  if (current && !metadataDiffers(current, want)) return;
  const si = c.securityInsights('Microsoft.SecurityInsights/metadata');
  const name = metadataName(kind, contentId);
  await writeWithEtag(current?.etag, async (etag) => {
    const col = rawCollector();
    await si.metadata.create(rg, ws, name, { ...want, etag } as AnyBody, col.options);
    return col.last!;
  }, async () => { const col = rawCollector(); return getOrUndefined(() => si.metadata.get(rg, ws, name, col.options), col); }, (m) => metadataDiffers(m, want));
}

async function applyRule(ctx: ApplyContext, p: PlannedItem, d: DesiredRule): Promise<void> {
  const c = ctx.clients;
  const { resourceGroup: rg, workspace: ws } = c.target;
  const si = c.securityInsights('Microsoft.SecurityInsights/alertRules');
  const differs = (r: RawResource) => diffFields('analyticRule', d.properties, r.properties ?? {}).length > 0 || lower(r.kind) !== lower(d.ruleKind);
  const echo = await writeWithEtag(p.resource?.etag, async (etag) => {
    const col = rawCollector();
    await si.alertRules.createOrUpdate(rg, ws, d.resourceName, { kind: d.ruleKind, etag, ...d.properties } as AnyBody, col.options);
    return col.last!;
  }, async () => { const col = rawCollector(); return getOrUndefined(() => si.alertRules.get(rg, ws, d.resourceName, col.options), col); }, differs);
  checkEcho('analyticRule', d.properties, echo, `analytic rule ${d.name}`);
  await writeMetadata(ctx, 'analyticRule', d.contentId, d.version, echo.id, p.metadata);
}

/** Hunting queries and parsers are both workspace saved searches (a parser's carries its function alias). */
async function applyHunting(ctx: ApplyContext, p: PlannedItem, d: DesiredHunting | DesiredParser): Promise<void> {
  const c = ctx.clients;
  const { resourceGroup: rg, workspace: ws } = c.target;
  const ss = c.operationalInsights.savedSearches;
  const echo = await writeWithEtag(p.resource?.etag, async (etag) => {
    const col = rawCollector();
    await ss.createOrUpdate(rg, ws, d.resourceName, { ...d.properties, etag } as AnyBody, col.options);
    return col.last!;
  }, async () => { const col = rawCollector(); return getOrUndefined(() => ss.get(rg, ws, d.resourceName, col.options), col); },
  (r) => diffFields(d.kind, d.properties, r.properties ?? {}).length > 0);
  checkEcho(d.kind, d.properties, echo, `${d.kind === 'parser' ? 'parser' : 'hunting query'} ${d.name}`);
  await writeMetadata(ctx, d.kind, d.contentId, d.version, echo.id, p.metadata);
}

async function applyWatchlist(ctx: ApplyContext, p: PlannedItem, d: DesiredWatchlist): Promise<void> {
  const c = ctx.clients;
  const { resourceGroup: rg, workspace: ws } = c.target;
  const si = c.securityInsights('Microsoft.SecurityInsights/watchlists');
  let watchlist = p.resource;
  const propsDiffer = (r: RawResource) => diffFields('watchlist', d.properties, r.properties ?? {}).length > 0;
  if (!watchlist || propsDiffer(watchlist)) {
    watchlist = await writeWithEtag(watchlist?.etag, async (etag) => {
      const col = rawCollector();
      await si.watchlists.createOrUpdate(rg, ws, d.resourceName, { ...d.properties, etag } as AnyBody, col.options);
      return col.last!;
    }, async () => { const col = rawCollector(); return getOrUndefined(() => si.watchlists.get(rg, ws, d.resourceName, col.options), col); }, propsDiffer);
    checkEcho('watchlist', d.properties, watchlist, `watchlist ${d.name}`);
  }
  const changes = p.watchlist ?? { put: d.items, remove: [], existing: new Map() };
  for (const item of changes.put) {
    const existing = changes.existing.get(lower(item.name));
    const col = rawCollector();
    await si.watchlistItems.createOrUpdate(rg, ws, d.resourceName, item.name, { itemsKeyValue: item.itemsKeyValue, etag: existing?.etag } as AnyBody, col.options);
  }
  for (const item of changes.remove) await deleteIgnoringNotFound(() => si.watchlistItems.delete(rg, ws, d.resourceName, item.name));
  await writeMetadata(ctx, 'watchlist', d.contentId, d.version, watchlist.id, p.metadata);
}

async function applyDeployment(ctx: ApplyContext, p: PlannedItem, d: DesiredDeployment): Promise<void> {
  const c = ctx.clients;
  const plan = p.deployment!;
  const needsDeploy = p.action === 'create' || p.fields.some((f) => f !== 'metadata');
  let outputIds = plan.state?.outputResourceIds ?? [];
  if (needsDeploy) {
    const parameters = Object.fromEntries(Object.entries(plan.parameters).map(([k, v]) => [k, { value: v }]));
    const result = await c.deployments.deployments.createOrUpdate(c.target.resourceGroup, d.resourceName, {
      properties: { mode: 'Incremental', template: d.template, parameters },
      tags: { 'cdr-hash': plan.hash, 'cdr-solution': ctx.solution.id },
    } as AnyBody, { updateIntervalInMs: c.settings.pollIntervalInMs });
    const props = (result as { properties?: { provisioningState?: string; outputResources?: { id: string }[]; error?: { message?: string } } }).properties ?? {};
    if (lower(props.provisioningState) !== 'succeeded') throw new Error(`deployment ${d.resourceName} ended ${props.provisioningState ?? 'without a state'}${props.error?.message ? `: ${props.error.message}` : ''}`);
    outputIds = (props.outputResources ?? []).map((r) => r.id);
  }
  const type = MAIN_TYPE[d.kind];
  const mainId = outputIds.find((x) => lower(resourceTypeOf(x)) === lower(type));
  if (!mainId) throw new Error(`deployment ${d.resourceName} produced no ${type} resource`);
  await writeMetadata(ctx, d.kind, d.contentId, d.version, mainId, p.metadata);
}

/** Deletes an orphaned item (only called with --prune, only for items our metadata marks). */
async function pruneItem(ctx: ApplyContext, p: PlannedItem): Promise<void> {
  const c = ctx.clients;
  const { resourceGroup: rg, workspace: ws } = c.target;
  const md = p.metadata!;
  const parentId = String(md.properties.parentId ?? '');
  const leaf = parentId.split('/').pop() ?? '';
  switch (p.kind) {
    case 'analyticRule': await deleteIgnoringNotFound(() => c.securityInsights('Microsoft.SecurityInsights/alertRules').alertRules.delete(rg, ws, leaf)); break;
    case 'huntingQuery': case 'parser': await deleteIgnoringNotFound(() => c.operationalInsights.savedSearches.delete(rg, ws, leaf)); break;
    case 'watchlist': await deleteIgnoringNotFound(() => c.securityInsights('Microsoft.SecurityInsights/watchlists').watchlists.delete(rg, ws, leaf)); break;
    case 'workbook': case 'playbook': case 'summaryRule': {
      const name = deploymentNameFor(p.kind, String(md.properties.contentId ?? ''));
      const state = await readDeployment(c, name);
      const ids = state?.outputResourceIds.length ? state.outputResourceIds : [parentId];
      // Dependents first: workflows before the connections they use.
      const rank = (id: string) => (lower(resourceTypeOf(id)) === 'microsoft.logic/workflows' ? 0 : lower(resourceTypeOf(id)) === 'microsoft.web/connections' ? 2 : 1);
      for (const id of [...ids].sort((a, b) => rank(a) - rank(b))) {
        await deleteIgnoringNotFound(async () => { await c.resources.resources.deleteById(sdkResourceId(id), apiVersionFor(resourceTypeOf(id)), { updateIntervalInMs: c.settings.pollIntervalInMs }); });
      }
      if (state) await deleteIgnoringNotFound(async () => { await c.deployments.deployments.delete(rg, name, { updateIntervalInMs: c.settings.pollIntervalInMs }); });
      break;
    }
  }
  await deleteIgnoringNotFound(() => c.securityInsights('Microsoft.SecurityInsights/metadata').metadata.delete(rg, ws, md.name));
}

/** Applies one planned item; failures are recorded on the item so the target's other items still run. */
export async function applyItem(ctx: ApplyContext, p: PlannedItem): Promise<void> {
  try {
    if (p.action === 'orphaned') { if (ctx.prune) await pruneItem(ctx, p); return; }
    if (p.action !== 'create' && p.action !== 'update') return;
    const d = p.desired!;
    switch (d.kind) {
      case 'analyticRule': await applyRule(ctx, p, d); break;
      case 'huntingQuery': case 'parser': await applyHunting(ctx, p, d); break;
      case 'watchlist': await applyWatchlist(ctx, p, d); break;
      case 'workbook': case 'playbook': case 'summaryRule': await applyDeployment(ctx, p, d); break;
    }
  } catch (e) {
    const info = armErrorInfo(e);
    p.error = `${p.kind} ${p.name}: ${info.status ? `${info.status} ` : ''}${info.code && info.code !== String(info.status) ? `${info.code}: ` : ''}${info.message}`;
  }
}
