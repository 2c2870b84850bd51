/**
 * Window functions over the serialized row set (window-functions.md) besides row_number/prev/next: row_cumsum,
 * row_rank_dense, row_rank_min and row_window_session. Each walks the rows once in order, on first use, with an
 * optional restart predicate (evaluated per row, so it may use prev()) that starts a new partition.
 */
import type { KqlType, Table } from '../types.js';
import { compileScalar } from './scalar.js';
import type { CExpr, Env, RunState } from './env.js';
import type { Node } from './syntax.js';

const sameValue = (a: unknown, b: unknown) =>
  a === b || (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** A column computed once over all rows, read per row. */
function lazyColumn(type: KqlType, rows: number, compute: (rows: number) => unknown[]): CExpr {
  let values: unknown[] | undefined;
  return { type, isConst: false, fn: (i) => (values ??= compute(rows))[i] };
}

export const WINDOW_FUNCTIONS = new Set(['row_cumsum', 'row_rank_dense', 'row_rank_min', 'row_window_session']);

export function compileWindowFunction(name: string, args: Node[], t: Table, env: Env, st: RunState, resultType: KqlType): CExpr {
  const restartArg = args[name === 'row_window_session' ? 3 : 1];
  const restart = restartArg ? compileScalar(restartArg, t, env, st) : undefined;
  const restarts = (i: number) => i === 0 || restart?.fn(i) === true;
  const term = compileScalar(args[0], t, env, st);
  switch (name) {
    case 'row_cumsum':
      // The running sum of the term, back to 0 at each restart; a null term adds nothing (row-cumsum-function.md).
      return lazyColumn(resultType, t.rowCount, (rows) => {
        const out = new Array<unknown>(rows);
        let sum = 0;
        for (let i = 0; i < rows; i++) {
          if (restarts(i)) sum = 0;
          const v = term.fn(i);
          if (typeof v === 'number') sum += v;
          out[i] = sum;
        }
        return out;
      });
    case 'row_rank_dense': case 'row_rank_min':
      // dense: +1 whenever the term changes; min: the row number (in the partition) where the run of equal terms began.
      return lazyColumn('long', t.rowCount, (rows) => {
        const out = new Array<number>(rows);
        let rank = 0, rowInPartition = 0;
        for (let i = 0; i < rows; i++) {
          const v = term.fn(i);
          if (restarts(i)) { rowInPartition = 1; rank = 1; }
          else {
            rowInPartition++;
            if (!sameValue(v, term.fn(i - 1))) rank = name === 'row_rank_dense' ? rank + 1 : rowInPartition;
          }
          out[i] = rank;
        }
        return out;
      });
    default: {
      // row_window_session(Expr, MaxDistanceFromFirst, MaxDistanceBetweenNeighbors [, Restart]): a new session
      // starts when there is no session value (or it is null), when Expr >= start + MaxDistanceFromFirst or
      // Expr >= previous Expr + MaxDistanceBetweenNeighbors, or on restart; each row gets its session's start.
      const fromFirst = compileScalar(args[1], t, env, st);
      const betweenNeighbors = compileScalar(args[2], t, env, st);
      return lazyColumn('datetime', t.rowCount, (rows) => {
        const out = new Array<bigint | null>(rows);
        let start: bigint | null = null, previous: bigint | null = null;
        for (let i = 0; i < rows; i++) {
          const v = term.fn(i) as bigint | null;
          const maxFirst = fromFirst.fn(i) as bigint | null, maxGap = betweenNeighbors.fn(i) as bigint | null;
          const fresh = restarts(i) || start === null || v === null
            || (maxFirst !== null && v >= start + maxFirst)
            || (previous !== null && maxGap !== null && v >= previous + maxGap);
          if (fresh) start = v;
          out[i] = start;
          previous = v;
        }
        return out;
      });
    }
  }
}
