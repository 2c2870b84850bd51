/**
 * The pinned api-version of each resource type, read from the project's one table
 * (tools/schemas/arm/api-versions.json, shared with `cdr build`), never hard-coded in calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DATA } from '../util/paths.js';
import { AzureConfigError } from './settings.js';

export const API_VERSIONS_FILE = join(TOOLS_DATA.schemas, 'arm', 'api-versions.json');

let table: Map<string, string> | undefined;

/**
 * Resource types of templates (`resourceTypes`) and of SDK calls (`calls`, keyed `<type> (<what calls it>)`), each
 * `{ apiVersion, reason }`; a plain string value is accepted too.
 */
export function pinnedApiVersionTable(): Map<string, string> {
  if (table) return table;
  let raw: Record<string, unknown>;
  try { raw = JSON.parse(readFileSync(API_VERSIONS_FILE, 'utf8')) as Record<string, unknown>; } catch (e) {
    throw new AzureConfigError(`cannot read the api-version table ${API_VERSIONS_FILE}: ${(e as Error).message}`);
  }
  const out = new Map<string, string>();
  for (const section of [raw.resourceTypes, raw.calls]) {
    for (const [key, v] of Object.entries((section ?? {}) as Record<string, unknown>)) {
      const type = key.replace(/\s*\(.*$/, '').trim().toLowerCase();
      const version = typeof v === 'string' ? v : (v as { apiVersion?: unknown })?.apiVersion;
      if (typeof version === 'string' && !out.has(type)) out.set(type, version);
    }
  }
  table = out;
  return out;
}

export function apiVersionFor(resourceType: string): string {
  const v = pinnedApiVersionTable().get(resourceType.toLowerCase());
  if (!v) throw new AzureConfigError(`no pinned api-version for ${resourceType} in ${API_VERSIONS_FILE}`);
  return v;
}
