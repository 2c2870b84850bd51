/** A small copy of the project's content (two rules, a hunting query, the workbook and the playbook) for tests that break things. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(PROJECT, 'dist', 'tools', 'cli', 'main.js');
const RULES = ['VMRunCommandExecuted.yaml', 'SASUriGenerated.yaml'];
const HUNTS = ['PrincipalAzureServices.yaml'];

export function smallRoot(prefix = 'cdr-hard-'): string {
  const r = mkdtempSync(join(tmpdir(), prefix));
  for (const d of ['Analytic Rules', 'Hunting Queries', 'Workbooks', 'Solution/Data', 'test/rules', 'test/fixtures']) mkdirSync(join(r, d), { recursive: true });
  for (const f of RULES) {
    cpSync(join(PROJECT, 'Analytic Rules', f), join(r, 'Analytic Rules', f));
    cpSync(join(PROJECT, 'test/rules', f.replace('.yaml', '.test.yaml')), join(r, 'test/rules', f.replace('.yaml', '.test.yaml')));
  }
  for (const f of HUNTS) {
    cpSync(join(PROJECT, 'Hunting Queries', f), join(r, 'Hunting Queries', f));
    cpSync(join(PROJECT, 'test/rules', f.replace('.yaml', '.test.yaml')), join(r, 'test/rules', f.replace('.yaml', '.test.yaml')));
  }
  for (const f of ['CDRCoverageAndHealth.json', 'WorkbooksMetadata.json']) cpSync(join(PROJECT, 'Workbooks', f), join(r, 'Workbooks', f));
  cpSync(join(PROJECT, 'Playbooks'), join(r, 'Playbooks'), { recursive: true });
  // The rules read their tables through the solution's parsers (CDR_ArmOperations): copy them with their tests.
  cpSync(join(PROJECT, 'Parsers'), join(r, 'Parsers'), { recursive: true });
  for (const f of readdirSync(join(PROJECT, 'Parsers'))) cpSync(join(PROJECT, 'test/rules', f.replace('.yaml', '.test.yaml')), join(r, 'test/rules', f.replace('.yaml', '.test.yaml')));
  cpSync(join(PROJECT, 'Solution', 'SolutionMetadata.json'), join(r, 'Solution', 'SolutionMetadata.json'));
  cpSync(join(PROJECT, 'Solution', 'ReleaseNotes.md'), join(r, 'Solution', 'ReleaseNotes.md'));
  const data = JSON.parse(readFileSync(join(PROJECT, 'Solution', 'Data', 'Solution_CDR.json'), 'utf8'));
  data['Analytic Rules'] = RULES.map((f) => `Analytic Rules/${f}`);
  data['Hunting Queries'] = HUNTS.map((f) => `Hunting Queries/${f}`);
  delete data['Summary Rules'];
  data.Workbooks = ['Workbooks/CDRCoverageAndHealth.json'];
  writeFileSync(join(r, 'Solution/Data/Solution_CDR.json'), JSON.stringify(data, null, 2));
  writeFileSync(join(r, 'README.md'), '# T\n\n<!-- BEGIN CONTENT TABLE -->\n<!-- END CONTENT TABLE -->\n');
  return r;
}

/** Every file under dir (relative path -> base64 content), for "nothing was touched" checks. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name), q = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, q); else out[q] = readFileSync(p).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}
