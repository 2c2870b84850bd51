/**
 * sample N (N rows) and sample-distinct N of Expr (N distinct values), chosen uniformly at random. The service
 * draws differently on every run; here the draw is seeded from the pinned now() and the operator's position in
 * the query, so a test run is reproducible (the same query at the same now draws the same rows) while two
 * sample operators in one query draw independently. Kept rows stay in input order.
 */
import type { Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { compileScalar } from '../scalar.js';
import { elems, unsupported, type Node } from '../syntax.js';
import { binderSchema, materializeColumn, nameLike, selectRows } from '../table-util.js';
import { emptyTable } from '../../types.js';
import { groupRows } from './summarize.js';

/** mulberry32: a small, well-distributed 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(op: Node, st: RunState): number {
  const text = `${String(st.ctx.now)}@${String(op.TextStart)}`;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** k distinct indexes of 0..n-1, uniformly (partial Fisher-Yates), ascending. */
function choose(n: number, k: number, random: () => number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) { const j = i + Math.floor(random() * (n - i)); [idx[i], idx[j]] = [idx[j]!, idx[i]!]; }
  return idx.slice(0, k).sort((a, b) => a - b);
}

function count(n: Node, env: Env, st: RunState): number {
  const c = compileScalar(n, emptyTable([]), env, st);
  return Math.max(0, Math.trunc(Number(c.isConst ? c.value : c.fn(0))));
}

function noParameters(op: Node, name: string): void {
  for (const p of elems(op.Parameters)) if (!String(p.Name.SimpleName).toLowerCase().startsWith('hint.')) unsupported(`${name} ${String(p.Name.SimpleName)}=`, p);
}

export const sample: OperatorFn = (op, input, env, st) => {
  const t = input!;
  noParameters(op, 'sample');
  return selectRows(t, choose(t.rowCount, count(op.Expression, env, st), prng(seedOf(op, st))));
};

export const sampleDistinct: OperatorFn = (op, input, env, st, pipe) => {
  const t: Table = input!;
  noParameters(op, 'sample-distinct');
  const v = compileScalar(op.OfExpression, t, env, st);
  const values = materializeColumn(v.fn, t.rowCount);
  const { firstRow } = groupRows([values], t.rowCount);
  const picked = choose(firstRow.length, count(op.Expression, env, st), prng(seedOf(op, st)));
  return nameLike([{ type: v.type, data: picked.map((g) => values[firstRow[g]!]) }], binderSchema(pipe), ['Column1'], op, picked.length);
};
