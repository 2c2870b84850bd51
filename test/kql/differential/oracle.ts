/**
 * An independent evaluator of the generated predicates and aggregates, written from the reference's rules and not
 * sharing code with the engine: null-values.md (== / != with one null operand are false / true, two nulls null;
 * ordering comparisons and arithmetic with null are null; and/or three-valued; not(null) is null), in-operator.md
 * (`in` is an OR of ==, `!in` an AND of !=), datatypes-string-operators.md (=~, contains, startswith, endswith are
 * case-insensitive), between-operator.md (inclusive bounds).
 */
import type { Pred, Row } from './gen.js';

type B = boolean | null;
const isNull = (v: unknown) => v === null || v === undefined;
const not = (x: B): B => (x === null ? null : !x);
const and = (x: B, y: B): B => (x === false || y === false ? false : x === null || y === null ? null : true);
const or = (x: B, y: B): B => (x === true || y === true ? true : x === null || y === null ? null : false);

/** Comparable form: datetimes as epoch ms, everything else as is. */
const val = (col: string, v: unknown) => (isNull(v) ? null : col === 't' ? Date.parse(String(v)) : v);

export function eq(x: unknown, y: unknown): B {
  if (isNull(x) || isNull(y)) return isNull(x) && isNull(y) ? null : false;
  return x === y;
}

function cmp(op: string, x: unknown, y: unknown): B {
  if (op === '==') return eq(x, y);
  if (op === '!=') return not(eq(x, y));
  if (isNull(x) || isNull(y)) return null;
  const a = x as number, b = y as number;
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

function str(op: string, s: string, t: string): boolean {
  const ls = s.toLowerCase(), lt = t.toLowerCase();
  switch (op) {
    case '==': return s === t;
    case '!=': return s !== t;
    case '=~': return ls === lt;
    case '!~': return ls !== lt;
    case 'contains': return ls.includes(lt);
    case '!contains': return !ls.includes(lt);
    case 'startswith': return ls.startsWith(lt);
    case '!startswith': return !ls.startsWith(lt);
    case 'endswith': return ls.endsWith(lt);
    case '!endswith': return !ls.endsWith(lt);
  }
  throw new Error(op);
}

export function evalPred(p: Pred, row: Row): B {
  switch (p.op) {
    case 'cmp': return cmp(p.cmp, val(p.col, row[p.col]), val(p.col, p.value));
    case 'str': return str(p.cmp, String(row.k), p.value);
    case 'in': {
      const x = row[p.col];
      if (p.neg) return p.values.reduce<B>((acc, v) => and(acc, not(eq(x, v))), true);
      return p.values.reduce<B>((acc, v) => or(acc, eq(x, v)), false);
    }
    case 'between': {
      const x = row[p.col] as number | null;
      const inside = and(cmp('>=', x, p.lo), cmp('<=', x, p.hi));
      return p.neg ? not(inside) : inside;
    }
    case 'isnull': return p.neg !== isNull(row[p.col]);
    case 'bool': return (row.b as B) ?? null;
    case 'not': return not(evalPred(p.a, row));
    case 'and': return and(evalPred(p.a, row), evalPred(p.b, row));
    case 'or': return or(evalPred(p.a, row), evalPred(p.b, row));
  }
}

/** Group rows by a column's value (null is a group of its own), in first-seen order. */
export function groupBy(rows: Row[], col: string): Map<unknown, Row[]> {
  const m = new Map<unknown, Row[]>();
  for (const r of rows) { const k = r[col] ?? null; (m.get(k) ?? m.set(k, []).get(k)!).push(r); }
  return m;
}

export const nonNull = (rows: Row[], col: string) => rows.map((r) => r[col]).filter((v) => !isNull(v)) as number[];
