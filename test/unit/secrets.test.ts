/**
 * Issue 10, secrets: a secret pasted into a query, a description, a workbook or a playbook parameter default is an
 * error of `cdr validate` (content and built package) at file:line:col naming the rule, the build refuses to write
 * it, and a documented inline directive marks a false positive. Every data pattern has a positive and a negative
 * example, run through the whole scanner.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { scanContentFiles, secretPatterns } from '../../tools/secrets/scan.js';
import { buildSolution } from '../../tools/package/index.js';
import { validateSecrets } from '../../tools/validate/secrets.js';
import { CLI, smallRoot } from './hardening-root.js';

// These tests start the CLI (a fresh Node process each); on a loaded 2-core machine one start can take tens of seconds.
vi.setConfig({ testTimeout: 240_000 });

const scan = (text: string, file = '/x/Analytic Rules/R.yaml') => scanContentFiles([{ file, text }]);

// Fake credentials in the shapes real ones have (none of them was ever valid).
const FAKE = {
  storageConnectionString: 'DefaultEndpointsProtocol=https;AccountName=cdrlogs01;AccountKey=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVkcGx1Z3h5enp5MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net',
  accountKey: 'AccountKey=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVkcGx1Z3h5enp5MTIzNDU2Nzg5MA==',
  githubToken: 'ghp_' + 'R7q2Xk9LmP0wB5nC8vD1fG4hJ6sT3yU2aZ0e',
  entraSecret: 'Abc8Q~fR2vLq9ZtYw.Xk3Nn_Mp7Hs-Jd4Ge5Ub6V',
  sas: 'https://cdrlogs01.blob.core.windows.net/c/x.vhd?sv=2022-11-02&sr=b&sp=r&sig=k3Jx9Vq2LmP0wR7tYb5Nc8Hd1Fg4Zs6Ea%2BUo3Ti5Ww%3D',
  privateKeyHeader: '-----BEGIN RSA PRIVATE KEY-----',
  bearer: 'Bearer k3Jx9Vq2LmP0wR7tYb5Nc8Hd1Fg4Zs6Ea',
};

describe('the pattern data file', () => {
  for (const p of secretPatterns()) {
    it(`${p.id}: every positive example is found by rule cdr/${p.id}, every negative example by no rule`, async () => {
      expect(p.examples.match.length).toBeGreaterThan(0);
      expect(p.examples.noMatch.length).toBeGreaterThan(0);
      for (const ex of p.examples.match) {
        const found = await scan(`description: ${ex}\n`);
        expect(found.map((d) => d.message).join('\n'), ex).toMatch(new RegExp(`rule cdr/${p.id}\\)|rule @secretlint/`));
        expect(found.some((d) => d.message.includes(`rule cdr/${p.id})`)) || found.length > 0).toBe(true);
      }
      for (const ex of p.examples.noMatch) expect(await scan(`description: ${ex}\n`), ex).toEqual([]);
    });
  }
});

describe('the maintained rule set (secretlint recommended preset)', () => {
  it('finds a GitHub token and a full private key, naming the secretlint rule', async () => {
    const gh = await scan(`query: |\n  print t = "${FAKE.githubToken}"\n`);
    expect(gh).toHaveLength(1);
    expect(gh[0]).toMatchObject({ line: 2, column: 14, code: 'SECRET001' });
    expect(gh[0]!.message).toMatch(/rule @secretlint\/secretlint-rule-github\)/);
    expect(gh[0]!.message).not.toContain(FAKE.githubToken);
    const body = 'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naIMk4Vb8tsMIYkM1p0sZpGq8n5bVjvmFQJfP6v7Z3gW4eYfUxHn1k9N0o2m3Zq4Q\nvTt5zR8yXbL2K9oPq1sWdFh3Gj6Mn7Bv0Cx4Ry2Ez5Tu8Iw1Ao9Sp3Dq6Fr2Gt5H\n';
    const pk = await scan(`-----BEGIN RSA PRIVATE KEY-----\n${body}-----END RSA PRIVATE KEY-----\n`, '/x/k.txt');
    expect(pk).toHaveLength(1);
    expect(pk[0]).toMatchObject({ line: 1, column: 1 });
  });
});

/** Paste `secret` into a rule's query, its description, a workbook query and a playbook parameter default. */
function rootWithSecrets(): { r: string; places: [string, string][] } {
  const r = smallRoot();
  const rule = join(r, 'Analytic Rules/SASUriGenerated.yaml');
  let y = readFileSync(rule, 'utf8');
  y = y.replace(/^description: \|\n/m, `description: |\n  Token for the test feed: ${FAKE.githubToken}\n`);
  y = y.replace('  CDR_ArmOperations(WatchedOperations)\n', `  CDR_ArmOperations(WatchedOperations)\n  | where RequestText !has "${FAKE.accountKey}"\n`);
  writeFileSync(rule, y);
  const wbFile = join(r, JSON.parse(readFileSync(join(r, 'Solution/Data/Solution_CDR.json'), 'utf8')).Workbooks[0]);
  const wb = JSON.parse(readFileSync(wbFile, 'utf8'));
  wb.items.unshift({ type: 1, content: { json: `Feed: ${FAKE.sas}` }, name: 'note' });
  writeFileSync(wbFile, JSON.stringify(wb, null, 2));
  const pbFile = join(r, 'Playbooks/CDR-EnrichIncidentWithPrincipalActivity/azuredeploy.json');
  const pb = JSON.parse(readFileSync(pbFile, 'utf8'));
  pb.parameters.ClientSecret = { type: 'securestring', defaultValue: FAKE.entraSecret };
  writeFileSync(pbFile, JSON.stringify(pb, null, 2));
  return { r, places: [['SASUriGenerated.yaml', 'secretlint-rule-github'], ['SASUriGenerated.yaml', 'cdr/azure-account-key'], [wbFile, 'cdr/azure-sas-signature'], ['azuredeploy.json', 'cdr/entra-client-secret']] };
}

