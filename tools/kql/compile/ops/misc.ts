/** as, render (recorded, no effect on rows), getschema, invoke. */
import type { OperatorFn } from './types.js';
import { kindName, textOf, unsupported } from '../syntax.js';
import { compileCall } from '../call.js';
import { callUserFunction } from '../user-functions.js';
import { elems } from '../syntax.js';
import type { Table } from '../../types.js';

export const as: OperatorFn = (op, input, env) => {
  const t = input!;
  env.set(String(op.Name.SimpleName), { kind: 'tabular', get: () => t });
  return t;
};

export const render: OperatorFn = (op, input, _env, st) => {
  st.renders.push(textOf(op).trim());
  return input!;
};

export const getschema: OperatorFn = (_op, input) => {
  const t = input!;
  return {
    columns: [{ name: 'ColumnName', type: 'string' }, { name: 'ColumnOrdinal', type: 'long' }, { name: 'DataType', type: 'string' }, { name: 'ColumnType', type: 'string' }],
    data: [t.columns.map((c) => c.name), t.columns.map((_, i) => i), t.columns.map((c) => systemType(c.type)), t.columns.map((c) => c.type)],
    rowCount: t.columns.length,
  };
};

function systemType(t: string): string {
  return ({ bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal', string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object' } as Record<string, string>)[t] ?? t;
}

export const invoke: OperatorFn = (op, input, env, st) => {
  const call = op.Function;
  if (kindName(call) !== 'FunctionCallExpression') return unsupported('invoke', op);
  const name = String(call.Name.SimpleName);
  const b = env.get(name);
  if (b?.kind !== 'function') return unsupported(`invoke ${name}()`, call, 'only let-defined functions');
  // The piped input becomes the function's first (tabular) parameter.
  const scope = env.child();
  scope.set('__invoke_input', { kind: 'tabular', get: () => input! });
  const params = elems(b.decl.Parameters.Parameters);
  const first = String(params[0]?.NameAndType.Name.SimpleName ?? '');
  const fnEnv = b.env.child();
  fnEnv.set(first, { kind: 'tabular', get: () => input! });
  const shifted = { kind: 'function' as const, decl: { ...b.decl, Parameters: { Parameters: { Count: params.length - 1, getItem: (i: number) => b.decl.Parameters.Parameters.getItem(i + 1) } }, Body: b.decl.Body }, env: fnEnv };
  void compileCall;
  return callUserFunction(call, shifted, elems(call.ArgumentList.Expressions), undefined, env, st) as Table;
};
