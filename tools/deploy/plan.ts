/**
 * Compares a target's desired items with what its workspace holds and decides, per item, one of
 * create | update (with the fields that differ) | unchanged | orphaned (ours, gone from the source or from this
 * target's selection) | unmanaged (not ours: never touched).
 */
import type { Catalog, Solution } from './catalog.js';
import { diffFields, isArmExpression } from './compare.js';
import {
  deploymentNameFor, isDeploymentKind, itemResourceId, MAIN_TYPE, sha256, type DesiredDeployment, type DesiredItem, type DesiredWatchlist, type DesiredWatchlistItem, type ItemKind,
} from './desired.js';
import { isOurMetadata, kindOfMetadata, metadataDiffers, metadataName, metadataProperties } from './metadata.js';
import {
  readDeployment, readResourceById, resourceTypeOf, readWatchlistItems, readWorkspaceLocation, type DeploymentState, type RawResource, type TargetClients, type WorkspaceState,
} from './workspace.js';
import type { Target } from '../targets/index.js';

export type Action = 'create' | 'update' | 'unchanged' | 'orphaned' | 'unmanaged';

export interface WatchlistChanges { put: DesiredWatchlistItem[]; remove: RawResource[]; existing: Map<string, RawResource> }
export interface DeploymentPlan { state: DeploymentState | undefined; parameters: Record<string, unknown>; hash: string }

export interface PlannedItem {
  kind: ItemKind;
  name: string;
  id: string;
  action: Action;
  fields: string[];
  desired?: DesiredItem;
  /** Our copy in the workspace (or, for unmanaged/orphaned, the resource concerned). */
  resource?: RawResource;
  /** Our metadata for the item, when present. */
  metadata?: RawResource;
  watchlist?: WatchlistChanges;
  deployment?: DeploymentPlan;
  /** The item existed before (our metadata is there) but its resource was deleted in the workspace. */
  deletedInWorkspace?: boolean;
  /** Why an item is unmanaged, or what failed. */
  note?: string;
  error?: string;
}

const lower = (s: unknown) => String(s ?? '').toLowerCase();

/** Resource types of a template whose deployed copies drift compares, and the names they get. */
const COMPARED_TYPES = Object.values(MAIN_TYPE);

/** A template resource name that is a literal or `[parameters('x')]` resolves without deploying. */
function resolvedName(name: unknown, parameters: Record<string, unknown>, template: { parameters?: Record<string, { defaultValue?: unknown }> }): string | undefined {
  if (typeof name !== 'string') return undefined;
  if (!isArmExpression(name)) return name.startsWith('[[') ? name.slice(1) : name;
  const param = (p: string) => { const v = parameters[p] ?? template.parameters?.[p]?.defaultValue; return typeof v === 'string' && !isArmExpression(v) ? v : undefined; };
  const one = /^\[parameters\('([^']+)'\)\]$/.exec(name);
  if (one) return param(one[1]!);
  // concat of parameters('x') and 'literals' only; anything else is left to ARM.
  const cc = /^\[concat\((.*)\)\]$/.exec(name);
  if (!cc) return undefined;
  const parts = cc[1]!.split(',').map((a) => a.trim());
  let out = '';
  for (const a of parts) {
    const lit = /^'([^']*)'$/.exec(a);
    const par = /^parameters\('([^']+)'\)$/.exec(a);
    const v = lit ? lit[1] : par ? param(par[1]!) : undefined;
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

/** An ARM id from a (possibly nested) type and a name with one segment per type level. */
function armId(target: Target, type: string, name: string): string {
  const [ns, ...types] = type.split('/');
  const names = name.split('/');
  if (names.length !== types.length) return '';
  return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/${ns}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}

