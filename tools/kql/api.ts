import type { FunctionDecl } from '../kusto/globals.js';
/**
 * The engine's public contract (implemented by ./engine.ts, re-exported from ./index.ts).
 * Callers: the rule test harness, `cdr kql`, the bench, tests.
 */
import type { ColumnSchema, Table } from './types.js';
import type { EngineLimits } from './budget.js';

/** A result in the Log Analytics query REST API's value form (datetime ISO strings, timespan text, ...). */
export interface QueryResult {
  columns: ColumnSchema[];
  rows: unknown[][];
}

export interface RunOptions {
  /** The pinned now(): ISO string, Date, or datetime ticks (bigint, 100 ns since 0001-01-01). Required: time is never read from the clock. */
  now: string | Date | bigint;
  /** Resource limits of this run (budget.ts); unset fields take the engine's (setLimits) or the defaults. */
  limits?: Partial<EngineLimits>;
}

export interface KqlEngineApi {
  /** Register a table from in-memory values (see types.ts). Replaces any table of the same name. */
  registerTable(name: string, table: Table): void;
  /** Register a table from REST/JSON wire values; `columns` types come from the caller (schema). */
  registerWireTable(name: string, columns: ColumnSchema[], rows: unknown[][]): void;
  /** Register a watchlist for `_GetWatchlist('alias')`: the watchlist's own columns (all string) and rows. */
  registerWatchlist(alias: string, columns: string[], rows: string[][], searchKey?: string): void;
  /** Declare database functions with KQL bodies (the solution's parsers): queries may call them by name. */
  registerFunctions(decls: FunctionDecl[]): void;
  /** Resource limits of every later run (budget.ts): rows and estimated bytes one operator may materialise. */
  setLimits(limits: Partial<EngineLimits>): void;
  /** Register a geo lookup used by geo_info_from_ip_address(). */
  setGeoLookup(lookup: (ip: string) => Record<string, unknown> | null): void;
  /** Map an externaldata URL to a local file (only mapped URLs can be read). */
  mapExternalData(url: string, localPath: string): void;
  /** Parse, bind (binder errors -> KqlSemanticError/KqlSyntaxError), translate, evaluate. */
  run(query: string, options: RunOptions): QueryResult;
  /** Same, returning the in-memory table (no wire conversion). */
  runTable(query: string, options: RunOptions): Table;
}
