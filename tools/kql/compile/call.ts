/**
 * Function calls in scalar position: the registry lifting layer (one place for column iteration, null
 * propagation, constant folding and prepared kernels), user-defined functions (inlined with their arguments),
 * and the few built-ins that need the query context (column_ifexists, column_names_of, ingestion_time, pack_all, bag_pack_columns, window functions).
 */
import { KqlRuntimeError, KqlUnsupportedError } from '../errors.js';
import { isStackOverflow, STACK_OVERFLOW } from '../dynamic-depth.js';
import { lookupAggregate, lookupScalar, type Call, type ScalarFunction } from '../registry.js';
import type { KqlType, Table } from '../types.js';
import { toDynamic, valueToString } from '../compare.js';
import { constExpr, type CExpr, type Env, type RunState } from './env.js';
import { elems, kindName, posOf, unsupported, type Node } from './syntax.js';
import { columnIndex, compileScalar, resultTypeOf } from './scalar.js';
import { callUserFunction } from './user-functions.js';
import { binderSchema } from './table-util.js';
import { compileWindowFunction, WINDOW_FUNCTIONS } from './window-functions.js';

export function compileCall(n: Node, t: Table, env: Env, st: RunState): CExpr {
  const name = String(n.Name.SimpleName);
  const args: Node[] = elems(n.ArgumentList.Expressions);
  const rt = resultTypeOf(n);

  const user = env.get(name);
  if (user?.kind === 'function') return callUserFunction(n, user, args, t, env, st) as CExpr;

  switch (name) {
    case 'column_ifexists': case 'columnifexists': {
      const colName = compileScalar(args[0], t, env, st).value as string;
      const ci = columnIndex(t, colName);
      if (ci >= 0) { const col = t.data[ci]!; return { type: t.columns[ci]!.type, fn: (i) => col[i], isConst: false }; }
      return compileScalar(args[1], t, env, st);
    }
    case 'column_names_of': {
      // The argument's schema is the binder's: nothing is evaluated (column-names-of-function.md).
      const schema = binderSchema(args[0]);
      if (!schema) return unsupported('column_names_of() of this argument', n, 'its schema is not known to the binder');
      return constExpr('dynamic', schema.map((c) => c.name));
    }
    case 'ingestion_time': {
      const ci = columnIndex(t, '_IngestionTime') >= 0 ? columnIndex(t, '_IngestionTime') : columnIndex(t, 'TimeGenerated');
      if (ci < 0) return constExpr('datetime', null);
      const col = t.data[ci]!;
      return { type: 'datetime', fn: (i) => col[i], isConst: false };
    }
    case 'pack_all': case 'bag_pack_all': {
      const pin = st.packAllInput;
      const src = pin && pin.rowCount === t.rowCount && pin.columns.length <= t.columns.length && pin.columns.every((c, i) => t.columns[i]!.name === c.name) ? pin : t;
      const cols = src.columns.map((c, ci) => ({ name: c.name, type: c.type, data: src.data[ci]! }));
      const ignoreNulls = args.length > 0 && compileScalar(args[0], t, env, st).value === true;
      return { type: 'dynamic', isConst: false, fn: (i) => {
        const o: Record<string, unknown> = {};
        for (const c of cols) {
          const v = c.data[i];
          if (ignoreNulls && (v === null || v === undefined || v === '')) continue;
          o[c.name] = toDynamic(c.type, v);
        }
        return o;
      } };
    }
    case 'bag_pack_columns': {
      // Each argument is a column; its name is the property name (bag-pack-columns-function.md).
      const cols = args.map((a) => {
        if (kindName(a) !== 'NameReference') return unsupported('bag_pack_columns() argument', a, 'each argument must be a column');
        const c = compileScalar(a, t, env, st);
        return { name: String(a.SimpleName), type: c.type, fn: c.fn };
      });
      return { type: 'dynamic', isConst: false, fn: (i) => {
        const o: Record<string, unknown> = {};
        for (const c of cols) o[c.name] = toDynamic(c.type, c.fn(i));
        return o;
      } };
    }
    case 'row_number': {
      const start = args.length ? (compileScalar(args[0], t, env, st).value as number) : 1;
      if (args.length < 2) return { type: 'long', isConst: false, fn: (i) => i + start };
      // row_number(start, restart): numbering goes back to `start` on every row where `restart` is true.
      const restart = compileScalar(args[1], t, env, st);
      let numbers: number[] | undefined;
      const numberAll = () => {
        const out = new Array<number>(t.rowCount);
        for (let i = 0; i < t.rowCount; i++) out[i] = i === 0 || restart.fn(i) === true ? start : out[i - 1]! + 1;
        return out;
      };
      return { type: 'long', isConst: false, fn: (i) => (numbers ??= numberAll())[i]! };
    }
    case 'prev': case 'next': {
      const e = compileScalar(args[0], t, env, st);
      const off = args.length > 1 ? (compileScalar(args[1], t, env, st).value as number) : 1;
      const dflt = args.length > 2 ? compileScalar(args[2], t, env, st) : undefined;
      const sign = name === 'prev' ? -1 : 1;
      const total = t.rowCount;
      return { type: e.type, isConst: false, fn: (i) => {
        const j = i + sign * off;
        if (j < 0 || j >= total) return dflt ? dflt.fn(i) : e.type === 'string' ? '' : null;
        return e.fn(j);
      } };
    }
  }

  if (name === 'bin_auto') {
    // bin(value, query_bin_auto_size) shifted to query_bin_auto_at: the request properties `set` gave (bin-auto-function.md).
    const { binAutoSize: size, binAutoAt: at } = st.options;
    if (size === undefined || size === null) throw new KqlRuntimeError('bin_auto(): set query_bin_auto_size first (the bin size is a request property)', posOf(n));
    const value = compileScalar(args[0], t, env, st);
    const sizeArg = constExpr(typeof size === 'bigint' ? 'timespan' : 'real', size);
    if (at === undefined || at === null) return liftCall(lookupScalar('bin')!, [value, sizeArg], value.type, st, n);
    const atArg = constExpr(typeof at === 'bigint' ? (value.type === 'datetime' ? 'datetime' : 'timespan') : 'real', at);
    return liftCall(lookupScalar('bin_at')!, [value, sizeArg, atArg], value.type, st, n);
  }
  if (WINDOW_FUNCTIONS.has(name)) return compileWindowFunction(name, args, t, env, st, rt);
  const fn = lookupScalar(name);
  if (!fn) {
    if (lookupAggregate(name)) return unsupported(name, n, 'aggregate function outside summarize');
    return unsupported(`function ${name}()`, n);
  }
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    // The binder accepted the call, so Kusto has this form and we do not implement it.
    const arity = fn.minArgs === fn.maxArgs ? String(fn.minArgs) : fn.maxArgs >= 1000 ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
    return unsupported(`${name}()`, n, `the ${args.length}-argument form (implemented: ${arity} arguments)`);
  }
  const cargs = args.map((a) => (kindName(a) === 'StarExpression' ? constExpr('dynamic', '*') : compileScalar(a, t, env, st)));
  return liftCall(fn, cargs, rt, st, n);
}

