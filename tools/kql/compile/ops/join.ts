/**
 * join (all kinds; default innerunique) and lookup. Keys are matched by value (nulls never match);
 * output column names come from the binder (Kusto suffixes right-side duplicates: Caller1, ...).
 */
import type { ColumnSchema, KqlType, Table } from '../../types.js';
import { columnRef, IntList, selectRefs, tableFromRefs, type ColumnRef } from '../selection.js';
import { buildKeyIndex, type KeyIndex } from './join-index.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { evalTabular } from '../query.js';
import { columnIndex } from '../scalar.js';
import { elems, kindName, namedParams, paramText, posOf, textOf, unsupported, type Node } from '../syntax.js';
import { referenceRowBytes } from '../../budget.js';
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
  const rIndex = buildKeyIndex(rk, right.rowCount, lk, left.rowCount);
  const schema = binderSchema(pipe);

  const semiAnti = (rows: number[], t: Table) => joined(gather(t, Int32Array.from(rows)), schema, t.columns.map((c) => c.name), op, rows.length);
  switch (kind) {
    case 'leftsemi': case 'leftanti': case 'anti': case 'leftantisemi': {
      const want = kind === 'leftsemi';
      const rows: number[] = [];
      for (let i = 0; i < left.rowCount; i++) if ((rIndex.first(lk, i) >= 0) === want) rows.push(i);
      return semiAnti(rows, left);
    }
    case 'rightsemi': case 'rightanti': case 'rightantisemi': {
      const lIndex = buildKeyIndex(lk, left.rowCount, rk, right.rowCount);
      const want = kind === 'rightsemi';
      const rows: number[] = [];
      for (let i = 0; i < right.rowCount; i++) if ((lIndex.first(rk, i) >= 0) === want) rows.push(i);
      return semiAnti(rows, right);
    }
  }
  const li = new IntList(left.rowCount), ri = new IntList(left.rowCount);
  const rightMatched = new Uint8Array(right.rowCount);
  const outer = kind === 'leftouter' || kind === 'fullouter';
  if (!['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter'].includes(kind)) return unsupported(`join kind=${kind}`, op);
  // innerunique keeps the first left row of each key: the row heading its key's chain in an index of the left side.
  const leftIndex = kind === 'innerunique' ? buildKeyIndex(lk, left.rowCount, lk, left.rowCount) : undefined;
  const next = rIndex.next;
  // Fail fast: the output's size is known from the key index before any pair is produced (budget.ts).
  st.budget.charge('join', posOf(op), joinRowCount(lk, left.rowCount, rIndex, leftIndex, kind, right.rowCount), referenceRowBytes(left.columns.length + right.columns.length));
  for (let i = 0; i < left.rowCount; i++) {
    if (leftIndex && leftIndex.first(lk, i) !== i) continue; // a null key (-1) or not the key's first row
    const first = rIndex.first(lk, i);
    if (first >= 0) for (let r = first; r >= 0; r = next[r]!) { li.push(i); ri.push(r); rightMatched[r] = 1; }
    else if (outer) { li.push(i); ri.push(-1); }
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (let r = 0; r < right.rowCount; r++) if (!rightMatched[r]) { li.push(-1); ri.push(r); }
  }
  const produced = [...gather(left, li.toArray()), ...gather(right, ri.toArray())];
  const fallback = [...left.columns.map((c) => c.name), ...right.columns.map((c) => c.name)];
  return joined(produced, schema, fallback, op, li.length);
};

/** The rows join will produce: matched pairs, plus unmatched rows of the outer side(s) (counted on the key index). */
function joinRowCount(lk: unknown[][], leftRows: number, rIndex: KeyIndex, leftIndex: KeyIndex | undefined, kind: string, rightRows: number): number {
  let rows = 0;
  const matchedRight = kind === 'rightouter' || kind === 'fullouter' ? new Uint8Array(rightRows) : undefined;
  for (let i = 0; i < leftRows; i++) {
    if (leftIndex && leftIndex.first(lk, i) !== i) continue;
    const first = rIndex.first(lk, i);
    if (first >= 0) for (let r = first; r >= 0; r = rIndex.next[r]!) { rows++; if (matchedRight) matchedRight[r] = 1; }
    else if (kind === 'leftouter' || kind === 'fullouter') rows++;
  }
  if (matchedRight) for (let r = 0; r < rightRows; r++) if (!matchedRight[r]) rows++;
  return rows;
}

export const lookup: OperatorFn = (op, input, env, st, pipe) => {
  const left = input!;
  const params = namedParams(op.Parameters);
  const kind = (paramText(params.get('kind')) || 'leftouter').toLowerCase();
  if (kind !== 'leftouter' && kind !== 'inner') return unsupported(`lookup kind=${kind}`, op);
  const right = evalTabular(op.Expression, env, st);
  const keys = joinKeys(op.LookupClause);
  const lk = keyColumns(left, keys.map((k) => k.left), 'left', op);
  const rk = keyColumns(right, keys.map((k) => k.right), 'right', op);
  const rIndex = buildKeyIndex(rk, right.rowCount, lk, left.rowCount);
  st.budget.charge('lookup', posOf(op), joinRowCount(lk, left.rowCount, rIndex, undefined, kind === 'inner' ? 'inner' : 'leftouter', right.rowCount), referenceRowBytes(left.columns.length + right.columns.length));
  const li = new IntList(left.rowCount), ri = new IntList(left.rowCount);
  for (let i = 0; i < left.rowCount; i++) {
    const first = rIndex.first(lk, i);
    if (first >= 0) for (let r = first; r >= 0; r = rIndex.next[r]!) { li.push(i); ri.push(r); }
    else if (kind === 'leftouter') { li.push(i); ri.push(-1); }
  }
  const rightKeyNames = new Set(keys.map((k) => k.right));
  const rightCols = right.columns.map((c, i) => i).filter((i) => !rightKeyNames.has(right.columns[i]!.name));
  const rightPart = tableFromRefs(rightCols.map((i) => right.columns[i]!), rightCols.map((i) => columnRef(right, i)), right.rowCount);
  const produced = [...gather(left, li.toArray()), ...gather(rightPart, ri.toArray())];
  return joined(produced, binderSchema(pipe), [...left.columns, ...rightPart.columns].map((c) => c.name), op, li.length);
};
