/**
 * evaluate rolling_percentile(ValueColumn, Percentile, IndexColumn, BinSize, BinsPerWindow [, Dimension...])
 * (rolling-percentile-plugin.md): the index is binned (bin(IndexColumn, BinSize)); for each bin that holds records
 * (per dimension combination) the percentile of the values in the window of the last BinsPerWindow bins, ending at
 * that bin inclusive. The percentile is percentile()'s nearest rank, which reproduces the reference's examples.
 * Bins without records get no row (the page shows only contiguous data). Rows: per dimension combination (first
 * appearance), bins ascending.
 */
import type { KqlType, Table } from '../../../types.js';
import type { OperatorFn } from '../types.js';
import { compileScalar } from '../../scalar.js';
import { elems, kindName, unsupported, type Node } from '../../syntax.js';
import { binderSchema, materializeColumn, nameLike } from '../../table-util.js';
import { emptyTable } from '../../../types.js';
import { KqlRuntimeError } from '../../../errors.js';
import { percentileOf } from '../../../functions/support.js';
import { groupRows } from '../summarize.js';

type Index = number | bigint;

export const rollingPercentile: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const args: Node[] = elems(op.FunctionCall.ArgumentList.Expressions);
  if (args.length < 5) return unsupported('rolling_percentile', op.FunctionCall, 'needs ValueColumn, Percentile, IndexColumn, BinSize, BinsPerWindow');
  const e0 = emptyTable([]);
  const constant = (n: Node) => { const c = compileScalar(n, e0, env, st); return c.isConst ? c.value : c.fn(0); };
  const value = compileScalar(args[0], t, env, st), index = compileScalar(args[2], t, env, st);
  const percent = Number(constant(args[1]));
  const binSize = constant(args[3]) as Index;
  const binsPerWindow = Number(constant(args[4]));
  if (!(percent >= 0 && percent <= 100)) throw new KqlRuntimeError(`rolling_percentile: the percentile must be between 0 and 100, got ${percent}`);
  if (!(Number.isInteger(binsPerWindow) && binsPerWindow >= 1)) throw new KqlRuntimeError(`rolling_percentile: BinsPerWindow must be a positive integer, got ${binsPerWindow}`);
  if (binSize === null || (typeof binSize === 'bigint' ? binSize <= 0n : !(binSize > 0))) throw new KqlRuntimeError('rolling_percentile: BinSize must be positive');
  const dims = args.slice(5).map((d) => { if (kindName(d) !== 'NameReference') unsupported('rolling_percentile dimension', d, 'a column name'); return compileScalar(d, t, env, st); });

  const values = materializeColumn(value.fn, t.rowCount) as (number | bigint | null)[];
  const indexes = materializeColumn(index.fn, t.rowCount) as (Index | null)[];
  const dimCols = dims.map((d) => materializeColumn(d.fn, t.rowCount));
  // Bin number of an index value (an integer: the bin's start is number * BinSize).
  const binOf = (x: Index): number => (typeof x === 'bigint' ? Number((x - (((x % (binSize as bigint)) + (binSize as bigint)) % (binSize as bigint))) / (binSize as bigint)) : Math.floor(x / (binSize as number)));
  const binStart = (b: number): Index => (typeof binSize === 'bigint' ? BigInt(b) * binSize : b * binSize);

  const { groups, firstRow } = groupRows(dimCols, t.rowCount);
  const out = { index: [] as Index[], dims: dims.map(() => [] as unknown[]), value: [] as unknown[] };
  for (const [g, rows] of (t.rowCount ? groups : []).entries()) {
    const byBin = new Map<number, (number | bigint)[]>();
    for (const r of rows) {
      const x = indexes[r], v = values[r];
      if (x === null || x === undefined) continue;
      const b = binOf(x);
      let list = byBin.get(b);
      if (!list) byBin.set(b, (list = []));
      if (v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v))) list.push(v);
    }
    for (const b of [...byBin.keys()].sort((x, y) => x - y)) {
      const window: (number | bigint)[] = [];
      for (let k = b - binsPerWindow + 1; k <= b; k++) window.push(...(byBin.get(k) ?? []));
      out.index.push(binStart(b));
      dims.forEach((_, d) => out.dims[d]!.push(dimCols[d]![firstRow[g]!]));
      out.value.push(percentileOf(window, percent));
    }
  }
  const produced: { type: KqlType; data: unknown[] }[] = [
    { type: index.type, data: out.index },
    ...dims.map((d, i) => ({ type: d.type, data: out.dims[i]! })),
    { type: value.type, data: out.value },
  ];
  return nameLike(produced, binderSchema(pipe), produced.map((_, i) => `Column${i + 1}`), op, out.index.length) as Table;
};