/**
 * The lifting layer: applies a declared per-value implementation over rows. Coerces `string` parameters to
 * text, propagates nulls (unless the function handles them), folds calls whose arguments are all constant, and
 * arranges the arguments as the declaration says (optional ones undefined, a repeated tail as one array).
 */
function liftCall(fn: ScalarFunction, cargs: CExpr[], rt: KqlType, st: RunState, n: Node): CExpr {
  const argTypes = cargs.map((c) => c.type);
  const call: Call = { ctx: st.ctx, argTypes, resultType: rt };
  const params = fn.params;
  const declared = params.length;
  const repeated = declared > 0 && params[declared - 1]!.repeated;
  const fixed = repeated ? declared - 1 : declared;
  // Per argument: the declared parameter it binds to, and whether its value needs the text coercion.
  const toText = cargs.map((c, i) => params[Math.min(i, declared - 1)]?.type === 'string' && c.type !== 'string');
  const coerce = toText.some(Boolean);
  // KQL strings are never null: a null reaching a string parameter (an empty aggregate, a missing bag key cast to
  // string) is the empty string.
  const textParam = cargs.map((c, i) => params[Math.min(i, declared - 1)]?.type === 'string' && c.type === 'string');
  const blankNulls = textParam.some(Boolean);
  const propagate = fn.nulls === 'propagate';
  const impl = fn.impl;
  const nullResult = rt === 'string' ? '' : null;
  const apply = (vals: unknown[]): unknown => {
    if (propagate) for (const v of vals) if (v === null || v === undefined) return nullResult;
    if (coerce) for (let i = 0; i < vals.length; i++) if (toText[i]) vals[i] = valueToString(argTypes[i]!, vals[i]);
    if (blankNulls) for (let i = 0; i < vals.length; i++) if (textParam[i] && (vals[i] === null || vals[i] === undefined)) vals[i] = '';
    let r: unknown;
    try {
      if (repeated) {
        const head = vals.slice(0, fixed);
        while (head.length < fixed) head.push(undefined);
        r = impl(...head, vals.slice(fixed), call);
      } else {
        switch (declared) {
          case 0: r = impl(call); break;
          case 1: r = impl(vals[0], call); break;
          case 2: r = impl(vals[0], vals[1], call); break;
          case 3: r = impl(vals[0], vals[1], vals[2], call); break;
          default: { const all = vals.slice(); while (all.length < declared) all.push(undefined); r = impl(...all, call); }
        }
      }
    } catch (e) {
      if (e instanceof KqlRuntimeError && !e.position) throw new KqlRuntimeError(`${fn.name}(): ${e.message}`, posOf(n));
      if (isStackOverflow(e)) throw new KqlRuntimeError(`${fn.name}(): ${STACK_OVERFLOW}`, posOf(n));
      // An implementation refusing a form of its call (e.g. an undocumented parameter value): give it the call's position.
      if (e instanceof KqlUnsupportedError && !e.position) throw new KqlUnsupportedError(e.feature, posOf(n), e.detail);
      throw e;
    }
    // A string is never null in KQL: an implementation's null string result is the empty string.
    return r === undefined || r === null ? nullResult : r;
  };
  if (!fn.volatile && cargs.every((c) => c.isConst)) return constExpr(rt, apply(cargs.map((c) => c.value)));
  const fns = cargs.map((c) => c.fn);
  const k = fns.length;
  if (k === 0) return { type: rt, isConst: false, fn: () => apply([]) };
  if (k === 1) { const f0 = fns[0]!; return { type: rt, isConst: false, fn: (i) => apply([f0(i)]) }; }
  if (k === 2) { const f0 = fns[0]!, f1 = fns[1]!; return { type: rt, isConst: false, fn: (i) => apply([f0(i), f1(i)]) }; }
  return { type: rt, isConst: false, fn: (i) => { const vals = new Array(k); for (let j = 0; j < k; j++) vals[j] = fns[j]!(i); return apply(vals); } };
}
