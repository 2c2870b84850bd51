import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectTableSchemas } from '../../tools/kusto/table-schemas.js';
import { FixtureError, parseCsv, readFixtureDir, readFixtureTable } from '../../tools/fixtures/read-table.js';
import { ALERTS_PER_RUN_CAP, simulateAlerts, triggers } from '../../tools/harness/simulate.js';
import { applyUpdates, junit, loadSuite, mutationPassed, pretty, runEntries, runMutationCheck, selectEntries } from '../../tools/harness/index.js';
import { looseEqual } from '../../tools/harness/expect.js';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemas = projectTableSchemas();
const tmp = () => mkdtempSync(join(tmpdir(), 'cdr-harness-'));

describe('fixture readers', () => {
  it('reads Log Analytics query API JSON, Logs-blade CSV and JSONL, typed by the table schema', () => {
    const d = tmp();
    writeFileSync(join(d, 'SigninLogs.json'), JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'UserPrincipalName', type: 'string' }, { name: 'DurationMs', type: 'long' }], rows: [['2026-11-20T10:00:00Z', 'a@contoso.com', 12]] }] }));
    writeFileSync(join(d, 'AzureActivity.csv'), 'TimeGenerated [UTC],Caller,Properties_d\r\n"2026-11-20T10:00:00Z",b@contoso.com,"{""a"":1}"\r\n');
    writeFileSync(join(d, 'AuditLogs.jsonl'), '{"TimeGenerated":"2026-11-20T10:00:00Z","OperationName":"Add service principal credentials"}\n');
    const dir = readFixtureDir(d, schemas);
    const byName = Object.fromEntries(dir.tables.map((t) => [t.name, t.table]));
    const col = (t: string, c: string) => byName[t]!.data[byName[t]!.columns.findIndex((x) => x.name === c)]!;
    expect(col('SigninLogs', 'DurationMs')).toEqual([12]);
    expect(col('SigninLogs', 'IPAddress')).toEqual(['']);                 // missing string column: empty
    expect(col('SigninLogs', 'LocationDetails')).toEqual([null]);         // missing dynamic column: null
    expect(col('AzureActivity', 'Properties_d')).toEqual([{ a: 1 }]);
    expect(col('AuditLogs', 'OperationName')).toEqual(['Add service principal credentials']);
  });
  it('names file, row and column for a bad value, an unknown column, and a duplicate table', () => {
    const d = tmp();
    writeFileSync(join(d, 'SigninLogs.jsonl'), '{"TimeGenerated":"2026-11-20T10:00:00Z"}\n{"TimeGenerated":"yesterday"}\n');
    expect(() => readFixtureTable(join(d, 'SigninLogs.jsonl'), schemas)).toThrow(/SigninLogs\.jsonl: row 2, column TimeGenerated: 'yesterday' is not a datetime/);
    writeFileSync(join(d, 'SigninLogs.jsonl'), '{"NoSuchColumn":1}\n');
    expect(() => readFixtureTable(join(d, 'SigninLogs.jsonl'), schemas)).toThrow(FixtureError);
    expect(() => readFixtureTable(join(d, 'SigninLogs.jsonl'), schemas)).toThrow(/row 1, column NoSuchColumn/);
    writeFileSync(join(d, 'SigninLogs.jsonl'), '{}\n');
    writeFileSync(join(d, 'SigninLogs.csv'), 'UserPrincipalName\nx\n');
    expect(() => readFixtureDir(d, schemas)).toThrow(/given twice/);
  });
  it('parses quoted CSV with embedded newlines and refuses local-time headers', () => {
    expect(parseCsv('a,b\n"x, y","line1\nline2"\n')).toEqual([['a', 'b'], ['x, y', 'line1\nline2']]);
    const d = tmp();
    writeFileSync(join(d, 'Syslog.csv'), 'TimeGenerated [Local Time],Computer\n2026-11-20T10:00:00Z,h\n');
    expect(() => readFixtureTable(join(d, 'Syslog.csv'), schemas)).toThrow(/only UTC/);
  });
});

const rule = (over: Record<string, unknown> = {}) => ({
  name: 'Sample', description: "'A sample.'", severity: 'Medium', kind: 'Scheduled', triggerOperator: 'gt', triggerThreshold: 0, tactics: ['Execution'],
  entityMappings: [{ entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'Caller' }] }, { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'Ip' }] }],
  customDetails: { Count: 'N' }, alertDetailsOverride: { alertDisplayNameFormat: 'Run by {{Caller}}', alertSeverityColumnName: 'Sev' }, ...over,
});
const result = (rows: unknown[][]) => ({ columns: [{ name: 'Caller', type: 'string' as const }, { name: 'Ip', type: 'string' as const }, { name: 'N', type: 'long' as const }, { name: 'Sev', type: 'string' as const }], rows });

