/**
 * The solution's deployable items, built in memory exactly as `cdr build` renders their standalone templates
 * (so what deploy writes is the built content), with what each query reads as data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../content/load.js';
import { collectItems, type PackItem } from '../package/items.js';
import { kindOf } from '../package/kinds/index.js';
import { solutionInfo } from '../package/solution-info.js';
import { contentLayout } from '../util/paths.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { queryRefs } from './query-refs.js';
import { parserCallMap } from '../package/parser-calls.js';

export type ContentItemKind = 'parser' | 'analyticRule' | 'huntingQuery' | 'workbook' | 'playbook' | 'summaryRule';

export interface CatalogItem {
  kind: ContentItemKind;
  /** The item's name in the targets file: its file (or folder) name without extension. */
  name: string;
  contentId: string;
  version: string;
  displayName: string;
  /** Source file, for positions in drift reports. */
  file: string;
  /** The standalone ARM template `cdr build` writes for the item. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  template: any;
  /** Watchlist aliases and string literals the query reads (rules and hunting queries). */
  watchlists: Set<string>;
  strings: Set<string>;
  /** Names of the catalog's parsers the item calls (directly or through other parsers): deployed before it. */
  parsers: string[];
  source: PackItem;
}

export interface Solution { name: string; id: string; version: string; author: string; support: Record<string, string> }

export interface Catalog { root: string; solution: Solution; items: CatalogItem[]; diagnostics: Diagnostic[] }

export function buildCatalog(root?: string): Catalog {
  const L = contentLayout(root);
  const content = loadContent(L.root);
  const diagnostics: Diagnostic[] = [...content.loadErrors];
  const empty = (): Catalog => ({ root: L.root, solution: { name: '', id: '', version: '', author: '', support: {} }, items: [], diagnostics });
  if (!content.solution) return empty();
  const metaFile = join(L.solution, String(content.solution.data?.Metadata ?? 'SolutionMetadata.json'));
  if (!existsSync(metaFile)) { diagnostics.push(diag(metaFile, 0, 0, 'DEPLOY001', 'solution metadata file not found')); return empty(); }
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  const d = content.solution.data;
  const { items, diagnostics: itemDiags } = collectItems(content);
  diagnostics.push(...itemDiags);
  const parserCalls = parserCallMap(items);
  const ctx = { sol: solutionInfo(content, meta), parserCalls };
  const solution: Solution = { name: ctx.sol.name, version: ctx.sol.version, author: ctx.sol.authorName, id: ctx.sol.id, support: ctx.sol.support ?? {} };
  const catalog: CatalogItem[] = items.map((it) => {
    const text = it.query?.query ?? it.parser?.query;
    const refs = text ? queryRefs(text) : { watchlists: new Set<string>(), strings: new Set<string>() };
    return {
      kind: it.kind, name: it.baseName, contentId: it.contentId, version: it.version, displayName: it.displayName, file: it.file,
      template: kindOf(it.kind).standalone(it, ctx), watchlists: refs.watchlists, strings: refs.strings, parsers: (parserCalls.get(it) ?? []).map((p) => p.baseName), source: it,
    };
  });
  const names = new Map<string, CatalogItem>();
  for (const c of catalog) {
    const prev = names.get(c.name);
    if (prev) diagnostics.push(diag(c.file, 1, 1, 'DEPLOY002', `item name '${c.name}' is used by ${prev.kind} ${prev.file} too; targets select items by name, so names must be unique`));
    names.set(c.name, c);
  }
  return { root: L.root, solution, items: catalog, diagnostics };
}
