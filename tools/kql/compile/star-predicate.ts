/**
 * `* has "x"` and the other string predicates with `*` on the left: true when the predicate holds for any column
 * of the row, each column read as its text (tostring form: ISO datetimes, JSON for dynamic), as the reference's
 * search operator defines it (`search "err"` is `where * has "err"`, `search "*err*"` is `where * contains "err"`).
 * Negated predicates (`* !has`) and equality (`* == x`) have no documented meaning over several columns and are
 * refused.
 */
import type { KqlType, Table } from '../types.js';
import { toWire } from '../values.js';
import { kqlRegex } from '../regex.js';
import type { CExpr, Env, RunState } from './env.js';
import { kindName, textOf, unsupported, type Node } from './syntax.js';
import { containsStr, endsWithStr, hasTerm, startsWithStr } from './terms.js';
import { valueToString } from '../compare.js';

type Matcher = (text: string, needle: string) => boolean;

const MATCHERS: Record<string, Matcher> = {
  HasExpression: (h, x) => hasTerm(h, x, false),
  HasCsExpression: (h, x) => hasTerm(h, x, true),
  HasPrefixExpression: (h, x) => hasTerm(h, x, false, 'prefix'),
  HasPrefixCsExpression: (h, x) => hasTerm(h, x, true, 'prefix'),
  HasSuffixExpression: (h, x) => hasTerm(h, x, false, 'suffix'),
  HasSuffixCsExpression: (h, x) => hasTerm(h, x, true, 'suffix'),
  ContainsExpression: (h, x) => containsStr(h, x, false),
  ContainsCsExpression: (h, x) => containsStr(h, x, true),
  StartsWithExpression: (h, x) => startsWithStr(h, x, false),
  StartsWithCsExpression: (h, x) => startsWithStr(h, x, true),
  EndsWithExpression: (h, x) => endsWithStr(h, x, false),
  EndsWithCsExpression: (h, x) => endsWithStr(h, x, true),
};

/** A column value as the text a term search sees. */
export function cellText(type: KqlType, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (type === 'string') return v as string;
  const w = toWire(type, v);
  return typeof w === 'string' ? w : JSON.stringify(w);
}

export function compileStarPredicate(n: Node, kind: string, t: Table, env: Env, st: RunState, compileScalar: (n: Node, t: Table, env: Env, st: RunState) => CExpr): CExpr {
  const right = compileScalar(n.Right, t, env, st);
  if (!right.isConst) return unsupported(`* ${opText(n)}`, n, 'the searched value must be a constant');
  const needle = valueToString(right.type, right.value);
  let match: (text: string) => boolean;
  if (kind === 'MatchesRegexExpression') { const re = kqlRegex(needle); match = (s) => re.test(s); }
  else {
    const m = MATCHERS[kind];
    if (!m) return unsupported(`* ${opText(n)}`, n, 'only has, contains, startswith, endswith (and their _cs forms), hasprefix, hassuffix and matches regex search every column');
    match = (s) => m(s, needle);
  }
  const cols = t.columns.map((c, i) => ({ type: c.type, data: t.data[i]! }));
  return {
    type: 'bool',
    isConst: false,
    fn: (r) => {
      for (const c of cols) if (match(cellText(c.type, c.data[r]))) return true;
      return false;
    },
  };
}

function opText(n: Node): string {
  const full = textOf(n), left = textOf(n.Left), right = textOf(n.Right);
  return full.slice(left.length, full.length - right.length).trim() || kindName(n);
}