describe('alert simulation', () => {
  it('trigger operators', () => {
    expect([triggers('gt', 0, 1), triggers('gt', 1, 1), triggers('lt', 2, 1), triggers('eq', 3, 3), triggers('NotEqual', 3, 3)]).toEqual([true, false, true, true, false]);
  });
  it('SingleAlert: one alert, title from the first row, entities from all rows, custom details as distinct values', () => {
    const s = simulateAlerts(rule(), result([['a@x.com', '1.1.1.1', 2, ''], ['b@x.com', '', 3, ''], ['a@x.com', '1.1.1.1', 2, '']]));
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts[0]).toMatchObject({ title: 'Run by a@x.com', severity: 'Medium', description: 'A sample.', tactics: ['Execution'] });
    expect(s.alerts[0]!.entities).toEqual([{ type: 'Account', FullName: 'a@x.com' }, { type: 'IP', Address: '1.1.1.1' }, { type: 'Account', FullName: 'b@x.com' }]);
    expect(s.alerts[0]!.customDetails).toEqual({ Count: ['2', '3'] });
  });
  it('AlertPerResult: one alert per row, empty identifiers dropped, severity from a column, capped at 150', () => {
    const r = rule({ eventGroupingSettings: { aggregationKind: 'AlertPerResult' } });
    const s = simulateAlerts(r, result([['a@x.com', '', 1, 'High'], ['b@x.com', '2.2.2.2', 2, '']]));
    expect(s.alerts.map((a) => [a.title, a.severity, a.entities.length, a.customDetails.Count])).toEqual([['Run by a@x.com', 'High', 1, 1], ['Run by b@x.com', 'Medium', 2, 2]]);
    const many = simulateAlerts(r, result(Array.from({ length: 160 }, (_, i) => [`u${i}@x.com`, '', i, ''])));
    expect(many.alerts).toHaveLength(ALERTS_PER_RUN_CAP);
    expect(many.cappedAlerts).toBe(10);
  });
  it('does not trigger below the threshold and reports incident grouping', () => {
    expect(simulateAlerts(rule({ triggerThreshold: 5 }), result([['a', '', 1, '']])).alerts).toEqual([]);
    const g = simulateAlerts(rule({ eventGroupingSettings: { aggregationKind: 'AlertPerResult' }, incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: true, matchingMethod: 'Selected', groupByEntities: ['Account'], lookbackDuration: 'PT5H' } } }),
      result([['a@x.com', '1.1.1.1', 1, ''], ['a@x.com', '2.2.2.2', 1, ''], ['b@x.com', '1.1.1.1', 1, '']]));
    expect(g.grouping).toEqual({ enabled: true, matchingMethod: 'Selected', lookback: 'PT5H', incidents: [[0, 1], [2]] });
  });
  it('compares expectations loosely but not vacuously', () => {
    expect(looseEqual(50, 50.0)).toBe(true);
    expect(looseEqual('2026-11-20T09:00:00Z', '2026-11-20T09:00:00.000Z')).toBe(true);
    expect(looseEqual(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(looseEqual(['a'], ['a', 'b'])).toBe(false);
    expect(looseEqual({ x: 1 }, { x: 1, y: 2 })).toBe(true);
    expect(looseEqual(1, '2')).toBe(false);
  });
});

/** A content root with one real rule and its tests, for reporters, --update and --mutate. */
function sampleRoot(tests: string): string {
  const r = tmp();
  for (const d of ['Analytic Rules', 'test/rules', 'test/fixtures', 'Solution/Data']) mkdirSync(join(r, d), { recursive: true });
  // A frozen, self-contained rule (AzureActivity only, no parser): these tests are about the harness, not the rule.
  cpSync(join(PROJECT, 'test/fixtures/harness-sample/ElevatedAccessToggle.yaml'), join(r, 'Analytic Rules', 'ElevatedAccessToggle.yaml'));
  writeFileSync(join(r, 'test/rules/ElevatedAccessToggle.test.yaml'), tests);
  return r;
}
const ROW = (op: string, status = 'Success') => `{ TimeGenerated: "2026-11-20T11:40:00Z", Caller: eve@contoso.com, CallerIpAddress: 203.0.113.99, OperationNameValue: ${op}, ActivityStatusValue: ${status}, _ResourceId: /providers/Microsoft.Authorization, CorrelationId: c1 }`;
const FIRE = `  - name: fires
    now: 2026-11-20T12:00:00Z
    fixtures: { tables: { AzureActivity: [ ${ROW('MICROSOFT.AUTHORIZATION/ELEVATEACCESS/ACTION')} ] } }
    expect: { alerts: 1 }
`;

