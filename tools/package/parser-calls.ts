/**
 * Which of the solution's parsers an item calls. A parser is a workspace function: a rule, hunting query, summary
 * rule or workbook query that names its alias fails to save (or to run) where the function is not installed. Calls
 * are found with the official lexer (identifier tokens equal to an alias; comments and string literals never count),
 * and followed transitively (CDR_IsTrustedIp calls CDR_IpFromEndpoint), so an item's dependencies are complete.
 */
import { kusto } from '../kusto/language.js';
import type { PackItem } from './items.js';

let identKind: number | undefined;

/** Identifier tokens of a query, in order. */
function identifiers(query: string): string[] {
  const K = kusto();
  identKind ??= K.Syntax.SyntaxKind.IdentifierToken as number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const tokens: any[] = K.Parsing.TokenParser.ParseTokens(query);
  return tokens.filter((t) => t.Kind === identKind).map((t) => String(t.Text));
}

/** The KQL texts of an item: its query, its parser body, or every `query` of a workbook's items. */
export function itemQueries(it: PackItem): string[] {
  if (it.parser?.query) return [it.parser.query];
  if (it.query?.data?.query) return [String(it.query.data.query)];
  if (it.summary?.data?.query) return [String(it.summary.data.query)];
  if (it.kind === 'workbook' && it.json?.data) {
    const out: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k === 'query' && typeof x === 'string') out.push(x); else walk(x); }
    };
    walk(it.json.data);
    return out;
  }
  return [];
}

/** Parsers called directly by a query text (KQL names are case-sensitive). */
export function directParserCalls(queries: string[], byAlias: Map<string, PackItem>, self?: PackItem): PackItem[] {
  const out = new Set<PackItem>();
  for (const q of queries) for (const id of identifiers(q)) { const p = byAlias.get(id); if (p && p !== self) out.add(p); }
  return [...out];
}

/** Every item -> the parsers it calls, directly or through other parsers, in the solution's parser order. */
export function parserCallMap(items: PackItem[]): Map<PackItem, PackItem[]> {
  const parsers = items.filter((i) => i.kind === 'parser');
  const byAlias = new Map(parsers.map((p) => [p.parser!.functionAlias!, p]));
  const direct = new Map(items.map((it) => [it, directParserCalls(itemQueries(it), byAlias, it)]));
  const out = new Map<PackItem, PackItem[]>();
  for (const it of items) {
    const seen = new Set<PackItem>();
    const stack = [...direct.get(it)!];
    while (stack.length) { const p = stack.pop()!; if (seen.has(p) || p === it) continue; seen.add(p); stack.push(...(direct.get(p) ?? [])); }
    out.set(it, parsers.filter((p) => seen.has(p)));
  }
  return out;
}

/** Parsers ordered so that each comes after the parsers it calls (the install and deploy order). */
export function parsersInCallOrder(items: PackItem[], calls: Map<PackItem, PackItem[]>): PackItem[] {
  return items.filter((i) => i.kind === 'parser').map((p, i) => ({ p, i, depth: calls.get(p)?.length ?? 0 }))
    .sort((a, b) => a.depth - b.depth || a.i - b.i).map((x) => x.p);
}
