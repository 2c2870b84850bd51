/**
 * Rule test cases: test/rules/<content base name>.test.yaml, each with a `cases:` list (format in docs/harness.md).
 * Loading never throws for bad files: problems become per-file errors so other files still run.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { YamlFile } from '../content/yaml-doc.js';
import { resolveContained } from '../util/contained-path.js';
import { entryKind } from '../util/content-file.js';
import { displayPath } from '../util/diagnostics.js';
import type { TestableContent } from '../content/model.js';
import { findTopLevelLet, letValueKql, setLet, topLevelLets } from '../kusto/let-statements.js';

export interface CaseFixtures {
  scenarios: string[];
  shift?: string;
  /** Fixture builder specs (test/fixtures/builders): realistic records from a few parameters. */
  build?: unknown[];
  tables: Record<string, Record<string, unknown>[]>;
}

export interface ExpectedAlert {
  title?: string; description?: string; severity?: string; tactics?: string[];
  entities?: Record<string, unknown>[]; customDetails?: Record<string, unknown>;
}

export interface TestCase {
  name: string;
  now: string;
  fixtures: CaseFixtures;
  watchlists: Record<string, Record<string, unknown>[]>;
  expect: { alerts?: number | ExpectedAlert[]; rows?: number | Record<string, unknown>[]; ordered?: boolean };
  updateAllowed: boolean;
  /** Parsers only: the KQL to run (calling the function); default: the function alias with its default arguments. */
  query?: string;
  /**
   * Values for the query's top-level lets (a hunting query's parameters, e.g. TargetPrincipal), as given in the
   * case, with where they were written. Applied to the query and to every mutant of it (`caseQuery`).
   */
  lets?: CaseLet[];
  /** externaldata URL -> file under the fixtures folder the engine reads for it. */
  externalData?: Record<string, string>;
  /** Index in the file's `cases` list and its line, for messages and --update. */
  index: number;
  line: number;
}

export interface CaseLet { name: string; value: unknown; line: number; column: number }

export interface CaseFile {
  file: string;
  baseName: string;
  yaml: YamlFile;
  cases: TestCase[];
  errors: string[];
}

export function testFileFor(testsDir: string, item: TestableContent): string {
  return join(testsDir, `${item.baseName}.test.yaml`);
}

/**
 * The query a case runs: `query` (the item's, or a mutant of it) with the case's `lets` values in place of the
 * defaults of those top-level lets (through the syntax tree, like a workbook's `cdr:queryFrom` set). An error names
 * the case file position of the let that cannot be set.
 */
export function caseQuery(query: string, lets: CaseLet[] | undefined, file: string): { query: string } | { error: string } {
  let q = query;
  for (const l of lets ?? []) {
    const problem = letProblem(q, l.name, l.value);
    if ('error' in problem) return { error: `${file}:${l.line}:${l.column}: lets.${l.name}: ${problem.error}` };
    q = setLet(q, l.name, problem.kql)!;
  }
  return { query: q };
}

function letProblem(query: string, name: string, value: unknown): { kql: string } | { error: string } {
  const l = findTopLevelLet(query, name);
  if (!l) {
    const all = topLevelLets(query);
    const count = all.filter((x) => x.name === name).length;
    if (count > 1) return { error: `the query declares 'let ${name}' ${count} times at the top level; which one to set is unclear` };
    const names = [...new Set(all.filter((x) => x.kind).map((x) => x.name))];
    return { error: `the query has no top-level 'let ${name} = ...;'${names.length ? ` (lets a case can set: ${names.join(', ')})` : ' (it has no literal top-level lets)'}` };
  }
  if (!l.kind) return { error: `'let ${name}' is not a literal (${l.syntaxKind}); a case can set only string, number, bool, timespan, datetime and dynamic lets` };
  const v = letValueKql(l.kind, value);
  return 'error' in v ? { error: `${v.error} (the default of 'let ${name}' is a ${l.kind})` } : v;
}

/**
 * Load a case file. With `fixturesDir`, every path the cases name (fixture scenarios, externaldata files) must
 * resolve inside it (after resolving symbolic links) and exist; otherwise the file gets a positioned error.
 * With `item`, each case's `lets` are checked against the item's query (known let, value of the let's kind).
 */
