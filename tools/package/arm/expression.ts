/**
 * ARM template expressions: a JSON string that starts with `[` and ends with `]` is an expression, one that starts
 * with `[[` is a literal whose first `[` is dropped when the template is deployed (this is how a template carries an
 * expression for a nested template to evaluate later). This module parses the expression language (function calls,
 * string/number literals, `.property` and `[index]` access) into a small tree, enough to find every
 * parameters()/variables() reference and to measure expressions, following the documented syntax
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions).
 */

export type ArmExpr =
  | { kind: 'call'; name: string; args: ArmExpr[]; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'property'; target: ArmExpr; name: string; pos: number }
  | { kind: 'index'; target: ArmExpr; index: ArmExpr; pos: number };

export class ArmExpressionError extends Error {
  constructor(message: string, public readonly position: number) { super(message); this.name = 'ArmExpressionError'; }
}

/** `[...]` but not `[[...`: ARM evaluates it. */
export function isExpression(s: unknown): s is string {
  return typeof s === 'string' && s.startsWith('[') && !s.startsWith('[[') && s.endsWith(']');
}

/** `[[...`: a literal in this template, an expression once deployed (one `[` is removed). */
export function isEscapedExpression(s: unknown): s is string {
  return typeof s === 'string' && s.startsWith('[[');
}

/**
 * One level of escaping: `[x]` -> `[[x]` (the nested template evaluates it). Any string starting with `[` gets the
 * extra bracket, so content that is itself escaped (`[[x]`) keeps its meaning one level further down.
 */
export function escapeExpression(s: string): string { return s.startsWith('[') ? `[${s}` : s; }

/** What ARM leaves of an escaped string after evaluating the outer template: `[[x]` -> `[x]`. */
export function unescapeExpression(s: string): string { return isEscapedExpression(s) ? s.slice(1) : s; }

interface Token { type: 'ident' | 'string' | 'number' | 'punct'; text: string; pos: number }

function tokenize(src: string, offset: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'") {
      let j = i + 1, value = '';
      for (;;) {
        if (j >= src.length) throw new ArmExpressionError('unterminated string literal', offset + i);
        if (src[j] === "'") { if (src[j + 1] === "'") { value += "'"; j += 2; continue; } break; }
        value += src[j++];
      }
      out.push({ type: 'string', text: value, pos: offset + i });
      i = j + 1;
      continue;
    }
    if (/[0-9-]/.test(c) && (c !== '-' || /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ type: 'number', text: m[0], pos: offset + i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      out.push({ type: 'ident', text: m[0], pos: offset + i });
      i += m[0].length;
      continue;
    }
    if ('(),.[]'.includes(c)) { out.push({ type: 'punct', text: c, pos: offset + i }); i++; continue; }
    throw new ArmExpressionError(`unexpected character '${c}'`, offset + i);
  }
  return out;
}

/** Parse the inside of an expression string (`[concat(...)]` -> the call tree). */
export function parseExpression(text: string): ArmExpr {
  if (!isExpression(text)) throw new ArmExpressionError('not an expression (must be [ ... ])', 0);
  const tokens = tokenize(text.slice(1, -1), 1);
  let k = 0;
  const peek = () => tokens[k];
  const expect = (t: string) => {
    const tok = tokens[k];
    if (!tok || tok.text !== t || tok.type !== 'punct') throw new ArmExpressionError(`expected '${t}'${tok ? ` but found '${tok.text}'` : ' at the end'}`, tok?.pos ?? text.length - 1);
    k++;
  };
  const primary = (): ArmExpr => {
    const tok = tokens[k++];
    if (!tok) throw new ArmExpressionError('unexpected end of expression', text.length - 1);
    if (tok.type === 'string') return { kind: 'string', value: tok.text, pos: tok.pos };
    if (tok.type === 'number') return { kind: 'number', value: Number(tok.text), pos: tok.pos };
    if (tok.type === 'ident') {
      let name = tok.text;
      // User-defined functions are called as namespace.function(...).
      if (peek()?.text === '.' && tokens[k + 1]?.type === 'ident' && tokens[k + 2]?.text === '(') { name += `.${tokens[k + 1]!.text}`; k += 2; }
      expect('(');
      const args: ArmExpr[] = [];
      if (peek()?.text !== ')') {
        for (;;) { args.push(postfix()); if (peek()?.text === ',') { k++; continue; } break; }
      }
      expect(')');
      return { kind: 'call', name, args, pos: tok.pos };
    }
    throw new ArmExpressionError(`unexpected '${tok.text}'`, tok.pos);
  };
  const postfix = (): ArmExpr => {
    let e = primary();
    for (;;) {
      const t = peek();
      if (t?.type === 'punct' && t.text === '.') {
        k++;
        const name = tokens[k++];
        if (!name || name.type !== 'ident') throw new ArmExpressionError('expected a property name after .', name?.pos ?? t.pos);
        e = { kind: 'property', target: e, name: name.text, pos: name.pos };
      } else if (t?.type === 'punct' && t.text === '[') {
        k++;
        const index = postfix();
        expect(']');
        e = { kind: 'index', target: e, index, pos: t.pos };
      } else return e;
    }
  };
  const root = postfix();
  if (k < tokens.length) throw new ArmExpressionError(`unexpected '${tokens[k]!.text}' after the expression`, tokens[k]!.pos);
  return root;
}

export interface Reference { fn: 'parameters' | 'variables'; name: string | undefined; pos: number }

/** Every parameters('x') / variables('x') call; `name` is undefined when the name is computed (concat(...)). */
export function references(e: ArmExpr): Reference[] {
  const out: Reference[] = [];
  const visit = (x: ArmExpr): void => {
    switch (x.kind) {
      case 'call': {
        const fn = x.name.toLowerCase();
        if (fn === 'parameters' || fn === 'variables') {
          const a = x.args[0];
          out.push({ fn, name: a?.kind === 'string' ? a.value : undefined, pos: x.pos });
        }
        x.args.forEach(visit);
        return;
      }
      case 'property': visit(x.target); return;
      case 'index': visit(x.target); visit(x.index); return;
      default: return;
    }
  };
  visit(e);
  return out;
}

/** Every function name called in the expression (lower case). */
export function functionsCalled(e: ArmExpr): string[] {
  const out: string[] = [];
  const visit = (x: ArmExpr): void => {
    if (x.kind === 'call') { out.push(x.name.toLowerCase()); x.args.forEach(visit); }
    else if (x.kind === 'property') visit(x.target);
    else if (x.kind === 'index') { visit(x.target); visit(x.index); }
  };
  visit(e);
  return out;
}
