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
 * Other syntax trees evaluated in the same run, whose node offsets count from their own text:
 * - expansions of user functions at a call site (`registerExpansion`): positions map back into the query text
 *   by the body's offset in it;
 * - database functions such as the solution's parsers, parsed on their own (`registerTreeText`): positions are
 *   reported against the function's own source, after `headerLines` lines the user did not write.
 */
type TreeText = { text: string; offset?: number; source?: string; headerLines?: number };
const treeTexts = new WeakMap<object, TreeText>();
export function registerExpansion(root: Node, offsetInQuery: number): void {
  if (root && !treeTexts.has(root)) treeTexts.set(root, { text: String(root.toString()), offset: offsetInQuery });
}
export function registerTreeText(root: Node, text: string, source: string, headerLines = 0): void { treeTexts.set(root, { text, source, headerLines }); }
function treeOf(n: Node): TreeText {
  const root = n?.Root;
  return (root && treeTexts.get(root)) ?? { text: currentText };
}

export function posOf(n: Node): QueryPosition | undefined {
  if (!n || typeof n.TextStart !== 'number') return undefined;
  const t = treeOf(n);
  if (t.offset !== undefined) return positionAt(currentText, n.TextStart + t.offset);
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

/** The column name the binder gives an unnamed expression in a projection (`todynamic(x)` -> `x`, `d.a` -> `d_a`). */
export function resultNameOf(expr: Node, fallback: string): string {
  const name = kusto().KustoFacts.GetExpressionResultName(expr, null, null);
  return name ? String(name) : fallback;
}

/** What users call a syntax kind the engine refuses (`ReduceByOperator` -> `reduce`, `AliasStatement` -> `alias`). */
const KQL_NAMES: Record<string, string> = {
  ReduceByOperator: 'reduce', FindOperator: 'find', AliasStatement: 'alias statement', PatternStatement: 'declare pattern',
  SetOptionStatement: 'set statement', QueryParametersStatement: 'declare query_parameters', RestrictStatement: 'restrict statement',
  InlineExternalTableExpression: 'inline_external_table', ExternalTableExpression: 'external_table()', EntityGroupExpression: 'entity_group',
  MaterializedViewCombineExpression: 'materialized_view_combine', ContextualDataTableExpression: 'contextual_datatable',
  FilterOperator: 'where', GetSchemaOperator: 'getschema', ExternalDataExpression: 'externaldata',
};
export function kqlNameOfKind(kind: string, n?: Node): string {
  if (kind === 'PathExpression' && n) {
    const text = textOf(n);
    const ref = /\b(cluster|database|external_table|materialized_view|stored_query_result)\s*\(/i.exec(text);
    if (ref) return `${ref[1]!.toLowerCase()}()`;
  }
  if (kind === 'CompoundNamedExpression' && n) return `(${elems(n.Names?.Names).map((x: Node) => String(x.SimpleName ?? textOf(x))).join(', ')}) = ... assignment`;
  return KQL_NAMES[kind] ?? kind.replace(/(Operator|Statement|Expression)$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}
