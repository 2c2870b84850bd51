/**
 * evaluate pivot(PivotColumn [, Aggregation] [, Column1, ...]) [: OutputSchema] (pivot-plugin.md): one output
 * row per distinct combination of the kept columns (default: all but the pivot column and the columns the
 * aggregation reads), one column per distinct pivot value (named by its text), each cell the aggregation
 * (default count()) over that row's records with that pivot value. Rows and pivot columns in order of first
 * appearance. A combination with no records gets 0 for count/dcount/sum (as the reference's examples show)
 * and the aggregate of no rows otherwise. With an output schema, its columns are the result: found by name,
 * missing ones filled as for an empty combination.
 */
import type { ColumnSchema, KqlType, Table } from '../../../types.js';
import type { OperatorFn } from '../types.js';
import { elems, kindName, unsupported, type Node } from '../../syntax.js';
import { binderSchema } from '../../table-util.js';
import { lookupAggregate } from '../../../registry.js';
import { valueToString } from '../../../compare.js';
import { aggregateValues, groupRows, planAggregate } from '../summarize.js';
import { castDynamic } from '../mv-expand.js';

const ZERO_WHEN_EMPTY = new Set(['count', 'dcount', 'sum', 'countif', 'dcountif', 'sumif', 'count_distinct']);

export const pivot: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const args: Node[] = elems(op.FunctionCall.ArgumentList.Expressions);
  if (kindName(args[0]) !== 'NameReference') return unsupported('pivot', args[0], 'the pivot column must be a column name');
  const pivotName = String(args[0].SimpleName);
  let aggNode: Node | undefined;
  let rest = args.slice(1);
  if (rest[0] && kindName(rest[0]) !== 'NameReference') { aggNode = rest[0]; rest = rest.slice(1); }
  const aggName = aggNode && kindName(aggNode) === 'FunctionCallExpression' ? String(aggNode.Name.SimpleName) : 'count';
  if (aggNode && !lookupAggregate(aggName)) return unsupported(`pivot aggregation ${aggName}()`, aggNode);
  const readByAgg = new Set(aggNode ? columnNames(aggNode) : []);
  const keep = rest.length
    ? rest.map((r) => { if (kindName(r) !== 'NameReference') unsupported('pivot', r, 'columns are names'); return String(r.SimpleName); })
    : t.columns.map((c) => c.name).filter((n) => n !== pivotName && !readByAgg.has(n));
  const col = (name: string) => { const i = t.columns.findIndex((c) => c.name === name); if (i < 0) unsupported('pivot', op, `no column '${name}'`); return i; };
  const keepIdx = keep.map(col), pivotIdx = col(pivotName);

  const plan = aggNode ? planAggregate(aggNode, t, env, st, new Set()) : undefined;
  const resultType: KqlType = plan ? plan.resultType : 'long';
  const aggregate = (sets: number[][]) => (plan ? aggregateValues(plan, sets, st).data : sets.map((rs) => rs.length));
  const { groups, firstRow } = groupRows(keepIdx.map((i) => t.data[i]!), t.rowCount);
  const rowsOf = keepIdx.length || t.rowCount ? groups : [];
  const pivotValues = t.data[pivotIdx]!;
  const pivotGroups = groupRows([pivotValues], t.rowCount);
  const pivotKeys = pivotGroups.firstRow.map((r) => pivotValues[r]);
  const pivotOfRow = new Int32Array(t.rowCount);
  pivotGroups.groups.forEach((rows, g) => { for (const r of rows) pivotOfRow[r] = g; });

  const emptyValue = ZERO_WHEN_EMPTY.has(aggName) ? 0 : aggregate([[]])[0];
  const cells: { name: string; type: KqlType; data: unknown[] }[] = pivotKeys.map((k) => ({ name: valueToString(t.columns[pivotIdx]!.type, k), type: resultType, data: [] }));
  for (const rows of rowsOf) {
    const byPivot: number[][] = pivotKeys.map(() => []);
    for (const r of rows) byPivot[pivotOfRow[r]!]!.push(r);
    const values = aggregate(byPivot);
    byPivot.forEach((rs, g) => cells[g]!.data.push(rs.length ? values[g] : emptyValue));
  }
  const columns: ColumnSchema[] = [...keepIdx.map((i) => t.columns[i]!), ...cells.map((c) => ({ name: c.name, type: c.type }))];
  const data: unknown[][] = [...keepIdx.map((i) => rowsOf.map((_, g) => t.data[i]![firstRow[g]!])), ...cells.map((c) => c.data)];
  if (!op.Schema) return { columns, data, rowCount: rowsOf.length } as Table;
  const schema = binderSchema(pipe) ?? [];
  return {
    columns: schema,
    data: schema.map((s) => {
      const at = columns.findIndex((c) => c.name === s.name);
      if (at < 0) return rowsOf.map(() => (s.type === 'string' ? '' : emptyValue));
      return columns[at]!.type === s.type || columns[at]!.type !== 'dynamic' ? data[at]! : data[at]!.map((v) => castDynamic(s.type, v));
    }),
    rowCount: rowsOf.length,
  };
};

/** Column names an expression reads. */
function columnNames(n: Node): string[] {
  const out: string[] = [];
  const walk = (x: Node) => {
    if (!x || x.IsToken) return;
    if (kindName(x) === 'NameReference' && Number(x.ReferencedSymbol?.Kind) === 9) out.push(String(x.SimpleName));
    for (let i = 0; i < x.ChildCount; i++) walk(x.GetChild(i));
  };
  walk(n);
  return out;
}
