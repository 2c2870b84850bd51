/**
 * Checks on a summary rule beyond its JSON Schema: the query binds against the table schemas, reads only tables its
 * requiredDataConnectors list, calls no workspace functions (Azure Monitor runs summary queries without
 * user-defined functions), outputs no reserved column (Azure Monitor would rename it `_Original...`), and its output
 * matches the destination table's declared schema in Solution/CustomTables (a type mismatch makes the rule fail at
 * deployment with UpsertTableFatalError).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryRuleContent } from '../content/model.js';
import { normalizeType } from '../kusto/table-schemas.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { contentLayout } from '../util/paths.js';
import { analyzeQuery } from './kql.js';
import { schemaErrors } from './schema.js';

/** Column names Azure Monitor reserves in a destination table (see the Azure Monitor summary rules reference). */
const RESERVED_OUTPUT = ['TimeGenerated', '_IsBillable', '_BilledSize', '_ResourceId', '_SubscriptionId', 'TenantId', 'Type', '_BinStartTime', '_BinSize', '_RuleName', '_RuleLastModifiedTime'];

export function checkSummaryRule(item: SummaryRuleContent, globals: unknown, root: string): Diagnostic[] {
  const out: Diagnostic[] = [...item.yaml.parseErrors];
  const data = item.data;
  if (!data) return out;
  out.push(...schemaErrors('summary-rule', data, item.file, (p) => item.yaml.locate(p), 'SUM001'));
  const emit = (path: (string | number)[], code: string, message: string) => { const p = item.yaml.locate(path); out.push(diag(item.file, p.line, p.column, code, message)); };
  if (typeof data.query !== 'string') return out;
  const analysis = analyzeQuery(data.query, globals);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) { const p = item.yaml.locateInString(['query'], d.start); out.push(diag(item.file, p.line, p.column, 'KQL001', `${d.code}: ${d.message}`)); }
  if (errors.length) return out;
  if (/\b_GetWatchlist\s*\(/.test(data.query)) emit(['query'], 'SUM002', 'summary rule queries cannot call workspace functions (_GetWatchlist); Azure Monitor supports only system functions there');
  const covered = new Set(((data.requiredDataConnectors ?? []) as { dataTypes?: string[] }[]).flatMap((c) => c?.dataTypes ?? []));
  for (const t of analysis.tablesRead) if (!covered.has(t)) emit(['requiredDataConnectors'], 'SUM003', `the query reads ${t}, which no requiredDataConnectors entry lists in dataTypes`);
  const cols = analysis.outputColumns ?? [];
  for (const c of cols) if (RESERVED_OUTPUT.includes(c.name)) emit(['query'], 'SUM004', `the query outputs reserved column '${c.name}'; Azure Monitor would store it as _Original${c.name}. Rename it (e.g. WindowStart)`);
  const dest = String(data.destinationTable ?? '');
  const schemaFile = join(contentLayout(root).customTables, `${dest}.json`);
  if (!dest) return out;
  if (!existsSync(schemaFile)) { emit(['destinationTable'], 'SUM005', `destination table ${dest} has no schema: add Solution/CustomTables/${dest}.json with the query's output columns`); return out; }
  const declared = new Map<string, string>();
  try {
    const t = JSON.parse(readFileSync(schemaFile, 'utf8')) as { columns: { name: string; type: string }[] };
    for (const c of t.columns) declared.set(c.name, normalizeType(c.type) ?? c.type);
  } catch (e) { out.push(diag(schemaFile, 1, 1, 'JSON001', `malformed JSON: ${(e as Error).message}`)); return out; }
  for (const c of cols) {
    const t = declared.get(c.name);
    if (!t) emit(['destinationTable'], 'SUM006', `the query outputs ${c.name} (${c.type}), which Solution/CustomTables/${dest}.json does not declare`);
    else if (t !== c.type) emit(['destinationTable'], 'SUM007', `column ${c.name} is ${c.type} in the query output but ${t} in Solution/CustomTables/${dest}.json`);
  }
  return out;
}
