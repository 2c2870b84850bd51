/** The preview stage's entry point: load the content and fixture tables, render a workbook, write one HTML file. */
import { loadContent } from '../content/load.js';
import { parserFunctionDecls } from '../content/parsers.js';
import { KqlEngine } from '../kql/engine.js';
import type { Table } from '../kql/types.js';
import { formatDatetime } from '../kql/values.js';
import { TableSchemaRegistry } from '../kusto/table-schemas.js';
import { readFixtureDir } from '../fixtures/read-table.js';
import { contentLayout } from '../util/paths.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { previewWorkbook, type Preview } from './workbook.js';

export interface PreviewRequest { root?: string; workbook: string; tables: string[]; params: Record<string, string>; now?: string; output: string }

/** Latest TimeGenerated in the tables: the default "now" so a recording previews as it was when recorded. */
function latestTime(tables: Map<string, Table>): string | undefined {
  let max: bigint | undefined;
  for (const t of tables.values()) {
    const ci = t.columns.findIndex((c) => c.name === 'TimeGenerated');
    if (ci < 0) continue;
    for (const v of t.data[ci]!) if (typeof v === 'bigint' && (max === undefined || v > max)) max = v;
  }
  return max === undefined ? undefined : formatDatetime(max);
}

export async function runPreview(req: PreviewRequest): Promise<Preview> {
  const L = contentLayout(req.root);
  const content = loadContent(L.root);
  const wb = content.workbooks.find((w) => w.baseName === req.workbook || w.baseName.toLowerCase() === req.workbook.toLowerCase());
  if (!wb) throw new Error(`no workbook '${req.workbook}' (workbooks: ${content.workbooks.map((w) => w.baseName).join(', ')})`);
  const schemas = TableSchemaRegistry.load([L.customTables]);
  const tables = new Map<string, Table>();
  for (const dir of req.tables) {
    for (const t of readFixtureDir(dir, schemas).tables) {
      const prev = tables.get(t.name);
      if (!prev) { tables.set(t.name, t.table); continue; }
      // The same table in several folders: rows appended, columns aligned by name (as rule test scenarios do).
      const data = prev.columns.map((col, ci) => { const j = t.table.columns.findIndex((x) => x.name === col.name); return [...prev.data[ci]!, ...(j >= 0 ? t.table.data[j]! : new Array(t.table.rowCount).fill(col.type === 'string' ? '' : null))]; });
      tables.set(t.name, { columns: prev.columns, data, rowCount: prev.rowCount + t.table.rowCount });
    }
  }
  const now = req.now ?? latestTime(tables);
  if (!now) throw new Error('no TimeGenerated in the tables to preview as of; pass --now <ISO datetime>');
  // Workbook queries may call the solution's parsers (deployed as workspace functions next to the workbook).
  const engine = new KqlEngine(schemas);
  engine.registerFunctions(parserFunctionDecls(content.parsers));
  const preview = await previewWorkbook(content, wb, engine, tables, { now, params: req.params, title: wb.baseName });
  writeFileAtomic(req.output, preview.html);
  return preview;
}
