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

/** Accepts `{type: "v"}`, `{type: {apiVersion: "v", reason}}`, optionally nested under `resourceTypes`. */
function load(): Map<string, string> {
  if (table) return table;
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(API_VERSIONS_FILE, 'utf8')); } catch (e) {
    throw new AzureConfigError(`cannot read the api-version table ${API_VERSIONS_FILE}: ${(e as Error).message}`);
  }
  const root = (raw as { resourceTypes?: unknown }).resourceTypes ?? raw;
  const out = new Map<string, string>();
  for (const [type, v] of Object.entries(root as Record<string, unknown>)) {
    if (type.startsWith('$') || type.startsWith('_')) continue;
    const version = typeof v === 'string' ? v : (v as { apiVersion?: unknown })?.apiVersion;
    if (typeof version === 'string') out.set(type.toLowerCase(), version);
  }
  table = out;
  return out;
}

export function apiVersionFor(resourceType: string): string {
  const v = load().get(resourceType.toLowerCase());
  if (!v) throw new AzureConfigError(`no pinned api-version for ${resourceType} in ${API_VERSIONS_FILE}`);
  return v;
}
