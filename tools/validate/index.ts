/**
 * `cdr validate`: schema, reference-data and KQL-semantic checks of every content item, plus solution-level
 * consistency. Returns every problem found (nothing stops at the first error); writes nothing.
 */
import type { Content, QueryContent } from '../content/model.js';
import { buildGlobals, loadFunctionDecls, projectGlobals } from '../kusto/globals.js';
import { projectTableSchemas, TableSchemaRegistry } from '../kusto/table-schemas.js';
import type { ParserContent } from '../content/model.js';
import { parserFunctionDecls } from '../content/parsers.js';
import { checkParsers } from './parser-checks.js';
import { contentLayout } from '../util/paths.js';
import { sortDiagnostics, type Diagnostic } from '../util/diagnostics.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { schemaErrors } from './schema.js';
import { checkQueryContent } from './rule-checks.js';
import { solutionChecks, testsPresent, uniqueness } from './solution-checks.js';
import { metadataChecks } from '../package/metadata-checks.js';
import { customDetectionNotes } from '../package/defender/assess.js';
import { checkSummaryRule } from './summary-rule-checks.js';
import { checkWorkbook } from '../workbooks/check.js';
import { validatePlaybook } from '../playbooks/validate.js';
import { diag } from '../util/diagnostics.js';

export { analyzeQuery, type QueryAnalysis } from './kql.js';
export { checkQueryContent } from './rule-checks.js';

export interface ValidateOptions { requireTests?: boolean }

/**
 * Globals for a content root: project schemas plus the root's custom tables (Solution/CustomTables/*.json), and the
 * root's parsers declared as database functions so rules calling them bind. One set of globals per custom-table
 * state and parser set, so validation and packaging share bindings (see analyzeQuery).
 */
const globalsCache = new Map<string, unknown>();
export function globalsFor(root: string, parsers: ParserContent[] = []): unknown {
  const dir = contentLayout(root).customTables;
  const tableFiles = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  const decls = parserFunctionDecls(parsers);
  if (tableFiles.length === 0 && decls.length === 0) return projectGlobals();
  const key = [dir, ...tableFiles.map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`), ...decls.map((d) => `${d.name}${d.parameters}${d.body}`)].join('\0');
  if (!globalsCache.has(key)) {
    const tables = tableFiles.length ? TableSchemaRegistry.load([dir]) : projectTableSchemas();
    globalsCache.set(key, buildGlobals(tables, [...loadFunctionDecls(), ...decls]));
  }
  return globalsCache.get(key);
}

/** Table names a content root's queries can read. */
function tableNamesFor(root: string): Set<string> {
  const dir = contentLayout(root).customTables;
  const reg = existsSync(dir) ? TableSchemaRegistry.load([dir]) : projectTableSchemas();
  return new Set(reg.all().map((t) => t.name));
}

export function validateContent(content: Content, options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [...content.loadErrors];
  const globals = globalsFor(content.root, content.parsers);
  const items = [...content.analyticRules, ...content.huntingQueries];
  // The items' YAML errors are in content.loadErrors (the loader collects them for every kind).
  for (const it of items) {
    if (!it.data) continue;
    const schema = it.kind === 'analyticRule' ? 'analytic-rule' : 'hunting-query';
    out.push(...schemaErrors(schema, it.data, it.file, (p) => it.yaml.locate(p), it.kind === 'analyticRule' ? 'RULE001' : 'HUNT001'));
    out.push(...checkQueryContent(it, globals).diagnostics);
  }
  for (const pb of content.playbooks) for (const p of validatePlaybook(pb.data)) out.push(diag(pb.file, 1, 1, 'PB010', `workflow ${p.path}: ${p.message}`));
  for (const wb of content.workbooks) out.push(...checkWorkbook(content, wb, globals).diagnostics);
  for (const sr of content.summaryRules) out.push(...checkSummaryRule(sr, globals, content.root));
  out.push(...checkParsers(content.parsers, globals, tableNamesFor(content.root)));
  out.push(...uniqueness([...items, ...content.parsers, ...(content.summaryRules as unknown as QueryContent[])]));
  if (options.requireTests !== false) out.push(...testsPresent(content.root, [...items, ...content.parsers]));
  out.push(...solutionChecks(content));
  out.push(...metadataChecks(content));
  out.push(...customDetectionNotes(content));
  return uniqueDiagnostics(sortDiagnostics(out));
}

/** One line per problem, even when two checks (or a check and the loader) report the same thing. */
function uniqueDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => { const k = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
}
