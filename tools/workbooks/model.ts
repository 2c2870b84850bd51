/**
 * Workbook (Notebook/1.0) shapes the tooling reads: items, query items, parameter items, groups. Only what the
 * checks, tests and preview use is typed; everything else passes through untouched.
 */
export interface WorkbookParameter {
  id?: string; version?: string; name: string; type: number; label?: string; value?: unknown; isRequired?: boolean;
  query?: string; typeSettings?: Record<string, unknown>; jsonData?: string; multiSelect?: boolean; quote?: string; delimiter?: string;
}
export interface WorkbookItem {
  type: number; name: string; content: Record<string, unknown> & { items?: WorkbookItem[]; parameters?: WorkbookParameter[]; query?: string };
  conditionalVisibility?: { parameterName: string; comparison: string; value?: string };
  customWidth?: string;
}
export interface Workbook { version: string; items: WorkbookItem[]; fromTemplateId?: string; $schema?: string }

export const ITEM = { markdown: 1, query: 3, parameters: 9, metric: 10, links: 11, group: 12 } as const;
export const PARAM = { text: 1, dropdown: 2, timeRange: 4, resource: 5, subscription: 6, resourceType: 7, options: 8 } as const;

/** Depth-first walk over items, groups included, in document order. */
export function walkItems(items: WorkbookItem[], visit: (item: WorkbookItem, path: (string | number)[]) => void, path: (string | number)[] = ['items']): void {
  items.forEach((it, i) => {
    visit(it, [...path, i]);
    if (it?.type === ITEM.group && Array.isArray(it.content?.items)) walkItems(it.content.items, visit, [...path, i, 'content', 'items']);
  });
}

export const queryItems = (wb: Workbook): { item: WorkbookItem; path: (string | number)[] }[] => {
  const out: { item: WorkbookItem; path: (string | number)[] }[] = [];
  walkItems(wb.items ?? [], (item, path) => { if (item?.type === ITEM.query) out.push({ item, path }); });
  return out;
};
