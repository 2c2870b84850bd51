/**
 * The MITRE ATT&CK map the validator uses (tools/schemas/sentinel/technique-tactic-map.json, generated from MITRE's
 * v18.1 Enterprise STIX data by tools/validate/generate-attack-map.ts) and the technique checks built on it.
 * Expected facts below are from the ATT&CK v18 technique pages (tactics listed there), not from the map itself.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../../tools/content/load.js';
import { validateContent } from '../../tools/validate/index.js';
import { attackMap } from '../../tools/validate/generate-attack-map.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROJECT = join(here, '..', '..');
const MAP = JSON.parse(readFileSync(join(PROJECT, 'tools/schemas/sentinel/technique-tactic-map.json'), 'utf8'));

describe('the ATT&CK v18 map', () => {
  it('says where it comes from and is consistent', () => {
    expect(MAP.attackVersion).toBe('18.1');
    expect(MAP._source).toMatch(/mitre\/cti.*421deacb77/);
    for (const [tactic, ids] of Object.entries(MAP.tacticToTechniques as Record<string, string[]>)) {
      for (const id of ids) expect(MAP.techniques[id].tactics, `${id} ${tactic}`).toContain(tactic);
    }
    for (const id of Object.keys(MAP.subTechniques)) expect(MAP.techniques[id.split('.')[0]!], id).toBeDefined();
    for (const id of Object.keys(MAP.retired)) expect(MAP.techniques[id] ?? MAP.subTechniques[id], id).toBeUndefined();
  });

  it('knows the cloud techniques the old Sentinel helper lacked, with their v18 tactics', () => {
    expect(MAP.techniques.T1648).toEqual({ name: 'Serverless Execution', tactics: ['Execution'] });
    expect(MAP.techniques.T1651).toEqual({ name: 'Cloud Administration Command', tactics: ['Execution'] });
    expect(MAP.subTechniques['T1078.004']).toBe('Cloud Accounts');
    expect(MAP.subTechniques['T1098.001']).toBe('Additional Cloud Credentials');
    expect(MAP.subTechniques['T1098.003']).toBe('Additional Cloud Roles');
    expect(MAP.subTechniques['T1562.008']).toBe('Disable or Modify Cloud Logs');
    expect(MAP.subTechniques['T1555.006']).toBe('Cloud Secrets Management Stores');
    expect(MAP.techniques.T1098.tactics).toEqual(['Persistence', 'PrivilegeEscalation']);
    expect(MAP.retired.T1002).toBe('revoked'); // Data Compressed, revoked by T1560 in 2020
  });

  it('the generator reads the per-object STIX layout of mitre/cti (tiny sample)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdr-attack-'));
    mkdirSync(join(dir, 'attack-pattern')); mkdirSync(join(dir, 'x-mitre-tactic'));
    const ref = (id: string) => [{ source_name: 'mitre-attack', external_id: id }];
    const obj = (o: object) => JSON.stringify({ type: 'bundle', objects: [o] });
    writeFileSync(join(dir, 'x-mitre-tactic', 'a.json'), obj({ type: 'x-mitre-tactic', id: 'x-mitre-tactic--1', name: 'Execution', x_mitre_shortname: 'execution', external_references: ref('TA0002') }));
    const phase = [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }];
    writeFileSync(join(dir, 'attack-pattern', 'a.json'), obj({ type: 'attack-pattern', id: 'attack-pattern--1', name: 'Command and Scripting Interpreter', kill_chain_phases: phase, external_references: ref('T1059') }));
    writeFileSync(join(dir, 'attack-pattern', 'b.json'), obj({ type: 'attack-pattern', id: 'attack-pattern--2', name: 'Cloud API', x_mitre_is_subtechnique: true, kill_chain_phases: phase, external_references: ref('T1059.009') }));
    writeFileSync(join(dir, 'attack-pattern', 'c.json'), obj({ type: 'attack-pattern', id: 'attack-pattern--3', name: 'Old', revoked: true, kill_chain_phases: phase, external_references: ref('T1064') }));
    const m = attackMap(dir, 'sample', '0.1') as typeof MAP;
    expect(m.tacticToTechniques).toEqual({ Execution: ['T1059'] });
    expect(m.subTechniques).toEqual({ 'T1059.009': 'Cloud API' });
    expect(m.retired).toEqual({ T1064: 'revoked' });
  });
});

function ruleRoot(tactics: string[], techniques: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'cdr-attack-rule-'));
  for (const d of ['Analytic Rules', 'Hunting Queries', 'test/rules', 'Solution/Data']) mkdirSync(join(root, d), { recursive: true });
  const valid = readFileSync(join(PROJECT, 'test/fixtures/validate/rules/Valid.yaml'), 'utf8')
    .replace(/tactics:\n  - Execution\nrelevantTechniques:\n  - T1059\n/, `tactics:\n${tactics.map((t) => `  - ${t}\n`).join('')}relevantTechniques:\n${techniques.map((t) => `  - ${t}\n`).join('')}`);
  writeFileSync(join(root, 'Analytic Rules', 'Valid.yaml'), valid);
  writeFileSync(join(root, 'test/rules', 'Valid.test.yaml'), 'cases:\n  - name: fires\n    now: 2026-11-20T12:00:00Z\n    fixtures: { tables: { AzureActivity: [] } }\n    expect: { alerts: 1 }\n  - name: quiet\n    now: 2026-11-20T12:00:00Z\n    fixtures: { tables: { AzureActivity: [] } }\n    expect: { alerts: 0 }\n');
  writeFileSync(join(root, 'Solution/Data/Solution_T.json'), JSON.stringify({ Name: 'T', Author: 'T team', Logo: '<img src="x.svg">', Description: 'test', Version: '3.0.0', Metadata: 'SolutionMetadata.json', BasePath: '.', 'Analytic Rules': ['Analytic Rules/Valid.yaml'], 'Hunting Queries': [] }));
  copyFileSync(join(PROJECT, 'Solution', 'SolutionMetadata.json'), join(root, 'Solution', 'SolutionMetadata.json'));
  copyFileSync(join(PROJECT, 'Solution', 'ReleaseNotes.md'), join(root, 'Solution', 'ReleaseNotes.md'));
  return root;
}
const techniqueErrors = (tactics: string[], techniques: string[]) => validateContent(loadContent(ruleRoot(tactics, techniques)))
  .filter((d) => d.code === 'RULE005' || d.code === 'RULE006').map((d) => `${d.code} ${d.message}`);

describe('validating relevantTechniques against ATT&CK v18', () => {
  it('accepts v18 techniques and sub-techniques in one of their tactics (sub-techniques through the parent)', () => {
    expect(techniqueErrors(['Execution'], ['T1648', 'T1651', 'T1059.009'])).toEqual([]);
    expect(techniqueErrors(['InitialAccess'], ['T1078.004'])).toEqual([]);
    expect(techniqueErrors(['Persistence'], ['T1098.001', 'T1098.003'])).toEqual([]);
  }, 120_000);

  it('rejects unknown, retired and made-up sub-techniques, and techniques outside the rule tactics', () => {
    const errs = techniqueErrors(['Execution'], ['T9999', 'T1002', 'T1059.999', 'T1098.001']);
    expect(errs).toEqual([
      'RULE005 technique T9999 is not a MITRE ATT&CK v18.1 technique',
      'RULE005 technique T1002 is revoked in MITRE ATT&CK v18.1',
      expect.stringMatching(/^RULE005 sub-technique T1059\.999 does not exist in MITRE ATT&CK v18\.1 \(T1059 has T1059\.001, .*T1059\.009/),
      'RULE006 technique T1098.001 belongs to Persistence/PrivilegeEscalation, none of which is in tactics',
    ]);
  }, 120_000);
});
