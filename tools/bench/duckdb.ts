/**
 * The bench's reference engine: DuckDB (in-memory, `threads` as configured) loaded with exactly the tables the
 * KQL engine gets. Dynamic columns are loaded as JSON text and converted once, at load time, to DuckDB's native
 * nested types (STRUCT / LIST of STRUCT inferred with json_group_structure), the equivalent of our pre-parsed
 * dynamic values; datetimes become TIMESTAMP (microseconds; the generated data has millisecond precision).
 */
import { DuckDBInstance, timestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { KqlType, Table } from '../kql/types.js';
import { UNIX_EPOCH_TICKS } from '../kql/ticks.js';

const SQL_TYPES: Partial<Record<KqlType, string>> = {
  string: 'VARCHAR', guid: 'VARCHAR', long: 'BIGINT', int: 'INTEGER', real: 'DOUBLE', decimal: 'DOUBLE', bool: 'BOOLEAN',
  datetime: 'TIMESTAMP', timespan: 'BIGINT', dynamic: 'VARCHAR',
};

export interface ReferenceDb { conn: DuckDBConnection; close: () => void }

export async function openReferenceDb(threads: number): Promise<ReferenceDb> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await instance.connect();
  return { conn, close: () => { conn.closeSync(); instance.closeSync(); } };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Create `name` in DuckDB with the table's rows. */
export async function loadTable(db: ReferenceDb, name: string, t: Table): Promise<void> {
  const staging = `${name}_staging`;
  const cols = t.columns.map((c) => {
    const sql = SQL_TYPES[c.type];
    if (!sql) throw new Error(`bench: no DuckDB type for ${name}.${c.name}: ${c.type}`);
    return `${quote(c.name)} ${sql}`;
  });
  await db.conn.run(`CREATE OR REPLACE TABLE ${quote(staging)} (${cols.join(', ')})`);
  const appender = await db.conn.createAppender(staging);
  const json = new Map<unknown, string>(); // shared dynamic objects: serialise once
  for (let r = 0; r < t.rowCount; r++) {
    for (let ci = 0; ci < t.columns.length; ci++) {
      const v = t.data[ci]![r];
      if (v === null || v === undefined) { appender.appendNull(); continue; }
      switch (t.columns[ci]!.type) {
        case 'datetime': appender.appendTimestamp(timestampValue(((v as bigint) - UNIX_EPOCH_TICKS) / 10n)); break;
        case 'timespan': appender.appendBigInt(v as bigint); break;
        case 'long': appender.appendBigInt(BigInt(v as number)); break;
        case 'int': appender.appendInteger(v as number); break;
        case 'real': case 'decimal': appender.appendDouble(v as number); break;
        case 'bool': appender.appendBoolean(v as boolean); break;
        case 'dynamic': { let s = json.get(v); if (s === undefined) { s = JSON.stringify(v); json.set(v, s); } appender.appendVarchar(s); break; }
        default: appender.appendVarchar(v as string);
      }
    }
    appender.endRow();
  }
  appender.closeSync();
  // Dynamic columns: JSON text -> native nested values, structure inferred from the data itself.
  const select: string[] = [];
  for (const c of t.columns) {
    if (c.type !== 'dynamic') { select.push(quote(c.name)); continue; }
    const reader = await db.conn.runAndReadAll(`SELECT json_group_structure(${quote(c.name)}::JSON)::VARCHAR FROM ${quote(staging)}`);
    const structure = String(reader.getRows()[0]![0]);
    select.push(`from_json(${quote(c.name)}, '${structure.replace(/'/g, "''")}') AS ${quote(c.name)}`);
  }
  await db.conn.run(`CREATE OR REPLACE TABLE ${quote(name)} AS SELECT ${select.join(', ')} FROM ${quote(staging)}`);
  await db.conn.run(`DROP TABLE ${quote(staging)}`);
}

/** Run a query to completion with its result materialised (as our runTable does); returns the row count. */
export async function runReference(db: ReferenceDb, sql: string): Promise<number> {
  const reader = await db.conn.runAndReadAll(sql);
  return reader.currentRowCount;
}
