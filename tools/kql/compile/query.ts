/**
 * The tabular evaluator: statements and `let`s, sources (tables, datatable, print, range, union...), and the
 * pipe chain, dispatching each operator to its file under ./ops by syntax kind.
 */
import { KqlRuntimeError } from '../errors.js';
import type { Table } from '../types.js';
import { emptyTable } from '../types.js';
import { fromWire } from '../values.js';
import { Env, type RunState } from './env.js';
import { elems, kindName, kqlNameOfKind, posOf, textOf, unsupported, type Node } from './syntax.js';
import { compileScalar, resultTypeOf, setTabularHook } from './scalar.js';
import { callUserFunction, isTabularType, setLetHook } from './user-functions.js';
import { OPERATORS } from './ops/index.js';
import { binderSchema, checkSchema, exemptFromBinderCheck, isExemptFromBinderCheck, makeTable } from './table-util.js';
import { nativeTabularFunction } from './native-functions.js';
import { applyResultOptions, applySetOption } from './set-options.js';
import { isStackOverflow, STACK_OVERFLOW } from '../dynamic-depth.js';

export function evalTabular(n: Node, env: Env, st: RunState): Table {
  const k = kindName(n);
  switch (k) {
    case 'PipeExpression': {
      const input = evalTabular(n.Expression, env, st);
      return applyOperator(n.Operator, input, env, st, n);
    }
    case 'ParenthesizedExpression': return evalTabular(n.Expression, env, st);
    case 'NameReference': return tableByName(String(n.SimpleName), n, env, st);
    case 'MaterializeExpression': {
      const hit = st.materialized.get(n);
      if (hit) return hit;
      const t = evalTabular(n.Expression, env, st);
      st.materialized.set(n, t);
      return t;
    }
    case 'FunctionCallExpression': {
      const name = String(n.Name.SimpleName);
      const b = env.get(name);
      if (b?.kind === 'function') return callUserFunction(n, b, elems(n.ArgumentList.Expressions), undefined, env, st) as Table;
      return nativeTabularFunction(name, n, env, st);
    }
    case 'DataTableExpression': return dataTable(n, env, st);
  }
  const op = OPERATORS[k];
  if (op) return checkSchema(charged(op(n, undefined, env, st, n), n, st), n, n);
  return unsupported(kqlNameOfKind(k, n), n, `tabular expression '${textOf(n).slice(0, 40)}'`);
}

function applyOperator(op: Node, input: Table, env: Env, st: RunState, pipe: Node): Table {
  const k = kindName(op);
  const f = OPERATORS[k];
  if (!f) return unsupported(kqlNameOfKind(k, op), op);
  let out: Table;
  try { out = charged(f(op, input, env, st, pipe), op, st); } catch (e) {
    if (isStackOverflow(e)) throw new KqlRuntimeError(`${kqlNameOfKind(k, op)}: ${STACK_OVERFLOW}`, posOf(op));
    throw e;
  }
  if (isExemptFromBinderCheck(input)) exemptFromBinderCheck(out);
  return checkSchema(out, pipe, op);
}

/** Operators that charge the budget themselves, before producing rows, with their own (reference-aware) estimate. */
const SELF_CHARGING = new Set(['JoinOperator', 'LookupOperator', 'MvExpandOperator', 'MvApplyOperator', 'UnionOperator', 'RangeOperator', 'MakeSeriesOperator']);

/** Every operator's output counts against the query's budget, also those with no check of their own (budget.ts). */
export function charged(t: Table, op: Node, st: RunState): Table {
  if (SELF_CHARGING.has(kindName(op))) return t;
  // Small outputs cannot exceed a memory limit: skip naming and positioning the operator for them.
  if (t.rowCount > 1024 || t.rowCount > st.budget.current.maxRows) st.budget.chargeTable(kqlNameOfKind(kindName(op), op), posOf(op), t);
  return t;
}


