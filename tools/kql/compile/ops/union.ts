/** union: columns matched by name (kind=outer keeps all; the binder decides the output schema), withsource=. */
import type { KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import { evalTabular } from '../query.js';
import { elems, kindName, namedParams, paramText, unsupported } from '../syntax.js';
import { binderSchema } from '../table-util.js';

export const union: OperatorFn = (op, input, env, st, pipe) => {
  const params = namedParams(op.Parameters);
  // hint.concurrency / hint.spread steer execution only.
  for (const k of params.keys()) if (!['kind', 'withsource', 'isfuzzy'].includes(k) && !k.startsWith('hint.')) unsupported(`union ${k}=`, op.Parameters);
  const sources: { name: string; table: Table }[] = [];
  if (input) sources.push({ name: 'union_arg0', table: input });
  elems(op.Expressions).forEach((e, i) => {
    const name = kindName(e) === 'NameReference' ? String(e.SimpleName) : `union_arg${i + (input ? 1 : 0)}`;
    sources.push({ name, table: evalTabular(e, env, st) });
  });
  const withsource = params.has('withsource') ? paramText(params.get('withsource')) : undefined;
  const schema = binderSchema(pipe) ?? binderSchema(op);
  if (!schema) return unsupported('union', op, 'no output schema from the binder');
  const total = sources.reduce((s, x) => s + x.table.rowCount, 0);
  const data: unknown[][] = schema.map(() => new Array(total));
  let at = 0;
  for (const s of sources) {
    const t = s.table;
    schema.forEach((col, ci) => {
      const out = data[ci]!;
      if (withsource && col.name === withsource) { for (let r = 0; r < t.rowCount; r++) out[at + r] = s.name; return; }
      let src = t.columns.findIndex((c) => c.name === col.name && (c.type === col.type || col.type === 'dynamic'));
      if (src < 0) src = t.columns.findIndex((c) => `${c.name}_${c.type}` === col.name);
      if (src < 0) src = t.columns.findIndex((c) => c.name === col.name && isNumeric(c.type) && isNumeric(col.type));
      const nul = col.type === 'string' ? '' : null;
      const colData = src >= 0 ? t.data[src]! : undefined;
      for (let r = 0; r < t.rowCount; r++) out[at + r] = colData ? colData[r] : nul;
    });
    at += t.rowCount;
  }
  return { columns: schema, data, rowCount: total };
};

const isNumeric = (t: KqlType) => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
