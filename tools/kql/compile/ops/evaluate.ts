/** evaluate plugins: bag_unpack(column [, prefix]). Other plugins fail clearly. */
import type { OperatorFn } from './types.js';
import { elems, kindName, textOf, unsupported } from '../syntax.js';
import { compileScalar } from '../scalar.js';
import { binderSchema } from '../table-util.js';
import { emptyTable } from '../../types.js';

export const evaluate: OperatorFn = (op, input, env, st, pipe) => {
  const call = op.FunctionCall;
  const name = String(call?.Name?.SimpleName ?? textOf(call)).toLowerCase();
  if (name !== 'bag_unpack') return unsupported(`evaluate ${name}()`, op);
  const t = input!;
  const args = elems(call.ArgumentList.Expressions);
  if (kindName(args[0]) !== 'NameReference') return unsupported('bag_unpack', args[0], 'the first argument must be a column');
  const colName = String(args[0].SimpleName);
  const prefix = args[1] ? String(compileScalar(args[1], emptyTable([]), env, st).value ?? '') : '';
  const ci = t.columns.findIndex((c) => c.name === colName);
  const bags = t.data[ci]!;
  const keys: string[] = [];
  for (const b of bags) if (b && typeof b === 'object' && !Array.isArray(b)) for (const k of Object.keys(b)) if (!keys.includes(k)) keys.push(k);
  const columns = t.columns.filter((_, i) => i !== ci);
  const data = t.data.filter((_, i) => i !== ci);
  for (const k of keys) {
    columns.push({ name: prefix + k, type: 'dynamic' });
    data.push(bags.map((b) => (b && typeof b === 'object' ? ((b as Record<string, unknown>)[k] ?? null) : null)));
  }
  // The binder cannot know the keys; when it does give a schema with the same names, use its types.
  const schema = binderSchema(pipe);
  if (schema && schema.length === columns.length) columns.forEach((c, i) => { if (schema[i]!.name === c.name) c.type = schema[i]!.type; });
  return { columns, data, rowCount: t.rowCount };
};
