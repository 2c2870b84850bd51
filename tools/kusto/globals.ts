/**
 * Builds the binder's GlobalState: a database holding every known table and the declared functions
 * (Sentinel functions such as _GetWatchlist, ASIM-style parsers we ship), all read from data files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DATA } from '../util/paths.js';
import { kusto, type KustoNs } from './language.js';
import { projectTableSchemas, TableSchemaRegistry, type KqlScalarType, type TableSchema } from './table-schemas.js';

export interface FunctionDecl {
  name: string;
  /** KQL parameter list, e.g. `(alias:string, lookback:timespan = 7d)`. */
  parameters: string;
  /** KQL body `{ ... }`; or omit and give resultSchema. */
  body?: string;
  /** `(Col:type, ...)` result schema for functions implemented natively by the engine. */
  resultSchema?: string;
  /** The result may have more columns than resultSchema lists (watchlists). */
  openSchema?: boolean;
  description?: string;
  source?: string;
}

export function loadFunctionDecls(dirs: string[] = [TOOLS_DATA.functionDecls]): FunctionDecl[] {
  const out: FunctionDecl[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
      const file = join(dir, f);
      const data = JSON.parse(readFileSync(file, 'utf8')) as { functions: FunctionDecl[] };
      for (const fn of data.functions ?? []) out.push({ ...fn, source: file });
    }
  }
  return out;
}

export function scalarTypeSymbol(K: KustoNs, t: KqlScalarType) {
  const S = K.Symbols.ScalarTypes;
  switch (t) {
    case 'bool': return S.Bool;
    case 'int': return S.Int;
    case 'long': return S.Long;
    case 'real': return S.Real;
    case 'decimal': return S.Decimal;
    case 'string': return S.String;
    case 'datetime': return S.DateTime;
    case 'timespan': return S.TimeSpan;
    case 'guid': return S.Guid;
    case 'dynamic': return S.Dynamic;
  }
}

export function tableSymbol(K: KustoNs, t: TableSchema) {
  const cols = t.columns.map((c) => new K.Symbols.ColumnSymbol(c.name, scalarTypeSymbol(K, c.type)));
  return new K.Symbols.TableSymbol.$ctor4(t.name, cols);
}

/** Name of the hidden open table standing for a native function's result. */
export const nativeResultTable = (fn: string) => `__cdr_result_${fn}`;

/** Table symbols per registry: building ~700 of them dominates buildGlobals, and they do not depend on functions. */
const tableSymbolsCache = new WeakMap<TableSchemaRegistry, { revision: number; symbols: unknown[] }>();

export function buildGlobals(tables: TableSchemaRegistry = projectTableSchemas(), functions: FunctionDecl[] = loadFunctionDecls()) {
  const K = kusto();
  let cached = tableSymbolsCache.get(tables);
  if (!cached || cached.revision !== tables.revision) {
    cached = { revision: tables.revision, symbols: tables.all().map((t) => tableSymbol(K, t)) };
    tableSymbolsCache.set(tables, cached);
  }
  const members: unknown[] = [...cached.symbols];
  for (const fn of functions) {
    let body = fn.body;
    if (!body) {
      if (!fn.resultSchema) throw new Error(`${fn.source ?? 'function declarations'}: ${fn.name} needs a body or a resultSchema`);
      let result = new K.Symbols.TableSymbol.$ctor7(nativeResultTable(fn.name), fn.resultSchema, null);
      if (fn.openSchema) result = result.WithIsOpen(true);
      members.push(result);
      body = `{ ${nativeResultTable(fn.name)} }`;
    }
    members.push(new K.Symbols.FunctionSymbol.$ctor16(fn.name, fn.parameters, body, fn.description ?? null));
  }
  const db = new K.Symbols.DatabaseSymbol.ctor('cdr', members);
  return K.GlobalState.Default.WithDatabase(db);
}

let defaultGlobals: unknown;
/** GlobalState for the project's schemas and functions, built once per process (697 tables take ~1 s). */
export function projectGlobals(): KustoNs {
  return (defaultGlobals ??= buildGlobals());
}
