/**
 * The Logic Apps Workflow Definition Language expressions: a JSON string starting with `@` is one expression
 * (`@@` escapes a literal `@`), `@{...}` inside a string interpolates. Expressions are function calls, literals
 * ('text' with '' escaping, numbers, true/false/null) and member access (`?['x']`, `['x']`, `.x`, `[0]`). Parsed into
 * a small tree the validator walks (function names, action/parameter/variable references) and the simulator
 * evaluates. Functions are declared once below with their arity and implementation.
 */
export type Expr =
  | { kind: 'literal'; value: unknown }
  | { kind: 'call'; name: string; args: Expr[]; pos: number }
  | { kind: 'member'; target: Expr; key: Expr; optional: boolean };

export class ExpressionError extends Error { constructor(message: string, readonly pos: number) { super(message); this.name = 'ExpressionError'; } }

/** A string value's template parts: literal text and expressions. */
export type Template = { kind: 'text'; text: string } | { kind: 'expr'; expr: Expr; source: string };

export function parseExpression(src: string): Expr {
  let i = 0;
  const ws = () => { while (i < src.length && /\s/.test(src[i]!)) i++; };
  const fail = (m: string): never => { throw new ExpressionError(`${m} at position ${i + 1} of '${src}'`, i); };
  const primary = (): Expr => {
    ws();
    const c = src[i];
    if (c === "'") {
      let s = ''; i++;
      for (;;) {
        if (i >= src.length) fail('unterminated string');
        if (src[i] === "'") { if (src[i + 1] === "'") { s += "'"; i += 2; continue; } i++; break; }
        s += src[i++];
      }
      return { kind: 'literal', value: s };
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { i += num[0].length; return { kind: 'literal', value: Number(num[0]) }; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (!id) return fail('expected a function call or literal');
    const pos = i;
    i += id[0].length;
    ws();
    if (src[i] !== '(') {
      if (id[0] === 'true' || id[0] === 'false') return { kind: 'literal', value: id[0] === 'true' };
      if (id[0] === 'null') return { kind: 'literal', value: null };
      return fail(`'${id[0]}' must be called: ${id[0]}(...)`);
    }
    i++;
    const args: Expr[] = [];
    ws();
    if (src[i] === ')') i++;
    else for (;;) { args.push(postfix()); ws(); if (src[i] === ',') { i++; continue; } if (src[i] === ')') { i++; break; } fail("expected ',' or ')'"); }
    return { kind: 'call', name: id[0], args, pos };
  };
  const postfix = (): Expr => {
    let e = primary();
    for (;;) {
      ws();
      let optional = false;
      if (src[i] === '?' && (src[i + 1] === '[' || src[i + 1] === '.')) { optional = true; i++; }
      if (src[i] === '[') { i++; const key = postfix(); ws(); if (src[i] !== ']') fail("expected ']'"); i++; e = { kind: 'member', target: e, key, optional }; continue; }
      if (src[i] === '.' && /[A-Za-z_]/.test(src[i + 1] ?? '')) { i++; const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!; i += id[0].length; e = { kind: 'member', target: e, key: { kind: 'literal', value: id[0] }, optional }; continue; }
      if (optional) fail("expected '[' or '.' after '?'");
      return e;
    }
  };
  const e = postfix();
  ws();
  if (i < src.length) fail('unexpected text after the expression');
  return e;
}

/** A JSON string value -> literal text or expressions. `@x` whole-value, `@{x}` interpolations, `@@` a literal `@`. */
export function parseTemplate(value: string): Template[] {
  if (value.startsWith('@@')) return [{ kind: 'text', text: value.slice(1) }];
  if (value.startsWith('@') && !value.startsWith('@{')) return [{ kind: 'expr', expr: parseExpression(value.slice(1)), source: value.slice(1) }];
  const out: Template[] = [];
  let i = 0, text = '';
  while (i < value.length) {
    if (value[i] === '@' && value[i + 1] === '{') {
      // find the matching brace, skipping quoted strings
      let j = i + 2, depth = 1, inStr = false;
      for (; j < value.length; j++) {
        const ch = value[j];
        if (inStr) { if (ch === "'") { if (value[j + 1] === "'") j++; else inStr = false; } continue; }
        if (ch === "'") inStr = true; else if (ch === '{') depth++; else if (ch === '}') { depth--; if (depth === 0) break; }
      }
      if (depth !== 0) throw new ExpressionError(`unterminated @{ in '${value}'`, i);
      if (text) { out.push({ kind: 'text', text }); text = ''; }
      const source = value.slice(i + 2, j);
      out.push({ kind: 'expr', expr: parseExpression(source), source });
      i = j + 1;
      continue;
    }
    text += value[i++];
  }
  if (text || !out.length) out.push({ kind: 'text', text });
  return out;
}

/** Every call in an expression tree (for reference checks). */
export function calls(e: Expr, out: { name: string; args: Expr[] }[] = []): { name: string; args: Expr[] }[] {
  if (e.kind === 'call') { out.push(e); e.args.forEach((a) => calls(a, out)); }
  else if (e.kind === 'member') { calls(e.target, out); calls(e.key, out); }
  return out;
}

// ---------------------------------------------------------------------------------------------- evaluation

export interface EvalContext {
  trigger: { body: unknown; outputs: unknown };
  actionResult(name: string): { status: string; outputs?: unknown; body?: unknown; inputs?: unknown } | undefined;
  parameter(name: string): unknown;
  variable(name: string): unknown;
  item(loop?: string): unknown;
  now(): Date;
  callbackUrl: string;
}

type Fn = { min: number; max: number; impl: (args: unknown[], ctx: EvalContext) => unknown };
const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const truthy = (v: unknown) => v === true || v === 'true' || v === 'True';
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length) || (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length);
const addTime = (ms: number) => (a: unknown[]) => new Date(Date.parse(str(a[0])) + Number(a[1]) * ms).toISOString();
const action = (ctx: EvalContext, name: unknown) => { const r = ctx.actionResult(str(name)); if (!r) throw new Error(`action '${str(name)}' has not run`); return r; };

/** Workflow definition language functions this project's playbooks use (name -> arity and implementation). */
export const FUNCTIONS: Record<string, Fn> = {
  parameters: { min: 1, max: 1, impl: (a, c) => c.parameter(str(a[0])) },
  variables: { min: 1, max: 1, impl: (a, c) => c.variable(str(a[0])) },
  triggerBody: { min: 0, max: 0, impl: (_a, c) => c.trigger.body },
  triggerOutputs: { min: 0, max: 0, impl: (_a, c) => c.trigger.outputs },
  body: { min: 1, max: 1, impl: (a, c) => action(c, a[0]).body ?? (action(c, a[0]).outputs as { body?: unknown })?.body },
  outputs: { min: 1, max: 1, impl: (a, c) => action(c, a[0]).outputs },
  actions: { min: 1, max: 1, impl: (a, c) => action(c, a[0]) },
  item: { min: 0, max: 0, impl: (_a, c) => c.item() },
  items: { min: 1, max: 1, impl: (a, c) => c.item(str(a[0])) },
  listCallbackUrl: { min: 0, max: 0, impl: (_a, c) => c.callbackUrl },
  concat: { min: 1, max: 100, impl: (a) => (a.every(Array.isArray) ? (a as unknown[][]).flat() : a.map(str).join('')) },
  equals: { min: 2, max: 2, impl: (a) => JSON.stringify(a[0]) === JSON.stringify(a[1]) },
  and: { min: 2, max: 100, impl: (a) => a.every(truthy) },
  or: { min: 2, max: 100, impl: (a) => a.some(truthy) },
  not: { min: 1, max: 1, impl: (a) => !truthy(a[0]) },
  if: { min: 3, max: 3, impl: (a) => (truthy(a[0]) ? a[1] : a[2]) },
  coalesce: { min: 1, max: 100, impl: (a) => a.find((x) => x !== null && x !== undefined) ?? null },
  empty: { min: 1, max: 1, impl: (a) => isEmpty(a[0]) },
  length: { min: 1, max: 1, impl: (a) => (Array.isArray(a[0]) ? a[0].length : str(a[0]).length) },
  greater: { min: 2, max: 2, impl: (a) => (a[0] as number) > (a[1] as number) },
  greaterOrEquals: { min: 2, max: 2, impl: (a) => (a[0] as number) >= (a[1] as number) },
  less: { min: 2, max: 2, impl: (a) => (a[0] as number) < (a[1] as number) },
  lessOrEquals: { min: 2, max: 2, impl: (a) => (a[0] as number) <= (a[1] as number) },
  contains: { min: 2, max: 2, impl: (a) => (Array.isArray(a[0]) ? a[0].some((x) => JSON.stringify(x) === JSON.stringify(a[1])) : typeof a[0] === 'object' && a[0] ? str(a[1]) in (a[0] as object) : str(a[0]).includes(str(a[1]))) },
  string: { min: 1, max: 1, impl: (a) => str(a[0]) },
  int: { min: 1, max: 1, impl: (a) => parseInt(str(a[0]), 10) },
  json: { min: 1, max: 1, impl: (a) => (typeof a[0] === 'string' ? JSON.parse(a[0]) : a[0]) },
  createArray: { min: 0, max: 100, impl: (a) => a },
  union: { min: 2, max: 100, impl: (a) => (a.every(Array.isArray) ? [...new Map((a as unknown[][]).flat().map((x) => [JSON.stringify(x), x])).values()] : Object.assign({}, ...a)) },
  first: { min: 1, max: 1, impl: (a) => (Array.isArray(a[0]) ? a[0][0] ?? null : str(a[0])[0] ?? '') },
  last: { min: 1, max: 1, impl: (a) => (Array.isArray(a[0]) ? a[0][a[0].length - 1] ?? null : str(a[0]).slice(-1)) },
  toLower: { min: 1, max: 1, impl: (a) => str(a[0]).toLowerCase() },
  toUpper: { min: 1, max: 1, impl: (a) => str(a[0]).toUpperCase() },
  replace: { min: 3, max: 3, impl: (a) => str(a[0]).split(str(a[1])).join(str(a[2])) },
  split: { min: 2, max: 2, impl: (a) => str(a[0]).split(str(a[1])) },
  join: { min: 2, max: 2, impl: (a) => (a[0] as unknown[]).map(str).join(str(a[1])) },
  trim: { min: 1, max: 1, impl: (a) => str(a[0]).trim() },
  encodeUriComponent: { min: 1, max: 1, impl: (a) => encodeURIComponent(str(a[0])) },
  utcNow: { min: 0, max: 1, impl: (_a, c) => c.now().toISOString() },
  addMinutes: { min: 2, max: 3, impl: addTime(60_000) },
  addHours: { min: 2, max: 3, impl: addTime(3_600_000) },
  addDays: { min: 2, max: 3, impl: addTime(86_400_000) },
  formatDateTime: { min: 1, max: 2, impl: (a) => new Date(Date.parse(str(a[0]))).toISOString() },
  add: { min: 2, max: 2, impl: (a) => Number(a[0]) + Number(a[1]) },
  sub: { min: 2, max: 2, impl: (a) => Number(a[0]) - Number(a[1]) },
  mul: { min: 2, max: 2, impl: (a) => Number(a[0]) * Number(a[1]) },
  ticks: { min: 1, max: 1, impl: (a) => Date.parse(str(a[0])) * 10_000 + 621_355_968_000_000_000 },
  guid: { min: 0, max: 1, impl: () => '00000000-0000-4000-8000-000000000000' },
};

const BY_LOWER = new Map(Object.entries(FUNCTIONS).map(([k, v]) => [k.toLowerCase(), v]));
/** Function names are case-insensitive in the workflow definition language. */
export function lookupFunction(name: string): Fn | undefined { return BY_LOWER.get(name.toLowerCase()); }

function evalExpr(e: Expr, ctx: EvalContext): unknown {
  if (e.kind === 'literal') return e.value;
  if (e.kind === 'member') {
    const t = evalExpr(e.target, ctx);
    const k = evalExpr(e.key, ctx);
    if (t === null || t === undefined) { if (e.optional) return null; throw new Error(`cannot read '${str(k)}' of null`); }
    const v = (t as Record<string, unknown>)[typeof k === 'number' ? k : str(k)];
    if (v === undefined) { if (e.optional) return null; throw new Error(`property '${str(k)}' does not exist`); }
    return v;
  }
  const fn = lookupFunction(e.name);
  if (!fn) throw new Error(`unknown function ${e.name}()`);
  if (e.name.toLowerCase() === 'if') { const [c, a, b] = e.args; return truthy(evalExpr(c!, ctx)) ? evalExpr(a!, ctx) : evalExpr(b!, ctx); }
  return fn.impl(e.args.map((a) => evalExpr(a, ctx)), ctx);
}

/** Evaluate a JSON value: strings as templates, objects and arrays recursively. */
export function evaluateValue(v: unknown, ctx: EvalContext): unknown {
  if (typeof v === 'string') {
    const parts = parseTemplate(v);
    if (parts.length === 1 && parts[0]!.kind === 'expr' && v.startsWith('@') && !v.startsWith('@{')) return evalExpr(parts[0]!.expr, ctx);
    return parts.map((p) => (p.kind === 'text' ? p.text : str(evalExpr(p.expr, ctx)))).join('');
  }
  if (Array.isArray(v)) return v.map((x) => evaluateValue(x, ctx));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluateValue(x, ctx)]));
  return v;
}

export const truthyValue = truthy;
