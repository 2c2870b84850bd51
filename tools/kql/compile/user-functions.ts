/**
 * User functions declared with `let f = (a:string, T:(*)) { ... }`: a call binds the parameters (scalar
 * constants, per-row expressions of the caller's input, or tables) in a child scope and evaluates the body there.
 */
import type { Table } from '../types.js';
import { emptyTable } from '../types.js';
import type { Binding, CExpr, Env, RunState } from './env.js';
import { elems, kindName, kqlNameOfKind, registerExpansion, unsupported, type Node } from './syntax.js';
import { compileScalar, evalTabularHook } from './scalar.js';

/** Set by query.ts: applies a `let` statement to an env. */
export let letHook: (stmt: Node, env: Env, st: RunState) => void = () => { throw new Error('let evaluator not wired'); };
export function setLetHook(f: typeof letHook): void { letHook = f; }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isTabularType(t: any): boolean {
  return !!t && t.Columns !== undefined && typeof t.Columns?.Count === 'number';
}

export function callUserFunction(n: Node, fn: Extract<Binding, { kind: 'function' }>, args: Node[], t: Table | undefined, callerEnv: Env, st: RunState): CExpr | Table {
  const decl = fn.decl;
  const params: Node[] = elems(decl.Parameters.Parameters);
  const scope = fn.env.child();
  const input = t ?? emptyTable([]);
  // Arguments by position, then by name (`f(12, c=7)`, user-defined-functions.md); the rest take their defaults.
  const given = new Map<string, Node>();
  args.forEach((a: Node, i: number) => {
    if (kindName(a) === 'SimpleNamedExpression') given.set(String(a.Name.SimpleName), a.Expression);
    else if (params[i]) given.set(String(params[i].NameAndType.Name.SimpleName), a);
  });
  params.forEach((p: Node) => {
    const pname = String(p.NameAndType.Name.SimpleName);
    const passed = given.get(pname);
    const arg = passed ?? p.DefaultValue?.Value;
    if (!arg) return unsupported(`call of ${String(n.Name?.SimpleName ?? 'function')}`, n, `missing argument '${pname}'`);
    if (isTabularType(arg.ResultType) || kindName(p.NameAndType.Type) === 'SchemaTypeExpression') {
      const tab = evalTabularHook(arg, passed ? callerEnv : scope, st);
      scope.set(pname, { kind: 'tabular', get: () => tab });
    } else {
      const c = compileScalar(arg, input, passed ? callerEnv : scope, st);
      scope.set(pname, c.isConst ? { kind: 'scalar', type: c.type, value: c.value } : { kind: 'rowfn', expr: c });
    }
  });
  // The binder's expansion of the body at this call site knows the schemas of the actual arguments (a `T:(x:long)`
  // parameter passes every column of the table it gets), so operators inside see their true binder schema.
  const expansion = typeof n?.GetExpansion === 'function' ? n.GetExpansion() : null;
  const body = expansion && kindName(expansion) === 'FunctionBody' ? expansion : decl.Body;
  if (body !== decl.Body) registerExpansion(body.Root ?? body, decl.Body.TriviaStart);
  for (const stmt of elems(body.Statements)) {
    const s = kindName(stmt) === 'SeparatedElement' ? stmt.Element : stmt;
    if (kindName(s) === 'LetStatement') letHook(s, scope, st);
    else return unsupported(kqlNameOfKind(kindName(s), s), s, 'statement inside a function body');
  }
  const expr = body.Expression;
  if (isTabularType(n.ResultType) || isTabularType(expr?.ResultType)) return evalTabularHook(expr, scope, st);
  return compileScalar(expr, input, scope, st);
}
