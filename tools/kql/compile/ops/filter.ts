/** where / filter: keeps rows whose predicate is true (null counts as false), as a selection over the input. */
import type { OperatorFn } from './types.js';
import { columnIndex, compileScalar, equals } from '../scalar.js';
import { selectRows } from '../table-util.js';
import { selectOf } from '../vector.js';
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
  // The predicate's selection, column-at-a-time where it has that form (../vector.ts); the output is a selection
  // over the input: its columns are copied only if a later operator reads them (../selection.ts).
  const keep = selectOf(p, t.rowCount);
  return keep.length === t.rowCount ? t : selectRows(t, keep);
};
