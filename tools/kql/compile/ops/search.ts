/**
 * search: rows of one or more tables where a search predicate holds, with a leading `$table` column.
 * Sources: the piped input, `in (T1, T2)`, or (no input, no `in`) every registered table.
 * A bare string term matches any column with `has` semantics; `*` wildcards give contains / hasprefix /
 * hassuffix; `Col:"term"` restricts the term to one column; and/or/not combine; any other predicate is an
 * ordinary expression over the table (false for a table lacking one of its columns).
 */
import type { ColumnSchema, KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { elems, kindName, namedParams, paramText, textOf, unsupported, type Node } from '../syntax.js';
import { compileScalar, columnIndex } from '../scalar.js';
import { hasTerm } from '../terms.js';
import { tableByName } from '../query.js';
import { toWire } from '../../values.js';
import { unionLayout } from './union-schema.js';
import { assembleByName, binderSchema, exemptFromBinderCheck } from '../table-util.js';

type RowPred = (row: number) => boolean;

export const search: OperatorFn = (op, input, env, st, pipe) => {
  const params = namedParams(op.Parameters);
  for (const k of params.keys()) if (k !== 'kind') unsupported(`search ${k}=`, op.Parameters);
  const kind = (paramText(params.get('kind')) || 'case_insensitive').toLowerCase();
  if (kind !== 'case_insensitive' && kind !== 'case_sensitive') unsupported(`search kind=${kind}`, op.Parameters);
  if (op.DataScope) unsupported('search datascope=', op.DataScope);
  const cs = kind === 'case_sensitive';
  const sources: { name: string; table: Table }[] = [];
  // Piped input: `$table` names the source table when the input is a plain table reference.
  if (input) sources.push({ name: pipe !== op && kindName(pipe?.Expression) === 'NameReference' ? String(pipe.Expression.SimpleName) : '', table: input });
  else if (op.InClause) {
    for (const e of elems(op.InClause.Expressions)) {
      if (kindName(e) !== 'NameReference') unsupported('search in (...) with a non-table-name source', e);
      const name = String(e.SimpleName);
      if (name.includes('*')) {
        // A wildcard source (`in (Sign*)`) is every registered table whose name matches it.
        const re = new RegExp(`^${name.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
        for (const t of databaseTables(st)) if (re.test(t)) sources.push({ name: t, table: tableByName(t, e, env, st) });
      } else sources.push({ name, table: tableByName(name, e, env, st) });
    }
  } else {
    // Every table of the database, and every view the query declares (`let V = view () {...}`, let-statement.md).
    const views = [...env.visible()].filter(([, b]) => b.kind === 'function' && b.decl.ViewKeyword && elems(b.decl.Parameters.Parameters).length === 0).map(([name]) => name);
    const names = [...new Set([...databaseTables(st), ...views])].sort();
    for (const name of names) sources.push({ name, table: tableByName(name, op, env, st) });
  }
  const matched = sources.map((s) => {
    const pred = compilePredicate(op.Condition, s.table, cs, env, st);
    const rows: number[] = [];
    for (let r = 0; r < s.table.rowCount; r++) if (pred(r)) rows.push(r);
    return { ...s, rows };
  });
  const t = unionWithTable(matched);
  // Columns in the binder's order (it lists a wildcard's tables in the database's order), looked up by name.
  const schema = binderSchema(pipe);
  if (!schema || exemptNames(t) || schema.length !== t.columns.length) return t;
  return assembleByName(schema, t.columns, (name) => { const i = t.columns.findIndex((c) => c.name === name); return i < 0 ? undefined : t.data[i]; }, op, t.rowCount);
};

const renamedTables = new WeakSet<Table>();
const exemptNames = (t: Table) => renamedTables.has(t);

/** `$table` then the union of the sources' columns, laid out as union lays them out (./union-schema.ts). */
function unionWithTable(parts: { name: string; table: Table; rows: number[] }[]): Table {
  const layout = unionLayout(parts.map((p) => p.table), ['$table']);
  const outCols: ColumnSchema[] = [{ name: '$table', type: 'string' }, ...layout.columns];
  const data: unknown[][] = outCols.map(() => []);
  let n = 0;
  parts.forEach((p, pi) => {
    const map = layout.slots[pi]!;
    for (const r of p.rows) {
      data[0]!.push(p.name);
      for (let oc = 1; oc < outCols.length; oc++) data[oc]!.push(outCols[oc]!.type === 'string' ? '' : null);
      p.table.columns.forEach((_, ci) => { data[map[ci]! + 1]![n] = p.table.data[ci]![r]; });
      n++;
    }
  });
  const t: Table = { columns: outCols, data, rowCount: n };
  if (layout.renamed) { exemptFromBinderCheck(t); renamedTables.add(t); }
  return t;
}

function compilePredicate(n: Node, t: Table, cs: boolean, env: Env, st: RunState): RowPred {
  const k = kindName(n);
  switch (k) {
    case 'ParenthesizedExpression': return compilePredicate(n.Expression, t, cs, env, st);
    case 'AndExpression': { const a = compilePredicate(n.Left, t, cs, env, st), b = compilePredicate(n.Right, t, cs, env, st); return (r) => a(r) && b(r); }
    case 'OrExpression': { const a = compilePredicate(n.Left, t, cs, env, st), b = compilePredicate(n.Right, t, cs, env, st); return (r) => a(r) || b(r); }
    case 'StringLiteralExpression': {
      const m = termMatcher(String(n.LiteralValue), cs, n);
      const cols = t.columns.map((c, ci) => ({ type: c.type, data: t.data[ci]! }));
      return (r) => cols.some((c) => m(cellText(c.type, c.data[r])));
    }
    case 'SearchExpression': {
      if (kindName(n.Left) !== 'NameReference' || kindName(n.Right) !== 'StringLiteralExpression') unsupported('search Column:term with a non-literal term', n);
      const ci = columnIndex(t, String(n.Left.SimpleName));
      if (ci < 0) return () => false;
      const m = termMatcher(String(n.Right.LiteralValue), cs, n.Right);
      const c = t.columns[ci]!, col = t.data[ci]!;
      return (r) => m(cellText(c.type, col[r]));
    }
  }
  if (k === 'FunctionCallExpression' && String(n.Name?.SimpleName) === 'not') {
    const args = elems(n.ArgumentList.Expressions);
    const a = compilePredicate(args[0], t, cs, env, st);
    return (r) => !a(r);
  }
  // An ordinary predicate: only over tables that have every column it names.
  for (const name of columnNames(n)) if (columnIndex(t, name) < 0 && !env.get(name)) return () => false;
  const c = compileScalar(n, t, env, st);
  if (c.type !== 'bool') unsupported('search predicate that is not boolean', n, textOf(n));
  return (r) => c.fn(r) === true;
}

function columnNames(n: Node): string[] {
  const out: string[] = [];
  const walk = (x: Node) => {
    if (!x || typeof x.ChildCount !== 'number') return;
    if (kindName(x) === 'NameReference') out.push(String(x.SimpleName));
    for (let i = 0; i < x.ChildCount; i++) walk(x.GetChild(i));
  };
  walk(n);
  return out;
}

/** A search term: `*x*` contains, `x*` hasprefix, `*x` hassuffix, `x*y` a regex, `*` anything, otherwise has. */
function termMatcher(term: string, cs: boolean, at: Node): (s: string) => boolean {
  if (term === '*') return () => true;
  const lead = term.startsWith('*'), trail = term.endsWith('*') && term.length > 1;
  const core = term.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (core.includes('*')) {
    // search-operator.md: `search "Lab*PC"` is `where * matches regex @"\bLab.*PC\b"`; with a leading or trailing star as well the page gives no translation.
    if (lead || trail) return unsupported(`search term with inner and outer wildcards ('${term}')`, at);
    const re = new RegExp(`\\b${core.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}\\b`, cs ? '' : 'i');
    return (s) => re.test(s);
  }
  const needle = cs ? core : core.toLowerCase();
  if (lead && trail) return (s) => (cs ? s : s.toLowerCase()).includes(needle);
  if (trail) return (s) => hasTerm(s, core, cs, 'prefix');
  if (lead) return (s) => hasTerm(s, core, cs, 'suffix');
  return (s) => hasTerm(s, core, cs);
}

function cellText(type: KqlType, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (type === 'string') return v as string;
  const w = toWire(type, v);
  return typeof w === 'string' ? w : JSON.stringify(w);
}


/** The database's tables, as the binder sees them: registered ones and the known schemas nobody registered (empty). */
function databaseTables(st: RunState): string[] {
  return (st.tableNames?.() ?? [...st.tables.keys()]).sort();
}
