/**
 * Ownership: an item is ours when a Microsoft.SecurityInsights/metadata resource that only cdr deploy writes
 * (name `cdr-deploy-<kind>-<contentId>`, source = this solution) points at it. Anything else in the workspace,
 * including rules created by hand from the same Content Hub templates, is unmanaged and never modified or deleted.
 */
import type { Solution } from './catalog.js';
import { KIND_ABBR, type ItemKind } from './desired.js';
import type { RawResource } from './workspace.js';

export const METADATA_PREFIX = 'cdr-deploy-';

export const METADATA_KIND: Record<ItemKind, string> = {
  parser: 'Parser', analyticRule: 'AnalyticsRule', huntingQuery: 'HuntingQuery', watchlist: 'Watchlist', workbook: 'Workbook', playbook: 'Playbook', summaryRule: 'SummaryRule',
};

export function metadataName(kind: ItemKind, contentId: string): string {
  return `${METADATA_PREFIX}${KIND_ABBR[kind]}-${contentId}`;
}

export function isOurMetadata(m: RawResource, solution: Solution): boolean {
  const src = (m.properties?.source ?? {}) as { sourceId?: string };
  return m.name.startsWith(METADATA_PREFIX) && String(src.sourceId ?? '').toLowerCase() === solution.id;
}

export function kindOfMetadata(m: RawResource): ItemKind | undefined {
  const k = String(m.properties?.kind ?? '');
  return (Object.entries(METADATA_KIND).find(([, v]) => v.toLowerCase() === k.toLowerCase())?.[0]) as ItemKind | undefined;
}

export function metadataProperties(kind: ItemKind, contentId: string, version: string, parentId: string, solution: Solution): Record<string, unknown> {
  return {
    contentId,
    parentId,
    kind: METADATA_KIND[kind],
    version,
    source: { kind: 'Solution', name: solution.name, sourceId: solution.id },
    author: { name: solution.author },
    support: { tier: solution.support.tier ?? 'Community', name: solution.support.name ?? solution.author, ...(solution.support.email ? { email: solution.support.email } : {}), ...(solution.support.link ? { link: solution.support.link } : {}) },
  };
}

/** Fields of our metadata that differ from what it should say. */
export function metadataDiffers(m: RawResource, want: Record<string, unknown>): boolean {
  const p = m.properties ?? {};
  const low = (v: unknown) => String(v ?? '').toLowerCase();
  return low(p.contentId) !== low(want.contentId) || low(p.parentId) !== low(want.parentId) || low(p.kind) !== low(want.kind)
    || String(p.version ?? '') !== String(want.version) || low((p.source as { sourceId?: string })?.sourceId) !== low((want.source as { sourceId: string }).sourceId);
}
