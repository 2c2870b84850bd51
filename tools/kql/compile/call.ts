/**
 * Function calls in scalar position: the registry lifting layer (one place for column iteration, null
 * propagation, constant folding and prepared kernels), user-defined functions (inlined with their arguments),
 * and the few built-ins that need the query context (column_ifexists, ingestion_time, pack_all, window functions).
 */
import { KqlRuntimeError } from '../errors.js';
import { lookupAggregate, lookupScalar } from '../registry.js';
import type { KqlType, Table } from '../types.js';
import { toDynamic } from '../compare.js';
import { constExpr, type CExpr, type Env, type RunState } from './env.js';
import { elems, kindName, posOf, unsupported, type Node } from './syntax.js';
import { columnIndex, compileScalar, resultTypeOf } from './scalar.js';
import { callUserFunction } from './user-functions.js';

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
    case 'ingestion_time': {
      const ci = columnIndex(t, '_IngestionTime') >= 0 ? columnIndex(t, '_IngestionTime') : columnIndex(t, 'TimeGenerated');
      if (ci < 0) return constExpr('datetime', null);
      const col = t.data[ci]!;
      return { type: 'datetime', fn: (i) => col[i], isConst: false };
    }
    case 'pack_all': case 'bag_pack_all': {
      const cols = t.columns.map((c, ci) => ({ name: c.name, type: c.type, data: t.data[ci]! }));
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

  const fn = lookupScalar(name);
  if (!fn) {
    if (lookupAggregate(name)) return unsupported(name, n, 'aggregate function outside summarize');
    return unsupported(`function ${name}()`, n);
  }
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    throw new KqlRuntimeError(`${name}() takes ${fn.minArgs}..${fn.maxArgs} arguments, got ${args.length}`, posOf(n));
  }
  const cargs = args.map((a) => (kindName(a) === 'StarExpression' ? constExpr('dynamic', '*') : compileScalar(a, t, env, st)));
  return liftCall(fn, cargs, rt, st, n);
}

function liftCall(fn: NonNullable<ReturnType<typeof lookupScalar>>, cargs: CExpr[], rt: KqlType, st: RunState, n: Node): CExpr {
  const types = cargs.map((c) => c.type);
  const ctx = st.ctx;
  const prepared = fn.prepare?.(cargs.map((c) => (c.isConst ? c.value : undefined)), types, rt);
  const kernel = prepared ?? fn.kernel;
  const nullProp = fn.nullPropagates !== false;
  const isNull = (v: unknown) => v === null || v === undefined;
  const call = (vals: unknown[]) => {
    if (nullProp) for (const v of vals) if (isNull(v)) return rt === 'string' ? '' : null;
    try {
      const r = kernel(vals, ctx, types, rt);
      return r === undefined ? (rt === 'string' ? '' : null) : r;
    } catch (e) {
      if (e instanceof KqlRuntimeError && !e.position) throw new KqlRuntimeError(`${fn.name}(): ${e.message}`, posOf(n));
      throw e;
    }
  };
  if (!fn.volatile && cargs.every((c) => c.isConst)) return constExpr(rt, call(cargs.map((c) => c.value)));
  const fns = cargs.map((c) => c.fn);
  const k = fns.length;
  if (k === 1) { const f0 = fns[0]!; return { type: rt, isConst: false, fn: (i) => call([f0(i)]) }; }
  if (k === 2) { const f0 = fns[0]!, f1 = fns[1]!; return { type: rt, isConst: false, fn: (i) => call([f0(i), f1(i)]) }; }
  return { type: rt, isConst: false, fn: (i) => { const vals = new Array(k); for (let j = 0; j < k; j++) vals[j] = fns[j]!(i); return call(vals); } };
}
