/**
 * Mutant generation from the official parser's syntax tree (Kusto.Language), never from regular expressions on the
 * text: every mutant is one small textual edit at a node the parser found. Four kinds (docs/harness.md):
 *
 * - `drop-where`: each `where`/`filter` operator in turn (anywhere: let bodies, join and union legs, function
 *   bodies) has its predicate replaced by `true`.
 * - `case-sensitive`: each case-insensitive string or set operator becomes its case-sensitive twin (`=~` -> `==`,
 *   `in~` -> `in`, `!in~` -> `!in`, `has` -> `has_cs`, ...). Operators without a twin (`has_any`, `has_all`,
 *   `matches regex`) stay.
 * - `threshold`: each numeric literal compared with `>`, `>=`, `<`, `<=` (directly, or through a `let` bound to a
 *   literal) is shrunk: integers N -> N-1 and N -> floor(N/2) (the boundary, and a clearly smaller value); reals
 *   N -> 0.9*N and N/2. A surviving N-1 means no case sits at the boundary.
 * - `drop-union-leg`: each table or subquery of each `union` is removed in turn (`A | union B` loses `| union B`).
 */
import { kusto } from '../../kusto/language.js';
import { elems, kindName, type Node } from '../../kql/compile/syntax.js';

export const MUTANT_KINDS = ['drop-where', 'case-sensitive', 'threshold', 'drop-union-leg'] as const;
export type MutantKind = (typeof MUTANT_KINDS)[number];

export interface Mutant {
  kind: MutantKind;
  /** Offset of the clause in the query (for file:line:col). */
  offset: number;
  /** The clause as written (one line, whitespace collapsed). */
  clause: string;
  /** What the clause becomes. */
  replacement: string;
  /** The whole mutated query. */
  query: string;
  /** case-sensitive only: the compared column (a plain name on the left) and the string literals on the right. */
  operands?: { column?: string; literals?: string[] };
}

/** Case-insensitive operators and their case-sensitive twins (by operator token text). */
const CASE_SENSITIVE_TWIN: Readonly<Record<string, string>> = {
  '=~': '==', '!~': '!=', 'in~': 'in', '!in~': '!in',
  has: 'has_cs', '!has': '!has_cs', contains: 'contains_cs', '!contains': '!contains_cs',
  startswith: 'startswith_cs', '!startswith': '!startswith_cs', endswith: 'endswith_cs', '!endswith': '!endswith_cs',
  hasprefix: 'hasprefix_cs', '!hasprefix': '!hasprefix_cs', hassuffix: 'hassuffix_cs', '!hassuffix': '!hassuffix_cs',
};

const COMPARISONS = new Set(['GreaterThanExpression', 'GreaterThanOrEqualExpression', 'LessThanExpression', 'LessThanOrEqualExpression']);
const NUMERIC_LITERALS = new Set(['IntLiteralExpression', 'LongLiteralExpression', 'RealLiteralExpression']);

interface Edit { start: number; end: number; text: string }

const oneLine = (s: string, max = 120) => { const t = s.replace(/\s+/g, ' ').trim(); return t.length > max ? t.slice(0, max - 3) + '...' : t; };
const span = (n: Node) => ({ start: n.TextStart as number, end: (n.TextStart + n.Width) as number });
const children = (n: Node): Node[] => { const out: Node[] = []; for (let i = 0; i < n.ChildCount; i++) { const c = n.GetChild(i); if (c) out.push(c); } return out; };

/** The numeric value of a literal expression (`5`, `long(5)`, `2.5`, `-3`), or undefined. */
function numericLiteral(n: Node): { value: number; real: boolean; node: Node } | undefined {
  const kind = kindName(n);
  if (kind === 'UnaryMinusExpression') {
    const inner = numericLiteral(n.Expression);
    return inner && { ...inner, value: -inner.value, node: n };
  }
  if (!NUMERIC_LITERALS.has(kind)) return undefined;
  const text = String(n.Token?.Text ?? '').trim();
  const value = Number(/^[a-z]+\((.*)\)$/i.exec(text)?.[1] ?? text);
  return Number.isFinite(value) ? { value, real: kind === 'RealLiteralExpression', node: n } : undefined;
}