describe('harness runs, reporters, update and mutation', () => {
  it('reports failures with an expected-vs-actual table, a summary line and JUnit XML', () => {
    const r = sampleRoot(`cases:\n${FIRE}  - name: wrong expectation\n    now: 2026-11-20T12:00:00Z\n    fixtures: { tables: { AzureActivity: [ ${ROW('MICROSOFT.AUTHORIZATION/ELEVATEACCESS/ACTION')} ] } }\n    expect: { alerts: [ { title: nope } ] }\n`);
    const suite = loadSuite(r);
    const results = runEntries(suite, selectEntries(suite, {}));
    expect(results.map((x) => x.passed)).toEqual([true, false]);
    const text = pretty(results, r);
    expect(text).toMatch(/FAIL wrong expectation/);
    expect(text).toMatch(/\| title +\| severity/);
    expect(text.trim().split('\n').pop()).toBe('1 passed, 1 failed');
    const xml = junit(results);
    expect(xml).toMatch(/<testsuites name="cdr rule tests" tests="2" failures="1">/);
    expect(xml).toMatch(/<failure message="expected alert #1 not found/);
  });
  it('a broken fixture fails only its own case', () => {
    const r = sampleRoot(`cases:\n${FIRE}  - name: bad fixture\n    now: 2026-11-20T12:00:00Z\n    fixtures: { tables: { AzureActivity: [ { TimeGenerated: soon } ] } }\n    expect: { alerts: 0 }\n`);
    const suite = loadSuite(r);
    const results = runEntries(suite, selectEntries(suite, {}));
    expect(results[0]!.passed).toBe(true);
    expect(results[1]!.error).toMatch(/fixture error: .*row 1, column TimeGenerated: 'soon' is not a datetime/);
  });
  it('--update rewrites only cases marked update: allowed', () => {
    const r = sampleRoot(`cases:\n${FIRE}  - name: refresh me\n    update: allowed\n    now: 2026-11-20T12:00:00Z\n    fixtures: { tables: { AzureActivity: [ ${ROW('MICROSOFT.AUTHORIZATION/ELEVATEACCESS/ACTION')} ] } }\n    expect: { alerts: 7 }\n`);
    const suite = loadSuite(r);
    const written = applyUpdates(runEntries(suite, selectEntries(suite, {})));
    expect(written).toHaveLength(1);
    const text = readFileSync(join(r, 'test/rules/ElevatedAccessToggle.test.yaml'), 'utf8');
    expect(text).toMatch(/expect: \{ alerts: 1 \}/);        // the first case is untouched
    expect(text).toMatch(/title: eve@contoso.com elevated to User Access Administrator at root scope/);
    expect(text).not.toMatch(/alerts: 7/);
  });
  it('--mutate: a weak test lets mutants survive, a look-alike case kills them, the allow-list accepts one with a reason', () => {
    const weak = sampleRoot(`cases:\n${FIRE}`);
    const ws = loadSuite(weak);
    const w = runMutationCheck(ws, ws.entries);
    const opWhere = w.outcomes.find((o) => o.mutant.kind === 'drop-where' && o.mutant.clause.startsWith('where OperationNameValue'))!;
    expect(opWhere.status).toBe('survived');
    expect(`${opWhere.line}:${opWhere.column}`).toBe('25:5');     // the where's position in the rule file
    expect(mutationPassed(w)).toBe(false);
    const strong = sampleRoot(`cases:\n${FIRE}  - name: other operation\n    now: 2026-11-20T12:00:00Z\n    fixtures: { tables: { AzureActivity: [ ${ROW('MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/READ')} ] } }\n    expect: { alerts: 0 }\n`);
    const ss = loadSuite(strong);
    const s = runMutationCheck(ss, ss.entries);
    expect(s.outcomes.find((o) => o.mutant.clause === opWhere.mutant.clause)!.status).toBe('killed');
    // Allow-list: a reasoned entry turns a survivor into "allowed"; an entry matching nothing is stale and fails.
    writeFileSync(join(weak, 'test/mutation-allowlist.yaml'), `allowed:\n  - rule: ElevatedAccessToggle\n    kind: drop-where\n    clause: '${opWhere.mutant.clause}'\n    reason: test of the mechanism\n  - rule: ElevatedAccessToggle\n    kind: threshold\n    clause: 'x > 1'\n    reason: stale\n`);
    const as = loadSuite(weak);
    const a = runMutationCheck(as, as.entries);
    expect(a.outcomes.find((o) => o.mutant.clause === opWhere.mutant.clause)!.status).toBe('allowed');
    expect(a.allowListErrors).toEqual([expect.stringMatching(/mutation-allowlist.yaml:6: allow-list entry for ElevatedAccessToggle threshold 'x > 1' matches no surviving mutant/)]);
  });
});
