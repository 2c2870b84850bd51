/** --tables DIR: every table file of a folder (and its watchlists/), typed by the project table schemas. */
import { readdirSync } from 'node:fs';
import type { KqlEngineApi } from '../api.js';
import type { Table } from '../types.js';
import { projectTableSchemas } from '../../kusto/table-schemas.js';
import { readFixtureDir } from '../../fixtures/read-table.js';

export interface TablesDir {
  tables: Map<string, Table>;
  watchlists: Map<string, { columns: string[]; rows: string[][] }>;
}

/** Read with tools/fixtures (same formats and errors as rule test scenarios). Throws FixtureError naming file/row/column. */
export function loadTablesDir(dir: string, onFile?: (file: string) => void): TablesDir {
  const d = readFixtureDir(dir, projectTableSchemas(), dir, onFile);
  return { tables: new Map(d.tables.map((t) => [t.name, t.table])), watchlists: d.watchlists };
}

export function registerTablesDir(engine: KqlEngineApi, d: TablesDir | undefined): void {
  if (!d) return;
  for (const [name, t] of d.tables) engine.registerTable(name, t);
  for (const [alias, w] of d.watchlists) engine.registerWatchlist(alias, w.columns, w.rows);
}

/** How many table files a --tables folder holds (for the progress bar). */
export function countTableFiles(dir: string): number {
  try { return readdirSync(dir).filter((f) => /\.(json|csv|jsonl)$/i.test(f)).length; } catch { return 0; }
}