export function tableByName(name: string, n: Node, env: Env, st: RunState): Table {
  const b = env.get(name);
  if (b?.kind === 'tabular') return b.get();
  if (b?.kind === 'function') return callUserFunction(n, b, [], undefined, env, st) as Table;
  const t = st.tables.get(name);
  if (t) return t;
  const schema = st.schemaOf(name);
  if (schema) return emptyTable(schema);
  throw new KqlRuntimeError(`table '${name}' is not registered`, posOf(n));
}

function dataTable(n: Node, env: Env, st: RunState): Table {
  const schema = binderSchema(n) ?? [];
  const values = elems(n.Values);
  const w = schema.length;
  if (w === 0 || values.length % w !== 0) throw new KqlRuntimeError(`datatable: ${values.length} values do not fill ${w} columns`, posOf(n));
  const data: unknown[][] = schema.map(() => []);
  const empty = emptyTable([]);
  values.forEach((v: Node, i: number) => {
    const c = compileScalar(v, empty, env, st);
    const col = schema[i % w]!;
    let val = c.isConst ? c.value : c.fn(0);
    if (col.type !== c.type && val !== null) val = fromWire(col.type, c.type === 'string' ? val : val);
    data[i % w]!.push(val === null && col.type === 'string' ? '' : val);
  });
  return makeTable(schema, data, values.length / w);
}

export function applyLet(stmt: Node, env: Env, st: RunState): void {
  const name = String(stmt.Name.SimpleName);
  const e = stmt.Expression;
  const k = kindName(e);
  if (k === 'FunctionDeclaration') { env.set(name, { kind: 'function', decl: e, env }); return; }
  if (isTabularType(e.ResultType) || k === 'MaterializeExpression') {
    let cache: Table | undefined;
    env.set(name, { kind: 'tabular', get: () => (cache ??= evalTabular(e, env, st)) });
    return;
  }
  const c = compileScalar(e, emptyTable([]), env, st);
  // Inside a function body a scalar let may depend on a per-row argument (`let Addr = trim(" ", ip);`): it stays a
  // per-row expression of the caller's input. Top-level lets are evaluated once.
  if (!c.isConst && env.parent) { env.set(name, { kind: 'rowfn', expr: c }); return; }
  env.set(name, { kind: 'scalar', type: c.type ?? resultTypeOf(e), value: c.isConst ? c.value : c.fn(0) });
}

/** Run a parsed query block; the result is the last expression statement's table. */
export function runQueryBlock(root: Node, st: RunState): Table {
  const env = new Env(undefined, st.databaseFunction);
  let result: Table | undefined;
  // Several tabular statements make several result sets; the engine returns one table, so it refuses rather than
  // silently dropping all but the last.
  const outputs = elems(root.Statements).filter((s: Node) => kindName(s) === 'ExpressionStatement');
  if (outputs.length > 1) unsupported('several tabular expression statements (multiple result sets)', outputs[1]);
  for (const s of elems(root.Statements)) {
    const k = kindName(s);
    if (k === 'LetStatement') applyLet(s, env, st);
    else if (k === 'ExpressionStatement') {
      const e = s.Expression;
      result = isTabularType(e.ResultType) || OPERATORS[kindName(e)] || kindName(e) === 'PipeExpression'
        ? evalTabular(e, env, st)
        : scalarAsTable(e, env, st);
    } else if (k === 'SetOptionStatement') applySetOption(s, env, st);
    else unsupported(kqlNameOfKind(k, s), s, 'statement');
  }
  if (!result) throw new KqlRuntimeError('the query has no tabular expression statement');
  return applyResultOptions(result, st);
}

function scalarAsTable(e: Node, env: Env, st: RunState): Table {
  const c = compileScalar(e, emptyTable([]), env, st);
  return makeTable([{ name: 'print_0', type: c.type }], [[c.isConst ? c.value : c.fn(0)]], 1);
}

setTabularHook(evalTabular);
setLetHook(applyLet);
