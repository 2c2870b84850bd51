/**
 * Issue 10, silent drops: every content file either loads as its kind or yields a positioned error among all the
 * others (empty, comment-only and list-top-level files at 1:1; dangling links and folders named X.yaml; invalid
 * UTF-8 with the line:col of the first bad byte sequence).
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadContent } from '../../tools/content/load.js';
import { validateContent } from '../../tools/validate/index.js';
import { buildSolution } from '../../tools/package/index.js';
import { decodeUtf8, firstInvalidUtf8 } from '../../tools/util/content-file.js';
import { CLI, smallRoot } from './hardening-root.js';

// These tests start the CLI (a fresh Node process each); on a loaded 2-core machine one start can take tens of seconds.
vi.setConfig({ testTimeout: 240_000 });

/** A root with an extra rule file (listed in the solution data file and with a test file, so only the file itself is wrong). */
function rootWithRule(name: string, write: (path: string) => void): string {
  const r = smallRoot();
  write(join(r, 'Analytic Rules', name));
  const solFile = join(r, 'Solution/Data/Solution_CDR.json');
  const sol = JSON.parse(readFileSync(solFile, 'utf8'));
  sol['Analytic Rules'].push(`Analytic Rules/${name}`);
  writeFileSync(solFile, JSON.stringify(sol, null, 2));
  writeFileSync(join(r, 'test/rules', name.replace(/\.ya?ml$/, '.test.yaml')), readFileSync(join(r, 'test/rules/SASUriGenerated.test.yaml')));
  return r;
}
const errorsOf = (r: string, file: string) => validateContent(loadContent(r)).filter((d) => d.severity === 'error' && d.file.endsWith(file));

