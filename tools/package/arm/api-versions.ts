/** The pinned api-version table (tools/schemas/arm/api-versions.json): one place for every version the build emits. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DATA } from '../../util/paths.js';

export interface ApiVersionPin { apiVersion: string; reason: string; context?: string; provider?: string; published?: string[]; bicepExtension?: string }
export interface ApiVersionTable {
  asOf: string;
  providers: Record<string, { latestStable: string; published: string[] }>;
  resourceTypes: Record<string, ApiVersionPin>;
  calls: Record<string, { apiVersion: string; reason: string }>;
}

export const API_VERSIONS_FILE = join(TOOLS_DATA.schemas, 'arm', 'api-versions.json');
let table: ApiVersionTable | undefined;

export function apiVersionTable(): ApiVersionTable {
  table ??= JSON.parse(readFileSync(API_VERSIONS_FILE, 'utf8')) as ApiVersionTable;
  return table;
}

/** The pinned version of a resource type; a type missing from the table is a programming error. */
export function apiVersion(resourceType: string): string {
  const t = apiVersionTable().resourceTypes;
  const hit = t[resourceType] ?? Object.entries(t).find(([k]) => k.toLowerCase() === resourceType.toLowerCase())?.[1];
  if (!hit) throw new Error(`no pinned api-version for ${resourceType} in ${API_VERSIONS_FILE}`);
  return hit.apiVersion;
}

/** Versions the official schemas publish for a type (own list, else its provider's). */
export function publishedVersions(resourceType: string): string[] | undefined {
  const tbl = apiVersionTable();
  const pin = Object.entries(tbl.resourceTypes).find(([k]) => k.toLowerCase() === resourceType.toLowerCase())?.[1];
  if (pin?.published) return pin.published;
  if (pin?.provider) return tbl.providers[pin.provider]?.published;
  return undefined;
}
