/**
 * Generates tools/schemas/sentinel/technique-tactic-map.json from MITRE ATT&CK Enterprise STIX data: the per-object
 * folders of the mitre/cti repository (`enterprise-attack/attack-pattern/*.json`, `enterprise-attack/x-mitre-tactic/*.json`).
 * Facts only (ids, names, tactics, revocations); the STIX data itself is not vendored.
 *
 *   node dist/tools/validate/generate-attack-map.js <cti>/enterprise-attack "<source note>" > tools/schemas/sentinel/technique-tactic-map.json
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface StixObject {
  type: string; id: string; name?: string; revoked?: boolean; x_mitre_deprecated?: boolean; x_mitre_is_subtechnique?: boolean;
  x_mitre_shortname?: string; kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
  external_references?: { source_name: string; external_id?: string }[];
}

/** ATT&CK tactic short names -> the names Sentinel's AttackTactic enum uses (no spaces, PascalCase). */
const SENTINEL_TACTIC: Record<string, string> = {
  reconnaissance: 'Reconnaissance', 'resource-development': 'ResourceDevelopment', 'initial-access': 'InitialAccess', execution: 'Execution',
  persistence: 'Persistence', 'privilege-escalation': 'PrivilegeEscalation', 'defense-evasion': 'DefenseEvasion', 'credential-access': 'CredentialAccess',
  discovery: 'Discovery', 'lateral-movement': 'LateralMovement', collection: 'Collection', 'command-and-control': 'CommandAndControl',
  exfiltration: 'Exfiltration', impact: 'Impact',
};

const attackId = (o: StixObject) => o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;

function readObjects(dir: string): StixObject[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { objects: StixObject[] }).objects);
}

export function attackMap(enterpriseDir: string, source: string, version: string): unknown {
  const patterns = readObjects(join(enterpriseDir, 'attack-pattern')).filter((o) => o.type === 'attack-pattern' && attackId(o));
  const tactics = readObjects(join(enterpriseDir, 'x-mitre-tactic')).filter((o) => o.type === 'x-mitre-tactic' && !o.x_mitre_deprecated);
  for (const t of tactics) if (!SENTINEL_TACTIC[t.x_mitre_shortname!]) throw new Error(`tactic ${t.x_mitre_shortname} has no Sentinel name; extend SENTINEL_TACTIC`);
  const active = patterns.filter((o) => !o.revoked && !o.x_mitre_deprecated);
  const byId = (ids: string[]) => [...new Set(ids)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const tacticToTechniques: Record<string, string[]> = {};
  for (const t of tactics.map((x) => SENTINEL_TACTIC[x.x_mitre_shortname!]!).sort()) tacticToTechniques[t] = [];
  const techniques: Record<string, { name: string; tactics: string[] }> = {};
  const subTechniques: Record<string, string> = {};
  for (const o of active) {
    const id = attackId(o)!;
    const phases = (o.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === 'mitre-attack').map((k) => SENTINEL_TACTIC[k.phase_name]!).filter(Boolean);
    if (o.x_mitre_is_subtechnique) { subTechniques[id] = o.name!; continue; }
    techniques[id] = { name: o.name!, tactics: [...phases].sort() };
    for (const p of phases) tacticToTechniques[p]!.push(id);
  }
  for (const k of Object.keys(tacticToTechniques)) tacticToTechniques[k] = byId(tacticToTechniques[k]!);
  // Ids no longer valid: revoked (replaced by another object) or deprecated. Revocations name their replacement
  // through `revoked-by` relationships, which live in enterprise-attack/relationship; reported here as revoked only.
  const retired: Record<string, string> = {};
  for (const o of patterns) {
    const id = attackId(o)!;
    if (techniques[id] || subTechniques[id]) continue;
    retired[id] = o.revoked ? 'revoked' : 'deprecated';
  }
  const sortKeys = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
  return {
    _source: source,
    _rule: "A relevantTechniques entry must be an active (not revoked, not deprecated) technique or sub-technique of this ATT&CK version; a sub-technique belongs to the tactics of its parent technique, and the technique must belong to at least one of the rule's tactics. Tactic names are Sentinel's (AttackTactic enum).",
    attackVersion: version,
    tacticToTechniques,
    techniques: sortKeys(techniques),
    subTechniques: sortKeys(subTechniques),
    retired: sortKeys(retired),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, source, version] = process.argv.slice(2);
  if (!dir || !source || !version) { process.stderr.write('usage: generate-attack-map <enterprise-attack dir> <source note> <ATT&CK version>\n'); process.exit(2); }
  process.stdout.write(JSON.stringify(attackMap(dir, source, version), null, 2) + '\n');
}
