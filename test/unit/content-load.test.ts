import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { YamlFile } from '../../tools/content/yaml-doc.js';
import { loadContent } from '../../tools/content/load.js';

const RULE = `id: 0b7f2f8e-1111-4222-8333-444455556666
name: Example
query: |
  SigninLogs
  | where ResultType == "50126"
  | summarize count() by IPAddress
kind: Scheduled
`;

describe('YamlFile positions', () => {
  it('maps an offset inside a block-scalar query to the file line and column', () => {
    const y = new YamlFile('r.yaml', RULE);
    const q = (y.data as { query: string }).query;
    const offset = q.indexOf('ResultType');
    expect(y.locateInString(['query'], offset)).toEqual({ line: 5, column: 11 });
    expect(y.locateInString(['query'], 0)).toEqual({ line: 4, column: 3 });
  });
  it('maps offsets in plain and quoted single-line values', () => {
    const y = new YamlFile('r.yaml', 'query: "T | take 1"\nname: x\n');
    expect(y.locateInString(['query'], 4)).toEqual({ line: 1, column: 13 });
  });
  it('locates values, keys with null values, and falls back to the parent', () => {
    const y = new YamlFile('r.yaml', 'a:\n  b: 1\n  c:\nlist:\n  - x\n  - y\n');
    expect(y.locate(['a', 'b'])).toEqual({ line: 2, column: 6 });
    expect(y.locate(['a', 'c'])).toEqual({ line: 3, column: 3 });
    expect(y.locate(['list', 1])).toEqual({ line: 6, column: 5 });
    expect(y.locate(['a', 'missing'])).toEqual({ line: 2, column: 3 });
  });
  it('reports malformed YAML with a position and no data', () => {
    const y = new YamlFile('bad.yaml', 'a: [1, 2\nb: 3\n');
    expect(y.data).toBeUndefined();
    expect(y.parseErrors.length).toBeGreaterThan(0);
    expect(y.parseErrors[0]).toMatchObject({ file: 'bad.yaml', severity: 'error', code: 'YAML001' });
    expect(y.parseErrors[0]!.line).toBeGreaterThan(0);
  });
  it('reports duplicate keys as errors', () => {
    const y = new YamlFile('dup.yaml', 'a: 1\na: 2\n');
    expect(y.parseErrors.some((d) => d.severity === 'error' && d.line === 2)).toBe(true);
  });
});

describe('loadContent', () => {
  it('loads rules, hunting queries, playbooks and the solution data file, collecting load errors', () => {
    const root = mkdtempSync(join(tmpdir(), 'cdr-content-'));
    mkdirSync(join(root, 'Analytic Rules'));
    mkdirSync(join(root, 'Hunting Queries'));
    mkdirSync(join(root, 'Playbooks', 'NoTemplate'), { recursive: true });
    mkdirSync(join(root, 'Workbooks'));
    mkdirSync(join(root, 'Solution', 'Data'), { recursive: true });
    writeFileSync(join(root, 'Analytic Rules', 'Example.yaml'), RULE);
    writeFileSync(join(root, 'Hunting Queries', 'Hunt.yaml'), 'id: x\nname: Hunt\nquery: T\n');
    writeFileSync(join(root, 'Workbooks', 'Broken.json'), '{\n  "a": 1,\n  oops\n}');
    writeFileSync(join(root, 'Solution', 'Data', 'Solution_X.json'), '{"Name": "X"}');
    const c = loadContent(root);
    expect(c.analyticRules.map((r) => [r.baseName, r.id, r.name])).toEqual([['Example', '0b7f2f8e-1111-4222-8333-444455556666', 'Example']]);
    expect(c.huntingQueries[0]!.query).toBe('T');
    expect(c.solution?.data).toEqual({ Name: 'X' });
    const codes = c.loadErrors.map((d) => d.code).sort();
    expect(codes).toEqual(['JSON001', 'LOAD002']);
    const json = c.loadErrors.find((d) => d.code === 'JSON001')!;
    expect(json.line).toBe(3);
  });
  it('reports a missing solution data file', () => {
    const root = mkdtempSync(join(tmpdir(), 'cdr-content-'));
    const c = loadContent(root);
    expect(c.loadErrors.map((d) => d.code)).toEqual(['LOAD003']);
  });
});
