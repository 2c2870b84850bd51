/**
 * `cdr validate`: schema, reference-data and KQL-semantic checks of every content item, plus solution-level
 * consistency. Returns every problem found (nothing stops at the first error); writes nothing.
 */
import type { Content, QueryContent } from '../content/model.js';
import { buildGlobals, projectGlobals } from '../kusto/globals.js';
import { TableSchemaRegistry } from '../kusto/table-schemas.js';
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

/** Globals for a content root: project schemas plus the root's custom tables (Solution/CustomTables/*.json). */
const globalsCache = new Map<string, unknown>();
export function globalsFor(root: string): unknown {
  const dir = contentLayout(root).customTables;
  if (!existsSync(dir) || readdirSync(dir).filter((f) => f.endsWith('.json')).length === 0) return projectGlobals();
  // One set of globals per custom-table state, so validation and packaging share bindings (see analyzeQuery).
  const key = `${dir}\0${readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`).join('|')}`;
  if (!globalsCache.has(key)) globalsCache.set(key, buildGlobals(TableSchemaRegistry.load([dir])));
  return globalsCache.get(key);
}

export function validateContent(content: Content, options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [...content.loadErrors];
  const globals = globalsFor(content.root);
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
  out.push(...uniqueness([...items, ...(content.summaryRules as unknown as QueryContent[])]));
  if (options.requireTests !== false) out.push(...testsPresent(content.root, items));
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