describe('files that are not a mapping', () => {
  const cases: [string, string, RegExp][] = [
    ['Empty.yaml', '', /the file is empty: expected an analytic rule \(id, name, query, \.\.\.\), a YAML mapping of fields/],
    ['Comment.yaml', '# only a comment\n\n# and another\n', /the file has no content \(only comments or blank lines\): expected an analytic rule/],
    ['List.yaml', '- id: 0b7f2f8e-1111-4222-8333-444455556666\n- name: x\n', /the top level is a list: expected an analytic rule/],
    ['Scalar.yaml', 'just text\n', /the top level is a single value: expected an analytic rule/],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: cdr validate reports an error at 1:1 naming what was expected`, () => {
      const r = rootWithRule(name, (p) => writeFileSync(p, text));
      const errs = errorsOf(r, name);
      expect(errs).toHaveLength(1);
      expect(errs[0]).toMatchObject({ line: 1, column: 1, code: 'LOAD007' });
      expect(errs[0]!.message).toMatch(message);
    });
  }
  it('the build refuses too instead of packaging one item fewer than listed', async () => {
    const r = rootWithRule('Empty.yaml', (p) => writeFileSync(p, ''));
    const res = await buildSolution({ root: r });
    expect(res.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(expect.arrayContaining(['LOAD007']));
    expect(res.files).toEqual([]);
  });
  it('a workbook or playbook whose top level is not a JSON object is an error at 1:1', () => {
    const r = smallRoot();
    writeFileSync(join(r, 'Workbooks', 'CDRCoverageAndHealth.json'), '[1, 2]');
    writeFileSync(join(r, 'Playbooks', 'CDR-EnrichIncidentWithPrincipalActivity', 'azuredeploy.json'), '');
    const errs = loadContent(r).loadErrors;
    expect(errs.find((d) => d.file.endsWith('CDRCoverageAndHealth.json'))).toMatchObject({ line: 1, column: 1, message: 'the top level is an array: expected a workbook (a JSON object)' });
    expect(errs.find((d) => d.file.endsWith('azuredeploy.json'))).toMatchObject({ line: 1, column: 1, message: 'the file is empty: expected a playbook (an ARM template: a JSON object)' });
  });
});

describe('entries that are not files', () => {
  it('a dangling symlink and a folder named X.yaml are positioned errors among all the others; the run goes on', () => {
    const r = smallRoot();
    symlinkSync(join(r, 'nowhere.yaml'), join(r, 'Analytic Rules', 'Dangling.yaml'));
    mkdirSync(join(r, 'Hunting Queries', 'Folder.yaml'));
    symlinkSync(join(r, 'nowhere'), join(r, 'Playbooks', 'DanglingPlaybook'));
    const f = join(r, 'Analytic Rules', 'SASUriGenerated.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/^severity: Medium$/m, 'severity: Loud'));
    const res = spawnSync(process.execPath, [CLI, 'validate', '--root', r], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).not.toMatch(/ENOENT|EISDIR/);
    expect(res.stdout).toMatch(/Dangling\.yaml:1:1: error LOAD005: dangling symbolic link: expected an analytic rule/);
    expect(res.stdout).toMatch(/Folder\.yaml:1:1: error LOAD005: is a folder: expected a hunting query \(id, name, query, \.\.\.\) \(a file\)/);
    expect(res.stdout).toMatch(/DanglingPlaybook:1:1: error LOAD005: dangling symbolic link: expected a playbook folder/);
    // ...and the unrelated schema error of another rule is still reported in the same run.
    expect(res.stdout).toMatch(/SASUriGenerated\.yaml:\d+:\d+: error RULE001/);
  });
  it('a content file that is a symbolic link leading outside the content root is refused', () => {
    const r = smallRoot();
    const outside = smallRoot();
    symlinkSync(join(outside, 'Analytic Rules', 'SASUriGenerated.yaml'), join(r, 'Analytic Rules', 'Linked.yaml'));
    const errs = loadContent(r).loadErrors.filter((d) => d.file.endsWith('Linked.yaml'));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ code: 'PATH001', line: 1, column: 1 });
    expect(errs[0]!.message).toMatch(/leads outside .* through a symbolic link/);
  });
});

describe('invalid UTF-8', () => {
  it('is rejected with the line:col and byte offset of the first bad sequence, not shipped as U+FFFD', async () => {
    const r = smallRoot();
    const f = join(r, 'Analytic Rules', 'SASUriGenerated.yaml');
    const text = readFileSync(f, 'utf8');
    const lines = text.split('\n');
    const lineNo = lines.findIndex((l) => l.startsWith('  \'A SAS URI')) + 1;
    const at = Buffer.byteLength(lines.slice(0, lineNo - 1).join('\n') + '\n') + 5; // inside that line, column 6
    const bytes = Buffer.concat([Buffer.from(text).subarray(0, at), Buffer.from([0xc3, 0x28]), Buffer.from(text).subarray(at)]);
    writeFileSync(f, bytes);
    const errs = errorsOf(r, 'SASUriGenerated.yaml');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ line: lineNo, column: 6, code: 'LOAD006' });
    const next = [...Buffer.from(text).subarray(at, at + 2)].map((b) => `0x${b.toString(16).toUpperCase()}`).join(' ');
    expect(errs[0]!.message).toBe(`invalid UTF-8: byte sequence 0xC3 0x28 ${next} at byte offset ${at} is not UTF-8 (save the file as UTF-8)`);
    const res = await buildSolution({ root: r });
    expect(res.files).toEqual([]);
  });
  it('the validator follows Unicode table 3-7: overlongs, surrogates and code points above U+10FFFF are invalid', () => {
    const ok = ['', 'abc', 'é', '€', '𝄞', '\uFEFFbom'].map((s) => Buffer.from(s));
    for (const b of ok) expect(firstInvalidUtf8(b)).toBe(-1);
    const bad: [number[], number][] = [[[0x61, 0x80], 1], [[0xc0, 0xaf], 0], [[0xe0, 0x80, 0xaf], 0], [[0xed, 0xa0, 0x80], 0], [[0xf4, 0x90, 0x80, 0x80], 0], [[0x61, 0xe2, 0x82], 1], [[0xff], 0]];
    for (const [b, off] of bad) expect(firstInvalidUtf8(Buffer.from(b))).toBe(off);
    expect(decodeUtf8(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toMatchObject({ error: { line: 1, column: 1, message: expect.stringMatching(/UTF-16 byte order mark/) } });
    expect(decodeUtf8(Buffer.concat([Buffer.from('a\nbé\nxy'), Buffer.from([0xff])]))).toMatchObject({ error: { line: 3, column: 3, offset: 8 } });
  });
});
