/**
 * The desired state of one target: the catalog's items the target selects, with its parameters applied as data —
 * rule resource fields (enabled, severity), rows of the tunables watchlist the rules read their thresholds from,
 * the contents of the allowlist watchlists, and ARM template parameters of workbooks and playbooks. Query text is
 * never edited per customer.
 */
import { createHash } from 'node:crypto';
import { uuidV5 } from '../package/items.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import type { Target, TargetsFile } from '../targets/index.js';
import type { PathSeg } from '../content/yaml-doc.js';
import type { Catalog, CatalogItem, ContentItemKind } from './catalog.js';

/** The watchlist the rules read their per-customer thresholds from: SearchKey `<Rule>.<Name>`, column Value. */
export const TUNABLES_WATCHLIST = 'CDR-Tunables';
export const TUNABLES_KEY_COLUMN = 'Key';
export const TUNABLES_VALUE_COLUMN = 'Value';

export type ItemKind = 'watchlist' | ContentItemKind;

/** Dependency order within a target: watchlists before the rules that read them; playbooks carry their connections. */
/**
 * Parsers come first: they are workspace functions the rules, hunting queries, summary rules and workbooks call, and
 * a query naming a function the workspace lacks fails to save. Among parsers, callees before callers.
 */
export const LEVEL: Record<ItemKind, number> = { parser: -1, watchlist: 0, summaryRule: 0, analyticRule: 1, huntingQuery: 1, workbook: 2, playbook: 2 };
export const KIND_ABBR: Record<ItemKind, string> = { parser: 'pr', watchlist: 'wl', summaryRule: 'sr', analyticRule: 'ar', huntingQuery: 'hq', workbook: 'wb', playbook: 'pb' };

/** Items deployed as ARM template deployments (they carry connections, identities or workspace child resources). */
export type DeploymentKind = 'workbook' | 'playbook' | 'summaryRule';
export const isDeploymentKind = (k: ItemKind): k is DeploymentKind => k === 'workbook' || k === 'playbook' || k === 'summaryRule';
/** The resource a deployment item is about (its metadata's parent, and what drift compares). */
export const MAIN_TYPE: Record<DeploymentKind, string> = {
  workbook: 'Microsoft.Insights/workbooks', playbook: 'Microsoft.Logic/workflows', summaryRule: 'Microsoft.OperationalInsights/workspaces/summaryLogs',
};

interface DesiredBase {
  kind: ItemKind;
  name: string;
  contentId: string;
  version: string;
  displayName: string;
  /** ARM resource name (rules, hunting queries, watchlists) or deployment name (workbooks, playbooks). */
  resourceName: string;
  /** Source file for drift positions (content file, or the targets file for watchlists). */
  file: string;
  /** Order among items of the same level (parsers: how many parsers they call). */
  rank?: number;
}
export interface DesiredRule extends DesiredBase { kind: 'analyticRule'; ruleKind: string; properties: Record<string, unknown> }
export interface DesiredHunting extends DesiredBase { kind: 'huntingQuery'; properties: Record<string, unknown> }
/** A parser: a saved search whose functionAlias is the name queries call. */
export interface DesiredParser extends DesiredBase { kind: 'parser'; functionAlias: string; properties: Record<string, unknown> }
export interface DesiredWatchlistItem { name: string; itemsKeyValue: Record<string, string> }
export interface DesiredWatchlist extends DesiredBase { kind: 'watchlist'; properties: Record<string, unknown>; items: DesiredWatchlistItem[] }
export interface DesiredDeployment extends DesiredBase {
  kind: DeploymentKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  template: any;
  /** Parameter values known from the targets file and the target itself. */
  parameters: Record<string, unknown>;
  /** Template parameters that take the workspace's location (read from the workspace at plan time). */
  locationParameters: string[];
}
export type DesiredItem = DesiredRule | DesiredHunting | DesiredParser | DesiredWatchlist | DesiredDeployment;

export function workspaceId(t: Target): string {
  return `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${t.workspace}`;
}

/** The ARM id an item has (or will have) in the target. */
export function itemResourceId(t: Target, kind: ItemKind, resourceName: string): string {
  const ws = workspaceId(t);
  switch (kind) {
    case 'analyticRule': return `${ws}/providers/Microsoft.SecurityInsights/alertRules/${resourceName}`;
    case 'watchlist': return `${ws}/providers/Microsoft.SecurityInsights/watchlists/${resourceName}`;
    case 'huntingQuery': case 'parser': return `${ws}/savedSearches/${resourceName}`;
    default: return `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.Resources/deployments/${resourceName}`;
  }
}

