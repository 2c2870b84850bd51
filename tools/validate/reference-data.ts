/** Sentinel reference data vendored under tools/schemas/sentinel (entity identifiers, MITRE map, ATRM ids). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DATA } from '../util/paths.js';

const read = <T>(f: string): T => JSON.parse(readFileSync(join(TOOLS_DATA.sentinelData, f), 'utf8')) as T;

export interface EntityTypeInfo { identifiers: string[]; requiredIdentifiers?: string[][] }

export interface AttackData {
  /** ATT&CK version of the map (tools/schemas/sentinel/technique-tactic-map.json, generated from MITRE's STIX data). */
  attackVersion: string;
  /** Active sub-techniques (id -> name); a sub-technique takes its parent's tactics. */
  subTechniques: Map<string, string>;
  /** Ids that are revoked or deprecated in this version. */
  retired: Map<string, string>;
}

let cache: { entities: Record<string, EntityTypeInfo>; techniqueTactics: Map<string, Set<string>>; atrm: Map<string, string>; attack: AttackData } | undefined;

export function referenceData() {
  if (cache) return cache;
  const ent = read<{ entityTypes: Record<string, Record<string, unknown>> }>('entity-identifiers.json');
  const entities: Record<string, EntityTypeInfo> = {};
  for (const [type, info] of Object.entries(ent.entityTypes)) {
    const req = (info.requiredAnyOf ?? info.requiredIdentifiers) as unknown;
    entities[type] = {
      identifiers: (info.identifiers as string[]) ?? [],
      requiredIdentifiers: Array.isArray(req) ? (req as unknown[]).map((r) => (Array.isArray(r) ? (r as string[]) : [String(r)])) : undefined,
    };
  }
  const tt = read<{ attackVersion: string; tacticToTechniques: Record<string, string[]>; subTechniques: Record<string, string>; retired: Record<string, string> }>('technique-tactic-map.json');
  const attack: AttackData = { attackVersion: tt.attackVersion, subTechniques: new Map(Object.entries(tt.subTechniques ?? {})), retired: new Map(Object.entries(tt.retired ?? {})) };
  const techniqueTactics = new Map<string, Set<string>>();
  for (const [tactic, techs] of Object.entries(tt.tacticToTechniques)) for (const t of techs) {
    if (!techniqueTactics.has(t)) techniqueTactics.set(t, new Set());
    techniqueTactics.get(t)!.add(tactic);
  }
  const at = read<{ techniques: { id: string; name: string }[] }>('atrm-techniques.json');
  const atrm = new Map(at.techniques.map((t) => [t.id, t.name]));
  cache = { entities, techniqueTactics, atrm, attack };
  return cache;
}
