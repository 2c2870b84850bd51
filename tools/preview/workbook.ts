/**
 * `cdr preview workbook`: renders a workbook the way the workbook host would show it, from fixture tables instead of
 * a workspace: parameters substituted (defaults, or --param values), each query run on the embedded engine, tables
 * as HTML tables, tiles as cards, charts as inline SVG (Vega-Lite). The page is one self-contained HTML file (no
 * script, no network: a Content-Security-Policy forbids both). Every item is a <section data-item=... data-status=...>
 * so a browser test can check each one rendered with data.
 */

import type { Content, JsonContent } from '../content/model.js';
import type { KqlEngine } from '../kql/engine.js';
import type { Table } from '../kql/types.js';
import { ITEM, PARAM, type Workbook, type WorkbookItem } from '../workbooks/model.js';
import { definedParams, formatValue, sampleValues, substitute, type ParamValue } from '../workbooks/params.js';
import { resolveWorkbook } from '../workbooks/resolve.js';
import { CHART_VISUALIZATIONS, chartSpec, renderSvg } from './charts.js';

export interface PreviewOptions { now: string; params: Record<string, string>; maxRows?: number; title?: string }
export interface PreviewItem { name: string; kind: 'markdown' | 'parameters' | 'query' | 'group' | 'other'; status: 'ok' | 'empty' | 'error'; rows?: number; error?: string }
export interface Preview { html: string; items: PreviewItem[] }

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The small Markdown subset workbook text items use: headings, bold, italics, code, lists, paragraphs. */
export function markdown(md: string): string {
  const inline = (s: string) => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(.+?)\*/g, '<em>$1</em>').replace(/`(.+?)`/g, '<code>$1</code>');
  const out: string[] = [];
  let list = false;
  for (const line of md.split('\n')) {
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    const li = /^\s*[-*]\s+(.*)$/.exec(line);
    if (!li && list) { out.push('</ul>'); list = false; }
    if (h) out.push(`<h${h[1]!.length + 1}>${inline(h[2]!)}</h${h[1]!.length + 1}>`);
    else if (li) { if (!list) { out.push('<ul>'); list = true; } out.push(`<li>${inline(li[1]!)}</li>`); }
    else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push('</ul>');
  return out.join('\n');
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function htmlTable(columns: { name: string }[], rows: Record<string, unknown>[], max: number): string {
  const head = columns.map((c) => `<th>${esc(c.name)}</th>`).join('');
  const body = rows.slice(0, max).map((r) => `<tr>${columns.map((c) => `<td>${esc(cell(r[c.name]))}</td>`).join('')}</tr>`).join('\n');
  const more = rows.length > max ? `<p class="more">${rows.length - max} more row(s) not shown</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${more}`;
}

function tiles(columns: { name: string }[], rows: Record<string, unknown>[]): string {
  return `<div class="tiles">${rows.slice(0, 20).flatMap((r) => columns.map((c) => `<div class="tile"><div class="tile-label">${esc(c.name)}</div><div class="tile-value">${esc(cell(r[c.name]))}</div></div>`)).join('')}</div>`;
}

const STYLE = `body{font-family:'Segoe UI',sans-serif;margin:24px;color:#222;background:#fafafa}
section.item{background:#fff;border:1px solid #ddd;border-radius:4px;padding:12px 16px;margin:12px 0;overflow-x:auto}
section.item[data-width="50"]{display:inline-block;width:calc(50% - 44px);vertical-align:top;margin-right:8px}
h1{font-size:20px}h2,h3{margin:4px 0 8px}table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #e3e3e3;padding:3px 6px;text-align:left;white-space:nowrap}
th{background:#f1f1f1}.params span{display:inline-block;background:#eef3fb;border-radius:12px;padding:3px 10px;margin:2px}.error{color:#a4262c}.empty{color:#666;font-style:italic}
.tiles{display:flex;flex-wrap:wrap;gap:8px}.tile{border:1px solid #ddd;border-radius:4px;padding:8px 12px;min-width:120px}.tile-label{font-size:11px;color:#666}.tile-value{font-size:20px}.more{font-size:11px;color:#666}`;

export async function previewWorkbook(content: Content, wb: JsonContent, engine: KqlEngine, tables: Map<string, Table>, opts: PreviewOptions): Promise<Preview> {
  const { workbook, diagnostics } = resolveWorkbook(content, wb.data as Workbook, wb.file);
  if (diagnostics.length) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
  const defs = definedParams(workbook);
  for (const k of Object.keys(opts.params)) if (!defs.some((d) => d.name === k)) throw new Error(`--param ${k}: the workbook has no parameter '${k}' (it has: ${defs.map((d) => d.name).join(', ')})`);
  const overrides: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts.params)) {
    const d = defs.find((x) => x.name === k)!;
    if (d.type === PARAM.timeRange) {
      const m = /^(\d+)\s*([mhd])$/.exec(v.trim());
      if (!m) throw new Error(`--param ${k}=${v}: a time range is a duration such as 24h, 7d or 30d`);
      overrides[k] = { durationMs: Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'] };
    } else overrides[k] = d.definition?.multiSelect ? v.split(',') : v;
  }
  const values = sampleValues(defs, opts.now, overrides);
  engine.clearTables();
  for (const [name, t] of tables) engine.registerTable(name, t);
  const items: PreviewItem[] = [];
  const parts: string[] = [];

  const renderItem = async (it: WorkbookItem): Promise<void> => {
    const width = it.customWidth ? ` data-width="${esc(it.customWidth)}"` : '';
    if (it.type === ITEM.markdown) {
      const text = substitute(String(it.content.json ?? ''), defs, values).text;
      items.push({ name: it.name, kind: 'markdown', status: text.trim() ? 'ok' : 'empty' });
      parts.push(`<section class="item" data-item="${esc(it.name)}" data-kind="markdown" data-status="ok"${width}>${markdown(text)}</section>`);
    } else if (it.type === ITEM.parameters) {
      const spans = (it.content.parameters ?? []).map((p) => `<span><b>${esc(p.label ?? p.name)}</b>: ${esc(values[p.name] === undefined ? '(not set)' : formatValue(defs.find((d) => d.name === p.name), values[p.name] as ParamValue, p.type === PARAM.timeRange ? 'label' : undefined))}</span>`).join(' ');
      items.push({ name: it.name, kind: 'parameters', status: 'ok' });
      parts.push(`<section class="item params" data-item="${esc(it.name)}" data-kind="parameters" data-status="ok">${spans}</section>`);
    } else if (it.type === ITEM.query) {
      const title = substitute(String(it.content.title ?? it.name), defs, values).text;
      const vis = String(it.content.visualization ?? 'table');
      const s = substitute(String(it.content.query ?? ''), defs, values);
      let body: string; let status: PreviewItem['status'] = 'ok'; let rowsN = 0; let error: string | undefined;
      try {
        if (s.unresolved.length) throw new Error(`no value for parameter(s) ${s.unresolved.map((r) => r.name).join(', ')}; pass --param`);
        const r = engine.run(s.text, { now: opts.now });
        const rows = r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
        rowsN = rows.length;
        if (!rows.length) { status = 'empty'; body = `<p class="empty">${esc(String(it.content.noDataMessage ?? 'The query returned no results.'))}</p>`; }
        else if (CHART_VISUALIZATIONS.includes(vis)) body = `<div class="chart" data-visualization="${esc(vis)}">${await renderSvg(chartSpec(vis, r.columns, rows, ''))}</div>`;
        else if (vis === 'tiles') body = tiles(r.columns, rows);
        else body = htmlTable(r.columns, rows, opts.maxRows ?? 200);
      } catch (e) { status = 'error'; error = (e as Error).message; body = `<p class="error">${esc(error)}</p>`; }
      items.push({ name: it.name, kind: 'query', status, rows: rowsN, error });
      parts.push(`<section class="item" data-item="${esc(it.name)}" data-kind="query" data-visualization="${esc(vis)}" data-status="${status}" data-rows="${rowsN}"${width}><h3>${esc(title)}</h3>\n${body}</section>`);
    } else if (it.type === ITEM.group) {
      items.push({ name: it.name, kind: 'group', status: 'ok' });
      parts.push(`<section class="item group" data-item="${esc(it.name)}" data-kind="group" data-status="ok">`);
      for (const child of it.content.items ?? []) await renderItem(child);
      parts.push('</section>');
    } else {
      items.push({ name: it.name, kind: 'other', status: 'error', error: `item type ${it.type} is not previewed` });
      parts.push(`<section class="item" data-item="${esc(it.name)}" data-kind="other" data-status="error"><p class="error">item type ${it.type} is not previewed</p></section>`);
    }
  };
  for (const it of workbook.items) await renderItem(it);
  const title = opts.title ?? wb.baseName;
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)} (preview)</title><style>${STYLE}</style></head>
<body><h1>${esc(title)} <small>preview on fixture data, now = ${esc(opts.now)}</small></h1>
${parts.join('\n')}
</body></html>
`;
  return { html, items };
}

