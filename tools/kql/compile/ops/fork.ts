/**
 * Operators that return several tables: fork (one result per leg, each leg a subquery over the input) and facet
 * (the optional `with (...)` subquery's result first, then `summarize count() by Column` per listed column,
 * columns named Column and count_Column). All tables go to the run's results (KqlEngine.lastResults); the
 * operator's own value, which run() returns, is the first (Kusto's primary result). A leg is named by
 * `name=(...)`, else by an `as` inside it, else GenericResult.
 */
import type { KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, unsupported, type Node } from '../syntax.js';
import { materializeColumn } from '../table-util.js';
import { groupRows } from './summarize.js';
import { evalSubquery } from './subquery.js';

/** The name an `as` operator in a leg gives it (the last one), if any. */
function asName(n: Node): string | undefined {
  let found: string | undefined;
  const walk = (x: Node) => {
    if (!x || x.IsToken) return;
    if (kindName(x) === 'AsOperator') found = String(x.Name.SimpleName);
    for (let i = 0; i < x.ChildCount; i++) walk(x.GetChild(i));
  };
  walk(n);
  return found;
}

function publish(st: RunState, results: { name: string; table: Table }[]): Table {
  st.results.push(...results);
  return results[0]!.table;
}

export const fork: OperatorFn = (op, input, env, st) => {
  const t = input!;
  const results = elems(op.Expressions).map((leg: Node) => ({
    name: leg.NameEquals ? String(leg.NameEquals.Name.SimpleName) : asName(leg.Expression) ?? 'GenericResult',
    table: evalSubquery(leg.Expression, t, env.child(), st),
  }));
  return publish(st, results);
};

export const facet: OperatorFn = (op, input, env, st) => {
  const t = input!;
  const results: { name: string; table: Table }[] = [];
  if (op.WithClause) {
    if (kindName(op.WithClause) !== 'FacetWithExpressionClause') return unsupported('facet with this clause', op.WithClause);
    results.push({ name: asName(op.WithClause.Expression) ?? 'GenericResult', table: evalSubquery(op.WithClause.Expression, t, env.child(), st) });
  }
  for (const e of elems(op.Expressions)) results.push(countBy(e, t, env, st));
  return publish(st, results);
};

function countBy(e: Node, t: Table, env: Env, st: RunState): { name: string; table: Table } {
  const name = kindName(e) === 'NameReference' ? String(e.SimpleName) : unsupported('facet by an expression', e, 'only column names');
  const c = compileScalar(e, t, env, st);
  const values = materializeColumn(c.fn, t.rowCount);
  const { groups, firstRow } = groupRows([values], t.rowCount);
  const effective = t.rowCount ? groups : [];
  const type: KqlType = c.type;
  return {
    name,
    table: {
      columns: [{ name, type }, { name: `count_${name}`, type: 'long' }],
      data: [effective.map((_, g) => values[firstRow[g]!]), effective.map((rows) => rows.length)],
      rowCount: effective.length,
    },
  };
}
