/**
 * Table schemas known to the project: the vendored Log Analytics bundle (every built-in table, names and types
 * as documented), overridden by curated per-table files in tools/schemas/tables/, extended by users' custom
 * tables (e.g. `<Name>_CL`) from any extra folders given (Solution/CustomTables by default).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DATA } from '../util/paths.js';

export const KQL_SCALAR_TYPES = ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic'] as const;
export type KqlScalarType = (typeof KQL_SCALAR_TYPES)[number];

export interface ColumnDef { name: string; type: KqlScalarType }
export interface TableSchema { name: string; columns: ColumnDef[]; source: string }

/** Type aliases accepted in schema files and query API responses. */
const TYPE_ALIASES: Record<string, KqlScalarType> = {
  bool: 'bool', boolean: 'bool', int: 'int', int32: 'int', long: 'long', int64: 'long',
  real: 'real', double: 'real', float: 'real', decimal: 'decimal', string: 'string',
  datetime: 'datetime', date: 'datetime', timespan: 'timespan', time: 'timespan',
  guid: 'guid', uniqueid: 'guid', dynamic: 'dynamic', object: 'dynamic',
};

export function normalizeType(t: string): KqlScalarType | undefined {
  return TYPE_ALIASES[t.trim().toLowerCase().replace(/^system\./, '')];
}

export class TableSchemaRegistry {
  private readonly tables = new Map<string, TableSchema>();

  /** Case-sensitive, as in KQL. */
  get(name: string): TableSchema | undefined { return this.tables.get(name); }
  has(name: string): boolean { return this.tables.has(name); }
  all(): TableSchema[] { return [...this.tables.values()]; }
  /** Bumped by every set(): caches keyed by a registry compare it. */
  revision = 0;
  set(schema: TableSchema): void { this.tables.set(schema.name, schema); this.revision++; }

  static load(extraDirs: string[] = []): TableSchemaRegistry {
    const reg = new TableSchemaRegistry();
    const bundle = JSON.parse(readFileSync(TOOLS_DATA.tableBundle, 'utf8')) as { tables: Record<string, { name: string; type: string }[]> };
    for (const [name, cols] of Object.entries(bundle.tables)) {
      reg.set({ name, columns: cols.map((c) => toColumn(c, TOOLS_DATA.tableBundle)), source: TOOLS_DATA.tableBundle });
    }
    for (const dir of [TOOLS_DATA.tableSchemas, ...extraDirs]) reg.loadDir(dir);
    return reg;
  }

  /** Load every `<Table>.json` ({name, columns:[{name,type}]}) of a folder; later files override earlier ones. */
  loadDir(dir: string): void {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
      const file = join(dir, f);
      const data = JSON.parse(readFileSync(file, 'utf8')) as { name: string; columns: { name: string; type: string }[] };
      if (!data.name || !Array.isArray(data.columns)) throw new Error(`${file}: a table schema needs "name" and "columns"`);
      this.set({ name: data.name, columns: data.columns.map((c) => toColumn(c, file)), source: file });
    }
  }
}

function toColumn(c: { name: string; type: string }, file: string): ColumnDef {
  const type = normalizeType(c.type);
  if (!type) throw new Error(`${file}: column ${c.name} has unknown type '${c.type}'`);
  return { name: c.name, type };
}

let defaultRegistry: TableSchemaRegistry | undefined;
/** The project's schemas (bundle + curated), loaded once per process. */
export function projectTableSchemas(): TableSchemaRegistry {
  return (defaultRegistry ??= TableSchemaRegistry.load());
}
