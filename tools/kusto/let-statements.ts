/**
 * Top-level `let` statements of a query, found with the official parser, and replacing one's value.
 *
 * Hunting queries expose their parameters as top-level lets with a default (`let TargetPrincipal = "";`). Two
 * places set them: workbooks (`cdr:queryFrom` ... `set`, tools/workbooks/resolve.ts) and rule test cases
 * (`lets:`, tools/harness/cases.ts). Both go through `setLet`, which edits exactly the value expression's span in
 * the syntax tree: comments, other lets and lets of the same name inside function bodies are left alone.
 */
import { kusto, toArray } from './language.js';
import { elems, kindName, type Node } from '../kql/compile/syntax.js';
import { parseDatetime, parseTimespan } from '../kql/values.js';

/** The kinds of value a let can be set to from data: its default's literal kind. */
export type LetValueKind = 'string' | 'long' | 'real' | 'bool' | 'timespan' | 'datetime' | 'dynamic';

export interface TopLevelLet {
  name: string;
  /** Span of the value expression (after `=`, before `;`). */
  start: number;
  end: number;
  /** The literal kind of the default, or undefined when the default is not a literal (a function, a table, ...). */
  kind?: LetValueKind;
  /** Syntax kind of the default expression, for messages. */
  syntaxKind: string;
}

const LITERAL_KINDS: Readonly<Record<string, LetValueKind>> = {
  StringLiteralExpression: 'string',
  CompoundStringLiteralExpression: 'string',
  LongLiteralExpression: 'long',
  IntLiteralExpression: 'long',
  RealLiteralExpression: 'real',
  DecimalLiteralExpression: 'real',
  BooleanLiteralExpression: 'bool',
  TimespanLiteralExpression: 'timespan',
  DateTimeLiteralExpression: 'datetime',
  DynamicExpression: 'dynamic',
};

function literalKind(n: Node): LetValueKind | undefined {
  const k = kindName(n);
  if (k === 'UnaryMinusExpression' || k === 'UnaryPlusExpression') {
    const inner = literalKind(n.Expression);
    return inner === 'long' || inner === 'real' || inner === 'timespan' ? inner : undefined;
  }
  return LITERAL_KINDS[k];
}

/** The query's top-level let statements in order (a name may appear more than once). */
export function topLevelLets(query: string): TopLevelLet[] {
  const root = kusto().KustoCode.Parse(query).Syntax;
  const out: TopLevelLet[] = [];
  for (const st of elems(root?.Statements)) {
    if (kindName(st) !== 'LetStatement' || !st.Expression) continue;
    const e = st.Expression;
    out.push({ name: String(st.Name?.SimpleName ?? ''), start: e.TextStart, end: e.TextStart + e.Width, kind: literalKind(e), syntaxKind: kindName(e) });
  }
  return out;
}

/** The single top-level let of that name, or undefined (none, or more than one: which one to set is unclear). */
export function findTopLevelLet(query: string, name: string): TopLevelLet | undefined {
  const hits = topLevelLets(query).filter((l) => l.name === name);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Replace the value of the top-level `let <name> = <value>;` with KQL text; undefined when there is no single one. */
export function setLet(query: string, name: string, valueKql: string): string | undefined {
  const l = findTopLevelLet(query, name);
  return l && query.slice(0, l.start) + valueKql + query.slice(l.end);
}

/** A KQL string literal whose value is exactly `s`. */
export function kqlStringLiteral(s: string): string {
  return `"${s.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}"`;
}

/** The parsed value expression of `text` when it is a let value of `kind` with no syntax errors. */
function parsesAs(text: string, kind: LetValueKind): Node | undefined {
  const code = kusto().KustoCode.Parse(`let __v = ${text};\nprint 1`);
  const st = elems(code.Syntax?.Statements)[0];
  if (!st?.Expression || literalKind(st.Expression) !== kind) return undefined;
  if (toArray(code.GetSyntaxDiagnostics()).some((d: Node) => String(d.Severity).toLowerCase() === 'error')) return undefined;
  return st.Expression;
}

const KIND_HINT: Readonly<Record<LetValueKind, string>> = {
  string: 'a string',
  long: 'an integer',
  real: 'a number',
  bool: 'true or false',
  timespan: "a timespan such as '7d', '90m' or '1.12:00:00'",
  datetime: "an ISO-8601 datetime such as '2026-11-20T12:00:00Z'",
  dynamic: 'a list or mapping (becomes dynamic(...))',
};

/**
 * KQL text for a value given in data (YAML/JSON) for a let whose default has `kind`, or an error saying what
 * was expected. The text is checked with the parser: it must be a literal of the same kind.
 */
export function letValueKql(kind: LetValueKind, value: unknown): { kql: string } | { error: string } {
  const wrong = { error: `expects ${KIND_HINT[kind]}, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`}` };
  let text: string | undefined;
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') return wrong;
      text = kqlStringLiteral(value);
      break;
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return wrong;
      text = String(value);
      break;
    case 'real':
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrong;
      text = `real(${value})`;
      break;
    case 'bool':
      if (typeof value !== 'boolean') return wrong;
      text = String(value);
      break;
    case 'timespan':
      // The parser accepts any text inside time(...); the value must be a timespan the engine reads.
      if (typeof value !== 'string' || parseTimespan(value) === undefined) return wrong;
      text = /^\s*-?\d+(\.\d+)?[a-z]+\s*$/i.test(value) ? value.trim() : `time(${value.trim()})`;
      break;
    case 'datetime':
      if (typeof value !== 'string' || parseDatetime(value) === undefined) return wrong;
      text = `datetime(${value.trim()})`;
      break;
    case 'dynamic':
      if (value === null || typeof value !== 'object') return wrong;
      text = `dynamic(${JSON.stringify(value)})`;
      break;
  }
  const parsed = parsesAs(text, kind);
  if (!parsed) return wrong;
  // A string must come back as exactly the value given (no escape the parser reads differently).
  if (kind === 'string' && parsed.LiteralValue !== value) return wrong;
  return { kql: text };
}
