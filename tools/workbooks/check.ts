/**
 * `cdr validate` for workbooks: the resolved workbook against the workbook schema, then what a schema cannot say:
 * unique item and parameter names, every `{Param}` reference (queries, markdown, titles, parameter queries)
 * resolves to a parameter defined earlier in the document with a format its type supports, visibility conditions
 * and time contexts name existing parameters, and every query binds (official binder, project table schemas) after
 * its parameters are substituted with typed sample values.
 */
import type { Content, JsonContent } from '../content/model.js';
import { YamlFile } from '../content/yaml-doc.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { analyzeQuery } from '../validate/kql.js';
import { schemaErrors } from '../validate/schema.js';
import { ITEM, PARAM, walkItems, type Workbook, type WorkbookItem } from './model.js';
import { definedParams, paramRefs, sampleValues, substitute, TIME_RANGE_FORMATS, type DefinedParam } from './params.js';
import { resolveWorkbook } from './resolve.js';

/** The pinned time for sample values in validation (results do not matter, only types). */
export const SAMPLE_NOW = '2026-11-20T12:00:00Z';

/** Text fields of an item that the host formats with parameter values. */
function templatedTexts(it: WorkbookItem): { field: string; text: string }[] {
  const out: { field: string; text: string }[] = [];
  const c = it.content ?? {};
  for (const f of ['query', 'json', 'title', 'noDataMessage']) if (typeof c[f] === 'string') out.push({ field: f, text: c[f] as string });
  if (it.type === ITEM.parameters) for (const p of c.parameters ?? []) { if (typeof p.query === 'string') out.push({ field: `parameter ${p.name} query`, text: p.query }); }
  return out;
}

export function checkWorkbook(content: Content, wbFile: JsonContent, globals: unknown): { diagnostics: Diagnostic[]; workbook: Workbook } {
  const { workbook, diagnostics: out } = resolveWorkbook(content, wbFile.data as Workbook, wbFile.file);
  const y = new YamlFile(wbFile.file, wbFile.text);
  const at = (path: (string | number)[], code: string, message: string) => { const p = y.locate(path); out.push(diag(wbFile.file, p.line, p.column, code, message)); };
  out.push(...schemaErrors('workbook', workbook, wbFile.file, (p) => y.locate(p), 'WB020'));
  if (!Array.isArray(workbook?.items)) return { diagnostics: out, workbook };

  const defs = definedParams(workbook);
  const names = new Map<string, DefinedParam>();
  for (const d of defs) { if (names.has(d.name)) out.push(diag(wbFile.file, 1, 1, 'WB021', `parameter '${d.name}' is defined twice (items '${names.get(d.name)!.itemName}' and '${d.itemName}')`)); else names.set(d.name, d); }
  const itemNames = new Set<string>();
  const samples = sampleValues(defs, SAMPLE_NOW);
  let order = 0;
  const itemOrder = new Map<WorkbookItem, number>();
  walkItems(workbook.items, (it) => { itemOrder.set(it, order); order += 1 + (it?.type === ITEM.parameters ? (it.content?.parameters ?? []).length : 0) + (it?.content?.exportParameterName ? 1 : 0); });

  walkItems(workbook.items, (it, path) => {
    if (!it || typeof it !== 'object') return;
    if (itemNames.has(it.name)) at(path, 'WB022', `item name '${it.name}' is used twice`);
    itemNames.add(it.name);
    const mine = itemOrder.get(it)!;
    const known = (name: string, sameItemOk: boolean) => { const d = names.get(name); return d !== undefined && (d.order < mine || (sameItemOk && d.itemName === it.name)); };
    for (const { field, text } of templatedTexts(it)) {
      for (const r of paramRefs(text)) {
        const d = names.get(r.name);
        if (!known(r.name, it.type === ITEM.parameters)) { at(path, 'WB023', `item '${it.name}' ${field} references {${r.name}${r.format ? ':' + r.format : ''}}, but no parameter '${r.name}' is defined before it`); continue; }
        if (d?.type === PARAM.timeRange && r.format && !TIME_RANGE_FORMATS.includes(r.format)) at(path, 'WB024', `item '${it.name}' uses {${r.name}:${r.format}}; a time range parameter supports ${TIME_RANGE_FORMATS.join(', ')}`);
        if (d && d.type !== PARAM.timeRange && r.format && !['label', 'value', 'escape', 'escapeMultiline', 'name', 'id'].includes(r.format)) at(path, 'WB024', `item '${it.name}' uses {${r.name}:${r.format}}, a format parameter type ${d.type} does not have`);
      }
    }
    const cv = it.conditionalVisibility;
    if (cv && !names.has(cv.parameterName)) at([...path, 'conditionalVisibility', 'parameterName'], 'WB025', `item '${it.name}' is shown depending on parameter '${cv.parameterName}', which is not defined`);
    const tp = it.content?.timeContextFromParameter;
    if (typeof tp === 'string' && names.get(tp)?.type !== PARAM.timeRange) at([...path, 'content', 'timeContextFromParameter'], 'WB026', `item '${it.name}' takes its time range from '${tp}', which is not a time range parameter`);
    if (it.type === ITEM.query && typeof it.content?.query === 'string') {
      const s = substitute(it.content.query, defs, samples);
      if (s.unresolved.length) return; // reported above (WB023) or has no sample value
      const a = analyzeQuery(s.text, globals);
      for (const d of a.diagnostics.filter((x) => x.severity === 'error')) {
        const line = s.text.slice(0, d.start).split('\n').length;
        at([...path, 'content'], 'WB027', `item '${it.name}' query (parameters substituted), line ${line}: ${d.code}: ${d.message}`);
      }
    }
  });
  return { diagnostics: out, workbook };
}
