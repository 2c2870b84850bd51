/**
 * The StorageBlobLogs summary rule, run bin by bin as Azure Monitor runs it over a recorded-shape workload
 * (test/fixtures/storage-summary), must keep every request and byte (conservation), cut the record count, and let
 * the storage rules reach the same verdicts from the summary table alone, or from raw and summary together
 * without double counting.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadContent } from '../../tools/content/load.js';
import { KqlEngine, nowToTicks } from '../../tools/kql/engine.js';
import type { Table } from '../../tools/kql/types.js';
import { TableSchemaRegistry } from '../../tools/kusto/table-schemas.js';
import { readFixtureDir } from '../../tools/fixtures/read-table.js';
import { contentLayout } from '../../tools/util/paths.js';
import { runSummaryRule } from '../../tools/summary/run.js';
import { selectRows } from '../../tools/kql/compile/table-util.js';
import { parserFunctionDecls } from '../../tools/content/parsers.js';

const L = contentLayout();
const content = loadContent();
const rule = content.summaryRules.find((r) => r.baseName === 'StorageBlobLogsSummary')!;
const schemas = TableSchemaRegistry.load([L.customTables]);
const engine = new KqlEngine(schemas);
// The storage rules call the solution's parsers (CDR_IpFromEndpoint, CDR_ArmOperations), declared as the harness does.
engine.registerFunctions(parserFunctionDecls(content.parsers));
const raw = readFixtureDir(join(L.fixtures, 'storage-summary'), schemas).tables.find((t) => t.name === 'StorageBlobLogs')!.table;
const NOW = '2026-11-20T12:00:00Z';
const dest = String(rule.data!.destinationTable);
const run = runSummaryRule(engine, { name: rule.name!, query: rule.query!, binSize: Number(rule.data!.binSize), sourceTables: ['StorageBlobLogs'] },
  new Map([['StorageBlobLogs', raw]]), schemas.get(dest)!, nowToTicks('2026-11-20T09:00:00Z'), nowToTicks(NOW));
const summary = run.destination;

function query(tables: Record<string, Table>, q: string): Record<string, unknown>[] {
  engine.clearTables();
  for (const [n, t] of Object.entries(tables)) engine.registerTable(n, t);
  const r = engine.run(q, { now: NOW });
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
}
const ruleQuery = (name: string) => content.analyticRules.find((r) => r.baseName === name)!.query!;
/** Serialized size of a table's values: the same estimator for raw and summary records. */
const valueBytes = (t: Table) => { let n = 0; for (let r = 0; r < t.rowCount; r++) for (const col of t.data) { const v = col[r]; n += Buffer.byteLength(typeof v === 'bigint' ? String(v) : JSON.stringify(v ?? '')); } return n; };
const empty = (t: Table) => selectRows(t, []);

describe('summary rule StorageBlobLogsSummary', () => {
  it('runs once per hourly bin over the fixture window', () => {
    expect(run.bins.map((b) => b.sourceRows)).toEqual([443, 443, 645]);
    expect(run.bins.every((b) => b.resultRows > 0)).toBe(true);
  });

  it('keeps every request and byte per account, operation, status and caller', () => {
    const byRaw = query({ StorageBlobLogs: raw }, `StorageBlobLogs | summarize Requests = count(), Response = sum(ResponseBodySize), Request = sum(RequestBodySize) by AccountName, OperationName, StatusCode, AuthenticationType | order by OperationName asc, StatusCode asc, AuthenticationType asc`);
    const bySummary = query({ [dest]: summary }, `${dest} | summarize Requests = sum(Count), Response = sum(ResponseBytes), Request = sum(RequestBytes) by AccountName, OperationName, StatusCode, AuthenticationType | order by OperationName asc, StatusCode asc, AuthenticationType asc`);
    expect(bySummary).toEqual(byRaw);
    expect(bySummary.reduce((n, r) => n + Number(r.Requests), 0)).toBe(raw.rowCount);
  });

  it('groups callers by address without the client port (IPv4 and bracketed IPv6)', () => {
    const ips = query({ [dest]: summary }, `${dest} | distinct CallerIp | order by CallerIp asc`).map((r) => r.CallerIp);
    expect(ips).toEqual(['10.20.1.15', '10.240.0.4', '10.240.0.5', '198.51.100.10', '198.51.100.77', '2001:db8:4a1::15', '203.0.113.20']);
  });

  it('cuts the volume (reduction ratio reported)', () => {
    const recordReduction = 1 - summary.rowCount / raw.rowCount;
    const byteReduction = 1 - valueBytes(summary) / valueBytes(raw);
    console.log(`StorageBlobLogsSummary: ${raw.rowCount} raw records -> ${summary.rowCount} summary records (${(100 * recordReduction).toFixed(1)}% fewer records, ${(100 * byteReduction).toFixed(1)}% fewer bytes of values)`);
    expect(summary.rowCount).toBeLessThan(raw.rowCount);
    expect(recordReduction).toBeGreaterThan(0.9);
    expect(byteReduction).toBeGreaterThan(0.85);
  });

  it('the data-read rule reaches the same verdict from raw, summary, or both tables', () => {
    const q = ruleQuery('StorageUnusualDataRead');
    const fromRaw = query({ StorageBlobLogs: raw, [dest]: empty(summary) }, q);
    const fromSummary = query({ StorageBlobLogs: empty(raw), [dest]: summary }, q);
    const fromBoth = query({ StorageBlobLogs: raw, [dest]: summary }, q);
    expect(fromRaw.map((r) => [r.Caller, r.CallerIp, r.GiBRead, r.Reads, r.Objects])).toEqual([['198.51.100.77', '198.51.100.77', 2, 200, 200]]);
    // SourceTables names where the bytes were read from; everything else is the same verdict.
    const verdict = (rows: Record<string, unknown>[]) => rows.map(({ SourceTables: _, ...rest }) => rest);
    expect(verdict(fromSummary)).toEqual(verdict(fromRaw));
    expect(verdict(fromBoth)).toEqual(verdict(fromRaw));
    expect([fromRaw, fromSummary, fromBoth].map((rows) => rows[0]!.SourceTables)).toEqual([['StorageBlobLogs'], ['CDRStorageBlobSummary_CL'], ['StorageBlobLogs']]);
  });

  it('the restore rule reaches the same verdict from raw, summary, or both tables', () => {
    const q = ruleQuery('StorageSoftDeletedObjectRestored');
    const pick = (rows: Record<string, unknown>[]) => rows.map((r) => ({ Caller: r.Caller, Restores: r.Restores, Objects: [...(r.Objects as string[])].sort() }));
    const fromRaw = pick(query({ StorageBlobLogs: raw, [dest]: empty(summary) }, q));
    expect(fromRaw).toEqual([{ Caller: '198.51.100.77', Restores: 2, Objects: ['/stcontosoprod01/exports/finance/payroll-2026-09.csv', '/stcontosoprod01/exports/finance/payroll-2026-10.csv'] }]);
    expect(pick(query({ StorageBlobLogs: empty(raw), [dest]: summary }, q))).toEqual(fromRaw);
    expect(pick(query({ StorageBlobLogs: raw, [dest]: summary }, q))).toEqual(fromRaw);
  });
});
