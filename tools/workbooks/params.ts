/**
 * Workbook parameters: which are defined (parameter items, and query items that export a parameter), where text
 * references them (`{Name}`, `{Name:format}`), and substitution with typed values, which is how the workbook host
 * turns a query template into the KQL it runs.
 */
import { ITEM, PARAM, walkItems, type Workbook, type WorkbookParameter } from './model.js';

export interface ParamRef { name: string; format?: string; start: number; length: number }

/** `{Name}` / `{Name:format}` references (workbook syntax), skipping `{{` escapes. */
export function paramRefs(text: string): ParamRef[] {
  const out: ParamRef[] = [];
  const re = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_$]*))?\}/g;
  for (const m of text.matchAll(re)) {
    if (text[m.index! - 1] === '{' || text[m.index! + m[0].length] === '}') continue;
    out.push({ name: m[1]!, format: m[2], start: m.index!, length: m[0].length });
  }
  return out;
}

export interface DefinedParam { name: string; type: number; definition?: WorkbookParameter; itemName: string; order: number }

/** Parameters in document order: parameter items' parameters, and exported parameters of query items. */
export function definedParams(wb: Workbook): DefinedParam[] {
  const out: DefinedParam[] = [];
  let order = 0;
  walkItems(wb.items ?? [], (it) => {
    if (it?.type === ITEM.parameters) for (const p of it.content?.parameters ?? []) out.push({ name: p.name, type: p.type, definition: p, itemName: it.name, order: order++ });
    const exported = it?.content?.exportParameterName;
    if (it?.type === ITEM.query && typeof exported === 'string') out.push({ name: exported, type: PARAM.text, itemName: it.name, order: order++ });
    order++;
  });
  return out;
}

/** Formats a time-range parameter supports (the workbook host's TimeRange formatting options). */
export const TIME_RANGE_FORMATS = ['start', 'end', 'grain', 'label', 'value', 'query', 'seconds'];

export interface TimeRangeValue { start: string; end: string; grain?: string; label?: string }
export type ParamValue = string | number | boolean | TimeRangeValue | string[];

/** One value in the form the host substitutes it: time ranges per format, lists joined with quotes and delimiter. */
export function formatValue(def: DefinedParam | undefined, value: ParamValue, format?: string): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const tr = value as TimeRangeValue;
    const seconds = Math.round((Date.parse(tr.end) - Date.parse(tr.start)) / 1000);
    switch (format) {
      case 'start': return tr.start;
      case 'end': return tr.end;
      case 'grain': return tr.grain ?? '1h';
      case 'seconds': return String(seconds);
      case 'label': return tr.label ?? `${tr.start} - ${tr.end}`;
      case 'query': return `where TimeGenerated between (datetime(${tr.start}) .. datetime(${tr.end}))`;
      default: return tr.label ?? `${seconds}s`;
    }
  }
  if (Array.isArray(value)) {
    const q = def?.definition?.quote ?? "'";
    const d = def?.definition?.delimiter ?? ',';
    return value.map((v) => `${q}${v}${q}`).join(d);
  }
  return String(value);
}

export interface Substitution { text: string; unresolved: ParamRef[] }

/** Replace every reference whose parameter has a value; references without one are returned as unresolved. */
export function substitute(text: string, defs: DefinedParam[], values: Record<string, ParamValue>): Substitution {
  const unresolved: ParamRef[] = [];
  let out = '';
  let last = 0;
  for (const r of paramRefs(text)) {
    const v = values[r.name];
    if (v === undefined) { unresolved.push(r); continue; }
    out += text.slice(last, r.start) + formatValue(defs.find((d) => d.name === r.name), v, r.format);
    last = r.start + r.length;
  }
  return { text: out + text.slice(last), unresolved };
}

/**
 * Typed sample values for every parameter (what a user would pick): time ranges from the default duration ending
 * at `now`, text and drop-downs from their default value, unless the caller overrides a value.
 */
export function sampleValues(defs: DefinedParam[], now: string, overrides: Record<string, unknown> = {}): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const d of defs) {
    const o = overrides[d.name];
    if (d.type === PARAM.timeRange) {
      const dur = Number((o as { durationMs?: number })?.durationMs ?? (d.definition?.value as { durationMs?: number })?.durationMs ?? 86_400_000);
      const end = new Date(Date.parse(now)).toISOString();
      out[d.name] = { start: new Date(Date.parse(now) - dur).toISOString(), end, grain: dur > 3 * 86_400_000 ? '1d' : '1h' };
      continue;
    }
    if (o !== undefined) { out[d.name] = o as ParamValue; continue; }
    const v = d.definition?.value;
    if (v !== undefined && v !== null) out[d.name] = Array.isArray(v) ? v.map(String) : (v as string | number | boolean);
  }
  return out;
}
