/** --tables DIR: every table file of a folder, typed by the project table schemas (via tools/fixtures). */
import type { Table } from '../types.js';

export function loadTablesDir(dir: string): Map<string, Table> {
  // Wired to tools/fixtures' readFixtureDir once it is committed; until then fail loudly.
  throw new Error(`cannot read ${dir}: table folder loading (tools/fixtures) is not available yet`);
}
