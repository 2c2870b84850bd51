/**
 * Workbook query tests: test/workbooks/<Workbook>.test.yaml holds cases, each with a pinned `now`, parameter values
 * (typed; time ranges default to the parameter's default duration ending at now), fixture scenarios and inline rows
 * (as rule tests), and an expectation per query item name: `{ rows: N }` or `{ rows: [ {Column: value}, ... ] }`.
 * Every query item of the workbook needs an expectation in at least one case. Queries run on the embedded engine
 * after the same substitution the workbook host does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonContent, Content } from '../content/model.js';
import { YamlFile } from '../content/yaml-doc.js';
import type { KqlEngine } from '../kql/engine.js';
import type { Table } from '../kql/types.js';
import type { TableSchemaRegistry } from '../kusto/table-schemas.js';
import { readFixtureDir, typedTable } from '../fixtures/read-table.js';
import { matchList, rowMatches } from '../harness/expect.js';
import { queryItems, type Workbook } from './model.js';
import { definedParams, sampleValues, substitute } from './params.js';
import { resolveWorkbook } from './resolve.js';

export interface WorkbookCase {
  name: string; now: string; params: Record<string, unknown>;
  fixtures: { scenarios: string[]; tables: Record<string, Record<string, unknown>[]> };
  /** rows: exact count or exact list (order-insensitive unless ordered); includes: rows that must be among the result. */
  expect: Record<string, { rows?: number | Record<string, unknown>[]; includes?: Record<string, unknown>[]; ordered?: boolean }>;
  line: number;
}
export interface WorkbookCaseFile { file: string; cases: WorkbookCase[]; errors: string[] }
export interface ItemResult { item: string; query: string; passed: boolean; problems: string[]; rows?: Record<string, unknown>[] }

export const workbookTestFile = (root: string, baseName: string) => join(root, 'test', 'workbooks', `${baseName}.test.yaml`);

export function loadWorkbookCases(file: string): WorkbookCaseFile {
  if (!existsSync(file)) return { file, cases: [], errors: [`${file}: no workbook test file`] };
  const y = new YamlFile(file, readFileSync(file, 'utf8'));
  const errors = y.parseErrors.filter((d) => d.severity === 'error').map((d) => `${file}:${d.line}:${d.column}: ${d.message}`);
  const data = y.data as { cases?: unknown[] } | undefined;
  const cases: WorkbookCase[] = [];
  if (!errors.length && !Array.isArray(data?.cases)) errors.push(`${file}:1:1: expected a top-level 'cases:' list`);
  (data?.cases ?? []).forEach((raw, i) => {
    const c = (raw ?? {}) as Record<string, unknown>;
    const pos = y.locate(['cases', i]);
    const fx = (c.fixtures ?? {}) as Record<string, unknown>;
    if (typeof c.name !== 'string' || typeof c.now !== 'string' || !c.expect || typeof c.expect !== 'object') { errors.push(`${file}:${pos.line}:${pos.column}: a case needs name, now and expect`); return; }
    cases.push({
      name: c.name, now: c.now, params: (c.params ?? {}) as Record<string, unknown>,
      fixtures: { scenarios: ((fx.scenarios ?? []) as unknown[]).map(String), tables: (fx.tables ?? {}) as Record<string, Record<string, unknown>[]> },
      expect: c.expect as WorkbookCase['expect'], line: pos.line,
    });
  });
  return { file, cases, errors };
}

function append(into: Map<string, Table>, name: string, t: Table): void {
  const prev = into.get(name);
  if (!prev) { into.set(name, t); return; }
  const data = prev.columns.map((c, ci) => { const j = t.columns.findIndex((x) => x.name === c.name); return [...prev.data[ci]!, ...(j >= 0 ? t.data[j]! : new Array(t.rowCount).fill(c.type === 'string' ? '' : null))]; });
  into.set(name, { columns: prev.columns, data, rowCount: prev.rowCount + t.rowCount });
}

export function loadCaseTables(c: WorkbookCase, fixturesDir: string, schemas: TableSchemaRegistry, file: string): Map<string, Table> {
  const tables = new Map<string, Table>();
  for (const s of c.fixtures.scenarios) for (const t of readFixtureDir(join(fixturesDir, s), schemas).tables) append(tables, t.name, t.table);
  for (const [name, rows] of Object.entries(c.fixtures.tables)) append(tables, name, typedTable(name, `${file} (case "${c.name}", fixtures.tables.${name})`, rows, schemas));
  return tables;
}

/** The resolved workbook's queries with this case's parameter values substituted. */
export function caseQueries(workbook: Workbook, c: { now: string; params: Record<string, unknown> }): { item: string; query: string; unresolved: string[] }[] {
  const defs = definedParams(workbook);
  const values = sampleValues(defs, c.now, c.params);
  return queryItems(workbook).map(({ item }) => {
    const s = substitute(String(item.content.query ?? ''), defs, values);
    return { item: item.name, query: s.text, unresolved: s.unresolved.map((r) => r.name) };
  });
}

export function runWorkbookCase(engine: KqlEngine, content: Content, wb: JsonContent, c: WorkbookCase, tables: Map<string, Table>): ItemResult[] {
  const { workbook } = resolveWorkbook(content, wb.data as Workbook, wb.file);
  engine.clearTables();
  for (const [name, t] of tables) engine.registerTable(name, t);
  const out: ItemResult[] = [];
  for (const q of caseQueries(workbook, c)) {
    const exp = c.expect[q.item];
    if (!exp) continue;
    if (q.unresolved.length) { out.push({ item: q.item, query: q.query, passed: false, problems: [`no value for parameter(s) ${q.unresolved.join(', ')}`] }); continue; }
    let rows: Record<string, unknown>[];
    try {
      const r = engine.run(q.query, { now: c.now });
      rows = r.rows.map((row) => Object.fromEntries(r.columns.map((col, i) => [col.name, row[i]])));
    } catch (e) { out.push({ item: q.item, query: q.query, passed: false, problems: [`${(e as Error).name}: ${(e as Error).message}`] }); continue; }
    const problems: string[] = [];
    if (typeof exp.rows === 'number') { if (rows.length !== exp.rows) problems.push(`expected ${exp.rows} row(s), got ${rows.length}`); }
    else if (Array.isArray(exp.rows)) problems.push(...matchList(exp.rows, rows, rowMatches, exp.ordered === true, 'row').problems);
    if (Array.isArray(exp.includes)) {
      const found = matchList(exp.includes, rows, rowMatches, false, 'row').problems.filter((p) => !p.startsWith('expected ') || p.includes('not found'));
      problems.push(...found);
      if (!exp.includes.length) problems.push('includes must list at least one row');
    }
    if (exp.rows === undefined && exp.includes === undefined) problems.push('expect.<item> needs rows (a count or a list) or includes (a list)');
    out.push({ item: q.item, query: q.query, passed: problems.length === 0, problems, rows });
  }
  for (const name of Object.keys(c.expect)) if (!queryItems(workbook).some((q) => q.item.name === name)) out.push({ item: name, query: '', passed: false, problems: [`the workbook has no query item named '${name}'`] });
  return out;
}
