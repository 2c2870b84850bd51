/** Small helpers over Kusto.Language syntax nodes (Bridge.NET objects). */
import { kusto } from '../../kusto/language.js';
import { KqlUnsupportedError, positionAt, type QueryPosition } from '../errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;

let kinds: Record<string, number> | undefined;
let names: Map<number, string> | undefined;
/** SyntaxKind values by name. */
export function SK(): Record<string, number> {
  if (!kinds) {
    kinds = kusto().Syntax.SyntaxKind as Record<string, number>;
    names = new Map(Object.entries(kinds).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));
  }
  return kinds;
}
export function kindName(n: Node): string {
  SK();
  return names!.get(n?.Kind) ?? `kind#${n?.Kind}`;
}

/** Elements of a SyntaxList or SeparatedSyntaxList. */
export function elems(list: Node): Node[] {
  const out: Node[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) {
    const it = list.getItem(i);
    out.push(kindName(it) === 'SeparatedElement' ? it.Element : it);
  }
  return out;
}

/** The query text currently being translated, for positions in errors. */
let currentText = '';
export function setQueryText(t: string): void { currentText = t; }

/**
 * Texts of other syntax trees evaluated in the same run (the bodies of database functions such as the solution's
 * parsers, parsed on their own): a node's offsets are relative to its own tree's text.
 */
const treeTexts = new WeakMap<object, { text: string; source: string; headerLines: number }>();
/** `headerLines`: lines before the part of `text` the user wrote (reported line numbers start after them). */
export function registerTreeText(root: Node, text: string, source: string, headerLines = 0): void { treeTexts.set(root, { text, source, headerLines }); }
function treeOf(n: Node): { text: string; source?: string; headerLines?: number } {
  const root = n?.Root;
  return (root && treeTexts.get(root)) ?? { text: currentText };
}

export function posOf(n: Node): QueryPosition | undefined {
  if (!n || typeof n.TextStart !== 'number') return undefined;
  const t = treeOf(n);
  const p = positionAt(t.text, n.TextStart);
  return t.source ? { ...p, line: p.line - (t.headerLines ?? 0), source: t.source } : p;
}
export function textOf(n: Node): string {
  return n && typeof n.TextStart === 'number' ? treeOf(n).text.slice(n.TextStart, n.TextStart + n.Width) : '';
}

export function unsupported(feature: string, n: Node, detail?: string): never {
  throw new KqlUnsupportedError(feature, posOf(n), detail);
}

/** Named parameters (kind=inner, withsource=X) as a lower-case map to their expression nodes. */
export function namedParams(list: Node): Map<string, Node> {
  const m = new Map<string, Node>();
  for (const p of elems(list)) m.set(String(p.Name.SimpleName).toLowerCase(), p.Expression);
  return m;
}

/** The text value of a token-ish parameter (kind=leftouter -> "leftouter"). */
export function paramText(n: Node): string {
  if (!n) return '';
  const lv = n.LiteralValue;
  if (typeof lv === 'string') return lv;
  return textOf(n).trim();
}
