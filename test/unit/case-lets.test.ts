/**
 * Test cases set a query's top-level lets (`lets:`), through the syntax tree like a workbook's cdr:queryFrom: the value
 * replaces the default, a wrong name or kind is a positioned error, and mutants run with the case's values too.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { letValueKql, setLet, topLevelLets } from '../../tools/kusto/let-statements.js';
import { loadSuite, runEntries, runMutationCheck, selectEntries } from '../../tools/harness/index.js';
import { loadCaseFile } from '../../tools/harness/cases.js';

describe('top-level lets on the syntax tree', () => {
  it('replaces only the value of the top-level let, keeping comments and leaving lets inside function bodies alone', () => {
    const q = 'let Who = "";   // UPN; "" = everyone\nlet F = (x:string) { let Who = "inner"; x };\nT | where Caller =~ Who';
    expect(setLet(q, 'Who', '"bob"')).toBe('let Who = "bob";   // UPN; "" = everyone\nlet F = (x:string) { let Who = "inner"; x };\nT | where Caller =~ Who');
    expect(setLet('let A = 1;\nlet A = 2;\nT', 'A', '5')).toBeUndefined();       // which one is unclear
    expect(setLet('T | where x == 1', 'A', '5')).toBeUndefined();
    expect(topLevelLets('let S = "a"; let N = 5; let R = 2.5; let B = true; let W = 7d; let D = datetime(2026-01-01); let L = dynamic(["x"]); let M = -1; let G = T | take 1; print 1')
      .map((l) => `${l.name}:${l.kind ?? l.syntaxKind}`)).toEqual(['S:string', 'N:long', 'R:real', 'B:bool', 'W:timespan', 'D:datetime', 'L:dynamic', 'M:long', 'G:PipeExpression']);
  });
  it('turns data values into KQL literals of the let\'s kind, and refuses a value of another kind', () => {
    expect(letValueKql('string', 'Alice "A" \\ O\'Brien\n')).toEqual({ kql: '"Alice \\"A\\" \\\\ O\'Brien\\n"' });
    expect(letValueKql('long', 12)).toEqual({ kql: '12' });
    expect(letValueKql('real', 0.5)).toEqual({ kql: 'real(0.5)' });
    expect(letValueKql('bool', false)).toEqual({ kql: 'false' });
    expect(letValueKql('timespan', '90m')).toEqual({ kql: '90m' });
    expect(letValueKql('timespan', '1.12:00:00')).toEqual({ kql: 'time(1.12:00:00)' });
    expect(letValueKql('datetime', '2026-11-20T12:00:00Z')).toEqual({ kql: 'datetime(2026-11-20T12:00:00Z)' });
    expect(letValueKql('dynamic', ['a', 'b'])).toEqual({ kql: 'dynamic(["a","b"])' });
    expect(letValueKql('string', 5)).toEqual({ error: 'expects a string, got number 5' });
    expect(letValueKql('long', 1.5)).toMatchObject({ error: expect.stringMatching(/^expects an integer/) });
    expect(letValueKql('timespan', 'soon')).toMatchObject({ error: expect.stringMatching(/^expects a timespan/) });
    expect(letValueKql('timespan', '7 weeks')).toMatchObject({ error: expect.stringMatching(/^expects a timespan/) });
    expect(letValueKql('datetime', 'x) | take 1 | (')).toMatchObject({ error: expect.stringMatching(/^expects an ISO-8601 datetime/) });
    expect(letValueKql('bool', 'true')).toMatchObject({ error: expect.stringMatching(/^expects true or false/) });
  });
});

/** A content root with one self-contained hunting query (AzureActivity only) and the given case file. */
function huntingRoot(cases: string): string {
  const r = mkdtempSync(join(tmpdir(), 'cdr-lets-'));
  for (const d of ['Hunting Queries', 'test/rules', 'test/fixtures', 'Solution/Data']) mkdirSync(join(r, d), { recursive: true });
  writeFileSync(join(r, 'Hunting Queries', 'CallerActivity.yaml'), `id: 0d6f1c9e-2b4a-4e8d-9f3c-5a7b1e2d4c6f
name: Activity of a caller
description: |
  'Test query: a caller's operations.'
requiredDataConnectors:
  - connectorId: AzureActivity
    dataTypes:
      - AzureActivity
tactics:
  - Discovery
relevantTechniques:
  - T1087
query: |
  let TargetCaller = "";   // empty = every caller
  let Lookback = 1d;
  AzureActivity
  | where TimeGenerated > ago(Lookback)
  | where isempty(TargetCaller) or Caller =~ TargetCaller
  | summarize Operations = count() by Caller = tolower(Caller)
version: 1.0.0
`);
  writeFileSync(join(r, 'test/rules/CallerActivity.test.yaml'), cases);
  return r;
}
const ROWS = `fixtures: { tables: { AzureActivity: [
        { TimeGenerated: "2026-11-20T11:00:00Z", Caller: Alice.Smith@Contoso.com, OperationNameValue: Microsoft.Storage/storageAccounts/listKeys/action, CorrelationId: c1 },
        { TimeGenerated: "2026-11-20T11:30:00Z", Caller: bob@contoso.com, OperationNameValue: Microsoft.Storage/storageAccounts/listKeys/action, CorrelationId: c2 } ] } }`;