/** Deterministic names, distinct from the names Content Hub or the standalone templates use, so ours never collide. */
export function resourceNameFor(kind: ItemKind, contentIdOrAlias: string, name: string): string {
  switch (kind) {
    case 'analyticRule': case 'huntingQuery': case 'parser': return uuidV5(`cdr-deploy:${kind}:${contentIdOrAlias}`);
    case 'watchlist': return contentIdOrAlias;
    default: return deploymentNameFor(kind, contentIdOrAlias);
  }
}

/** Deployment names are ours by construction (cdr-<kind>-<contentId>), so an orphan's deployment is found from its metadata. */
export function deploymentNameFor(kind: ItemKind, contentId: string): string {
  return `cdr-${KIND_ABBR[kind]}-${contentId}`.replace(/[^A-Za-z0-9_().-]/g, '-').slice(0, 64);
}

export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

export function sha256(v: unknown): string {
  return createHash('sha256').update(typeof v === 'string' ? v : JSON.stringify(v)).digest('hex');
}

const isExpression = (v: unknown) => typeof v === 'string' && v.startsWith('[') && !v.startsWith('[[');

export interface DesiredState { items: DesiredItem[]; diagnostics: Diagnostic[] }

export function desiredState(catalog: Catalog, target: Target, targetsFile: TargetsFile): DesiredState {
  const diagnostics: Diagnostic[] = [];
  const err = (originKey: string, code: string, message: string, fallback: PathSeg[] = [], sub: PathSeg[] = []) => {
    const path = [...(target.origins.get(originKey) ?? fallback), ...sub];
    const pos = targetsFile.locate(path);
    diagnostics.push(diag(targetsFile.file, pos.line, pos.column, code, `target '${target.name}': ${message}`));
  };
  const byName = new Map(catalog.items.map((c) => [c.name.toLowerCase(), c]));

  // Selection.
  const matches = (patterns: string[], kindKey: 'include' | 'exclude'): Set<CatalogItem> => {
    const out = new Set<CatalogItem>();
    patterns.forEach((p, i) => {
      const re = globToRegExp(p);
      const hit = catalog.items.filter((c) => re.test(c.name));
      if (!hit.length) err(`${kindKey}:${i}`, 'TGT010', `${kindKey} '${p}' matches no item of the solution`);
      hit.forEach((h) => out.add(h));
    });
    return out;
  };
  const included = target.include.length ? matches(target.include, 'include') : new Set(catalog.items);
  const excluded = matches(target.exclude, 'exclude');
  const chosen = catalog.items.filter((c) => included.has(c) && !excluded.has(c));
  // The parsers a selected item calls come with it (a rule cannot be saved without them); excluding one it needs is an error.
  const needed = new Set(chosen.flatMap((c) => c.parsers.map((p) => p.toLowerCase())));
  const selected = catalog.items.filter((c) => chosen.includes(c) || (c.kind === 'parser' && needed.has(c.name.toLowerCase())));
  for (const c of selected) {
    if (c.kind !== 'parser' || !excluded.has(c)) continue;
    const users = chosen.filter((x) => x.parsers.some((p) => p.toLowerCase() === c.name.toLowerCase())).map((x) => x.name);
    const i = target.exclude.findIndex((p) => globToRegExp(p).test(c.name));
    err(`exclude:${i}`, 'TGT021', `exclude '${target.exclude[i]}' removes parser ${c.name}, which selected items call (${users.slice(0, 5).join(', ')}${users.length > 5 ? `, ... ${users.length} in all` : ''}); exclude those items too or keep the parser`);
  }

  const items: DesiredItem[] = [];

  // Parsers: the workspace functions (saved searches with a function alias), as the standalone template writes them.
  for (const c of selected) {
    if (c.kind !== 'parser') continue;
    const res = c.template.resources?.[0];
    const { eTag: _etag, ...properties } = (res?.properties ?? {}) as Record<string, unknown>;
    items.push({ kind: 'parser', name: c.name, contentId: c.contentId, version: c.version, displayName: c.displayName, file: c.file,
      resourceName: resourceNameFor('parser', c.contentId, c.name), functionAlias: String(properties.functionAlias ?? ''), properties, rank: c.parsers.length });
  }

  // Analytic rules: per-rule data (enabled, severity) from parameters.rules, later entries win.
  const ruleOverrides = target.parameters.rules.map(([pattern, o], i) => ({ re: globToRegExp(pattern), pattern, o, i, used: false }));
  for (const c of selected) {
    if (c.kind !== 'analyticRule') continue;
    const res = c.template.resources?.[0];
    const properties: Record<string, unknown> = structuredClone(res?.properties ?? {});
    for (const r of ruleOverrides) {
      if (!r.re.test(c.name)) continue;
      r.used = true;
      if (r.o.enabled !== undefined) properties.enabled = r.o.enabled;
      if (r.o.severity !== undefined) properties.severity = r.o.severity;
    }
    const expr = Object.entries(properties).find(([, v]) => isExpression(v));
    if (expr) { diagnostics.push(diag(c.file, 1, 1, 'DEPLOY010', `property '${expr[0]}' of the built rule is an ARM expression; the API takes literal values`)); continue; }
    items.push({ kind: 'analyticRule', name: c.name, contentId: c.contentId, version: c.version, displayName: c.displayName, file: c.file,
      resourceName: resourceNameFor('analyticRule', c.contentId, c.name), ruleKind: String(res?.kind ?? 'Scheduled'), properties });
  }
  ruleOverrides.forEach((r) => {
    if (!catalog.items.some((c) => c.kind === 'analyticRule' && r.re.test(c.name))) err(`rule:${r.i}`, 'TGT011', `parameters.rules '${r.pattern}' matches no analytic rule`);
  });

  // Hunting queries.
  for (const c of selected) {
    if (c.kind !== 'huntingQuery') continue;
    const res = c.template.resources?.[0];
    const { eTag: _etag, ...properties } = (res?.properties ?? {}) as Record<string, unknown>;
    items.push({ kind: 'huntingQuery', name: c.name, contentId: c.contentId, version: c.version, displayName: c.displayName, file: c.file,
      resourceName: resourceNameFor('huntingQuery', c.contentId, c.name), properties });
  }

  // Tunables: each key must be read by the rule it names, through the tunables watchlist.
  const tunableRows: DesiredWatchlistItem[] = [];
  for (const [key, value] of Object.entries(target.parameters.tunables)) {
    const ruleName = key.slice(0, key.lastIndexOf('.'));
    const c = byName.get(ruleName.toLowerCase());
    if (!c || (c.kind !== 'analyticRule' && c.kind !== 'huntingQuery')) { err(`tunable:${key}`, 'TGT012', `tunable '${key}': no analytic rule or hunting query named '${ruleName}'`); continue; }
    if (!c.watchlists.has(TUNABLES_WATCHLIST) || !c.strings.has(key)) {
      const offered = [...c.strings].filter((s) => s.startsWith(`${c.name}.`)).sort();
      err(`tunable:${key}`, 'TGT013', `tunable '${key}': ${c.name} does not read it from the ${TUNABLES_WATCHLIST} watchlist${offered.length ? ` (it reads ${offered.join(', ')})` : ' (it reads no tunables)'}`);
      continue;
    }
    tunableRows.push({ name: uuidV5(`cdr-deploy:watchlistItem:${TUNABLES_WATCHLIST}:${c.name}.${key.slice(ruleName.length + 1)}`), itemsKeyValue: { [TUNABLES_KEY_COLUMN]: `${c.name}${key.slice(ruleName.length)}`, [TUNABLES_VALUE_COLUMN]: String(value) } });
  }
  const readsTunables = selected.some((c) => c.watchlists.has(TUNABLES_WATCHLIST));
  if (readsTunables || tunableRows.length) {
    items.push(watchlistItem(TUNABLES_WATCHLIST, 'CDR tunables', `Per-workspace thresholds the CDR rules read (SearchKey <Rule>.<Name>, column ${TUNABLES_VALUE_COLUMN}). Managed by cdr deploy from the targets file; edit the targets file, not this watchlist.`, TUNABLES_KEY_COLUMN, tunableRows, targetsFile.file));
  }

  // Allowlist watchlists: contents from the targets file, for aliases the content reads.
  const readAliases = new Set(catalog.items.flatMap((c) => [...c.watchlists]));
  for (const [alias, spec] of Object.entries(target.parameters.watchlists)) {
    if (alias === TUNABLES_WATCHLIST) { err(`watchlist:${alias}`, 'TGT014', `${TUNABLES_WATCHLIST} is written from parameters.tunables, not parameters.watchlists`); continue; }
    if (!readAliases.has(alias)) { err(`watchlist:${alias}`, 'TGT015', `watchlist '${alias}' is read by no rule or hunting query of the solution (known: ${[...readAliases].sort().join(', ') || 'none'})`); continue; }
    const rows: DesiredWatchlistItem[] = [];
    const seen = new Set<string>();
    let bad = false;
    spec.items.forEach((row, i) => {
      const key = row[spec.searchKey];
      if (key === undefined || key === '') { err(`watchlist:${alias}`, 'TGT016', `watchlist '${alias}' item ${i + 1} has no '${spec.searchKey}' (its searchKey column)`, [], ['items', i]); bad = true; return; }
      if (seen.has(String(key).toLowerCase())) { err(`watchlist:${alias}`, 'TGT017', `watchlist '${alias}' has '${String(key)}' twice in its searchKey column (search keys are case-insensitive)`, [], ['items', i, spec.searchKey]); bad = true; return; }
      seen.add(String(key).toLowerCase());
      rows.push({ name: uuidV5(`cdr-deploy:watchlistItem:${alias}:${String(key).toLowerCase()}`), itemsKeyValue: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])) });
    });
    if (!bad) items.push(watchlistItem(alias, alias, spec.description ?? `Managed by cdr deploy from the targets file.`, spec.searchKey, rows, targetsFile.file));
  }

  // Workbooks and playbooks: ARM deployments of their standalone templates.
  const templateParams = target.parameters.templates;
  const badTemplateParams = new Set<string>();
  for (const [itemName, params] of Object.entries(templateParams)) {
    const c = byName.get(itemName.toLowerCase());
    if (!c || !isDeploymentKind(c.kind)) { err(`template:${itemName}`, 'TGT018', `parameters.templates '${itemName}': no workbook, playbook or summary rule with that name`); continue; }
    const declared = (c.template.parameters ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(params)) {
      if (!(k in declared)) { err(`template:${itemName}:${k}`, 'TGT019', `${c.name} has no template parameter '${k}' (it has ${Object.keys(declared).join(', ')})`); badTemplateParams.add(c.name); }
    }
  }
  for (const c of selected) {
    if (!isDeploymentKind(c.kind)) continue;
    const declared = (c.template.parameters ?? {}) as Record<string, { defaultValue?: unknown }>;
    const given = Object.entries(templateParams).find(([k]) => k.toLowerCase() === c.name.toLowerCase())?.[1] ?? {};
    const parameters: Record<string, unknown> = {};
    const locationParameters: string[] = [];
    let bad = false;
    if (badTemplateParams.has(c.name)) continue;
    for (const [k, v] of Object.entries(given)) parameters[k] = v;
    for (const [k, decl] of Object.entries(declared)) {
      if (k in parameters) continue;
      if (k === 'workspace' || k === 'workspaceName') { parameters[k] = target.workspace; continue; }
      if (/location$/i.test(k) && decl.defaultValue === undefined) { locationParameters.push(k); continue; }
      if (decl.defaultValue === undefined) { err(`template:${c.name}`, 'TGT020', `${c.name} needs a value for template parameter '${k}' in parameters.templates.${c.name}`, ['targets', targetsIndex(targetsFile, target), 'parameters']); bad = true; }
    }
    if (bad) continue;
    items.push({ kind: c.kind as DeploymentKind, name: c.name, contentId: c.contentId, version: c.version, displayName: c.displayName, file: c.file,
      resourceName: resourceNameFor(c.kind, c.contentId, c.name), template: c.template, parameters, locationParameters });
  }

  items.sort((a, b) => LEVEL[a.kind] - LEVEL[b.kind] || a.kind.localeCompare(b.kind) || (a.rank ?? 0) - (b.rank ?? 0) || a.name.localeCompare(b.name));
  return { items, diagnostics };
}

function targetsIndex(f: TargetsFile, t: Target): number {
  return f.targets.indexOf(t);
}

function watchlistItem(alias: string, displayName: string, description: string, searchKey: string, rows: DesiredWatchlistItem[], file: string): DesiredWatchlist {
  return {
    kind: 'watchlist', name: alias, contentId: uuidV5(`cdr-deploy:watchlist:${alias}`), version: '1.0.0', displayName, file,
    resourceName: resourceNameFor('watchlist', alias, alias),
    properties: { displayName, provider: 'CDR', source: 'cdr.targets.yaml', sourceType: 'Local', description, itemsSearchKey: searchKey },
    items: [...rows].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
