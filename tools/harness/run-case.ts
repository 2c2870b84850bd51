/**
 * Runs one test case: loads its fixture scenarios and inline rows (typed by the table schemas), applies the
 * scheduler's time window, runs the query on the engine at the pinned now, simulates Sentinel's alerts and
 * checks the expectation. Problems with fixtures fail the case with a clear message; they never throw.
 */
import { basename, join } from 'node:path';
import { buildRows } from '../../test/fixtures/builders/index.js';
import type { TestableContent } from '../content/model.js';
import { parserFunctionDecl } from '../content/parsers.js';
import type { TableSchemaRegistry } from '../kusto/table-schemas.js';
import type { KqlEngine } from '../kql/engine.js';
import { nowToTicks } from '../kql/engine.js';
import type { QueryResult } from '../kql/api.js';
import type { Table } from '../kql/types.js';
import { parseTimespan } from '../kql/values.js';
import { readFixtureDir, typedTable } from '../fixtures/read-table.js';
import { resolveContained } from '../util/contained-path.js';
import { caseQuery, type TestCase } from './cases.js';
import { RuleTimeline, scheduleOf, tablesForRun } from './scheduler.js';
import type { Simulation } from './simulate.js';
import { alertMatches, matchList, rowMatches } from './expect.js';

export interface CaseResult {
  item: TestableContent;
  testFile: string;
  testCase: TestCase;
  passed: boolean;
  problems: string[];
  /** Setup or engine error (the case fails with it). */
  error?: string;
  result?: QueryResult;
  simulation?: Simulation;
  durationMs: number;
}

export interface RunEnv { engine: KqlEngine; schemas: TableSchemaRegistry; fixturesDir: string }

/** Append a table's rows to the same-named table of a set (several scenarios or folders). */
export function appendTable(into: Map<string, Table>, name: string, t: Table): void {
  const prev = into.get(name);
  if (!prev) { into.set(name, t); return; }
  // Same table from several scenarios: align columns by name and append.
  const data = prev.columns.map((c, ci) => {
    const j = t.columns.findIndex((x) => x.name === c.name);
    const nul = c.type === 'string' ? '' : null;
    return [...prev.data[ci]!, ...(j >= 0 ? t.data[j]! : new Array(t.rowCount).fill(nul))];
  });
  into.set(name, { columns: prev.columns, data, rowCount: prev.rowCount + t.rowCount });
}

function shiftTable(t: Table, by: bigint): Table {
  return { ...t, data: t.data.map((col, ci) => (t.columns[ci]!.type === 'datetime' ? col.map((v) => (v === null ? null : (v as bigint) + by)) : col)) };
}

export function prepareCase(env: RunEnv, item: TestableContent, c: TestCase, testFile: string): void {
  const { engine, schemas } = env;
  engine.clearTables();
  const tables = new Map<string, Table>();
  const shift = c.fixtures.shift ? parseTimespan(c.fixtures.shift) : 0n;
  if (shift === undefined) throw new Error(`${testFile}:${c.line}: fixtures.shift '${c.fixtures.shift}' is not a timespan (e.g. 2d, -6h)`);
  for (const s of c.fixtures.scenarios) {
    const where = resolveContained(env.fixturesDir, s, 'fixture scenario');
    if ('error' in where) throw new Error(`${testFile}:${c.line}: ${where.error}`);
    const dir = readFixtureDir(where.path, schemas, env.fixturesDir);
    for (const t of dir.tables) appendTable(tables, t.name, shift ? shiftTable(t.table, shift) : t.table);
    for (const [alias, w] of dir.watchlists) engine.registerWatchlist(alias, w.columns, w.rows);
  }
  if (c.fixtures.build) {
    const built = buildRows(c.fixtures.build, `${basename(testFile)}\u0000${c.name}`, Date.parse(c.now));
    for (const [name, rows] of Object.entries(built)) appendTable(tables, name, typedTable(name, `${testFile} (case "${c.name}", fixtures.build)`, rows, schemas));
  }
  for (const [name, rows] of Object.entries(c.fixtures.tables ?? {})) {
    if (!Array.isArray(rows)) throw new Error(`${testFile}:${c.line}: fixtures.tables.${name} must be a list of rows`);
    appendTable(tables, name, typedTable(name, `${testFile} (case "${c.name}", fixtures.tables.${name})`, rows, schemas));
  }
  for (const [url, file] of Object.entries(c.externalData ?? {})) {
    const where = resolveContained(env.fixturesDir, file, `externaldata file for '${url}'`);
    if ('error' in where) throw new Error(`${testFile}:${c.line}: ${where.error}`);
    engine.mapExternalData(url, where.path);
  }
  for (const [alias, rows] of Object.entries(c.watchlists ?? {})) {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    engine.registerWatchlist(alias, columns, rows.map((r) => columns.map((col) => (r[col] === undefined || r[col] === null ? '' : String(r[col])))));
  }
  // The scheduler's window of the run at `now` (scheduler.ts, shared with cdr backtest).
  for (const [name, t] of tablesForRun(tables, scheduleOf(item), nowToTicks(c.now))) engine.registerTable(name, t);
}

