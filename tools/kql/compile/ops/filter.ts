/** where / filter: keeps rows whose predicate is true (null counts as false). */
import type { OperatorFn } from './types.js';
import { columnIndex, compileScalar, equals } from '../scalar.js';
import { selectRows } from '../table-util.js';
import { isLegacyEquality } from '../legacy-equals.js';
import { KqlRuntimeError } from '../../errors.js';
import type { Table } from '../../types.js';
import type { CExpr, Env, RunState } from '../env.js';
import { posOf, type Node } from '../syntax.js';

/** `where Name = value` (legacy): Name == value. */
function compileLegacyEquality(cond: Node, t: Table, env: Env, st: RunState): CExpr {
  const name = String(cond.Name.SimpleName);
  const ci = columnIndex(t, name);
  if (ci < 0) throw new KqlRuntimeError(`column '${name}' not found in the input`, posOf(cond));
  const col = t.data[ci]!, type = t.columns[ci]!.type;
  const v = compileScalar(cond.Expression, t, env, st);
  return { type: 'bool', isConst: false, fn: (i) => equals(type, v.type, col[i], v.fn(i), false) };
}

export const where: OperatorFn = (op, input, env, st) => {
  const t = input!;
  const p = isLegacyEquality(op.Condition) ? compileLegacyEquality(op.Condition, t, env, st) : compileScalar(op.Condition, t, env, st);
  if (p.isConst) return p.value === true ? t : selectRows(t, []);
  const f = p.fn;
  const keep: number[] = [];
  for (let i = 0; i < t.rowCount; i++) if (f(i) === true) keep.push(i);
  return keep.length === t.rowCount ? t : selectRows(t, keep);
};
