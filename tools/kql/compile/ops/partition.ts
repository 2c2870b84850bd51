/**
 * partition by Column (subquery): the subquery runs on each partition of the input (rows with one value of
 * Column, partitions in order of first appearance) and the results are concatenated. Every strategy hint gives
 * the same result (hint.* accepted). The legacy form with its own source (`{ ... }`) and `in` scopes fail as
 * unsupported.
 */
import type { Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, posOf, unsupported } from '../syntax.js';
import { binderSchema, exemptFromBinderCheck, isExemptFromBinderCheck, materializeColumn, selectRows } from '../table-util.js';
import { groupRows } from './summarize.js';
import { evalSubquery } from './subquery.js';
import { KqlRuntimeError } from '../../errors.js';

export const partition: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  for (const p of elems(op.Parameters)) if (!String(p.Name.SimpleName).toLowerCase().startsWith('hint.')) unsupported(`partition ${String(p.Name.SimpleName)}=`, p);
  if (op.Scope) unsupported('partition ... in (...)', op.Scope);
  if (kindName(op.Operand) !== 'PartitionSubquery') return unsupported('partition with a source subquery { ... } (legacy strategy)', op.Operand);
  const key = compileScalar(op.ByExpression, t, env, st);
  const { groups } = groupRows([materializeColumn(key.fn, t.rowCount)], t.rowCount);
  const parts = t.rowCount ? groups.map((rows) => evalSubquery(op.Operand.Subquery, selectRows(t, rows), env.child(), st)) : [evalSubquery(op.Operand.Subquery, t, env.child(), st)];
  // The subquery's own output decides the columns (the binder's schema can differ, e.g. scan's match_id);
  // its names apply when the counts agree.
  const first = parts[0]!.columns, binder = binderSchema(pipe);
  const data: unknown[][] = first.map(() => []);
  st.budget.charge('partition', posOf(op), parts.reduce((n, p) => n + p.rowCount, 0), 8 * first.length + 16);
  for (const p of parts) {
    if (p.columns.length !== first.length) throw new KqlRuntimeError(`internal: partition subqueries produced ${first.length} and ${p.columns.length} columns`);
    p.data.forEach((col, ci) => { for (let r = 0; r < p.rowCount; r++) data[ci]!.push(col[r]); });
  }
  const columns = first.map((c, i) => ({ name: binder && binder.length === first.length ? binder[i]!.name : c.name, type: c.type }));
  const result = { columns, data, rowCount: data[0]?.length ?? 0 } as Table;
  // A subquery whose output legitimately differs from the binder's schema (scan's match_id) makes the whole result differ.
  if (parts.some(isExemptFromBinderCheck)) exemptFromBinderCheck(result);
  return result;
};