/**
 * `queryOverride` replaces the item's query (mutation testing); for a parser it replaces the function's body for
 * this case only.
 */
export function runCase(env: RunEnv, item: TestableContent, c: TestCase, testFile: string, queryOverride?: string): CaseResult {
  const started = Date.now();
  const base = { item, testFile, testCase: c };
  try {
    prepareCase(env, item, c, testFile);
  } catch (e) {
    return { ...base, passed: false, problems: [], error: `fixture error: ${(e as Error).message}`, durationMs: Date.now() - started };
  }
  let result: QueryResult;
  const decl = item.kind === 'parser' ? parserFunctionDecl(item) : undefined;
  try {
    if (item.kind === 'parser') {
      if (c.lets?.length) throw new Error(`${testFile}:${c.line}: lets is for analytic rules and hunting queries; a parser case passes arguments in query:`);
      if (!decl) throw new Error(`parser ${item.file} has no FunctionAlias or FunctionQuery`);
      if (queryOverride !== undefined) env.engine.registerFunctions([{ ...decl, body: `{\n${queryOverride}\n}` }]);
      result = env.engine.run(c.query ?? decl.name, { now: c.now });
    } else {
      // The case's lets apply to whatever query runs: the item's, or a mutant of it.
      const q = caseQuery(queryOverride ?? item.query ?? '', c.lets, testFile);
      if ('error' in q) throw new Error(q.error);
      result = env.engine.run(q.query, { now: c.now });
    }
  } catch (e) {
    return { ...base, passed: false, problems: [], error: `${(e as Error).name}: ${(e as Error).message}`, durationMs: Date.now() - started };
  } finally {
    if (decl && queryOverride !== undefined) env.engine.registerFunctions([decl]);
  }
  const problems: string[] = [];
  let simulation: Simulation | undefined;
  if (item.kind === 'analyticRule') {
    // One scheduled run with nothing before it: no suppression in force, incidents grouped within the run.
    try { simulation = new RuleTimeline(item.data ?? {}).simulate(nowToTicks(c.now), result); } catch (e) {
      return { ...base, passed: false, problems: [], error: `rule settings: ${(e as Error).message}`, result, durationMs: Date.now() - started };
    }
    const exp = c.expect.alerts;
    if (exp === undefined) problems.push('analytic rule cases need expect.alerts');
    else if (typeof exp === 'number') { if (simulation.alerts.length !== exp) problems.push(`expected ${exp} alert(s), got ${simulation.alerts.length} (query returned ${result.rows.length} row(s))`); }
    else problems.push(...matchList(exp, simulation.alerts, alertMatches, false, 'alert').problems);
  } else {
    const exp = c.expect.rows;
    const objs = result.rows.map((r) => Object.fromEntries(result.columns.map((col, i) => [col.name, r[i]])));
    if (exp === undefined) problems.push('hunting query cases need expect.rows');
    else if (typeof exp === 'number') { if (objs.length !== exp) problems.push(`expected ${exp} row(s), got ${objs.length}`); }
    else problems.push(...matchList(exp, objs, rowMatches, c.expect.ordered === true, 'row').problems);
  }
  return { ...base, passed: problems.length === 0, problems, result, simulation, durationMs: Date.now() - started };
}