/** The string literal value of an expression, or undefined. */
function stringLiteral(n: Node): string | undefined {
  if (kindName(n) !== 'StringLiteralExpression') return undefined;
  const v = n.LiteralValue;
  return typeof v === 'string' ? v : undefined;
}

/** A binary string/set comparison's column (left, when a plain name) and right-hand literals (all, or undefined). */
function stringOperands(n: Node): { column?: string; literals?: string[] } {
  const left = n.GetChild(0);
  const right = n.GetChild(2);
  const column = kindName(left) === 'NameReference' ? String(left.SimpleName ?? '') || undefined : undefined;
  const items = kindName(right) === 'ExpressionList' ? elems(right.Expressions) : [right];
  const lits = items.map(stringLiteral);
  return { column, literals: lits.every((l) => l !== undefined) ? (lits as string[]) : undefined };
}

/** The shrunk values of a threshold, most telling first, without repeats. */
export function shrunkThresholds(value: number, real: boolean): number[] {
  const out = real ? [Math.round(value * 0.9 * 1e6) / 1e6, value / 2] : [value - 1, Math.floor(value / 2)];
  return [...new Set(out)].filter((v) => v < value);
}
const literalText = (v: number, real: boolean) => (real && Number.isInteger(v) ? `${v}.0` : String(v));

