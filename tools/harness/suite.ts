/** The test suite of a content root: every rule and hunting query with its case file. */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { loadContent } from '../content/load.js';
import type { TestableContent } from '../content/model.js';
import { parserFunctionDecls } from '../content/parsers.js';
import { TableSchemaRegistry } from '../kusto/table-schemas.js';
import { KqlEngine } from '../kql/engine.js';
import { contentLayout } from '../util/paths.js';
import { listCaseFiles, loadCaseFile, testFileFor, type CaseFile } from './cases.js';
import { runCase, type CaseResult, type RunEnv } from './run-case.js';

export interface SuiteEntry { item: TestableContent; testFile: string; cases?: CaseFile }
export interface Suite { root: string; entries: SuiteEntry[]; orphans: string[]; env: RunEnv }

export function loadSuite(root?: string): Suite {
  const L = contentLayout(root);
  const content = loadContent(L.root);
  const items: TestableContent[] = [...content.analyticRules, ...content.huntingQueries, ...content.parsers];
  const entries = items.map((item) => {
    const testFile = testFileFor(L.tests, item);
    return { item, testFile, cases: existsSync(testFile) ? loadCaseFile(testFile, L.fixtures, item) : undefined };
  });
  const known = new Set(items.map((i) => i.baseName));
  const orphans = listCaseFiles(L.tests).filter((f) => !known.has(basename(f).replace(/\.test\.ya?ml$/i, '')));
  const schemas = TableSchemaRegistry.load([L.customTables]);
  const engine = new KqlEngine(schemas);
  // Rules call the solution's parsers: the engine binds and evaluates them like the workspace functions they become.
  engine.registerFunctions(parserFunctionDecls(content.parsers));
  return { root: L.root, entries, orphans, env: { engine, schemas, fixturesDir: L.fixtures } };
}

export interface SuiteFilter { rule?: string; caseName?: string; path?: string }

export function selectEntries(suite: Suite, f: SuiteFilter): SuiteEntry[] {
  return suite.entries.filter((e) =>
    (!f.rule || e.item.baseName === f.rule || e.item.name === f.rule) &&
    (!f.path || e.item.file.includes(f.path) || e.testFile.includes(f.path)));
}

/** Results per case; an entry without a test file or with a broken one yields one failing pseudo-case. */
export function runEntries(suite: Suite, entries: SuiteEntry[], f: SuiteFilter = {}, queryFor?: (e: SuiteEntry) => string | undefined, onResult?: (label: string) => void): CaseResult[] {
  const out: CaseResult[] = [];
  for (const e of entries) {
    const pseudo = (msg: string): CaseResult => ({ item: e.item, testFile: e.testFile, testCase: { name: '(test file)', now: '', fixtures: { scenarios: [], tables: {} }, watchlists: {}, expect: {}, updateAllowed: false, index: -1, line: 1 }, passed: false, problems: [msg], durationMs: 0 });
    if (!e.cases) { out.push(pseudo(`no test file ${e.testFile}`)); onResult?.(e.item.baseName); continue; }
    if (e.cases.errors.length) { out.push(pseudo(e.cases.errors.join('\n'))); onResult?.(e.item.baseName); continue; }
    for (const c of e.cases.cases) {
      if (f.caseName && c.name !== f.caseName) continue;
      out.push(runCase(suite.env, e.item, c, e.testFile, queryFor?.(e)));
      onResult?.(`${e.item.baseName}: ${c.name}`);
    }
  }
  return out;
}
