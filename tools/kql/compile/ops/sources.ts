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
  if (typeof from === 'bigint') {
    // datetime/timespan: exact ticks.
    const by = typeof step === 'bigint' ? step : BigInt(Math.trunc(Number(step))), end = to as bigint;
    if (by === 0n || (end - from) / by > 10_000_000n) throw new KqlRuntimeError('range: step must be non-zero and produce at most 10,000,000 rows', posOf(op));
    if (by > 0n) for (let x = from; x <= end; x += by) data.push(x);
    else for (let x = from; x >= end; x += by) data.push(x);
  } else {
    const by = Number(step), end = Number(to);
    if (!by || (end - from) / by > 10_000_000) throw new KqlRuntimeError('range: step must be non-zero and produce at most 10,000,000 rows', posOf(op));
    if (by > 0) for (let x = from; x <= end; x += by) data.push(x);
    else for (let x = from; x >= end; x += by) data.push(x);
  }
  const name = binderSchema(pipe)?.[0]?.name ?? String(op.Name.SimpleName);
  return { columns: [{ name, type }], data: [data], rowCount: data.length };
};
