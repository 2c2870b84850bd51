/** Source operators: print, range. */
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, posOf } from '../syntax.js';
import { binderSchema, nameLike } from '../table-util.js';
import { emptyTable } from '../../types.js';
import { KqlRuntimeError } from '../../errors.js';

export const print: OperatorFn = (op, _input, env, st, pipe) => {
  const one = { columns: [], data: [], rowCount: 1 };
  const items = elems(op.Expressions);
  const produced = items.map((e) => {
    const expr = kindName(e) === 'SimpleNamedExpression' ? e.Expression : e;
    const c = compileScalar(expr, one, env, st);
    return { type: c.type, data: [c.isConst ? c.value : c.fn(0)] };
  });
  return nameLike(produced, binderSchema(pipe), items.map((e, i) => (kindName(e) === 'SimpleNamedExpression' ? String(e.Name.SimpleName) : `print_${i}`)), op, 1);
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
