/**
 * Parsers (Parsers/*.yaml): loading, their function declarations, validation of their bodies and of rules that
 * call them, and their evaluation by the engine (database functions with a KQL body).
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../../tools/content/load.js';
import { defaultLiteral, loadParser, parameterList, parserFunctionDecl } from '../../tools/content/parsers.js';
import { validateContent } from '../../tools/validate/index.js';
import { KqlEngine } from '../../tools/kql/engine.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROJECT = join(here, '..', '..');

const PARSER = (name: string, query: string, extra = '') => `id: 0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0
Function:
  Title: ${name} test function
  Version: '1.0.0'
  LastUpdated: '2026-12-01'
Category: Microsoft Sentinel Parser
FunctionName: ${name}
FunctionAlias: ${name}
${extra}FunctionQuery: |
${query.split('\n').map((l) => `  ${l}`).join('\n')}
`;

const RULE = (query: string) => `id: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
name: Calls a parser
description: |
  'Test rule.'
severity: Low
requiredDataConnectors:
  - connectorId: AzureActivity
    dataTypes:
      - AzureActivity
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Execution
relevantTechniques:
  - T1059
query: |
  ${query}
version: 1.0.0
kind: Scheduled
`;

const TESTS = `cases:
  - { name: fires, now: '2026-11-20T12:00:00Z', fixtures: { tables: {} }, expect: { rows: 1 } }
  - { name: quiet, now: '2026-11-20T12:00:00Z', fixtures: { tables: {} }, expect: { rows: 0 } }
`;

function rootWith(parsers: Record<string, string>, rule?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'cdr-parsers-'));
  for (const d of ['Analytic Rules', 'Parsers', 'test/rules', 'Solution/Data']) mkdirSync(join(root, d), { recursive: true });
  for (const [name, text] of Object.entries(parsers)) {
    writeFileSync(join(root, 'Parsers', `${name}.yaml`), text);
    writeFileSync(join(root, 'test/rules', `${name}.test.yaml`), TESTS);
  }
  if (rule) {
    writeFileSync(join(root, 'Analytic Rules', 'CallsParser.yaml'), rule);
    writeFileSync(join(root, 'test/rules', 'CallsParser.test.yaml'), TESTS.replace(/rows/g, 'alerts'));
  }
  writeFileSync(join(root, 'Solution/Data/Solution_T.json'), JSON.stringify({
    Name: 'T', Author: 'T team', Logo: '<img src="x.svg">', Description: 'test', Version: '3.0.0', Metadata: 'SolutionMetadata.json', BasePath: '.',
    'Analytic Rules': rule ? ['Analytic Rules/CallsParser.yaml'] : [], Parsers: Object.keys(parsers).map((n) => `Parsers/${n}.yaml`),
  }));
  copyFileSync(join(PROJECT, 'Solution', 'SolutionMetadata.json'), join(root, 'Solution', 'SolutionMetadata.json'));
  copyFileSync(join(PROJECT, 'Solution', 'ReleaseNotes.md'), join(root, 'Solution', 'ReleaseNotes.md'));
  return root;
}

describe('parser model', () => {
  it('loads the official parser layout and renders its parameter list', () => {
    const p = loadParser(join(PROJECT, 'Parsers', 'CDR_ArmOperations.yaml'));
    expect(p.kind).toBe('parser');
    expect(p.functionAlias).toBe('CDR_ArmOperations');
    expect(p.version).toBe('1.0.0');
    expect(parameterList(p.parameters)).toBe('(operations:dynamic = dynamic([]), suffix:string = "")');
    expect(parserFunctionDecl(p)?.body).toContain('AzureActivity');
  });

  it('writes defaults as KQL literals of their type', () => {
    expect(defaultLiteral({ name: 'a', type: 'string', default: "it's" })).toBe('"it\'s"');
    expect(defaultLiteral({ name: 'a', type: 'timespan', default: '1d' })).toBe('1d');
    expect(defaultLiteral({ name: 'a', type: 'bool', default: true })).toBe('true');
    expect(defaultLiteral({ name: 'a', type: 'dynamic', default: '["x"]' })).toBe('dynamic(["x"])');
    expect(defaultLiteral({ name: 'a', type: 'datetime', default: '2026-01-01' })).toBe('datetime(2026-01-01)');
  });
});

describe('validating parsers and rules that call them', () => {
  it('binds a rule that calls a parser, and the parser itself', () => {
    const root = rootWith({ CDR_Ops: PARSER('CDR_Ops', 'AzureActivity\n| where OperationNameValue has suffix', 'FunctionParams:\n  - Name: suffix\n    Type: string\n    Default: write\n') },
      RULE('CDR_Ops("delete") | project TimeGenerated, Caller'));
    // Notes (e.g. why the rule is not emitted as a Defender custom detection) are not findings.
    expect(validateContent(loadContent(root)).filter((d) => d.severity !== 'note')).toEqual([]);
  }, 180_000); // builds the binder's globals for ~700 tables: slow on a loaded machine

  it('reports a KQL error inside FunctionQuery at its line and column in the parser file', () => {
    const root = rootWith({ CDR_Bad: PARSER('CDR_Bad', 'AzureActivity\n| where NoSuchColumn == 1') });
    const ds = validateContent(loadContent(root));
    const d = ds.find((x) => x.code === 'KQL001');
    expect(d?.file).toMatch(/CDR_Bad\.yaml$/);
    expect(`${d?.line}:${d?.column}`).toBe('11:11');
  });

  it('rejects a malformed parser, an alias that shadows a table and a file not named after FunctionName', () => {
    const root = rootWith({
      CDR_NoQuery: PARSER('CDR_NoQuery', 'print 1').replace(/FunctionQuery:[\s\S]*/, ''),
      SigninLogs: PARSER('SigninLogs', 'print 1'),
      CDR_Misnamed: PARSER('CDR_Other', 'print 1'),
    });
    const codes = validateContent(loadContent(root)).map((d) => `${d.code} ${d.message}`);
    expect(codes.some((c) => /^PARSER001 .*FunctionQuery/.test(c))).toBe(true);
    expect(codes.some((c) => /^PARSER004 .*name of a table/.test(c))).toBe(true);
    expect(codes.some((c) => /^PARSER002 /.test(c))).toBe(true);
  });

  it('a rule calling an unknown function is still an error', () => {
    const root = rootWith({}, RULE('CDR_Missing() | project TimeGenerated'));
    expect(validateContent(loadContent(root)).some((d) => d.code === 'KQL001' && /CDR_Missing/.test(d.message))).toBe(true);
  });
});

