/**
 * join (all kinds; default innerunique) and lookup. Keys are matched by value (nulls never match);
 * output column names come from the binder (Kusto suffixes right-side duplicates: Caller1, ...).
 */
import type { KqlType, Table } from '../../types.js';
import { valueKey } from '../../compare.js';
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

function rowKey(cols: unknown[][], i: number): string | null {
  let key = '';
  for (const c of cols) {
    const v = c[i];
    if (v === null || v === undefined) return null;
    key += valueKey(v) + '\u0001';
  }
  return key;
}

function indexRows(cols: unknown[][], rows: number): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let i = 0; i < rows; i++) {
    const k = rowKey(cols, i);
    if (k === null) continue;
    const l = m.get(k);
    if (l) l.push(i); else m.set(k, [i]);
  }
  return m;
}

function gather(t: Table, idx: number[]): { type: KqlType; data: unknown[] }[] {
  return t.columns.map((c, ci) => {
    const col = t.data[ci]!;
    const nul = c.type === 'string' ? '' : null;
    return { type: c.type, data: idx.map((i) => (i < 0 ? nul : col[i])) };
  });
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

  const semiAnti = (rows: number[], t: Table) => nameLike(gather(t, rows), schema, t.columns.map((c) => c.name), op, rows.length);
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
  const li: number[] = [], ri: number[] = [];
  const rightMatched = new Uint8Array(right.rowCount);
  const seenLeftKeys = new Set<string>();
  const outer = kind === 'leftouter' || kind === 'fullouter';
  if (!['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter'].includes(kind)) return unsupported(`join kind=${kind}`, op);
  const leftKeys = Array.from({ length: left.rowCount }, (_, i) => rowKey(lk, i));
  // Fail fast: the output's size is known from the key index before any pair is produced (budget.ts).
  st.budget.charge('join', posOf(op), joinRowCount(leftKeys, rIndex, kind, right.rowCount), referenceRowBytes(left.columns.length + right.columns.length));
  for (let i = 0; i < left.rowCount; i++) {
    const k = leftKeys[i]!;
    if (kind === 'innerunique') {
      // innerunique: one left row per key (the first), then an inner join.
      if (k === null || seenLeftKeys.has(k)) continue;
      seenLeftKeys.add(k);
    }
    const matches = k === null ? undefined : rIndex.get(k);
    if (matches) for (const r of matches) { li.push(i); ri.push(r); rightMatched[r] = 1; }
    else if (outer) { li.push(i); ri.push(-1); }
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (let r = 0; r < right.rowCount; r++) if (!rightMatched[r]) { li.push(-1); ri.push(r); }
  }
  const produced = [...gather(left, li), ...gather(right, ri)];
  const fallback = [...left.columns.map((c) => c.name), ...right.columns.map((c) => c.name)];
  return nameLike(produced, schema, fallback, op, li.length);
};

/** The rows join will produce: matched pairs, plus unmatched rows of the outer side(s). */
function joinRowCount(leftKeys: (string | null)[], rIndex: Map<string, number[]>, kind: string, rightRows: number): number {
  let rows = 0;
  const seen = new Set<string>();
  const trackRight = kind === 'rightouter' || kind === 'fullouter';
  const matchedRight = trackRight ? new Set<string>() : undefined;
  for (const k of leftKeys) {
    if (kind === 'innerunique') { if (k === null || seen.has(k)) continue; seen.add(k); }
    const m = k === null ? undefined : rIndex.get(k);
    if (m) { rows += m.length; matchedRight?.add(k!); } else if (kind === 'leftouter' || kind === 'fullouter') rows++;
  }
  if (matchedRight) {
    let matched = 0;
    for (const k of matchedRight) matched += rIndex.get(k)!.length;
    rows += rightRows - matched;
  }
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
  const rIndex = indexRows(rk, right.rowCount);
  const li: number[] = [], ri: number[] = [];
  const leftKeys = Array.from({ length: left.rowCount }, (_, i) => rowKey(lk, i));
  st.budget.charge('lookup', posOf(op), joinRowCount(leftKeys, rIndex, kind === 'inner' ? 'inner' : 'leftouter', right.rowCount), referenceRowBytes(left.columns.length + right.columns.length));
  for (let i = 0; i < left.rowCount; i++) {
    const k = leftKeys[i]!;
    const m = k === null ? undefined : rIndex.get(k);
    if (m) for (const r of m) { li.push(i); ri.push(r); }
    else if (kind === 'leftouter') { li.push(i); ri.push(-1); }
  }
  const rightKeyNames = new Set(keys.map((k) => k.right));
  const rightCols = right.columns.map((c, i) => i).filter((i) => !rightKeyNames.has(right.columns[i]!.name));
  const rightPart = { columns: rightCols.map((i) => right.columns[i]!), data: rightCols.map((i) => right.data[i]!), rowCount: right.rowCount };
  const produced = [...gather(left, li), ...gather(rightPart, ri)];
  return nameLike(produced, binderSchema(pipe), [...left.columns, ...rightPart.columns].map((c) => c.name), op, li.length);
};
