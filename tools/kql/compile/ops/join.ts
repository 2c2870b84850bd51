/**
 * join (all kinds; default innerunique) and lookup. Keys are matched by value (nulls never match);
 * output column names come from the binder (Kusto suffixes right-side duplicates: Caller1, ...).
 */
import type { ColumnSchema, KqlType, Table } from '../../types.js';
import { columnRef, IntList, selectRefs, tableFromRefs, type ColumnRef } from '../selection.js';
import { valueKey } from '../../compare.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { evalTabular } from '../query.js';
import { columnIndex } from '../scalar.js';
import { elems, kindName, namedParams, paramText, textOf, unsupported, type Node } from '../syntax.js';
import { binderSchema, nameLike } from '../table-util.js';
import { KqlRuntimeError } from '../../errors.js';

interface KeyPair { left: string; right: string }

function sideColumn(e: Node): { side: 'left' | 'right'; name: string } | undefined {
  if (kindName(e) !== 'PathExpression') return undefined;
  const side = String(e.Expression.SimpleName ?? textOf(e.Expression)).toLowerCase();
  if (side !== '$left' && side !== '$right') return undefined;
  return { side: side === '$left' ? 'left' : 'right', name: String(e.Selector.SimpleName ?? textOf(e.Selector)) };
}

export function joinKeys(clause: Node): KeyPair[] {
  if (!clause) return unsupported('join without on', clause);
  if (kindName(clause) !== 'JoinOnClause') return unsupported('join where', clause, 'use `on` conditions');
  const out: KeyPair[] = [];
  const add = (e: Node) => {
    const k = kindName(e);
    if (k === 'NameReference') { const n = String(e.SimpleName); out.push({ left: n, right: n }); return; }
    if (k === 'AndExpression') { add(e.Left); add(e.Right); return; }
    if (k === 'EqualExpression') {
      const a = sideColumn(e.Left), b = sideColumn(e.Right);
      if (a && b && a.side !== b.side) { out.push(a.side === 'left' ? { left: a.name, right: b.name } : { left: b.name, right: a.name }); return; }
    }
    unsupported('join condition', e, `'${textOf(e)}' (only column equality is supported)`);
  };
  for (const e of elems(clause.Expressions)) add(e);
  return out;
}

function keyColumns(t: Table, names: string[], side: string, at: Node): unknown[][] {
  return names.map((n) => {
    const i = columnIndex(t, n);
    if (i < 0) throw new KqlRuntimeError(`join: ${side} side has no column '${n}'`, undefined);
    void at;
    return t.data[i]!;
  });
}

/**
 * The key of row i, or null when a key value is null (null keys never match). One key column: the value itself
 * (Map keys compare strings, numbers and bigints by value, as valueKey does; a dynamic object by its JSON).
 * Several: the values' valueKeys joined.
 */
type JoinKey = unknown;
function rowKey(cols: unknown[][], i: number): JoinKey | null {
  if (cols.length === 1) {
    const v = cols[0]![i];
    if (v === null || v === undefined) return null;
    return typeof v === 'object' ? '\u0000j' + JSON.stringify(v) : v;
  }
  let key = '';
  for (const c of cols) {
    const v = c[i];
    if (v === null || v === undefined) return null;
    key += valueKey(v) + '\u0001';
  }
  return key;
}

/** Row numbers by key: the first row of a key as a number, further rows as an array (most keys are unique). */
function indexRows(cols: unknown[][], rows: number): Map<JoinKey, number | number[]> {
  const m = new Map<JoinKey, number | number[]>();
  for (let i = 0; i < rows; i++) {
    const k = rowKey(cols, i);
    if (k === null) continue;
    const l = m.get(k);
    if (l === undefined) m.set(k, i);
    else if (typeof l === 'number') m.set(k, [l, i]);
    else l.push(i);
  }
  return m;
}

/** Every column of one side at the joined rows (-1: a padded row), pending until read (../selection.ts). */
function gather(t: Table, idx: Int32Array): { type: KqlType; data: ColumnRef }[] {
  const refs = selectRefs(t, idx);
  return t.columns.map((c, ci) => ({ type: c.type, data: refs[ci]! }));
}

/** The joined table: the binder's names for the produced columns (a count mismatch is an engine bug). */
function joined(produced: { type: KqlType; data: ColumnRef }[], schema: ColumnSchema[] | undefined, fallback: string[], op: Node, rows: number): Table {
  const shape = nameLike(produced.map((p) => ({ type: p.type, data: [] })), schema, fallback, op, rows);
  return tableFromRefs(shape.columns, produced.map((p) => p.data), rows);
}

