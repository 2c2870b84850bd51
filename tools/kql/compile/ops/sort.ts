/** sort/order, top, take/limit, distinct, count, serialize. */
import type { Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, textOf, unsupported, type Node } from '../syntax.js';
import { binderSchema, materializeColumn, nameLike, selectRows } from '../table-util.js';
import { compareValues, valueKey } from '../../compare.js';
import type { Env, RunState } from '../env.js';

interface SortKey { values: unknown[]; desc: boolean; nullsFirst: boolean }

function sortKeys(list: Node[], t: Table, env: Env, st: RunState): SortKey[] {
  return list.map((e) => {
    let expr = e, desc = true, nullsFirst: boolean | undefined;
    if (kindName(e) === 'OrderedExpression') {
      expr = e.Expression;
      const ord = textOf(e.Ordering).toLowerCase();
      if (/\basc\b/.test(ord)) desc = false;
      if (/nulls\s+first/.test(ord)) nullsFirst = true;
      if (/nulls\s+last/.test(ord)) nullsFirst = false;
    }
    const c = compileScalar(expr, t, env, st);
    // Kusto defaults: asc -> nulls first, desc -> nulls last.
    return { values: materializeColumn(c.fn, t.rowCount), desc, nullsFirst: nullsFirst ?? !desc };
  });
}

function sortedIndex(t: Table, keys: SortKey[]): number[] {
  const idx = Array.from({ length: t.rowCount }, (_, i) => i);
  const isNull = (v: unknown) => v === null || v === undefined;
  idx.sort((a, b) => {
    for (const k of keys) {
      const x = k.values[a], y = k.values[b];
      const nx = isNull(x), ny = isNull(y);
      if (nx || ny) { if (nx && ny) continue; return (nx ? -1 : 1) * (k.nullsFirst ? 1 : -1); }
      const c = compareValues(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return a - b;
  });
  return idx;
}

export const sort: OperatorFn = (op, input, env, st) => {
  const t = input!;
  return selectRows(t, sortedIndex(t, sortKeys(elems(op.Expressions), t, env, st)));
};

function countOf(n: Node, t: Table, env: Env, st: RunState): number {
  const c = compileScalar(n, t, env, st);
  const v = c.isConst ? c.value : c.fn(0);
  return Math.max(0, Math.trunc(Number(v ?? 0)));
}

export const top: OperatorFn = (op, input, env, st) => {
  const t = input!;
  const n = countOf(op.Expression, t, env, st);
  return selectRows(t, sortedIndex(t, sortKeys([op.ByExpression], t, env, st)).slice(0, n));
};

export const take: OperatorFn = (op, input, env, st) => {
  const t = input!;
  const n = countOf(op.Expression, t, env, st);
  return n >= t.rowCount ? t : selectRows(t, Array.from({ length: n }, (_, i) => i));
};

export const distinct: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const list = elems(op.Expressions);
  const star = list.length === 1 && kindName(list[0]) === 'StarExpression';
  const cols = star
    ? t.columns.map((c, i) => ({ type: c.type, data: t.data[i]!, name: c.name }))
    : list.map((e: Node) => {
      const named = kindName(e) === 'SimpleNamedExpression';
      const c = compileScalar(named ? e.Expression : e, t, env, st);
      return { type: c.type, data: materializeColumn(c.fn, t.rowCount), name: named ? String(e.Name.SimpleName) : textOf(e) };
    });
  const seen = new Set<string>();
  const keep: number[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    let key = '';
    for (const c of cols) key += valueKey(c.data[i]) + '\u0001';
    if (!seen.has(key)) { seen.add(key); keep.push(i); }
  }
  const produced = cols.map((c) => ({ type: c.type, data: keep.map((i) => c.data[i]) }));
  return nameLike(produced, binderSchema(pipe), cols.map((c) => c.name), op, keep.length);
};

export const count: OperatorFn = (op, input, _env, _st, pipe) => {
  const name = binderSchema(pipe)?.[0]?.name ?? 'Count';
  return { columns: [{ name, type: 'long' }], data: [[input!.rowCount]], rowCount: 1 };
};

export const serialize: OperatorFn = (op, input, env, st, pipe) => {
  const list = elems(op.Expressions);
  if (list.length === 0) return input!;
  // serialize x = row_number(): same as extend on the (already ordered) input.
  return unsupportedOrExtend(op, input!, env, st, pipe);
};

import { extend } from './project.js';
function unsupportedOrExtend(op: Node, t: Table, env: Env, st: RunState, pipe: Node): Table {
  if (!op.Expressions) return unsupported('serialize', op);
  return extend({ Expressions: op.Expressions }, t, env, st, pipe);
}
