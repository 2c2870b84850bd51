/** Subqueries whose leftmost operator reads a given table: mv-apply, partition, fork and facet legs. */
import type { Table } from '../../types.js';
import type { Env, RunState } from '../env.js';
import { kindName, unsupported, type Node } from '../syntax.js';
import { charged, evalTabular } from '../query.js';
import { OPERATORS } from './index.js';

/** Evaluate a subquery of the form `(op1 | op2 ...)` whose leftmost operator reads `input`. */
export function evalSubquery(n: Node, input: Table, env: Env, st: RunState): Table {
  const k = kindName(n);
  if (k === 'PipeExpression') {
    const left = evalSubquery(n.Expression, input, env, st);
    const f = OPERATORS[kindName(n.Operator)];
    if (!f) return unsupported(kindName(n.Operator), n.Operator);
    return charged(f(n.Operator, left, env, st, n), n.Operator, st);
  }
  if (k === 'ParenthesizedExpression') return evalSubquery(n.Expression, input, env, st);
  const f = OPERATORS[k];
  if (f) return charged(f(n, input, env, st, n), n, st);
  return evalTabular(n, env, st);
}