export function loadCaseFile(file: string, fixturesDir?: string, item?: Pick<TestableContent, 'kind' | 'query'>): CaseFile {
  const base = basename(file).replace(/\.test\.ya?ml$/i, '');
  const errors: string[] = [];
  const yaml = YamlFile.read(file, "a rule test file (a mapping with a 'cases:' list)");
  for (const d of yaml.parseErrors) if (d.severity === 'error') errors.push(`${file}:${d.line}:${d.column}: ${d.message}`);
  const data = yaml.data as { cases?: unknown } | undefined;
  const cases: TestCase[] = [];
  if (!errors.length) {
    if (!data || !Array.isArray(data.cases)) errors.push(`${file}:1:1: expected a top-level 'cases:' list`);
    else data.cases.forEach((raw: unknown, i: number) => {
      const c = (raw ?? {}) as Record<string, unknown>;
      const where = yaml.locate(['cases', i]);
      const at = `${file}:${where.line}:${where.column}`;
      const problems: string[] = [];
      if (typeof c.name !== 'string' || !c.name) problems.push('needs a name');
      if (typeof c.now !== 'string') problems.push('needs now: an ISO-8601 datetime');
      const fx = (c.fixtures ?? {}) as Record<string, unknown>;
      const scenarios = fx.scenarios === undefined ? [] : Array.isArray(fx.scenarios) ? fx.scenarios.map(String) : [String(fx.scenarios)];
      const tables = (fx.tables ?? {}) as Record<string, Record<string, unknown>[]>;
      if (typeof tables !== 'object' || Array.isArray(tables)) problems.push('fixtures.tables must map table names to row lists');
      if (fx.build !== undefined && !Array.isArray(fx.build)) problems.push('fixtures.build must be a list of builder specs');
      const exp = (c.expect ?? undefined) as TestCase['expect'] | undefined;
      if (!exp || (exp.alerts === undefined && exp.rows === undefined)) problems.push('needs expect: { alerts: ... } or expect: { rows: ... }');
      if (c.query !== undefined && typeof c.query !== 'string') problems.push('query must be a KQL string');
      const externalData = c.externaldata === undefined ? {} : c.externaldata;
      if (typeof externalData !== 'object' || externalData === null || Array.isArray(externalData) || Object.values(externalData).some((v) => typeof v !== 'string')) problems.push('externaldata must map URLs to fixture file paths');
      let lets: CaseLet[] | undefined;
      if (c.lets !== undefined) {
        if (c.lets === null || typeof c.lets !== 'object' || Array.isArray(c.lets)) {
          const p = yaml.locate(['cases', i, 'lets']);
          errors.push(`${file}:${p.line}:${p.column}: case ${JSON.stringify(c.name ?? i + 1)}: lets must map top-level let names of the query to values`);
          return;
        }
        else lets = Object.entries(c.lets as Record<string, unknown>).map(([name, value]) => { const p = yaml.locate(['cases', i, 'lets', name]); return { name, value, line: p.line, column: p.column }; });
      }
      if (problems.length) { errors.push(`${at}: case ${JSON.stringify(c.name ?? i + 1)} ${problems.join('; ')}`); return; }
      if (lets?.length && item) {
        if (item.kind === 'parser') errors.push(`${at}: case ${JSON.stringify(c.name)}: lets is for analytic rules and hunting queries; a parser case passes arguments in query:`);
        else for (const l of lets) {
          const r = letProblem(item.query ?? '', l.name, l.value);
          if ('error' in r) errors.push(`${file}:${l.line}:${l.column}: case ${JSON.stringify(c.name)}: lets.${l.name}: ${r.error}`);
        }
      }
      if (fixturesDir !== undefined) {
        const pathProblem = (path: (string | number)[], message: string) => { const p = yaml.locate(['cases', i, ...path]); errors.push(`${file}:${p.line}:${p.column}: case ${JSON.stringify(c.name)}: ${message}`); };
        scenarios.forEach((sc, j) => {
          const path = ['fixtures', 'scenarios', ...(Array.isArray(fx.scenarios) ? [j] : [])];
          const r = resolveContained(fixturesDir, sc, 'fixture scenario');
          if ('error' in r) pathProblem(path, r.error);
          else if (entryKind(r.path) !== 'directory') pathProblem(path, `fixture scenario '${sc}' not found: expected a folder ${displayPath(r.path)}`);
        });
        for (const [url, rel] of Object.entries(externalData as Record<string, string>)) {
          const r = resolveContained(fixturesDir, rel, `externaldata file for '${url}'`);
          if ('error' in r) pathProblem(['externaldata', url], r.error);
          else if (entryKind(r.path) !== 'file') pathProblem(['externaldata', url], `externaldata file '${rel}' for '${url}' not found: expected a file ${displayPath(r.path)}`);
        }
      }
      cases.push({
        name: c.name as string,
        now: c.now as string,
        fixtures: { scenarios, shift: fx.shift === undefined ? undefined : String(fx.shift), build: fx.build as unknown[] | undefined, tables },
        watchlists: (c.watchlists ?? {}) as Record<string, Record<string, unknown>[]>,
        expect: exp!,
        updateAllowed: c.update === 'allowed',
        query: typeof c.query === 'string' ? c.query : undefined,
        ...(lets?.length ? { lets } : {}),
        externalData: externalData as Record<string, string>,
        index: i,
        line: where.line,
      });
    });
  }
  return { file, baseName: base, yaml, cases, errors };
}

export function listCaseFiles(testsDir: string): string[] {
  if (!existsSync(testsDir)) return [];
  return readdirSync(testsDir).filter((f) => /\.test\.ya?ml$/i.test(f)).sort().map((f) => join(testsDir, f));
}

/** A case fires when it expects at least one alert (or row). */
export function caseFires(c: TestCase): boolean {
  const v = c.expect.alerts ?? c.expect.rows;
  return typeof v === 'number' ? v > 0 : Array.isArray(v) && v.length > 0;
}
