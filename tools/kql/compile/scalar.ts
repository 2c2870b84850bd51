/**
 * Scalar expression compiler: turns a bound expression node into a closure over the input table's columns
 * (CExpr.fn(rowIndex)). Types come from the binder. Function calls go through the registry's lifting layer
 * (./call.ts); operators are implemented here with Kusto's null, case and type rules.
 */
import { KqlRuntimeError } from '../errors.js';
import type { KqlType, Table } from '../types.js';
import { isNumericType } from '../types.js';
import { compareValues, dynamicEquals, valueToString } from '../compare.js';
import { parseDatetime, parseTimespan } from '../values.js';
import { exactLong } from '../ticks.js';
import { constExpr, type CExpr, type Env, type RunState } from './env.js';
import { elems, kindName, kqlNameOfKind, posOf, textOf, unsupported, type Node } from './syntax.js';
import { typeOfSymbol } from './type-map.js';
import { containsStr, endsWithStr, hasTerm, startsWithStr } from './terms.js';
import { compileCall } from './call.js';
import { callUserFunction } from './user-functions.js';
import { kqlRegex } from '../regex.js';
import { compileStarPredicate } from './star-predicate.js';
import { dynamicLiteral } from './dynamic-literal.js';
import { binaryVec, columnExpr, exceptRows, selectOf, selectWith, unaryVec, unionRows } from './vector.js';

/** Set by query.ts: evaluates a tabular expression (for `in (subquery)`, toscalar, materialize). */
export let evalTabularHook: (n: Node, env: Env, st: RunState) => Table = () => { throw new Error('tabular evaluator not wired'); };
export function setTabularHook(f: typeof evalTabularHook): void { evalTabularHook = f; }

export function resultTypeOf(n: Node, fallback: KqlType = 'dynamic'): KqlType {
  return typeOfSymbol(n?.ResultType) ?? fallback;
}

export function columnIndex(t: Table, name: string): number {
  for (let i = 0; i < t.columns.length; i++) if (t.columns[i]!.name === name) return i;
  return -1;
}

export function compileScalar(n: Node, t: Table, env: Env, st: RunState): CExpr {
  const k = kindName(n);
  switch (k) {
    case 'ParenthesizedExpression': return compileScalar(n.Expression, t, env, st);
    case 'StringLiteralExpression': case 'CompoundStringLiteralExpression': return constExpr('string', String(n.LiteralValue ?? ''));
    case 'LongLiteralExpression': case 'IntLiteralExpression': case 'RealLiteralExpression': case 'DecimalLiteralExpression':
    case 'BooleanLiteralExpression': case 'DateTimeLiteralExpression': case 'TimespanLiteralExpression': case 'GuidLiteralExpression':
    case 'NullLiteralExpression':
      return constExpr(resultTypeOf(n), literalValue(n));
    case 'TypeOfLiteralExpression': return constExpr('string', textOf(n));
    case 'DynamicExpression': return constExpr('dynamic', dynamicLiteral(n, env, st, compileScalar));
    case 'UnaryMinusExpression': {
      const e = compileScalar(n.Expression, t, env, st);
      return lift1(resultTypeOf(n, e.type), e, (v) => (v === null || v === undefined ? null : typeof v === 'bigint' ? -v : -(v as number)));
    }
    case 'UnaryPlusExpression': return compileScalar(n.Expression, t, env, st);
    case 'NameReference': return compileName(n, t, env, st);
    case 'PathExpression': case 'ElementExpression': return compileAccess(n, t, env, st);
    case 'FunctionCallExpression': {
      const sub = st.aggSubst?.get(n);
      if (sub !== undefined) { const ci = columnIndex(t, sub); const col = t.data[ci]!; return { type: t.columns[ci]!.type, fn: (i) => col[i], isConst: false }; }
      return compileCall(n, t, env, st);
    }
    case 'ToScalarExpression': {
      // toscalar(2) / toscalar(rand(10)): a scalar argument is its own value, evaluated once.
      const rtx = n.Expression?.ResultType;
      if (!(rtx && rtx.Columns && typeof rtx.Columns.Count === 'number')) {
        const c = compileScalar(n.Expression, t, env, st);
        return constExpr(c.type, c.isConst ? c.value : c.fn(0));
      }
      const tab = evalTabularHook(n.Expression, env, st);
      const type = tab.columns[0]?.type ?? resultTypeOf(n);
      return constExpr(type, tab.rowCount > 0 ? tab.data[0]![0] : null);
    }
    case 'AndExpression': case 'OrExpression': return compileLogical(n, k === 'AndExpression', t, env, st);
    case 'InExpression': case 'NotInExpression': case 'InCsExpression': case 'NotInCsExpression':
      return compileIn(n, k, t, env, st);
    case 'HasAnyExpression': case 'HasAllExpression': return compileHasAny(n, k === 'HasAllExpression', t, env, st);
    case 'BetweenExpression': case 'NotBetweenExpression': return compileBetween(n, k === 'NotBetweenExpression', t, env, st);
    case 'StarExpression': unsupported('*', n, 'a star in this position');
  }
  if (k.endsWith('Expression') && n.Left && n.Right) return compileBinary(n, k, t, env, st);
  return unsupported(kqlNameOfKind(k, n), n, `expression '${textOf(n).slice(0, 40)}'`);
}