export const join: OperatorFn = (op, input, env, st, pipe) => {
  const left = input!;
  const params = namedParams(op.Parameters);
  const kind = (paramText(params.get('kind')) || 'innerunique').toLowerCase();
  const right = evalTabular(op.Expression, env, st);
  const keys = joinKeys(op.ConditionClause);
  const lk = keyColumns(left, keys.map((k) => k.left), 'left', op);
  const rk = keyColumns(right, keys.map((k) => k.right), 'right', op);
  const rIndex = indexRows(rk, right.rowCount);
  const schema = binderSchema(pipe);

  const semiAnti = (rows: number[], t: Table) => joined(gather(t, Int32Array.from(rows)), schema, t.columns.map((c) => c.name), op, rows.length);
  switch (kind) {
    case 'leftsemi': case 'leftanti': case 'anti': case 'leftantisemi': {
      const want = kind === 'leftsemi';
      const rows: number[] = [];
      for (let i = 0; i < left.rowCount; i++) { const k = rowKey(lk, i); if ((k !== null && rIndex.has(k)) === want) rows.push(i); }
      return semiAnti(rows, left);
    }
    case 'rightsemi': case 'rightanti': case 'rightantisemi': {
      const lIndex = indexRows(lk, left.rowCount);
      const want = kind === 'rightsemi';
      const rows: number[] = [];
      for (let i = 0; i < right.rowCount; i++) { const k = rowKey(rk, i); if ((k !== null && lIndex.has(k)) === want) rows.push(i); }
      return semiAnti(rows, right);
    }
  }
  const li = new IntList(left.rowCount), ri = new IntList(left.rowCount);
  const rightMatched = new Uint8Array(right.rowCount);
  const seenLeftKeys = new Set<JoinKey>();
  const outer = kind === 'leftouter' || kind === 'fullouter';
  if (!['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter'].includes(kind)) return unsupported(`join kind=${kind}`, op);
  for (let i = 0; i < left.rowCount; i++) {
    const k = rowKey(lk, i);
    if (kind === 'innerunique') {
      // innerunique: one left row per key (the first), then an inner join.
      if (k === null || seenLeftKeys.has(k)) continue;
      seenLeftKeys.add(k);
    }
    const matches = k === null ? undefined : rIndex.get(k);
    if (typeof matches === 'number') { li.push(i); ri.push(matches); rightMatched[matches] = 1; }
    else if (matches) for (const r of matches) { li.push(i); ri.push(r); rightMatched[r] = 1; }
    else if (outer) { li.push(i); ri.push(-1); }
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (let r = 0; r < right.rowCount; r++) if (!rightMatched[r]) { li.push(-1); ri.push(r); }
  }
  const produced = [...gather(left, li.toArray()), ...gather(right, ri.toArray())];
  const fallback = [...left.columns.map((c) => c.name), ...right.columns.map((c) => c.name)];
  return joined(produced, schema, fallback, op, li.length);
};

export const lookup: OperatorFn = (op, input, env, st, pipe) => {
  const left = input!;
  const params = namedParams(op.Parameters);
  const kind = (paramText(params.get('kind')) || 'leftouter').toLowerCase();
  if (kind !== 'leftouter' && kind !== 'inner') return unsupported(`lookup kind=${kind}`, op);
  const right = evalTabular(op.Expression, env, st);
  const keys = joinKeys(op.LookupClause);
  const lk = keyColumns(left, keys.map((k) => k.left), 'left', op);
  const rk = keyColumns(right, keys.map((k) => k.right), 'right', op);
  const rIndex = indexRows(rk, right.rowCount);
  const li = new IntList(left.rowCount), ri = new IntList(left.rowCount);
  for (let i = 0; i < left.rowCount; i++) {
    const k = rowKey(lk, i);
    const m = k === null ? undefined : rIndex.get(k);
    if (typeof m === 'number') { li.push(i); ri.push(m); }
    else if (m) for (const r of m) { li.push(i); ri.push(r); }
    else if (kind === 'leftouter') { li.push(i); ri.push(-1); }
  }
  const rightKeyNames = new Set(keys.map((k) => k.right));
  const rightCols = right.columns.map((c, i) => i).filter((i) => !rightKeyNames.has(right.columns[i]!.name));
  const rightPart = tableFromRefs(rightCols.map((i) => right.columns[i]!), rightCols.map((i) => columnRef(right, i)), right.rowCount);
  const produced = [...gather(left, li.toArray()), ...gather(rightPart, ri.toArray())];
  return joined(produced, binderSchema(pipe), [...left.columns, ...rightPart.columns].map((c) => c.name), op, li.length);
};