export async function planTarget(c: TargetClients, target: Target, desired: DesiredItem[], state: WorkspaceState, catalog: Catalog): Promise<PlannedItem[]> {
  const solution = catalog.solution;
  const ours = state.metadata.filter((m) => isOurMetadata(m, solution));
  const oursByParent = new Map(ours.map((m) => [lower(m.properties.parentId), m]));
  const oursByName = new Map(ours.map((m) => [m.name, m]));
  const managedIds = new Set(ours.map((m) => lower(m.properties.parentId)));
  const out: PlannedItem[] = [];
  const desiredKeys = new Set<string>();
  let location: string | undefined;

  for (const d of desired) {
    desiredKeys.add(metadataName(d.kind, d.contentId));
    const id = itemResourceId(target, d.kind, d.resourceName);
    const md = oursByName.get(metadataName(d.kind, d.contentId));
    const base = { kind: d.kind, name: d.name, desired: d, metadata: md } as const;
    switch (d.kind) {
      case 'analyticRule': {
        const actual = state.rules.find((r) => lower(r.name) === lower(d.resourceName));
        out.push(...lookalikes(state.rules, d, managedIds, (r) => lower(r.properties.displayName) === lower(d.displayName) || lower(r.properties.alertRuleTemplateName) === lower(d.contentId)));
        if (!actual) { out.push({ ...base, id, action: 'create', fields: [], deletedInWorkspace: Boolean(md) }); break; }
        // The name is reserved for cdr deploy (a v5 UUID of our namespace): without metadata it is our own interrupted write.
        const mine = oursByParent.get(lower(actual.id));
        const fields = diffFields('analyticRule', d.properties, actual.properties);
        if (lower(actual.kind) !== lower(d.ruleKind)) fields.unshift('kind');
        if (!mine || metadataDiffers(mine, metadataProperties(d.kind, d.contentId, d.version, actual.id, solution))) fields.push('metadata');
        out.push({ ...base, metadata: mine, id: actual.id, action: fields.length ? 'update' : 'unchanged', fields, resource: actual });
        break;
      }
      case 'parser': {
        // A function alias names one function per workspace: another saved search holding it (e.g. the same parser
        // installed from Content Hub) is never touched; ours is not created beside it.
        const actual = state.savedSearches.find((r) => lower(r.name) === lower(d.resourceName));
        const holder = state.savedSearches.find((r) => lower(r.properties.functionAlias) === lower(d.functionAlias) && lower(r.name) !== lower(d.resourceName) && !managedIds.has(lower(r.id)));
        if (holder && !actual) {
          const differs = diffFields('parser', d.properties, holder.properties);
          out.push({ ...base, id: holder.id, action: 'unmanaged', fields: [], resource: holder,
            note: `function ${d.functionAlias} is already defined by saved search '${holder.name}', not created by cdr deploy (installed from Content Hub or by hand); it is left untouched${differs.length ? '' : ' and matches the source, so the items that call it work'}`,
            ...(differs.length ? { error: `parser ${d.name}: function ${d.functionAlias} exists as saved search '${holder.name}' (not managed by cdr deploy) and differs from the source in ${differs.join(', ')}; the items calling it would run that definition. Remove it or update it from the package, then deploy again` } : {}) });
          break;
        }
        if (!actual) { out.push({ ...base, id, action: 'create', fields: [], deletedInWorkspace: Boolean(md) }); break; }
        const mine = oursByParent.get(lower(actual.id));
        const fields = diffFields('parser', d.properties, actual.properties);
        if (!mine || metadataDiffers(mine, metadataProperties(d.kind, d.contentId, d.version, actual.id, solution))) fields.push('metadata');
        out.push({ ...base, metadata: mine, id: actual.id, action: fields.length ? 'update' : 'unchanged', fields, resource: actual });
        break;
      }
      case 'huntingQuery': {
        const actual = state.savedSearches.find((r) => lower(r.name) === lower(d.resourceName));
        out.push(...lookalikes(state.savedSearches, d, managedIds, (r) => lower(r.properties.displayName) === lower(d.displayName) && lower(r.properties.category) === lower(d.properties.category)));
        if (!actual) { out.push({ ...base, id, action: 'create', fields: [], deletedInWorkspace: Boolean(md) }); break; }
        const mine = oursByParent.get(lower(actual.id));
        const fields = diffFields('huntingQuery', d.properties, actual.properties);
        if (!mine || metadataDiffers(mine, metadataProperties(d.kind, d.contentId, d.version, actual.id, solution))) fields.push('metadata');
        out.push({ ...base, metadata: mine, id: actual.id, action: fields.length ? 'update' : 'unchanged', fields, resource: actual });
        break;
      }
      case 'watchlist': {
        const actual = state.watchlists.find((r) => lower(r.name) === lower(d.resourceName) || lower(r.properties.watchlistAlias) === lower(d.resourceName));
        if (!actual) { out.push({ ...base, id, action: 'create', fields: [], deletedInWorkspace: Boolean(md), watchlist: { put: d.items, remove: [], existing: new Map() } }); break; }
        // Ours: our metadata points at it, or it carries the provider/source only cdr deploy writes (an interrupted first deploy).
        const mine = oursByParent.get(lower(actual.id));
        const writtenByUs = actual.properties.provider === d.properties.provider && actual.properties.source === d.properties.source;
        if (!mine && !writtenByUs) {
          out.push({ ...base, id: actual.id, action: 'unmanaged', fields: [], resource: actual, note: `watchlist '${d.name}' exists and was not created by cdr deploy; it is left untouched, so the target's contents for it are not applied`, error: `watchlist '${d.name}' exists and is not managed by cdr deploy (not touched)` });
          break;
        }
        const fields = diffFields('watchlist', d.properties, actual.properties);
        const changes = await watchlistChanges(c, d, actual);
        if (changes.put.length || changes.remove.length) fields.push('items');
        if (!mine || metadataDiffers(mine, metadataProperties(d.kind, d.contentId, d.version, actual.id, solution))) fields.push('metadata');
        out.push({ ...base, metadata: mine, id: actual.id, action: fields.length ? 'update' : 'unchanged', fields, resource: actual, watchlist: changes });
        break;
      }
      case 'workbook': case 'playbook': case 'summaryRule': {
        const parameters = { ...d.parameters };
        if (d.locationParameters.length) {
          location ??= await readWorkspaceLocation(c);
          for (const p of d.locationParameters) parameters[p] = location;
        }
        const hash = sha256({ template: d.template, parameters });
        const state = await readDeployment(c, d.resourceName);
        const plan: DeploymentPlan = { state, parameters, hash };
        if (!state) {
          const taken = await collision(c, target, d, parameters, managedIds);
          if (taken) { out.push({ ...base, id: taken.id, action: 'unmanaged', fields: [], resource: taken, note: `${taken.id} exists and was not deployed by cdr deploy`, error: `${d.kind} '${d.name}': ${taken.id} exists and is not managed by cdr deploy (not touched)` }); break; }
          out.push({ ...base, id, action: 'create', fields: [], deletedInWorkspace: Boolean(md), deployment: plan });
          break;
        }
        const fields: string[] = [];
        if (state.tags['cdr-hash'] !== hash) fields.push('template');
        if (lower(state.provisioningState) !== 'succeeded') fields.push('provisioningState');
        let mainId: string | undefined;
        for (const type of COMPARED_TYPES) {
          const templateRes = (d.template.resources ?? []).find((r: { type?: string }) => lower(r.type) === lower(type));
          if (!templateRes) continue;
          const deployedId = state.outputResourceIds.find((x) => lower(resourceTypeOf(x)) === lower(type));
          const actual = deployedId ? state.resources.get(deployedId) : undefined;
          if (!deployedId || !actual) { fields.push('deleted'); continue; }
          if (lower(type) === lower(MAIN_TYPE[d.kind])) mainId = deployedId;
          for (const f of diffFields(type, templateRes.properties ?? {}, actual.properties ?? {}, { fromTemplate: true })) if (!fields.includes(f)) fields.push(f);
        }
        if (!md || (mainId && metadataDiffers(md, metadataProperties(d.kind, d.contentId, d.version, mainId, solution)))) fields.push('metadata');
        out.push({ ...base, id: state.id || id, action: fields.length ? 'update' : 'unchanged', fields, deployment: plan });
        break;
      }
    }
  }

  // Ours in the workspace, no longer desired for this target.
  for (const m of ours) {
    if (desiredKeys.has(m.name)) continue;
    const kind = kindOfMetadata(m);
    if (!kind) continue;
    const contentId = String(m.properties.contentId ?? '');
    const known = catalog.items.find((i) => lower(i.contentId) === lower(contentId));
    const parentId = String(m.properties.parentId ?? '');
    const resource = [...state.rules, ...state.savedSearches, ...state.watchlists].find((r) => lower(r.id) === lower(parentId));
    const name = known?.name ?? (kind === 'watchlist' ? parentId.split('/').pop()! : String(resource?.properties.displayName ?? contentId));
    out.push({ kind, name, id: isDeploymentKind(kind) ? itemResourceId(target, kind, deploymentNameFor(kind, contentId)) : parentId, action: 'orphaned', fields: [], metadata: m, resource });
  }
  return out;
}