// ---------------------------------------------------------------- literals

function num(lv: unknown): number | null {
  if (lv === null || lv === undefined) return null;
  if (typeof lv === 'number') return lv;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const o = lv as any;
  if (typeof o.toNumber === 'function') return o.toNumber();
  if (o.ticks !== undefined) return typeof o.ticks === 'number' ? o.ticks : o.ticks.toNumber();
  if (typeof o.valueOf === 'function') { const v = o.valueOf(); if (typeof v === 'number') return v; }
  return Number(String(lv));
}

/** A timespan literal's ticks (Kusto.Language gives a TimeSpan whose ticks is an Int64), exactly. */
function ticksLiteral(lv: unknown): bigint | null {
  if (lv === null || lv === undefined) return null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ticks = (lv as any).ticks;
  if (typeof ticks === 'number') return BigInt(Math.round(ticks));
  if (ticks !== undefined && ticks !== null) return BigInt(String(ticks));
  return BigInt(Math.round(num(lv) ?? 0));
}

function literalValue(n: Node): unknown {
  const type = resultTypeOf(n);
  const text = textOf(n).trim();
  if (/\(\s*null\s*\)$/i.test(text)) return type === 'string' ? '' : null;
  switch (type) {
    case 'bool': return /true/i.test(text);
    case 'datetime': {
      // datetime(2015-01-01) and the quoted form datetime("2015-01-01") the reference also uses.
      const inner = (/\((.*)\)/s.exec(text)?.[1] ?? text).trim().replace(/^(["'])(.*)\1$/s, '$2');
      const t = parseDatetime(inner.trim());
      if (t === undefined) unsupported('datetime literal', n, text);
      return t;
    }
    case 'timespan': {
      // time(1.02:03:04) / timespan(...) forms: parse the text ourselves; short literals (5m, 1d) carry their ticks.
      const inner = /\((.*)\)/s.exec(text)?.[1]?.trim();
      if (inner !== undefined) {
        const t = parseTimespan(inner);
        if (t === undefined) unsupported('timespan literal', n, text);
        return t;
      }
      return ticksLiteral(n.LiteralValue);
    }
    case 'guid': return String(n.LiteralValue).toLowerCase();
    case 'real': case 'decimal': {
      const inner = /\((.*)\)/s.exec(text)?.[1]?.trim().toLowerCase();
      if (inner === 'nan') return NaN;
      if (inner === '+inf' || inner === 'inf') return Infinity;
      if (inner === '-inf') return -Infinity;
      return num(n.LiteralValue);
    }
    case 'long': case 'int': {
      // Hexadecimal literals (0xCAFE, long(0xFFFFFFFF)): the parser's literal value does not carry them.
      const hex = /^(?:(?:long|int)\s*\(\s*)?([+-]?)0x([0-9a-f]+)\s*\)?$/i.exec(text);
      if (!hex) return num(n.LiteralValue);
      const bits = BigInt.asIntN(type === 'int' ? 32 : 64, BigInt('0x' + hex[2]!) * (hex[1] === '-' ? -1n : 1n));
      return exactLong(bits, 'hexadecimal literal');
    }
    default: return num(n.LiteralValue);
  }
}

// ---------------------------------------------------------------- names and access

/** The input column a name reference reads (as compileName resolves it), or -1 when it is not a plain column. */
export function plainColumn(n: Node, t: Table, env: Env): number {
  if (kindName(n) !== 'NameReference') return -1;
  const name = String(n.SimpleName);
  const sym = n.ReferencedSymbol;
  if ((sym ? Number(sym.Kind) : -1) !== 9 && env.get(name)) return -1;
  return columnIndex(t, name);
}

function compileName(n: Node, t: Table, env: Env, st: RunState): CExpr {
  const name = String(n.SimpleName);
  const sym = n.ReferencedSymbol;
  const symKind = sym ? Number(sym.Kind) : -1;
  const b = env.get(name);
  // Column symbols resolve against the input row first (a let variable may share the name).
  if (symKind === 9 /* Column */ || !b) {
    const ci = columnIndex(t, name);
    if (ci >= 0) return columnExpr(t, ci);
    if (!b) throw new KqlRuntimeError(`column or variable '${name}' not found in the input`, posOf(n));
  }
  if (b.kind === 'scalar') return constExpr(b.type, b.value);
  if (b.kind === 'rowfn') return b.expr;
  // A function with no required parameter referenced without parentheses is a call (named-expressions.md).
  if (b.kind === 'function' && elems(b.decl.Parameters.Parameters).every((p: Node) => p.DefaultValue)) return callUserFunction(n, b, [], t, env, st) as CExpr;
  if (b.kind === 'tabular') {
    // A tabular let used as a scalar (e.g. `x in (T)` is handled elsewhere): take the single value, like toscalar.
    const tab = b.get();
    return constExpr(tab.columns[0]?.type ?? 'dynamic', tab.rowCount ? tab.data[0]![0] : null);
  }
  return unsupported('function reference', n, `'${name}' used as a value`);
}

export function dynGet(v: unknown, key: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof key === 'number') {
    if (!Array.isArray(v)) return null;
    const idx = key < 0 ? v.length + key : key;
    const r = v[idx];
    return r === undefined ? null : r;
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    const r = (v as Record<string, unknown>)[String(key)];
    return r === undefined ? null : r;
  }
  return null;
}

function compileAccess(n: Node, t: Table, env: Env, st: RunState): CExpr {
  const k = kindName(n);
  // `$left.x` / `$right.x` are handled by join; a path on a table name (T.col) is rare.
  // `step.Column` inside scan: the operator binds each qualified name to a reader of its state.
  if (k === 'PathExpression' && kindName(n.Expression) === 'NameReference') {
    const qualified = env.get(`${String(n.Expression.SimpleName)}.${String(n.Selector.SimpleName ?? '')}`);
    if (qualified?.kind === 'rowfn') return qualified.expr;
  }
  const base = compileScalar(n.Expression, t, env, st);
  if (base.type !== 'dynamic') return unsupported(k, n, `member access on ${base.type}`);
  // `d.[expr]`: a path whose selector is a bracketed expression reads like `d[expr]`.
  const bracketed = k === 'PathExpression' && kindName(n.Selector) === 'BracketedExpression';
  if (k === 'PathExpression' && !bracketed) {
    const key = String(n.Selector.SimpleName ?? textOf(n.Selector)).replace(/^\['|'\]$|^\["|"\]$/g, '');
    return lift1('dynamic', base, (v) => dynGet(v, key), false);
  }
  const sel = compileScalar(n.Selector.Expression, t, env, st);
  const toKey = (s: unknown) => (sel.type === 'string' ? s : typeof s === 'number' ? s : s);
  if (sel.isConst) { const key = toKey(sel.value); return lift1('dynamic', base, (v) => dynGet(v, key), false); }
  const bf = base.fn, sf = sel.fn;
  return { type: 'dynamic', fn: (i) => dynGet(bf(i), toKey(sf(i))), isConst: false };
}

// ---------------------------------------------------------------- lifting helpers

/**
 * Apply a unary kernel; constant-folds constant inputs. The column form runs the same kernel; `memo` (pure
 * kernels only, such as a string predicate with a constant needle) remembers its answer per distinct value.
 */
export function lift1(type: KqlType, a: CExpr, f: (v: unknown) => unknown, _nullProp = true, memo = false): CExpr {
  if (a.isConst) return constExpr(type, f(a.value));
  const af = a.fn;
  return { type, fn: (i) => f(af(i)), isConst: false, vec: unaryVec(a, f, memo) };
}
export function lift2(type: KqlType, a: CExpr, b: CExpr, f: (x: unknown, y: unknown) => unknown, memo = false): CExpr {
  if (a.isConst && b.isConst) return constExpr(type, f(a.value, b.value));
  const af = a.fn, bf = b.fn;
  if (b.isConst) { const bv = b.value; return { type, fn: (i) => f(af(i), bv), isConst: false, vec: unaryVec(a, (x) => f(x, bv), memo) }; }
  if (a.isConst) { const av = a.value; return { type, fn: (i) => f(av, bf(i)), isConst: false, vec: unaryVec(b, (y) => f(av, y), memo) }; }
  return { type, fn: (i) => f(af(i), bf(i)), isConst: false, vec: binaryVec(a, b, f) };
}

/** A bool expression with a specialised selection (`test` must equal `kernel(x) === true` for every value). */
function withSelect(c: CExpr, a: CExpr, test: (x: unknown) => boolean): CExpr {
  return c.isConst ? c : { ...c, select: selectWith(a, test) };
}

// ---------------------------------------------------------------- operators

function compileLogical(n: Node, isAnd: boolean, t: Table, env: Env, st: RunState): CExpr {
  const a = compileScalar(n.Left, t, env, st), b = compileScalar(n.Right, t, env, st);
  // Three-valued logic: false AND null = false, true OR null = true, otherwise null propagates.
  const f = isAnd
    ? (x: unknown, y: unknown) => (x === false || y === false ? false : x === null || y === null ? null : true)
    : (x: unknown, y: unknown) => (x === true || y === true ? true : x === null || y === null ? null : false);
  if (a.isConst || b.isConst) return lift2('bool', a, b, f);
  const af = a.fn, bf = b.fn;
  // Selections: `a and b` is true exactly where both are, so b runs only on the rows a selected; `a or b` is
  // true where a is, plus where b is among the rest (b runs on those rows only, as the per-row form does).
  return isAnd
    ? { type: 'bool', isConst: false, fn: (i) => { const x = af(i); if (x === false) return false; const y = bf(i); return y === false ? false : x === null || y === null ? null : true; },
      select: (n, rows) => selectOf(b, n, selectOf(a, n, rows)) }
    : { type: 'bool', isConst: false, fn: (i) => { const x = af(i); if (x === true) return true; const y = bf(i); return y === true ? true : x === null || y === null ? null : false; },
      select: (n, rows) => { const left = selectOf(a, n, rows); return unionRows(left, selectOf(b, n, exceptRows(n, rows, left))); } };
}

const toStr = (type: KqlType, v: unknown) => (type === 'string' ? (v as string) : valueToString(type, v));

type StrPred = (hay: string, needle: string) => boolean;
const STRING_OPS: Record<string, { pred: StrPred; negate: boolean }> = {
  HasExpression: { pred: (h, x) => hasTerm(h, x, false), negate: false },
  NotHasExpression: { pred: (h, x) => hasTerm(h, x, false), negate: true },
  HasCsExpression: { pred: (h, x) => hasTerm(h, x, true), negate: false },
  NotHasCsExpression: { pred: (h, x) => hasTerm(h, x, true), negate: true },
  HasPrefixExpression: { pred: (h, x) => hasTerm(h, x, false, 'prefix'), negate: false },
  NotHasPrefixExpression: { pred: (h, x) => hasTerm(h, x, false, 'prefix'), negate: true },
  HasPrefixCsExpression: { pred: (h, x) => hasTerm(h, x, true, 'prefix'), negate: false },
  NotHasPrefixCsExpression: { pred: (h, x) => hasTerm(h, x, true, 'prefix'), negate: true },
  HasSuffixExpression: { pred: (h, x) => hasTerm(h, x, false, 'suffix'), negate: false },
  NotHasSuffixExpression: { pred: (h, x) => hasTerm(h, x, false, 'suffix'), negate: true },
  HasSuffixCsExpression: { pred: (h, x) => hasTerm(h, x, true, 'suffix'), negate: false },
  NotHasSuffixCsExpression: { pred: (h, x) => hasTerm(h, x, true, 'suffix'), negate: true },
  ContainsExpression: { pred: (h, x) => containsStr(h, x, false), negate: false },
  NotContainsExpression: { pred: (h, x) => containsStr(h, x, false), negate: true },
  ContainsCsExpression: { pred: (h, x) => containsStr(h, x, true), negate: false },
  NotContainsCsExpression: { pred: (h, x) => containsStr(h, x, true), negate: true },
  StartsWithExpression: { pred: (h, x) => startsWithStr(h, x, false), negate: false },
  NotStartsWithExpression: { pred: (h, x) => startsWithStr(h, x, false), negate: true },
  StartsWithCsExpression: { pred: (h, x) => startsWithStr(h, x, true), negate: false },
  NotStartsWithCsExpression: { pred: (h, x) => startsWithStr(h, x, true), negate: true },
  EndsWithExpression: { pred: (h, x) => endsWithStr(h, x, false), negate: false },
  NotEndsWithExpression: { pred: (h, x) => endsWithStr(h, x, false), negate: true },
  EndsWithCsExpression: { pred: (h, x) => endsWithStr(h, x, true), negate: false },
  NotEndsWithCsExpression: { pred: (h, x) => endsWithStr(h, x, true), negate: true },
};

function compileBinary(n: Node, k: string, t: Table, env: Env, st: RunState): CExpr {
  if (kindName(n.Left) === 'StarExpression') return compileStarPredicate(n, k, t, env, st, compileScalar);
  const a = compileScalar(n.Left, t, env, st), b = compileScalar(n.Right, t, env, st);
  const rt = resultTypeOf(n, a.type);
  const sop = STRING_OPS[k];
  if (sop) {
    const { pred, negate } = sop;
    return lift2('bool', a, b, (x, y) => {
      if (a.type !== 'string' && (x === null || x === undefined)) return negate;
      return pred(toStr(a.type, x), toStr(b.type, y)) !== negate;
    }, true);
  }
  switch (k) {
    case 'MatchesRegexExpression': {
      if (!b.isConst) return unsupported('matches regex', n, 'the pattern must be a constant');
      const re = kqlRegex(String(b.value));
      return lift1('bool', a, (x) => re.test(toStr(a.type, x)));
    }
    case 'EqualExpression': case 'NotEqualExpression': {
      const neg = k === 'NotEqualExpression';
      const c = lift2('bool', a, b, (x, y) => { const e = equals(a.type, b.type, x, y, false); return e === null ? null : e !== neg; });
      // A typed column against a non-null constant of its own kind: `equals` is `===` (a null value compares false).
      const sameKind = a.type === b.type || (isNumericType(a.type) && isNumericType(b.type));
      if (b.isConst && !a.isConst && sameKind && a.type !== 'dynamic' && b.value !== null && b.value !== undefined) {
        const v = b.value;
        return withSelect(c, a, neg ? (x) => x !== v : (x) => x === v);
      }
      return c;
    }
    case 'EqualTildeExpression': case 'BangTildeExpression': {
      const neg = k === 'BangTildeExpression';
      return lift2('bool', a, b, (x, y) => { const e = equals(a.type, b.type, x, y, true); return e === null ? null : e !== neg; });
    }
    case 'LessThanExpression': return orderedSelect(lift2('bool', a, b, (x, y) => ordered(a.type, b.type, x, y, (c) => c < 0)), a, b, k);
    case 'LessThanOrEqualExpression': return orderedSelect(lift2('bool', a, b, (x, y) => ordered(a.type, b.type, x, y, (c) => c <= 0)), a, b, k);
    case 'GreaterThanExpression': return orderedSelect(lift2('bool', a, b, (x, y) => ordered(a.type, b.type, x, y, (c) => c > 0)), a, b, k);
    case 'GreaterThanOrEqualExpression': return orderedSelect(lift2('bool', a, b, (x, y) => ordered(a.type, b.type, x, y, (c) => c >= 0)), a, b, k);
    case 'AddExpression': case 'SubtractExpression': case 'MultiplyExpression': case 'DivideExpression': case 'ModuloExpression':
      return lift2(rt, a, b, arithmetic(k, a.type, b.type, rt, n));
  }
  return unsupported(k, n);
}

/**
 * `<`, `<=`, `>`, `>=` of a datetime/timespan (bigint ticks) or numeric column against a non-null constant of its
 * kind: `ordered` reduces to the primitive comparison (null values and NaN give false).
 */
function orderedSelect(c: CExpr, a: CExpr, b: CExpr, k: string): CExpr {
  if (a.isConst || !b.isConst) return c;
  const v = b.value;
  const ticks = isTicksType(a.type) && a.type === b.type && typeof v === 'bigint';
  const numbers = isNumericType(a.type) && isNumericType(b.type) && typeof v === 'number';
  if (!ticks && !numbers) return c;
  const kind = typeof v;
  switch (k) {
    case 'LessThanExpression': return withSelect(c, a, (x) => typeof x === kind && (x as number) < (v as number));
    case 'LessThanOrEqualExpression': return withSelect(c, a, (x) => typeof x === kind && (x as number) <= (v as number));
    case 'GreaterThanExpression': return withSelect(c, a, (x) => typeof x === kind && (x as number) > (v as number));
    default: return withSelect(c, a, (x) => typeof x === kind && (x as number) >= (v as number));
  }
}

/** Scalar view of a dynamic value for comparisons with typed scalars. */
function unwrap(type: KqlType, v: unknown, other: KqlType): unknown {
  if (type !== 'dynamic' || v === null || typeof v === 'object') return v;
  if (other === 'datetime' && typeof v === 'string') return parseDatetime(v) ?? v;
  if (other === 'timespan' && typeof v === 'string') return parseTimespan(v) ?? v;
  return v;
}

/**
 * `==` (and `=~` when ci): the null rule of the reference (scalar-data-types/null-values.md): two nulls compare
 * null, a null and a non-null value compare false (so `!=` is true and `where v != 5` keeps the null row).
 * Strings have no null: '' is an ordinary value.
 */
export function equals(ta: KqlType, tb: KqlType, x: unknown, y: unknown, ci: boolean): boolean | null {
  const xNull = x === null || x === undefined, yNull = y === null || y === undefined;
  if (xNull || yNull) return xNull && yNull ? null : false;
  if (ci) return toStr(ta, x).toLowerCase() === toStr(tb, y).toLowerCase();
  if (ta === 'string' && tb === 'string') return x === y;
  if (ta === 'dynamic' || tb === 'dynamic') {
    const ux = unwrap(ta, x, tb), uy = unwrap(tb, y, ta);
    if (typeof ux === 'object' || typeof uy === 'object') return dynamicEquals(ux, uy);
    if (typeof ux === 'number' && typeof uy === 'string') return String(ux) === uy;
    if (typeof ux === 'string' && typeof uy === 'number') return ux === String(uy);
    return ux === uy;
  }
  return x === y;
}

function ordered(ta: KqlType, tb: KqlType, x: unknown, y: unknown, test: (c: number) => boolean): boolean | null {
  if (x === null || x === undefined || y === null || y === undefined) return null;
  const ux = unwrap(ta, x, tb), uy = unwrap(tb, y, ta);
  if (ux === null || uy === null) return null;
  if (typeof ux === 'number' && typeof uy === 'number') {
    if (Number.isNaN(ux) || Number.isNaN(uy)) return false;
    return test(ux < uy ? -1 : ux > uy ? 1 : 0);
  }
  if (typeof ux !== typeof uy) return null;
  return test(compareValues(ux, uy));
}

const INT32 = (v: number) => v | 0;

const isTicksType = (t: KqlType) => t === 'datetime' || t === 'timespan';

/** A numeric operand as a JS number (dynamic values only when they hold a number). */
const numOf = (type: KqlType, v: unknown): number | null =>
  v === null || v === undefined ? null : type === 'dynamic' ? (typeof v === 'number' ? v : null) : (v as number);

/** A datetime/timespan operand as ticks (a dynamic value holding the text form is parsed, as Kusto casts it). */
const ticksOf = (type: KqlType, v: unknown): bigint | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v;
  if (type === 'dynamic' && typeof v === 'string') return parseDatetime(v) ?? parseTimespan(v) ?? null;
  return null;
};

/** timespan * number and timespan / number: exact for integer factors, else rounded (x) or truncated (/) to a tick. */
function scaleTicks(t: bigint, factor: number, divide: boolean): bigint | null {
  if (!Number.isFinite(factor)) return null;
  if (divide) {
    if (factor === 0) return null;
    return Number.isInteger(factor) ? t / BigInt(factor) : BigInt(Math.trunc(Number(t) / factor));
  }
  return Number.isInteger(factor) ? t * BigInt(factor) : BigInt(Math.round(Number(t) * factor));
}

function arithmetic(k: string, ta: KqlType, tb: KqlType, rt: KqlType, n: Node): (x: unknown, y: unknown) => unknown {
  if (isTicksType(ta) || isTicksType(tb) || isTicksType(rt)) return ticksArithmetic(k, ta, tb, rt, n);
  const integer = rt === 'int' || rt === 'long';
  const wrap = rt === 'int' ? INT32 : (v: number) => v;
  switch (k) {
    case 'AddExpression':
      return (x, y) => { const a = numOf(ta, x), b = numOf(tb, y); return a === null || b === null ? null : integer ? wrap(a + b) : a + b; };
    case 'SubtractExpression':
      return (x, y) => { const a = numOf(ta, x), b = numOf(tb, y); return a === null || b === null ? null : integer ? wrap(a - b) : a - b; };
    case 'MultiplyExpression':
      return (x, y) => { const a = numOf(ta, x), b = numOf(tb, y); return a === null || b === null ? null : integer ? wrap(a * b) : a * b; };
    case 'DivideExpression':
      return (x, y) => {
        const a = numOf(ta, x), b = numOf(tb, y);
        if (a === null || b === null) return null;
        if (integer) {
          if (b === 0) throw new KqlRuntimeError('integer division by zero', posOf(n));
          return wrap(Math.trunc(a / b));
        }
        return a / b;
      };
    case 'ModuloExpression':
      return (x, y) => {
        const a = numOf(ta, x), b = numOf(tb, y);
        if (a === null || b === null) return null;
        if (integer && b === 0) throw new KqlRuntimeError('integer modulo by zero', posOf(n));
        // The reference's sign rule (numerical-operators.md): 0 <= N % D < abs(D), so -14 % 12 is 10.
        const m = a % b;
        return m < 0 ? m + Math.abs(b) : m === 0 ? 0 : m;
      };
  }
  return unsupported(k, n);
}

/**
 * Arithmetic involving datetime/timespan, exact on ticks: datetime ± timespan, datetime - datetime, timespan ±
 * timespan, timespan x/÷ number, timespan ÷ timespan (a real), timespan % timespan.
 */
function ticksArithmetic(k: string, ta: KqlType, tb: KqlType, rt: KqlType, n: Node): (x: unknown, y: unknown) => unknown {
  // A dynamic operand is a tick operand where only ticks fit (added to or subtracted from a datetime/timespan).
  const additive = k === 'AddExpression' || k === 'SubtractExpression' || k === 'ModuloExpression';
  const tickA = isTicksType(ta) || (ta === 'dynamic' && additive);
  const tickB = isTicksType(tb) || (tb === 'dynamic' && (additive || (k === 'DivideExpression' && isTicksType(ta) && rt === 'real')));
  const opA = (x: unknown) => (tickA ? ticksOf(ta, x) : numOf(ta, x));
  const opB = (y: unknown) => (tickB ? ticksOf(tb, y) : numOf(tb, y));
  const both = <T>(f: (a: bigint, b: bigint) => T) => (x: unknown, y: unknown): T | null => {
    const a = opA(x), b = opB(y);
    return typeof a === 'bigint' && typeof b === 'bigint' ? f(a, b) : null;
  };
  switch (k) {
    case 'AddExpression': if (tickA && tickB) return both((a, b) => a + b); break;
    case 'SubtractExpression': if (tickA && tickB) return both((a, b) => a - b); break;
    case 'ModuloExpression': if (tickA && tickB) return both((a, b) => (b === 0n ? null : a % b)); break;
    case 'DivideExpression':
      if (tickA && tickB) return both((a, b) => (b === 0n ? null : Number(a) / Number(b)));
      if (tickA) return (x, y) => { const a = opA(x), b = opB(y); return typeof a === 'bigint' && typeof b === 'number' ? scaleTicks(a, b, true) : null; };
      break;
    case 'MultiplyExpression':
      if (tickA && !tickB) return (x, y) => { const a = opA(x), b = opB(y); return typeof a === 'bigint' && typeof b === 'number' ? scaleTicks(a, b, false) : null; };
      if (tickB && !tickA) return (x, y) => { const a = opA(x), b = opB(y); return typeof b === 'bigint' && typeof a === 'number' ? scaleTicks(b, a, false) : null; };
      break;
  }
  return unsupported(k, n, `${ta} ${k.replace(/Expression$/, '').toLowerCase()} ${tb}`);
}

// ---------------------------------------------------------------- in, has_any, between

/** The candidate values of `in (...)` / `has_any (...)`: scalars, dynamic arrays (flattened), or a subquery's first column. */
function listValues(list: Node, t: Table, env: Env, st: RunState): { values: unknown[]; types: KqlType[] } | undefined {
  const values: unknown[] = [];
  const types: KqlType[] = [];
  for (const e of elems(list.Expressions)) {
    const rt = e.ResultType;
    const isTabular = rt && (Number(rt.Kind) === 10 || (rt.Columns && typeof rt.Columns.Count === 'number'));
    if (isTabular) {
      const tab = evalTabularHook(e, env, st);
      const ty = tab.columns[0]?.type ?? 'dynamic';
      for (const v of tab.data[0] ?? []) { values.push(v); types.push(ty); }
      continue;
    }
    const c = compileScalar(e, t, env, st);
    if (!c.isConst) return undefined;
    if (c.type === 'dynamic' && Array.isArray(c.value)) { for (const v of c.value) { values.push(v); types.push('dynamic'); } }
    else { values.push(c.value); types.push(c.type); }
  }
  return { values, types };
}

function compileIn(n: Node, k: string, t: Table, env: Env, st: RunState): CExpr {
  const a = compileScalar(n.Left, t, env, st);
  const neg = k === 'NotInExpression' || k === 'NotInCsExpression';
  // Kusto.Language names `in~` InCsExpression; the operator text is the reliable signal.
  const ci = String(n.Operator?.Text ?? textOf(n.Operator)).includes('~');
  const lv = listValues(n.Right, t, env, st);
  if (!lv) {
    // Non-constant list elements: compare per row.
    const items = elems(n.Right.Expressions).map((e: Node) => compileScalar(e, t, env, st));
    const af = a.fn;
    return { type: 'bool', isConst: false, fn: (i) => {
      const x = af(i);
      const hit = items.some((it) => equals(a.type, it.type, x, it.fn(i), ci) === true);
      return hit !== neg;
    } };
  }
  // Build a set of normalized keys for O(1) membership.
  const norm = (type: KqlType, v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    let s: string;
    if (type === 'dynamic') s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    else s = toStr(type, v);
    return ci ? s.toLowerCase() : s;
  };
  const set = new Set<string>();
  let listHasNull = false;
  lv.values.forEach((v, i) => { const key = norm(lv.types[i]!, v); if (key !== null) set.add(key); else if (lv.types[i] !== 'string') listHasNull = true; });
  // `in` is an OR of `==`, `!in` an AND of `!=` (null-values.md): a null operand equals no value (false), and
  // null == null is null, so a null operand against a list holding a null gives null either way.
  return lift1('bool', a, (x) => {
    const key = norm(a.type, x);
    if (key === null) return listHasNull ? null : neg;
    return set.has(key) !== neg;
  }, true, true);
}

function compileHasAny(n: Node, all: boolean, t: Table, env: Env, st: RunState): CExpr {
  const a = compileScalar(n.Left, t, env, st);
  const lv = listValues(n.Right, t, env, st);
  if (!lv) return unsupported(all ? 'has_all' : 'has_any', n, 'the list must be constant');
  const needles = lv.values.filter((v) => v !== null).map((v, i) => toStr(lv.types[i]!, v));
  return lift1('bool', a, (x) => {
    const hay = toStr(a.type, x);
    return all ? needles.every((nd) => hasTerm(hay, nd, false)) : needles.some((nd) => hasTerm(hay, nd, false));
  }, true, true);
}

function compileBetween(n: Node, neg: boolean, t: Table, env: Env, st: RunState): CExpr {
  const a = compileScalar(n.Left, t, env, st);
  const lo = compileScalar(n.Right.First, t, env, st);
  const hi = compileScalar(n.Right.Second, t, env, st);
  const spanHi = a.type === 'datetime' && hi.type === 'timespan';
  const af = a.fn, lf = lo.fn, hf = hi.fn;
  const kernel = (x: number | null, l: number | null, h0: number | null) => {
    if (x === null || l === null || h0 === null) return null;
    const h = spanHi ? l + h0 : h0;
    const r = x >= l && x <= h;
    return r !== neg;
  };
  const c: CExpr = { type: 'bool', isConst: false, fn: (i) => kernel(af(i) as number | null, lf(i) as number | null, hf(i) as number | null) };
  if (!lo.isConst || !hi.isConst) return c;
  const l = lo.value as number | null, h0 = hi.value as number | null;
  return { ...c, vec: unaryVec(a, (x) => kernel(x as number | null, l, h0), false) };
}