/** Mutants of one query, in document order of their clauses (duplicates producing the same query are dropped). */
export function generateMutants(query: string): Mutant[] {
  const code = kusto().KustoCode.Parse(query);
  const found: Array<Omit<Mutant, 'query'> & { edit: Edit }> = [];
  const lets = new Map<string, Array<{ at: number; literal: ReturnType<typeof numericLiteral> & object }>>();

  // First pass: every `let name = <numeric literal>` (a threshold named once and compared later).
  const collectLets = (n: Node): void => {
    if (!n || n.IsToken) return;
    if (kindName(n) === 'LetStatement' && n.Expression) {
      const lit = numericLiteral(n.Expression);
      const name = String(n.Name?.SimpleName ?? '');
      if (lit && name) lets.set(name, [...(lets.get(name) ?? []), { at: n.TextStart, literal: lit }]);
    }
    for (const c of children(n)) collectLets(c);
  };
  collectLets(code.Syntax);
  /** The literal a name refers to: the nearest `let` of that name before the use. */
  const letLiteral = (ref: Node) => {
    if (kindName(ref) !== 'NameReference') return undefined;
    const cands = (lets.get(String(ref.SimpleName ?? ref.Name?.SimpleName ?? '')) ?? []).filter((l) => l.at < ref.TextStart);
    return cands[cands.length - 1]?.literal;
  };

  const visit = (n: Node, parent: Node | undefined): void => {
    if (!n || n.IsToken) return;
    const kind = kindName(n);
    const text = query.slice(n.TextStart, n.TextStart + n.Width);
    if (kind === 'FilterOperator' && n.Condition) {
      found.push({ kind: 'drop-where', offset: n.TextStart, clause: oneLine(text), replacement: `${String(n.Keyword?.Text ?? 'where')} true`, edit: { ...span(n.Condition), text: 'true' } });
    }
    if (n.ChildCount === 3 && kind.endsWith('Expression')) {
      const op = n.GetChild(1);
      const twin = op?.IsToken ? CASE_SENSITIVE_TWIN[String(op.Text).toLowerCase()] : undefined;
      const operands = twin ? stringOperands(n) : undefined;
      // A literal without cased letters (":", "2", "[") compares the same either way: a provably equivalent mutant.
      if (twin && !(operands?.literals && operands.literals.every((l) => l.toLowerCase() === l.toUpperCase()))) {
        const before = query.slice(n.TextStart, op.TextStart);
        const after = query.slice(op.TextStart + op.Width, n.TextStart + n.Width);
        found.push({ kind: 'case-sensitive', offset: op.TextStart, clause: oneLine(text), replacement: oneLine(before + twin + after), edit: { start: op.TextStart, end: op.TextStart + op.Width, text: twin }, operands });
      }
    }
    if (COMPARISONS.has(kind)) {
      const [left, , right] = [n.GetChild(0), n.GetChild(1), n.GetChild(2)];
      for (const side of [left, right]) {
        const direct = numericLiteral(side);
        const viaLet = direct ? undefined : letLiteral(side);
        const lit = direct ?? viaLet;
        if (!lit) continue;
        for (const v of shrunkThresholds(lit.value, lit.real)) {
          const t = literalText(v, lit.real);
          const s = span(lit.node);
          const letNote = viaLet ? ` (let ${query.slice(side.TextStart, side.TextStart + side.Width)} = ${t})` : '';
          const replacement = direct ? oneLine(query.slice(n.TextStart, s.start) + t + query.slice(s.end, n.TextStart + n.Width)) : oneLine(text) + letNote;
          found.push({ kind: 'threshold', offset: n.TextStart, clause: oneLine(text), replacement, edit: { ...s, text: t } });
        }
      }
    }
    if (kind === 'UnionOperator') {
      const legs = elems(n.Expressions);
      const list = span(n.Expressions);
      if (legs.length >= 2) {
        legs.forEach((leg, i) => {
          const rest = legs.filter((_, j) => j !== i).map((l) => query.slice(l.TextStart, l.TextStart + l.Width)).join(', ');
          found.push({ kind: 'drop-union-leg', offset: leg.TextStart, clause: oneLine(query.slice(leg.TextStart, leg.TextStart + leg.Width)), replacement: oneLine(`union ${rest}`), edit: { ...list, text: rest } });
        });
      } else if (legs.length === 1 && parent && kindName(parent) === 'PipeExpression' && parent.Operator === n) {
        // `A | union B`: without B the pipe is just A.
        const input = parent.Expression;
        found.push({ kind: 'drop-union-leg', offset: legs[0].TextStart, clause: oneLine(query.slice(legs[0].TextStart, legs[0].TextStart + legs[0].Width)), replacement: '(the `| union` step removed)', edit: { ...span(parent), text: query.slice(input.TextStart, input.TextStart + input.Width) } });
      }
    }
    for (const c of children(n)) visit(c, n);
  };
  visit(code.Syntax, undefined);

  const seen = new Set<string>();
  const out: Mutant[] = [];
  for (const f of found.sort((a, b) => a.offset - b.offset)) {
    const mutated = query.slice(0, f.edit.start) + f.edit.text + query.slice(f.edit.end);
    if (mutated === query || seen.has(mutated)) continue;
    seen.add(mutated);
    out.push({ kind: f.kind, offset: f.offset, clause: f.clause, replacement: f.replacement, query: mutated, ...(f.operands ? { operands: f.operands } : {}) });
  }
  return out;
}

/** Names a query refers to (identifier tokens of name references and calls), for finding a parser's callers. */
export function referencedNames(query: string): Set<string> {
  const code = kusto().KustoCode.Parse(query);
  const names = new Set<string>();
  const visit = (n: Node): void => {
    if (!n) return;
    if (n.IsToken) return;
    const kind = kindName(n);
    if (kind === 'NameReference' || kind === 'FunctionCallExpression') {
      const name = kind === 'NameReference' ? n.SimpleName ?? n.Name?.SimpleName : n.Name?.SimpleName;
      if (name) names.add(String(name));
    }
    for (const c of children(n)) visit(c);
  };
  visit(code.Syntax);
  return names;
}
