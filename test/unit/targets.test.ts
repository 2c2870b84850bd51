/** The targets file: schema with positions, secret-looking values, defaults, and checks against the content. */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadTargets } from '../../tools/targets/index.js';
import { secretInValue, secretKeyName } from '../../tools/targets/secrets.js';
import { buildCatalog, type Catalog } from '../../tools/deploy/catalog.js';
import { desiredState } from '../../tools/deploy/desired.js';
import { PROJECT, writeTargets } from '../support/deploy-env.js';

const G = '11111111-2222-4333-8444-555555555555';
const head = `targets:\n  - name: contoso\n    tenantId: ${G}\n    subscriptionId: ${G}\n    resourceGroup: rg-sentinel\n    workspace: law-contoso\n`;
const load = (text: string) => loadTargets(writeTargets(text));
const at = (f: ReturnType<typeof load>, code: string) => f.diagnostics.filter((d) => d.code === code).map((d) => `${d.line}:${d.column} ${d.message}`);

let catalog: Catalog;
beforeAll(() => { catalog = buildCatalog(); });

describe('targets file', () => {
  it('the shipped example is valid against the schema and the content', () => {
    const f = loadTargets(join(PROJECT, 'cdr.targets.example.yaml'));
    expect(f.diagnostics).toEqual([]);
    expect(f.targets.map((t) => t.name)).toEqual(['contoso', 'fabrikam']);
    for (const t of f.targets) expect(desiredState(catalog, t, f).diagnostics).toEqual([]);
    const contoso = f.targets[0]!;
    expect(contoso.credential).toEqual({ kind: 'default' });
    expect(f.targets[1]!.credential).toEqual({ kind: 'env', prefix: 'FABRIKAM' });
    // defaults merge: tunables key by key, rules in order (defaults first), lists replaced.
    expect(contoso.parameters.tunables).toEqual({ 'PasswordSpray.MinAccounts': 25, 'PasswordSpray.MaxAttemptsPerAccount': 2 });
    expect(contoso.parameters.rules.map(([k]) => k)).toEqual(['*', 'PasswordSpray', 'SshRdpBruteForce']);
    expect(f.targets[1]!.exclude).toEqual(['Storage*']);
    expect(f.targets[1]!.parameters.tunables).toEqual({ 'PasswordSpray.MinAccounts': 10 });
  });

  it('reports every schema error at its line and column', () => {
    const f = load(`targets:
  - name: Contoso_1
    tenantId: not-a-guid
    subscriptionId: ${G}
    resourceGroup: rg
    credential: secret-store
    colour: blue
    parameters:
      rules:
        PasswordSpray: { severity: Critical }
`);
    expect(at(f, 'TGT001')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^2:5 'targets\.0': missing required field 'workspace'/),
      expect.stringMatching(/^2:11 'targets\.0\.name': 'Contoso_1' does not match/),
      expect.stringMatching(/^3:15 'targets\.0\.tenantId': 'not-a-guid' does not match/),
      expect.stringMatching(/^6:17 'targets\.0\.credential': 'secret-store' does not match/),
      expect.stringMatching(/^7:5 'targets\.0': unknown field 'colour'/),
      expect.stringMatching(/^10:36 'targets\.0\.parameters\.rules\.PasswordSpray\.severity': must be one of/),
    ]));
    expect(f.targets).toEqual([]);
  });

  it('malformed YAML, a missing file, duplicate names and two targets on one workspace', () => {
    expect(at(load('targets: [\n'), 'YAML001').length).toBe(1);
    const missing = loadTargets('/nonexistent/cdr.targets.yaml');
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['TGT000']);
    const dup = load(`${head}${head.replace('targets:\n', '')}`);
    expect(at(dup, 'TGT003')).toEqual([expect.stringMatching(/^7:11 duplicate target name 'contoso' \(first at line 2\)/)]);
    expect(at(dup, 'TGT004')).toEqual([expect.stringMatching(/^11:16 target 'contoso' points at the same workspace/)]);
  });

  it('rejects values that look like secrets, with the pattern that matched', () => {
    // Built at run time so no secret-shaped literal sits in the repository.
    const entra = ['Xy7', '8Q~', 'a'.repeat(20), 'B_c.D-e~f'.repeat(1), 'g'.repeat(5)].join('');
    const f = load(`${head}    parameters:
      templates:
        CDR-EnrichIncidentWithPrincipalActivity:
          PlaybookName: ${entra}
          clientSecret: hunter2
      rules:
        HttpTriggerSecretExposed: { enabled: false }
`);
    expect(at(f, 'TGT002')).toEqual([
      expect.stringMatching(/^10:25 value looks like an Entra ID client secret .*\(entra-client-secret\)/),
      expect.stringMatching(/^11:11 'clientSecret' is a key named like a secret/),
    ]);
  });

  it('each secret pattern has a positive and a negative case', () => {
    const cases: [string, string, string][] = [
      ['entra-client-secret', `abc1Q~${'x'.repeat(34)}`, 'abc1Q~short'],
      ['storage-account-key', `DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${'A'.repeat(40)}`, 'AccountKey='],
      ['shared-access-key', `Endpoint=sb://x/;SharedAccessKeyName=root;SharedAccessKey=${'b'.repeat(43)}=`, 'SharedAccessKeyName=root'],
      ['sas-signature', `https://st.blob.core.windows.net/c?sv=2022-11-02&sig=${'c'.repeat(40)}%3D`, 'https://st.blob.core.windows.net/c?sv=2022-11-02&design=1'],
      ['base64-key-512', `${'d'.repeat(86)}==`, `${'d'.repeat(40)}==`],
      ['jwt', `eyJ${'a'.repeat(12)}.eyJ${'b'.repeat(12)}.${'c'.repeat(12)}`, 'eyJhbGciOi'],
      ['bearer-token', `Bearer ${'t'.repeat(30)}`, 'Bearer of bad news'],
      ['private-key', `-----BEGIN RSA ${'PRIVATE'} KEY-----`, '-----BEGIN CERTIFICATE-----'],
      ['github-token', `ghp_${'Z'.repeat(36)}`, 'ghp_short'],
    ];
    for (const [id, pos, neg] of cases) {
      expect(secretInValue(pos)?.id, id).toBe(id);
      expect(secretInValue(neg), `${id} negative`).toBeUndefined();
    }
    expect(secretKeyName('password')?.id).toBe('secret-key-name');
    expect(secretKeyName('apiKey')?.id).toBe('secret-key-name');
    expect(secretKeyName('HttpTriggerSecretExposed.Threshold')).toBeUndefined();
    expect(secretKeyName('PlaybookName')).toBeUndefined();
    // Values a targets file really holds stay clean.
    for (const v of ['10.0.0.0/8', '2001:db8::/32', G, 'law-contoso', 'deploy-pipeline@contoso.com', 'rg-sentinel']) expect(secretInValue(v), v).toBeUndefined();
  });

  it('checks names, tunables, watchlists and template parameters against the content, at their positions', () => {
    const f = load(`${head}    include: [PasswordSpray, NoSuchRule, "Storage*"]
    parameters:
      rules:
        Nope*: { enabled: false }
      tunables:
        PasswordSpray.MinAccounts: 20
        PasswordSpray.MinAcounts: 20
        ImpossibleTravel.MaxSpeed: 900
        Ghost.Threshold: 1
      watchlists:
        CDR-TrustedNetwork:
          searchKey: Range
          items: [ { Range: 10.0.0.0/8 } ]
        CDR-ApprovedAutomation:
          searchKey: Caller
          items: [ { Caller: a@contoso.com }, { Who: b@contoso.com }, { Caller: A@contoso.com } ]
      templates:
        CDR-EnrichIncidentWithPrincipalActivity: { PlaybookNme: x }
        NotAPlaybook: {}
`);
    expect(f.diagnostics).toEqual([]);
    const d = desiredState(catalog, f.targets[0]!, f).diagnostics.map((x) => `${x.line}:${x.column} ${x.code} ${x.message.replace(/^target 'contoso': /, '')}`);
    expect(d).toEqual(expect.arrayContaining([
      expect.stringMatching(/^7:30 TGT010 include 'NoSuchRule' matches no item/),
      expect.stringMatching(/^10:9 TGT011 parameters.rules 'Nope\*' matches no analytic rule/),
      expect.stringMatching(/^13:9 TGT013 tunable 'PasswordSpray.MinAcounts': PasswordSpray does not read it .*\(it reads PasswordSpray.MaxAttemptsPerAccount, PasswordSpray.MinAccounts\)/),
      expect.stringMatching(/^14:9 TGT013 tunable 'ImpossibleTravel.MaxSpeed': ImpossibleTravel does not read it from the CDR-Tunables watchlist \(it reads no tunables\)/),
      expect.stringMatching(/^15:9 TGT012 tunable 'Ghost.Threshold': no analytic rule or hunting query named 'Ghost'/),
      expect.stringMatching(/^17:9 TGT015 watchlist 'CDR-TrustedNetwork' is read by no rule/),
      expect.stringMatching(/^22:47 TGT016 watchlist 'CDR-ApprovedAutomation' item 2 has no 'Caller'/),
      expect.stringMatching(/^22:73 TGT017 watchlist 'CDR-ApprovedAutomation' has 'A@contoso.com' twice/),
      expect.stringMatching(/^24:52 TGT019 CDR-EnrichIncidentWithPrincipalActivity has no template parameter 'PlaybookNme'/),
      expect.stringMatching(/^25:9 TGT018 parameters.templates 'NotAPlaybook': no workbook, playbook or summary rule/),
    ]));
    expect(d).toHaveLength(10);
  });
});