describe('cdr validate and cdr build', () => {
  it('validate reports each pasted secret at file:line:col with its rule; the build refuses and ships nothing', async () => {
    const { r, places } = rootWithSecrets();
    const res = spawnSync(process.execPath, [CLI, 'validate', '--root', r], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    const secretLines = res.stdout.split('\n').filter((l) => l.includes('SECRET001'));
    for (const [file, rule] of places) expect(secretLines.some((l) => l.includes(file.split('/').pop()!) && l.includes(rule)), `${file} ${rule}\n${secretLines.join('\n')}`).toBe(true);
    for (const l of secretLines) expect(l).toMatch(/^[^:]+:\d+:\d+: error SECRET001: possible secret in content: /);
    const before = readFileSync(join(r, 'README.md'), 'utf8');
    const b = await buildSolution({ root: r });
    expect(b.files).toEqual([]);
    expect(b.diagnostics.filter((d) => d.code === 'SECRET001').length).toBeGreaterThanOrEqual(4);
    expect(readFileSync(join(r, 'README.md'), 'utf8')).toBe(before);
  });

  it('a secret in an already built package is reported at its position in the package file', async () => {
    const r = smallRoot();
    await buildSolution({ root: r });
    const main = join(r, 'Solution/Package/mainTemplate.json');
    const lines = readFileSync(main, 'utf8').split('\n');
    lines.splice(3, 0, `  "note": "${FAKE.bearer}",`);
    writeFileSync(main, lines.join('\n'));
    const found = await validateSecrets(r);
    expect(found.map((d) => [d.file.slice(r.length), d.line, d.column])).toEqual(expect.arrayContaining([['/Solution/Package/mainTemplate.json', 4, 12]]));
    expect(found.find((d) => d.line === 4)!.message).toMatch(/possible secret in the built package: .*\(rule cdr\/bearer-token\)/);
  });

  it('an inline secretlint-disable-line directive marks a false positive in content and in the package built from it', async () => {
    const r = smallRoot();
    const rule = join(r, 'Analytic Rules/SASUriGenerated.yaml');
    const y = readFileSync(rule, 'utf8').replace('  CDR_ArmOperations(WatchedOperations)\n', `  CDR_ArmOperations(WatchedOperations)\n  | where RequestText !has "${FAKE.accountKey}" // documented sample key; secretlint-disable-line\n`);
    writeFileSync(rule, y);
    expect(await validateSecrets(r)).toEqual([]);
    const b = await buildSolution({ root: r });
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(await validateSecrets(r)).toEqual([]);
  });
});