const EVERYONE = `  - name: everyone
    now: 2026-11-20T12:00:00Z
    ${ROWS}
    expect: { rows: 2 }
`;

describe('case lets (test/rules/*.test.yaml)', () => {
  it('apply to the query the case runs', () => {
    const r = huntingRoot(`cases:\n${EVERYONE}  - name: alice typed in lower case\n    now: 2026-11-20T12:00:00Z\n    lets: { TargetCaller: alice.smith@contoso.com, Lookback: 2h }\n    ${ROWS}\n    expect: { rows: [ { Caller: alice.smith@contoso.com, Operations: 1 } ] }\n`);
    const suite = loadSuite(r);
    const results = runEntries(suite, selectEntries(suite, {}));
    expect(results.map((x) => [x.testCase.name, x.passed, x.error ?? x.problems.join('; ')])).toEqual([['everyone', true, ''], ['alice typed in lower case', true, '']]);
    expect(results[1]!.testCase.lets!.map((l) => `${l.name}@${l.line}:${l.column}`)).toEqual(['TargetCaller@10:27', 'Lookback@10:62']);
  });
  it('an unknown let name or a value of the wrong kind is an error at its line and column', () => {
    const r = huntingRoot(`cases:\n  - name: typo\n    now: 2026-11-20T12:00:00Z\n    lets:\n      TargetCaler: alice@contoso.com\n      Lookback: 5\n    ${ROWS}\n    expect: { rows: 1 }\n  - name: not a mapping\n    now: 2026-11-20T12:00:00Z\n    lets: [ TargetCaller ]\n    ${ROWS}\n    expect: { rows: 1 }\n`);
    const file = join(r, 'test/rules/CallerActivity.test.yaml');
    const suite = loadSuite(r);
    expect(suite.entries[0]!.cases!.errors).toEqual([
      `${file}:5:20: case "typo": lets.TargetCaler: the query has no top-level 'let TargetCaler = ...;' (lets a case can set: TargetCaller, Lookback)`,
      `${file}:6:17: case "typo": lets.Lookback: expects a timespan such as '7d', '90m' or '1.12:00:00', got number 5 (the default of 'let Lookback' is a timespan)`,
      `${file}:13:11: case "not a mapping": lets must map top-level let names of the query to values`,
    ]);
    // Without the item (a caller that only reads the file) the values are kept for the run, which checks them again.
    expect(loadCaseFile(file).errors).toEqual([`${file}:13:11: case "not a mapping": lets must map top-level let names of the query to values`]);
  });
  it('apply to every mutant: a case-sensitive mutant of the let-driven filter survives without them and is killed with them', () => {
    const weak = huntingRoot(`cases:\n${EVERYONE}`);
    const ws = loadSuite(weak);
    const w = runMutationCheck(ws, ws.entries);
    const status = (o: typeof w.outcomes, kind: string, clause: RegExp) => o.find((x) => x.mutant.kind === kind && clause.test(x.mutant.clause))!.status;
    expect(status(w.outcomes, 'case-sensitive', /Caller =~ TargetCaller/)).toBe('survived');
    expect(status(w.outcomes, 'drop-where', /isempty\(TargetCaller\)/)).toBe('survived');
    const strong = huntingRoot(`cases:\n${EVERYONE}  - name: alice typed in lower case\n    now: 2026-11-20T12:00:00Z\n    lets: { TargetCaller: alice.smith@contoso.com }\n    ${ROWS}\n    expect: { rows: [ { Caller: alice.smith@contoso.com } ] }\n`);
    const ss = loadSuite(strong);
    const s = runMutationCheck(ss, ss.entries);
    expect(s.baselineFailures).toEqual([]);
    expect(status(s.outcomes, 'case-sensitive', /Caller =~ TargetCaller/)).toBe('killed');
    expect(status(s.outcomes, 'drop-where', /isempty\(TargetCaller\)/)).toBe('killed');
    expect(s.outcomes.find((x) => x.mutant.kind === 'case-sensitive')!.killedBy).toBe('CallerActivity: alice typed in lower case');
  });
});
