/**
 * Offline runs: the embedded engine over fixture folders or recorded data (`--tables DIR`, repeatable). Tables are
 * loaded once, typed by the project's table schemas, indexed by time once per window column, and each run registers
 * the window's rows (the harness's WindowedTables) before running the query with now() pinned to the run time.
 */
import type { QueryContent } from '../content/model.js';
import type { KqlEngine } from '../kql/engine.js';
import type { Table } from '../kql/types.js';
import type { TableSchemaRegistry } from '../kusto/table-schemas.js';
import { readFixtureDir } from '../fixtures/read-table.js';
import { appendTable } from '../harness/run-case.js';
import { WindowedTables, type RuleSchedule } from '../harness/scheduler.js';
import { displayPath } from '../util/diagnostics.js';
import type { RunExecutor, RunOutput } from './executor.js';

export class OfflineExecutor implements RunExecutor {
  readonly description: string;
  private readonly tables = new Map<string, Table>();
  private readonly windowed = new Map<string, WindowedTables>();

  constructor(private readonly engine: KqlEngine, schemas: TableSchemaRegistry, readonly folders: string[], onFile?: (file: string) => void) {
    this.description = `embedded engine on ${folders.map((f) => displayPath(f)).join(', ')}`;
    engine.clearTables();
    for (const dir of folders) {
      const d = readFixtureDir(dir, schemas);
      for (const t of d.tables) { appendTable(this.tables, t.name, t.table); onFile?.(t.file); }
      for (const [alias, w] of d.watchlists) engine.registerWatchlist(alias, w.columns, w.rows);
    }
  }

  /** Table names and row counts loaded. */
  get loaded(): { name: string; rows: number }[] { return [...this.tables].map(([name, t]) => ({ name, rows: t.rowCount })); }

  async run(item: QueryContent, schedule: RuleSchedule, runTime: bigint): Promise<RunOutput> {
    let w = this.windowed.get(schedule.timeColumn);
    if (!w) { w = new WindowedTables(this.tables, schedule.timeColumn); this.windowed.set(schedule.timeColumn, w); }
    for (const [name, t] of w.window(runTime - schedule.period, runTime)) this.engine.registerTable(name, t);
    return { result: this.engine.run(item.query ?? '', { now: runTime }) };
  }
}