describe('engine: database functions with a KQL body', () => {
  const engine = new KqlEngine();
  engine.registerFunctions([
    { name: 'Twice', parameters: '(x:long)', body: '{\n x * 2\n}' },
    { name: 'Upto', parameters: '(n:long = 3)', body: '{\nrange i from 1 to n step 1\n| extend d = Twice(i)\n}' },
    { name: 'Clean', parameters: '(s:string)', body: '{\nlet Trimmed = trim(@"\\s+", s);\ntoupper(Trimmed)\n}' },
    { name: 'Broken', parameters: '()', body: '{\nrange i from 1 to 2 step 1\n| where nosuchfunction(i)\n}' },
  ]);
  const now = '2026-11-20T12:00:00Z';

  it('evaluates tabular and scalar functions, defaults and nested calls', () => {
    expect(engine.run('Upto | summarize sum(d)', { now }).rows).toEqual([[12]]);
    expect(engine.run('Upto(2) | project d', { now }).rows).toEqual([[2], [4]]);
    expect(engine.run('print Twice(21)', { now }).rows).toEqual([[42]]);
  });

  it('a let inside a function body that depends on a per-row argument stays per row', () => {
    const r = engine.run('datatable(s:string)[" a ", "b  ", "  c"] | extend u = Clean(s)', { now });
    expect(r.rows.map((x) => x[1])).toEqual(['A', 'B', 'C']);
  });

  it('an error inside a function body names the function and the line of its body', () => {
    expect(() => engine.run('Broken()', { now })).toThrow(/nosuchfunction.*line 2, column 9 of function Broken/);
  });

  it('tolong and toint of a bool are 1 and 0', () => {
    expect(engine.run('print toint(true), tolong(false)', { now }).rows).toEqual([[1, 0]]);
  });

  it('mv-apply over no rows keeps the binder schema of its subquery', () => {
    const r = engine.run('datatable(b:dynamic)[] | mv-apply k = bag_keys(b) to typeof(string) on (summarize m = make_bag(bag_pack(k, 1))) | extend x = m.a', { now });
    expect(r.columns.find((c) => c.name === 'm')?.type).toBe('dynamic');
    expect(r.rows).toEqual([]);
  });
});
