/**
 * scan: the reference's matching logic (scan-operator.md, "Scan logic" and its walkthrough), record by record
 * in input order. Every step keeps a state (the latest extended record of each earlier step and of itself, plus
 * the sequence's match id) or is empty. A record is checked against the steps from last to first:
 * - check 1: the previous step's state is not empty and the record meets this step's condition (evaluated on
 *   that state): the previous state moves to this step, the record (extended by this step's assignments) joins
 *   it, and is output unless the step says `output=none`;
 * - otherwise check 2: this step is the first or has an active sequence, and the record meets its condition
 *   (on this step's own state): the record replaces this step's entry in its state; a first-step match with no
 *   active sequence starts a new one (next match id; the sessions example numbers sessions 0, 1, 2 this way);
 *   output as the step says.
 * `step.Column` reads the state the condition or assignment is evaluated on (the declared default, or null, when
 * that step has no record there). Declared columns a step does not assign take their default.
 * `output=last` keeps only the last record of a run of matches of the step (emitted at its own position when the
 * sequence moves on or the input ends).
 */
import type { ColumnSchema, KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import type { CExpr, Env, RunState } from '../env.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, posOf, textOf, unsupported, type Node } from '../syntax.js';
import { binderSchema, exemptFromBinderCheck, nameLike } from '../table-util.js';
import { emptyTable } from '../../types.js';
import { typeOfSymbol } from '../type-map.js';
import { KqlRuntimeError } from '../../errors.js';

type Row = unknown[];
/** A step's state: one row per step up to it (null where that step has no record), and the sequence's match id. */
interface State { rows: (Row | null)[]; matchId: number }
type OutputMode = 'all' | 'last' | 'none';

interface Step { name: string; output: OutputMode; condition: CExpr; assignments: { column: number; expr: CExpr }[] }

export const scan: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  let matchIdName: string | undefined;
  for (const p of elems(op.Parameters)) {
    const name = String(p.Name.SimpleName).toLowerCase();
    if (name !== 'with_match_id') unsupported(`scan ${name}=`, p);
    matchIdName = String(p.Expression?.SimpleName ?? textOf(p.Expression));
  }
  if (op.OrderByClause) unsupported('scan order by', op.OrderByClause);
  if (op.PartitionByClause) unsupported('scan partition by', op.PartitionByClause);

  // The record as the steps see it: the input's columns, then the declared ones (at their defaults).
  const declared = elems(op.DeclareClause?.Declarations).map((d: Node) => declaredColumn(d, env, st));
  const columns: ColumnSchema[] = [...t.columns, ...declared.map((d) => ({ name: d.name, type: d.type }))];
  const defaults: unknown[] = [...t.columns.map((c) => (c.type === 'string' ? '' : null)), ...declared.map((d) => d.value)];
  const record: Table = { columns, data: [...t.data, ...declared.map((d) => new Array(t.rowCount).fill(d.value))], rowCount: t.rowCount };

  // `step.Column` readers look at `view`, the state the current condition or assignment is evaluated on.
  const stepNodes = elems(op.Steps);
  let view: (Row | null)[] = [];
  const scope = env.child();
  stepNodes.forEach((s: Node, si: number) => {
    const stepName = String(s.Name.SimpleName);
    columns.forEach((c, ci) => scope.set(`${stepName}.${c.name}`, { kind: 'rowfn', expr: { type: c.type, isConst: false, fn: () => { const row = view[si]; return row ? row[ci] : defaults[ci]; } } }));
  });
  const steps: Step[] = stepNodes.map((s: Node) => ({
    name: String(s.Name.SimpleName),
    output: outputMode(s),
    condition: compileScalar(s.Condition, record, scope, st),
    assignments: elems(s.ComputationClause?.Assignments).map((a: Node) => {
      const target = String(a.Name.SimpleName);
      const column = columns.findIndex((c) => c.name === target);
      if (column < 0) throw new KqlRuntimeError(`scan: step ${String(s.Name.SimpleName)} assigns unknown column '${target}'`);
      return { column, expr: compileScalar(a.Expression, record, scope, st) };
    }),
  }));

  const n = steps.length;
  const state: (State | null)[] = new Array(n).fill(null);
  const out: { at: number; seq: number; row: Row; matchId: number }[] = [];
  const pendingLast: ({ at: number; row: Row; matchId: number } | null)[] = new Array(n).fill(null);
  let seq = 0, nextMatchId = 0;
  const emit = (at: number, row: Row, matchId: number) => {
    if ((out.length & 0xffff) === 0 && out.length) st.budget.charge('scan', posOf(op), out.length, 8 * columns.length + 64);
    out.push({ at, seq: seq++, row, matchId });
  };
  const flushLast = (k: number) => { const p = pendingLast[k]; if (p) { emit(p.at, p.row, p.matchId); pendingLast[k] = null; } };
  const output = (k: number, at: number, row: Row, matchId: number) => {
    const mode = steps[k]!.output;
    if (mode === 'all') emit(at, row, matchId);
    else if (mode === 'last') pendingLast[k] = { at, row, matchId };
  };
  const extend = (k: number, r: number): Row => {
    const row: Row = new Array(columns.length);
    for (let c = 0; c < t.columns.length; c++) row[c] = t.data[c]![r];
    for (let c = t.columns.length; c < columns.length; c++) row[c] = defaults[c];
    // Assignments see the state as it is before the record joins it.
    const values = steps[k]!.assignments.map((a) => a.expr.fn(r));
    steps[k]!.assignments.forEach((a, i) => { row[a.column] = values[i]; });
    return row;
  };
  const emptyView: (Row | null)[] = new Array(n).fill(null);

  for (let r = 0; r < t.rowCount; r++) {
    for (let k = n - 1; k >= 0; k--) {
      const step = steps[k]!;
      const previous = k > 0 ? state[k - 1] : null;
      if (previous) {
        view = previous.rows;
        if (step.condition.fn(r) === true) {
          // Check 1: the previous step's sequence moves on to this step.
          state[k - 1] = null;
          flushLast(k - 1);
          flushLast(k);
          const rows = [...previous.rows];
          view = rows;
          const row = extend(k, r);
          rows[k] = row;
          state[k] = { rows, matchId: previous.matchId };
          output(k, r, row, previous.matchId);
          continue;
        }
      }
      const own = state[k];
      if (!own && k !== 0) continue;
      view = own ? own.rows : emptyView;
      if (step.condition.fn(r) !== true) continue;
      // Check 2: the record replaces this step's entry; on the first step it starts a new sequence.
      const row = extend(k, r);
      const rows = own ? [...own.rows] : new Array<Row | null>(n).fill(null);
      rows[k] = row;
      // A first-step match continues the first step's active sequence, or starts a new one (next match id).
      const matchId = own ? own.matchId : nextMatchId++;
      state[k] = { rows, matchId };
      output(k, r, row, matchId);
    }
  }
  for (let k = 0; k < n; k++) flushLast(k);
  out.sort((a, b) => a.at - b.at || a.seq - b.seq);

  const produced: { type: KqlType; data: unknown[] }[] = columns.map((c, ci) => ({ type: c.type, data: out.map((o) => o.row[ci]) }));
  if (!matchIdName) {
    // Kusto.Language's schema always ends with a match_id column; the reference's examples without with_match_id
    // show none, and the service returns none: the documented output wins.
    // The binder's schema is the one that differs, so the result is exempt from the binder check.
    const result = { columns, data: produced.map((p) => p.data), rowCount: out.length };
    exemptFromBinderCheck(result);
    return result;
  }
  produced.push({ type: 'long', data: out.map((o) => o.matchId) });
  return nameLike(produced, binderSchema(pipe), [...columns.map((c) => c.name), matchIdName], op, out.length);
};

function outputMode(step: Node): OutputMode {
  const o = step.ScanStepOutput;
  if (!o) return 'all';
  const mode = String(o.OutputKind?.Text ?? textOf(o).split('=').pop() ?? 'all').trim().toLowerCase();
  if (mode !== 'all' && mode !== 'last' && mode !== 'none') return unsupported(`scan step output=${mode}`, o);
  return mode;
}

function declaredColumn(d: Node, env: Env, st: RunState): { name: string; type: KqlType; value: unknown } {
  const name = String(d.NameAndType.Name.SimpleName);
  const type = typeOfSymbol(d.NameAndType.Name.ResultType) ?? (kindName(d.NameAndType.Type) ? (textOf(d.NameAndType.Type).trim().toLowerCase() as KqlType) : 'dynamic');
  let value: unknown = type === 'string' ? '' : null;
  if (d.DefaultValue?.Value) {
    const c = compileScalar(d.DefaultValue.Value, emptyTable([]), env, st);
    value = c.isConst ? c.value : c.fn(0);
  }
  return { name, type, value };
}
