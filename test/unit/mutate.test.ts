import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMutants, loadAllowList, loadSuite, runMutationCheck, selectEntries, shrunkThresholds } from '../../tools/harness/index.js';
import { normalisedFor } from '../../tools/harness/mutate/allowlist.js';

const kinds = (q: string) => generateMutants(q).map((m) => `${m.kind}@${m.offset}: ${m.clause} -> ${m.replacement}`);

describe('mutant generator (syntax tree of the official parser)', () => {
  it('drops each where in turn, also inside let bodies, join and union legs', () => {
    const q = 'let Recent = T | where a == 1;\nRecent | join kind=inner (U | where b == 2) on k | union (V | filter c == 3) | where d == 4';
    const drops = generateMutants(q).filter((m) => m.kind === 'drop-where');
    expect(drops.map((m) => [m.clause, q.slice(m.offset, m.offset + 5)])).toEqual([
      ['where a == 1', 'where'], ['where b == 2', 'where'], ['filter c == 3', 'filte'], ['where d == 4', 'where']]);
    expect(drops[1]!.query).toBe('let Recent = T | where a == 1;\nRecent | join kind=inner (U | where true) on k | union (V | filter c == 3) | where d == 4');
    expect(drops[2]!.replacement).toBe('filter true');
  });
  it('flips case-insensitive operators to their case-sensitive twins; has_any and literals without letters stay', () => {
    const q = 'T | where a in~ ("X") and b !in~ ("y") and c =~ "Z" and d !~ "w" and e has "Q" and f !contains "r" and g startswith "S" and h has_any ("k") and i has ":" and j startswith "2" and k =~ l';
    expect(generateMutants(q).filter((m) => m.kind === 'case-sensitive').map((m) => m.replacement)).toEqual([
      'a in ("X")', 'b !in ("y")', 'c == "Z"', 'd != "w"', 'e has_cs "Q"', 'f !contains_cs "r"', 'g startswith_cs "S"', 'k == l']);
    const m = generateMutants('T | where Op endswith "/WRITE"').find((x) => x.kind === 'case-sensitive')!;
    expect(m.operands).toEqual({ column: 'Op', literals: ['/WRITE'] });
    expect(m.offset).toBe(13);   // the operator
  });
  it('shrinks numeric thresholds: N-1 and floor(N/2) for integers, 0.9N and N/2 for reals, through a let too', () => {
    expect(shrunkThresholds(10, false)).toEqual([9, 5]);
    expect(shrunkThresholds(1, false)).toEqual([0]);
    expect(shrunkThresholds(0, false)).toEqual([-1]);
    expect(shrunkThresholds(0.5, true)).toEqual([0.45, 0.25]);
    const q = 'let Threshold = 20;\nT | summarize n = count() by k | where n >= Threshold and dcount_ip > 3 and r < 2.0 and TimeGenerated > ago(1d)';
    expect(generateMutants(q).filter((m) => m.kind === 'threshold').map((m) => m.replacement)).toEqual([
      'n >= Threshold (let Threshold = 19)', 'n >= Threshold (let Threshold = 10)', 'dcount_ip > 2', 'dcount_ip > 1', 'r < 1.8', 'r < 1.0']);
    expect(generateMutants(q).find((m) => m.kind === 'threshold')!.query).toMatch(/^let Threshold = 19;/);
  });
  it('removes each table of each union in turn (listed legs and a piped union)', () => {
    expect(kinds('union isfuzzy=true A, (B | where x == 1), C | count').filter((k) => k.startsWith('drop-union-leg'))).toEqual([
      'drop-union-leg@19: A -> union (B | where x == 1), C', 'drop-union-leg@22: (B | where x == 1) -> union A, C', 'drop-union-leg@42: C -> union A, (B | where x == 1)']);
    const piped = generateMutants('A | where y == 2 | union B | count').find((m) => m.kind === 'drop-union-leg')!;
    expect(piped.query).toBe('A | where y == 2 | count');
    expect(generateMutants('union A, B').find((m) => m.kind === 'drop-union-leg')!.query).toBe('union B');
  });
  it('never produces the same mutated query twice, and nothing for a query without clauses', () => {
    const qs = generateMutants('let t = 5; T | where a > t | where b > t').map((m) => m.query);
    expect(new Set(qs).size).toBe(qs.length);
    expect(generateMutants('T | take 10')).toEqual([]);
  });
});

