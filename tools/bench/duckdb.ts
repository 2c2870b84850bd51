/**
 * The bench's reference engine: DuckDB (in-memory, `threads` as configured) loaded with exactly the tables the
 * KQL engine gets. Dynamic columns are loaded as JSON text and converted once, at load time, to DuckDB's native
 * nested types (STRUCT / LIST of STRUCT inferred with json_group_structure), the equivalent of our pre-parsed
 * dynamic values; datetimes become TIMESTAMP (microseconds; the generated data has millisecond precision). An
 * empty string stays an empty string (KQL strings are never null); nulls are written as \N.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { KqlType, Table } from '../kql/types.js';
import { formatDatetime } from '../kql/values.js';

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

/**
 * Create `name` in DuckDB with the table's rows: written to a temporary CSV (one pass, shared dynamic objects
 * serialised once) and read with DuckDB's parallel CSV reader, much faster than a JS call per appended value.
 */
export async function loadTable(db: ReferenceDb, name: string, t: Table): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cdr-bench-'));
  const file = join(dir, `${name}.csv`);
  try {
    writeCsv(file, t);
    const columns = t.columns.map((c) => {
      const sql = SQL_TYPES[c.type];
      if (!sql) throw new Error(`bench: no DuckDB type for ${name}.${c.name}: ${c.type}`);
      return `'${c.name}': '${sql}'`;
    });
    await db.conn.run(`CREATE OR REPLACE TABLE ${quote(`${name}_staging`)} AS SELECT * FROM read_csv('${file}', header = false, quote = '"', escape = '"', nullstr = '\\N', columns = {${columns.join(', ')}})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Dynamic columns: JSON text -> native nested values, structure inferred from the data itself.
  const staging = `${name}_staging`;
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

const csvText = (s: string) => (/[",\n\r\\]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function writeCsv(file: string, t: Table): void {
  const fd = openSync(file, 'w');
  try {
    const json = new Map<unknown, string>();
    const cell = (type: KqlType, v: unknown): string => {
      if (v === null || v === undefined) return '\\N';
      switch (type) {
        case 'datetime': return formatDatetime(v as bigint).replace('T', ' ').replace('Z', '');
        case 'dynamic': { let s = json.get(v); if (s === undefined) { s = csvText(JSON.stringify(v)); json.set(v, s); } return s; }
        case 'string': case 'guid': return v === '' ? '""' : csvText(v as string);
        default: return String(v);
      }
    };
    let buf: string[] = [];
    for (let r = 0; r < t.rowCount; r++) {
      buf.push(t.columns.map((c, ci) => cell(c.type, t.data[ci]![r])).join(','));
      if (buf.length === 50_000) { writeSync(fd, buf.join('\n') + '\n'); buf = []; }
    }
    if (buf.length) writeSync(fd, buf.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
}

/** Run a query to completion with its result materialised (as our runTable does); returns the row count. */
export async function runReference(db: ReferenceDb, sql: string): Promise<number> {
  const reader = await db.conn.runAndReadAll(sql);
  return reader.currentRowCount;
}
