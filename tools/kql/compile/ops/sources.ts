/** Source operators: print, range. */
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, posOf, type Node } from '../syntax.js';
import { compoundNames, isCompound, splitTuple, tupleColumns } from '../tuple.js';
import { binderSchema, nameLike } from '../table-util.js';
import { emptyTable } from '../../types.js';
import { KqlRuntimeError } from '../../errors.js';

export const print: OperatorFn = (op, _input, env, st, pipe) => {
  const one = { columns: [], data: [], rowCount: 1 };
  const produced = elems(op.Expressions).flatMap((e: Node, i: number) => {
    const k = kindName(e);
    const expr = k === 'SimpleNamedExpression' || isCompound(e) ? e.Expression : e;
    const names = k === 'SimpleNamedExpression' ? [String(e.Name.SimpleName)] : isCompound(e) ? compoundNames(e) : [];
    const c = compileScalar(expr, one, env, st);
    const tuple = tupleColumns(expr);
    if (tuple) return splitTuple(c, 1, tuple.map((col, j) => ({ name: names[j] ?? col.name, type: col.type })));
    return [{ name: names[0] ?? `print_${i}`, type: c.type, data: [c.isConst ? c.value : c.fn(0)] }];
  });
  return nameLike(produced, binderSchema(pipe), produced.map((p) => p.name), op, 1);
};

export const range: OperatorFn = (op, _input, env, st, pipe) => {
  const e = emptyTable([]);
  const v = (n: unknown) => { const c = compileScalar(n, e, env, st); return (c.isConst ? c.value : c.fn(0)) as number | bigint; };
  const from = v(op.From), to = v(op.To), step = v(op.Step);
  const type = compileScalar(op.From, e, env, st).type;
  const data: (number | bigint)[] = [];
  // The row count is known before any row is made: the query's budget decides (budget.ts), not a fixed cap.
  if (typeof from === 'bigint') {
    // datetime/timespan: exact ticks.
    const by = typeof step === 'bigint' ? step : BigInt(Math.trunc(Number(step))), end = to as bigint;
    if (by === 0n) throw new KqlRuntimeError('range: step must be non-zero', posOf(op));
    const rows = (end - from) / by < 0n ? 0 : Number((end - from) / by) + 1;
    st.budget.charge('range', posOf(op), rows, 32);
    if (by > 0n) for (let x = from; x <= end; x += by) data.push(x);
    else for (let x = from; x >= end; x += by) data.push(x);
  } else {
    const by = Number(step), end = Number(to);
    if (!by || !Number.isFinite(by)) throw new KqlRuntimeError('range: step must be a non-zero finite number', posOf(op));
    const span = (end - from) / by;
    st.budget.charge('range', posOf(op), !(span >= 0) ? 0 : Number.isFinite(span) ? Math.floor(span) + 1 : Infinity, 8);
    if (by > 0) for (let x = from; x <= end; x += by) data.push(x);
    else for (let x = from; x >= end; x += by) data.push(x);
  }
  const name = binderSchema(pipe)?.[0]?.name ?? String(op.Name.SimpleName);
  return { columns: [{ name, type }], data: [data], rowCount: data.length };
};