describe('mutation check on representative shipped rules', () => {
  // One run over two real rules: a killed mutant of every kind; every killed mutant names the case that killed it.
  it('kills a mutant of each kind with the rules\' own cases', () => {
    const suite = loadSuite();
    const entries = ['TemporaryAccessPassIssuedByNewActor', 'RiskySignInThenManagementActivity'].flatMap((rule) => selectEntries(suite, { rule }));
    expect(entries).toHaveLength(2);
    const r = runMutationCheck(suite, entries);
    expect(r.baselineFailures).toEqual([]);
    const killedKinds = new Set(r.outcomes.filter((o) => o.status === 'killed').map((o) => o.mutant.kind));
    expect([...killedKinds].sort()).toEqual(['case-sensitive', 'drop-union-leg', 'drop-where', 'threshold']);
    for (const o of r.outcomes.filter((x) => x.status === 'killed')) expect(o.killedBy).toMatch(/^(TemporaryAccessPassIssuedByNewActor|RiskySignInThenManagementActivity): /);
    for (const o of r.outcomes) expect(o.file).toMatch(/Analytic Rules\/(TemporaryAccessPassIssuedByNewActor|RiskySignInThenManagementActivity)\.yaml$/);
  }, 600_000);
});

describe('mutation allow-list', () => {
  const root = () => { const r = mkdtempSync(join(tmpdir(), 'cdr-mutate-')); mkdirSync(join(r, 'test')); return r; };
  it('reports every malformed entry with its position, and accepts reasoned entries and normalised-column facts', () => {
    const r = root();
    writeFileSync(join(r, 'test/mutation-allowlist.yaml'), [
      'normalised:',
      '  - { source: CDR_ArmOperations, column: OperationNameValue, case: upper, reason: the parser upper-cases it }',
      '  - { source: AuditLogs, column: Result, case: title, reason: x }',
      'allowed:',
      '  - { rule: A, kind: drop-where, clause: where x == 1, reason: equivalent }',
      '  - { rule: B, kind: invert, clause: where y, reason: r }',
      '  - { rule: C, kind: threshold, clause: n > 1, because: r }',
    ].join('\n'));
    const list = loadAllowList(r);
    expect(list.errors).toEqual([
      expect.stringMatching(/mutation-allowlist.yaml:3:\d+: normalised\[1\]: 'case' must be upper or lower/),
      expect.stringMatching(/mutation-allowlist.yaml:6:\d+: allowed\[1\]: kind 'invert' is not one of drop-where, case-sensitive, threshold, drop-union-leg/),
      expect.stringMatching(/mutation-allowlist.yaml:7:\d+: allowed\[2\]: unknown key 'because'/),
      expect.stringMatching(/mutation-allowlist.yaml:7:\d+: allowed\[2\]: 'reason' is required/),
    ]);
    expect(list.entries.map((e) => e.rule)).toEqual(['A', 'B']);
    expect(list.normalised).toHaveLength(1);
  });
  it('treats a case-sensitive twin as equivalent only for a normalised column of a source the query reads, with literals in that case', () => {
    const r = root();
    writeFileSync(join(r, 'test/mutation-allowlist.yaml'), 'normalised:\n  - { source: CDR_ArmOperations, column: OperationNameValue, case: upper, reason: upper-cased by the parser }\n');
    const list = loadAllowList(r);
    const twin = (q: string) => generateMutants(q).find((m) => m.kind === 'case-sensitive')!;
    const reads = new Set(['CDR_ArmOperations']);
    expect(normalisedFor(list, 'R', reads, twin('CDR_ArmOperations() | where OperationNameValue endswith "/DELETE"'))).toBeDefined();
    expect(normalisedFor(list, 'R', reads, twin('CDR_ArmOperations() | where OperationNameValue endswith "/delete"'))).toBeUndefined();
    expect(normalisedFor(list, 'R', new Set(['AzureActivity']), twin('AzureActivity | where OperationNameValue endswith "/DELETE"'))).toBeUndefined();
    expect(normalisedFor(list, 'R', reads, twin('CDR_ArmOperations() | where Caller =~ "X@CONTOSO.COM"'))).toBeUndefined();
  });
});
