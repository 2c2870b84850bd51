/** where / filter: keeps rows whose predicate is true (null counts as false). */
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { selectRows } from '../table-util.js';

export const where: OperatorFn = (op, input, env, st) => {
  const t = input!;
  const p = compileScalar(op.Condition, t, env, st);
  if (p.isConst) return p.value === true ? t : selectRows(t, []);
  const f = p.fn;
  const keep: number[] = [];
  for (let i = 0; i < t.rowCount; i++) if (f(i) === true) keep.push(i);
  return keep.length === t.rowCount ? t : selectRows(t, keep);
};
