/** project, extend, project-away/-keep/-rename/-reorder. Output names come from the binder. */
import type { KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import { compileScalar, plainColumn } from '../scalar.js';
import { elems, kindName, kqlNameOfKind, textOf, unsupported, type Node } from '../syntax.js';
import { binderSchema, nameLike } from '../table-util.js';
import { columnRef, tableFromRefs, type ColumnRef } from '../selection.js';
import { columnValues } from '../vector.js';
import type { Env, RunState } from '../env.js';
import { compoundNames, isCompound, splitTuple, tupleColumns } from '../tuple.js';

/** Column expressions of project/extend: explicit names (several for `(a, b) = f(...)`) and the value node. */
interface ColumnItem { names: string[]; expr: Node; node: Node }

function namedExprs(list: Node): ColumnItem[] {
  return elems(list).map((e: Node) => {
    const k = kindName(e);
    if (k === 'SimpleNamedExpression') return { names: [String(e.Name.SimpleName)], expr: e.Expression, node: e };
    if (isCompound(e)) return { names: compoundNames(e), expr: e.Expression, node: e };
    return { names: k === 'NameReference' ? [String(e.SimpleName)] : [], expr: e, node: e };
  });
}

/**
 * The item's columns: one, or one per component of a tuple-valued function (series_stats, ...). A plain column
 * of the input is passed on as it is (still pending if it was, ../selection.ts); a computed one is evaluated
 * column-at-a-time where it can be (../vector.ts).
 */
function evalColumns(it: ColumnItem, t: Table, env: Env, st: RunState): { name: string; type: KqlType; data: ColumnRef }[] {
  const tuple = tupleColumns(it.expr);
  const ci = tuple ? -1 : plainColumn(it.expr, t, env);
  if (ci >= 0) return [{ name: it.names[0] ?? textOf(it.expr), type: t.columns[ci]!.type, data: columnRef(t, ci) }];
  const c = compileScalar(it.expr, t, env, st);
  if (tuple) return splitTuple(c, t.rowCount, tuple.map((col, i) => ({ name: it.names[i] ?? col.name, type: col.type })));
  return [{ name: it.names[0] ?? textOf(it.expr), type: c.type, data: columnValues(c, t.rowCount) }];
}

export const project: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const produced = namedExprs(op.Expressions).flatMap((it) => evalColumns(it, t, env, st));
  const shape = nameLike(produced.map((p) => ({ type: p.type, data: [] })), binderSchema(pipe), produced.map((p, i) => (p.name || `Column${i + 1}`)), op, t.rowCount);
  return tableFromRefs(shape.columns, produced.map((p) => p.data), t.rowCount);
};

export const extend: OperatorFn = (op, input, env, st, pipe) => {
  let t = input!;
  const outerPackAll = st.packAllInput;
  st.packAllInput = input;
  const generated = new Set<string>();
  try {
  for (const it of namedExprs(op.Expressions)) {
    for (const col of evalColumns(it, t, env, st)) {
      if (!it.names.length) generated.add(col.name);
      const at = t.columns.findIndex((c) => c.name === col.name);
      const columns = [...t.columns], refs = t.columns.map((_, i) => columnRef(t, i));
      if (at >= 0) { columns[at] = { name: col.name, type: col.type }; refs[at] = col.data; }
      else { columns.push({ name: col.name, type: col.type }); refs.push(col.data); }
      t = tableFromRefs(columns, refs, t.rowCount);
    }
  }
  } finally { st.packAllInput = outerPackAll; }
  // Unnamed expressions get generated names (Column1...): those take the binder's name at their position; every
  // other column keeps its own (a positional rename of named columns could pair a header with another's values).
  const schema = binderSchema(pipe);
  if (schema && schema.length === t.columns.length && generated.size) t = { ...t, columns: t.columns.map((c, i) => ({ name: generated.has(c.name) ? schema[i]!.name : c.name, type: c.type })) };
  return t;
};

/** Name order with digit runs compared as numbers (project-reorder granny-asc: a20 before a100). */
function grannyCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [], pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!, y = pb[i]!;
    const nx = /^\d/.test(x) && /^\d/.test(y) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (nx !== 0) return nx;
  }
  return pa.length - pb.length;
}

function wildcard(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
}

function matchColumns(t: Table, list: Node): Set<number> {
  const out = new Set<number>();
  for (const e of elems(list)) {
    const pat = kindName(e) === 'NameReference' ? String(e.SimpleName) : textOf(e).trim();
    const re = wildcard(pat);
    t.columns.forEach((c, i) => { if (re.test(c.name)) out.add(i); });
  }
  return out;
}

export const projectAway: OperatorFn = (op, input) => {
  const t = input!;
  const drop = matchColumns(t, op.Expressions);
  const keep = t.columns.map((_, i) => i).filter((i) => !drop.has(i));
  return tableFromRefs(keep.map((i) => t.columns[i]!), keep.map((i) => columnRef(t, i)), t.rowCount);
};

export const projectKeep: OperatorFn = (op, input) => {
  const t = input!;
  const keepSet = matchColumns(t, op.Expressions);
  const keep = t.columns.map((_, i) => i).filter((i) => keepSet.has(i));
  return tableFromRefs(keep.map((i) => t.columns[i]!), keep.map((i) => columnRef(t, i)), t.rowCount);
};

export const projectRename: OperatorFn = (op, input) => {
  const t = input!;
  const columns = [...t.columns];
  for (const e of elems(op.Expressions)) {
    const to = String(e.Name.SimpleName), from = String(e.Expression.SimpleName ?? textOf(e.Expression));
    const i = columns.findIndex((c) => c.name === from);
    if (i >= 0) columns[i] = { name: to, type: columns[i]!.type };
  }
  return { columns, data: t.data, rowCount: t.rowCount };
};

export const projectReorder: OperatorFn = (op, input) => {
  const t = input!;
  const order: number[] = [];
  for (const e of elems(op.Expressions)) {
    const k = kindName(e);
    // `pattern asc|desc|granny-asc|granny-desc` orders the columns the pattern matches by name (granny: digit runs
    // compare as numbers, so a20 < a100); without an ordering they keep their input order.
    const [pattern, ordering] = k === 'OrderedExpression'
      ? (/^(.*?)\s+(granny-asc|granny-desc|asc|desc)$/i.exec(textOf(e).trim()) ?? unsupported('project-reorder ordering', e)).slice(1) as [string, string]
      : [k === 'NameReference' ? String(e.SimpleName) : textOf(e).trim(), ''];
    const re = wildcard(pattern.trim());
    const matched = t.columns.map((c, i) => ({ name: c.name, i })).filter((c) => re.test(c.name) && !order.includes(c.i));
    if (ordering) {
      const o = ordering.toLowerCase();
      const cmp = o.startsWith('granny') ? grannyCompare : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      matched.sort((a, b) => cmp(a.name, b.name) * (o.endsWith('desc') ? -1 : 1));
    }
    for (const c of matched) order.push(c.i);
  }
  t.columns.forEach((_, i) => { if (!order.includes(i)) order.push(i); });
  return tableFromRefs(order.map((i) => t.columns[i]!), order.map((i) => columnRef(t, i)), t.rowCount);
};
