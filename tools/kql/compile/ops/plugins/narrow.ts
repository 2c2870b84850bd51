/**
 * evaluate narrow() (narrow-plugin.md): unpivots every row into (Row, Column, Value) records: the 0-based row
 * number, the column name and the value's text (tostring form; an empty string for null), row by row, columns
 * in order.
 */
import type { OperatorFn } from '../types.js';
import { elems, unsupported } from '../../syntax.js';
import { valueToString } from '../../../compare.js';

export const narrow: OperatorFn = (op, input) => {
  const t = input!;
  if (elems(op.FunctionCall.ArgumentList.Expressions).length) return unsupported('narrow() arguments', op.FunctionCall);
  const rowNo: number[] = [], column: string[] = [], value: string[] = [];
  for (let r = 0; r < t.rowCount; r++) {
    t.columns.forEach((c, ci) => { rowNo.push(r); column.push(c.name); value.push(valueToString(c.type, t.data[ci]![r])); });
  }
  return { columns: [{ name: 'Row', type: 'long' }, { name: 'Column', type: 'string' }, { name: 'Value', type: 'string' }], data: [rowNo, column, value], rowCount: rowNo.length };
};
