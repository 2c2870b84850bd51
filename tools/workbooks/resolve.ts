/**
 * Workbook sources may take a query item's KQL from the content instead of copying it (one source per question):
 *   "cdr:queryFrom": { "huntingQuery": "<Hunting Queries file base name>", "set": { "<let name>": "<KQL>" }, "then": "| ..." }
 * renders the hunting query with the named top-level `let` values replaced (e.g. TargetPrincipal = "{Principal}")
 * and optional operators appended. The token `__CDR_RULE_CATALOG__` in any query becomes a datatable of the
 * solution's analytic rules (name, severity, tactics, techniques, ATRM ids). `cdr build`, `cdr preview` and the
 * tests use the resolved workbook; the source file is what authors edit.
 */
import type { Content } from '../content/model.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { ITEM, walkItems, type Workbook } from './model.js';
import { setLet } from '../kusto/let-statements.js';

export const QUERY_FROM = 'cdr:queryFrom';
export const RULE_CATALOG_TOKEN = '__CDR_RULE_CATALOG__';

interface QueryFrom { huntingQuery?: unknown; set?: unknown; then?: unknown }

const kqlString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The analytic rules as a KQL datatable (the workbook's copy of the catalogue is generated, never hand-kept). */
export function ruleCatalog(content: Content): string {
  const rows = content.analyticRules.filter((r) => r.data).map((r) => {
    const d = r.data!;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : '');
    const atrm = ((d.tags ?? []) as unknown[]).filter((t) => typeof t === 'string' && /^AZT/.test(t)).join(', ');
    return [r.name ?? r.baseName, String(d.severity ?? ''), list(d.tactics), list(d.relevantTechniques), atrm].map(kqlString).join(', ');
  });
  return `datatable(RuleName:string, Severity:string, Tactics:string, Techniques:string, ATRM:string)[\n${rows.map((r) => `    ${r}`).join(',\n')}\n]`;
}

export function resolveWorkbook(content: Content, source: Workbook, file: string): { workbook: Workbook; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const wb = JSON.parse(JSON.stringify(source)) as Workbook;
  let catalog: string | undefined;
  walkItems(wb.items ?? [], (it) => {
    if (it?.type !== ITEM.query || !it.content) return;
    const from = it.content[QUERY_FROM] as QueryFrom | undefined;
    if (from !== undefined) {
      delete it.content[QUERY_FROM];
      const name = String(from.huntingQuery ?? '');
      const hq = content.huntingQueries.find((h) => h.baseName === name);
      if (!hq?.query) { diagnostics.push(diag(file, 1, 1, 'WB010', `item '${it.name}': ${QUERY_FROM}.huntingQuery '${name}' is not a hunting query of this solution`)); return; }
      if (typeof it.content.query === 'string') diagnostics.push(diag(file, 1, 1, 'WB011', `item '${it.name}' has both query and ${QUERY_FROM}; keep one`));
      let q = hq.query.trimEnd();
      for (const [k, v] of Object.entries((from.set ?? {}) as Record<string, unknown>)) {
        const next = setLet(q, k, String(v));
        if (next === undefined) diagnostics.push(diag(file, 1, 1, 'WB012', `item '${it.name}': hunting query ${name} has no single top-level 'let ${k} = ...;' to set`));
        else q = next;
      }
      if (typeof from.then === 'string' && from.then.trim()) q = `${q}\n${from.then.trim()}`;
      it.content.query = q;
    }
    if (typeof it.content.query === 'string' && it.content.query.includes(RULE_CATALOG_TOKEN)) {
      catalog ??= ruleCatalog(content);
      it.content.query = it.content.query.split(RULE_CATALOG_TOKEN).join(catalog);
    }
  });
  return { workbook: wb, diagnostics };
}
