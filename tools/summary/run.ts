/**
 * Runs a summary rule the way Azure Monitor does: the query once per bin of `binSize` minutes, each run seeing only
 * the source records whose TimeGenerated falls in [binStart, binStart + binSize), and the results written to the
 * destination table with the columns Azure Monitor adds (TimeGenerated = bin start, _BinStartTime, _BinSize,
 * _RuleName, _RuleLastModifiedTime). Used by the summary rule's tests and by anyone checking a rule on recorded data.
 */
import type { KqlEngine } from '../kql/engine.js';
import type { Table } from '../kql/types.js';
import { TICKS_PER_MINUTE, floorDiv } from '../kql/ticks.js';
import { selectRows } from '../kql/compile/table-util.js';
import type { TableSchema } from '../kusto/table-schemas.js';

export interface SummaryRuleDefinition { name: string; query: string; binSize: number; sourceTables: string[] }
export interface SummaryRun { destination: Table; bins: { start: bigint; sourceRows: number; resultRows: number }[] }

const SYSTEM_COLUMNS = ['TimeGenerated', '_BinStartTime', '_BinSize', '_RuleName', '_RuleLastModifiedTime'];

/** Bins covering [from, to) in ticks (aligned to binSize like Azure Monitor's whole-hour bins). */
export function runSummaryRule(engine: KqlEngine, rule: SummaryRuleDefinition, sources: Map<string, Table>, destination: TableSchema, from: bigint, to: bigint, ruleModified = from): SummaryRun {
  const binTicks = BigInt(rule.binSize) * TICKS_PER_MINUTE;
  const start = floorDiv(from, binTicks) * binTicks;
  const cols = destination.columns;
  const data: unknown[][] = cols.map(() => []);
  const bins: SummaryRun['bins'] = [];
  for (let b = start; b < to; b += binTicks) {
    engine.clearTables();
    let sourceRows = 0;
    for (const [name, t] of sources) {
      const ci = t.columns.findIndex((c) => c.name === 'TimeGenerated');
      const keep: number[] = [];
      for (let i = 0; i < t.rowCount; i++) { const v = t.data[ci]![i] as bigint | null; if (v !== null && v >= b && v < b + binTicks) keep.push(i); }
      sourceRows += keep.length;
      engine.registerTable(name, selectRows(t, keep));
    }
    const out = engine.runTable(rule.query, { now: b + binTicks });
    bins.push({ start: b, sourceRows, resultRows: out.rowCount });
    cols.forEach((c, ci) => {
      const src = out.columns.findIndex((x) => x.name === c.name);
      for (let r = 0; r < out.rowCount; r++) {
        let v: unknown = null;
        if (src >= 0) v = out.data[src]![r];
        else if (c.name === 'TimeGenerated' || c.name === '_BinStartTime') v = b;
        else if (c.name === '_BinSize') v = rule.binSize;
        else if (c.name === '_RuleName') v = rule.name;
        else if (c.name === '_RuleLastModifiedTime') v = ruleModified;
        else if (c.type === 'string') v = '';
        data[ci]!.push(v);
      }
    });
  }
  engine.clearTables();
  return { destination: { columns: cols.map((c) => ({ name: c.name, type: c.type })), data, rowCount: data[0]?.length ?? 0 }, bins };
}

export { SYSTEM_COLUMNS };