/** Resources that are not ours but look like one of our items (same display name, or created from our template). */
function lookalikes(list: RawResource[], d: DesiredItem, managedIds: Set<string>, same: (r: RawResource) => boolean): PlannedItem[] {
  return list.filter((r) => !managedIds.has(lower(r.id)) && lower(r.name) !== lower(d.resourceName) && same(r))
    .map((r) => ({ kind: d.kind, name: d.name, id: r.id, action: 'unmanaged' as const, fields: [], resource: r, note: `not created by cdr deploy (same ${lower(r.properties.displayName) === lower(d.displayName) ? 'display name' : 'template'} as ${d.name}); never touched` }));
}

async function watchlistChanges(c: TargetClients, d: DesiredWatchlist, actual: RawResource): Promise<WatchlistChanges> {
  const items = await readWatchlistItems(c, String(actual.name));
  const existing = new Map(items.map((i) => [lower(i.name), i]));
  const wanted = new Set(d.items.map((i) => lower(i.name)));
  const norm = (kv: unknown) => JSON.stringify(Object.entries((kv ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]).sort());
  const put = d.items.filter((i) => {
    const e = existing.get(lower(i.name));
    return !e || norm(e.properties.itemsKeyValue) !== norm(i.itemsKeyValue);
  });
  const remove = items.filter((i) => !wanted.has(lower(i.name)));
  return { put, remove, existing };
}

/** Before a first deployment: is a resource the template would create (by a resolvable name) already there and not ours? */
async function collision(c: TargetClients, target: Target, d: DesiredDeployment, parameters: Record<string, unknown>, managedIds: Set<string>): Promise<RawResource | undefined> {
  for (const type of COMPARED_TYPES) {
    const res = (d.template.resources ?? []).find((r: { type?: string }) => lower(r.type) === lower(type));
    if (!res) continue;
    const name = resolvedName(res.name, parameters, d.template);
    if (!name) continue;
    const id = armId(target, type, name);
    if (!id || managedIds.has(lower(id))) continue;
    const found = await readResourceById(c, id);
    if (found) return found;
  }
  return undefined;
}
