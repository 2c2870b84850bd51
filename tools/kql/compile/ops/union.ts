/**
 * union: rows of every leg, columns matched by name (kind=outer keeps all, kind=inner only those every leg has), a
 * name with several types split per type (./union-schema.ts). `withsource=Col` names each row's leg: a table or view
 * by its name, a leg ending in `| as Name` by that name, otherwise `union_arg<i>`. With isfuzzy=true a leg naming a
 * table or view that does not exist is left out instead of failing.
 */
import { KqlRuntimeError } from '../../errors.js';
import type { Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { evalTabular } from '../query.js';
import { elems, kindName, namedParams, paramText, posOf, unsupported, type Node } from '../syntax.js';
import { binderSchema, exemptFromBinderCheck } from '../table-util.js';
import { unionLayout } from './union-schema.js';
import { referenceRowBytes } from '../../budget.js';

/** The name a leg gives itself: its table/view name, or the name of a trailing `as`. */
function legName(e: Node): string | undefined {
  const k = kindName(e);
  if (k === 'NameReference') return String(e.SimpleName);
  if (k === 'ParenthesizedExpression') return legName(e.Expression);
  if (k === 'PipeExpression') return kindName(e.Operator) === 'AsOperator' ? String(e.Operator.Name.SimpleName) : undefined;
  return undefined;
}

/** A leg that only names a table or view nobody defined (what isfuzzy=true tolerates). */
function missingSource(e: Node, env: Env, st: RunState): boolean {
  const k = kindName(e);
  if (k === 'ParenthesizedExpression') return missingSource(e.Expression, env, st);
  if (k === 'PipeExpression') return missingSource(e.Expression, env, st);
  if (k !== 'NameReference') return false;
  const name = String(e.SimpleName);
  return !env.get(name) && !st.tables.has(name) && !st.schemaOf(name);
}

export const union: OperatorFn = (op, input, env, st, pipe) => {
  const params = namedParams(op.Parameters);
  // hint.concurrency / hint.spread steer execution only.
  for (const k of params.keys()) if (!['kind', 'withsource', 'isfuzzy'].includes(k) && !k.startsWith('hint.')) unsupported(`union ${k}=`, op.Parameters);
  const kind = (paramText(params.get('kind')) || 'outer').toLowerCase();
  if (kind !== 'outer' && kind !== 'inner') unsupported(`union kind=${kind}`, op.Parameters);
  const fuzzy = paramText(params.get('isfuzzy')).toLowerCase() === 'true';
  const legs: { name: string; table: Table }[] = [];
  if (input) legs.push({ name: (pipe !== op && legName(pipe.Expression)) || 'union_arg0', table: input });
  elems(op.Expressions).forEach((e: Node, i: number) => {
    if (fuzzy && missingSource(e, env, st)) return;
    legs.push({ name: legName(e) ?? `union_arg${i + (input ? 1 : 0)}`, table: evalTabular(e, env, st) });
  });
  const withsource = params.has('withsource') ? paramText(params.get('withsource')) : undefined;
  const layout = unionLayout(legs.map((l) => l.table), withsource ? [withsource] : []);
  let keep = layout.columns.map((_, i) => i);
  if (kind === 'inner') keep = keep.filter((oc) => layout.slots.every((s) => s.includes(oc)));
  const total = legs.reduce((s, l) => s + l.table.rowCount, 0);
  const columns = [...(withsource ? [{ name: withsource, type: 'string' as const }] : []), ...keep.map((oc) => layout.columns[oc]!)];
  st.budget.charge('union', posOf(op), total, referenceRowBytes(columns.length));
  const data: unknown[][] = columns.map((c) => new Array(total).fill(c.type === 'string' ? '' : null));
  const outOf = new Map(keep.map((oc, i) => [oc, i + (withsource ? 1 : 0)]));
  let at = 0;
  for (const [li, leg] of legs.entries()) {
    const t = leg.table;
    if (withsource) for (let r = 0; r < t.rowCount; r++) data[0]![at + r] = leg.name;
    layout.slots[li]!.forEach((oc, ci) => {
      const out = outOf.get(oc);
      if (out === undefined) return;
      const src = t.data[ci]!, dst = data[out]!;
      for (let r = 0; r < t.rowCount; r++) dst[at + r] = src[r];
    });
    at += t.rowCount;
  }
  const result: Table = { columns, data, rowCount: total };
  // Kusto.Language does not always split a name the legs give different types (e.g. DurationMs long in SigninLogs,
  // real in StorageBlobLogs comes back as one column) where the reference's union does: no binder check then.
  if (layout.renamed) { exemptFromBinderCheck(result); return result; }
  const schema = binderSchema(pipe);
  if (schema && schema.length !== columns.length) throw new KqlRuntimeError(`internal: union produced ${columns.length} columns, the binder expects ${schema.length}`, posOf(op));
  return result;
};
