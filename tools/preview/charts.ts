/**
 * Query results -> Vega-Lite specs for the workbook visualizations, rendered to SVG by Vega on the server side (no
 * script or network needed when the page is viewed). Column roles follow the workbook host's defaults: the first
 * datetime column is the time axis, string columns are series or categories, numeric columns are values.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ColumnSchema } from '../kql/types.js';

export const CHART_VISUALIZATIONS = ['timechart', 'linechart', 'areachart', 'barchart', 'categoricalbar', 'piechart', 'scatterchart'];

const isNum = (c: ColumnSchema) => ['int', 'long', 'real', 'decimal'].includes(c.type);

export function chartSpec(visualization: string, columns: ColumnSchema[], rows: Record<string, unknown>[], title: string): TopLevelSpec {
  const time = columns.find((c) => c.type === 'datetime');
  const strings = columns.filter((c) => c.type === 'string');
  const nums = columns.filter(isNum);
  if (!nums.length) throw new Error(`a ${visualization} needs a numeric column (columns: ${columns.map((c) => `${c.name}:${c.type}`).join(', ')})`);
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, width: 560, height: 220, data: { values: rows }, config: { font: 'Segoe UI, sans-serif' } } as const;
  const y = nums[0]!.name;
  switch (visualization) {
    case 'timechart': case 'linechart': case 'areachart': {
      if (!time) throw new Error(`a ${visualization} needs a datetime column`);
      const mark = visualization === 'areachart' ? 'area' : 'line';
      const enc = { x: { field: time.name, type: 'temporal', title: time.name }, y: { field: y, type: 'quantitative', title: y, stack: mark === 'area' ? 'zero' : null } } as Record<string, unknown>;
      if (strings[0]) enc.color = { field: strings[0].name, type: 'nominal', title: strings[0].name };
      return { ...base, mark: { type: mark, point: mark === 'line' }, encoding: enc } as TopLevelSpec;
    }
    case 'barchart': case 'categoricalbar': {
      const cat = strings[0]?.name ?? time?.name;
      if (!cat) throw new Error(`a ${visualization} needs a category column`);
      const enc = { y: { field: cat, type: 'nominal', sort: '-x', title: cat }, x: { field: y, type: 'quantitative', title: y } } as Record<string, unknown>;
      if (strings[1]) enc.color = { field: strings[1].name, type: 'nominal' };
      return { ...base, mark: 'bar', encoding: enc } as TopLevelSpec;
    }
    case 'piechart': {
      const cat = strings[0]?.name;
      if (!cat) throw new Error('a piechart needs a category column');
      return { ...base, width: 260, height: 220, mark: { type: 'arc', innerRadius: 40 }, encoding: { theta: { field: y, type: 'quantitative' }, color: { field: cat, type: 'nominal', title: cat } } } as TopLevelSpec;
    }
    case 'scatterchart': {
      const x = nums[0]!.name, yy = (nums[1] ?? nums[0])!.name;
      return { ...base, mark: 'point', encoding: { x: { field: x, type: 'quantitative' }, y: { field: yy, type: 'quantitative' }, ...(strings[0] ? { color: { field: strings[0].name, type: 'nominal' } } : {}) } } as TopLevelSpec;
    }
  }
  throw new Error(`visualization '${visualization}' is not a chart`);
}

/** Vega-Lite -> Vega -> SVG text, headless (renderer 'none', no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try { return await view.toSVG(); } finally { view.finalize(); }
}
