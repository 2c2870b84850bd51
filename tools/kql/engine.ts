/**
 * KqlEngine: parse and bind with Kusto.Language against the registered tables' schemas, reject binder errors,
 * then evaluate the bound tree over column-oriented tables (./compile). now() is always pinned by the caller.
 */
import { kusto } from '../kusto/language.js';
import { syntaxErrors } from '../kusto/syntax-errors.js';
import { buildGlobals, loadFunctionDecls, projectGlobals, type FunctionDecl } from '../kusto/globals.js';
import { projectTableSchemas, TableSchemaRegistry } from '../kusto/table-schemas.js';
import type { KqlEngineApi, QueryResult, RunOptions } from './api.js';
import { KqlError, KqlRuntimeError, KqlSemanticError, KqlSyntaxError, positionAt } from './errors.js';
import type { ColumnSchema, Table } from './types.js';
import { msToTicks } from './ticks.js';
import { fromWire, parseDatetime, toWire } from './values.js';
import { Env, type Binding, type RunState, type WatchlistData } from './compile/env.js';
import { runQueryBlock } from './compile/query.js';
import { elems, kindName, registerTreeText, setQueryText } from './compile/syntax.js';
import { legacyEqualityOffsets } from './compile/legacy-equals.js';
import { defaultLimits, QueryBudget, type EngineLimits } from './budget.js';
import { exceedsDynamicDepth, isStackOverflow, STACK_OVERFLOW, tooDeepMessage } from './dynamic-depth.js';
import './functions/index.js';

export function nowToTicks(now: RunOptions['now']): bigint {
  if (typeof now === 'bigint') return now;
  if (now instanceof Date) return msToTicks(now.getTime());
  const t = parseDatetime(String(now));
  if (t === undefined) throw new KqlRuntimeError(`invalid now: '${String(now)}' (expected ISO-8601)`);
  return t;
}

function definedFields(l: Partial<EngineLimits>): Partial<EngineLimits> {
  return Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)) as Partial<EngineLimits>;
}

function budgetFor(explicit: Partial<EngineLimits>): QueryBudget {
  return new QueryBudget({ ...defaultLimits(), ...explicit }, explicit);
}

export class KqlEngine implements KqlEngineApi {
  private readonly tables = new Map<string, Table>();
  private readonly watchlists = new Map<string, WatchlistData>();
  private readonly externalData = new Map<string, string>();
  private geoLookup?: (ip: string) => Record<string, unknown> | null;
  private globalsCache?: { key: string; globals: unknown };
  /** Database functions with KQL bodies (the solution's parsers), by name; bound per run, parsed once. */
  private readonly functions = new Map<string, FunctionDecl>();
  private readonly functionTrees = new Map<string, { globals: unknown; decl: unknown }>();
  /** Bound trees of recent queries: a backtest runs one query thousands of times; binding dominates a small run. */
  private readonly boundCache = new Map<string, { globals: unknown; code: ReturnType<ReturnType<typeof kusto>['KustoCode']['ParseAndAnalyze']> }>();
  /** `render` clauses seen by the last run. */
  lastRenders: string[] = [];
  /**
   * Every result table of the last run when an operator returns several (fork, facet): run() returns the first
   * (Kusto's primary result); the others are here in order, each with its name. One entry otherwise.
   */
  lastResults: { name: string; table: Table }[] = [];

  constructor(private readonly schemas: TableSchemaRegistry = projectTableSchemas()) {}

  registerTable(name: string, table: Table): void {
    if (table.data.length !== table.columns.length) throw new KqlRuntimeError(`table ${name}: ${table.columns.length} columns but ${table.data.length} data arrays`);
    this.tables.set(name, table);
  }

  registerWireTable(name: string, columns: ColumnSchema[], rows: unknown[][]): void {
    const data = columns.map((c, ci) => rows.map((r, ri) => {
      try { return fromWire(c.type, r[ci]); } catch (e) {
        throw new KqlRuntimeError(`table ${name}, row ${ri + 1}, column ${c.name}: ${(e as Error).message}`);
      }
    }));
    this.tables.set(name, { columns, data, rowCount: rows.length });
  }

  registerWatchlist(alias: string, columns: string[], rows: string[][], searchKey?: string): void {
    this.watchlists.set(alias, { columns, rows, searchKey: searchKey ?? (columns.includes('SearchKey') ? 'SearchKey' : columns[0] ?? '') });
  }

  /**
   * Declare database functions with a KQL body (e.g. the solution's parsers): queries bind against them and calls
   * evaluate their bodies. Re-registering a name replaces it.
   */
  registerFunctions(decls: FunctionDecl[]): void {
    for (const d of decls) {
      if (!d.body) throw new KqlRuntimeError(`function ${d.name}: only functions with a KQL body can be registered`);
      this.functions.set(d.name, d);
    }
    this.functionTrees.clear();
    this.globalsCache = undefined;
  }

  /** Limits given by the caller (setLimits); a run's own `limits` option overrides them field by field. */
  private limits: Partial<EngineLimits> = {};
  setLimits(limits: Partial<EngineLimits>): void { this.limits = { ...this.limits, ...definedFields(limits) }; }

  setGeoLookup(lookup: (ip: string) => Record<string, unknown> | null): void { this.geoLookup = lookup; }
  mapExternalData(url: string, localPath: string): void { this.externalData.set(url, localPath); }
  clearTables(): void { this.tables.clear(); this.watchlists.clear(); this.externalData.clear(); }

  /** Binder globals: the project's, unless registered tables add or change schemas. */
  private globals(): unknown {
    const changed = [...this.tables.entries()].filter(([name, t]) => {
      const known = this.schemas.get(name);
      return !known || known.columns.length !== t.columns.length || known.columns.some((c, i) => c.name !== t.columns[i]!.name || c.type !== t.columns[i]!.type);
    });
    if (changed.length === 0 && this.schemas === projectTableSchemas() && this.functions.size === 0) return projectGlobals();
    const key = JSON.stringify(changed.map(([n, t]) => [n, t.columns]));
    if (this.globalsCache?.key === key) return this.globalsCache.globals;
    const reg = new TableSchemaRegistry();
    for (const s of this.schemas.all()) reg.set(s);
    for (const [name, t] of changed) reg.set({ name, columns: t.columns, source: 'registered' });
    const globals = buildGlobals(reg, [...loadFunctionDecls(), ...this.functions.values()]);
    this.globalsCache = { key, globals };
    return globals;
  }

  runTable(query: string, options: RunOptions): Table {
    if (!options || options.now === undefined || options.now === null) throw new KqlRuntimeError('run() needs a pinned now');
    const now = nowToTicks(options.now);
    const K = kusto();
    const globals = this.globals();
    let code = this.boundCache.get(query)?.globals === globals ? this.boundCache.get(query)!.code : undefined;
    if (!code) {
      try {
        code = K.KustoCode.ParseAndAnalyze(query, globals);
      } catch (e) {
        // The official binder itself can throw on some invalid queries (graph-match over a table): report it, never crash.
        throw new KqlSemanticError(`the official KQL binder failed on this query (${(e as Error)?.message ?? String(e)}); check the query's syntax and operator inputs`, positionAt(query, 0));
      }
      if (this.boundCache.size >= 32) this.boundCache.delete(this.boundCache.keys().next().value!);
      this.boundCache.set(query, { globals, code });
    }
    const syntax = syntaxErrors(code, query)[0]; // an unclosed bracket is reported where it was opened
    if (syntax) throw new KqlSyntaxError(`${syntax.code}: ${syntax.message}`, positionAt(query, syntax.start));
    const all = code.GetDiagnostics();
    const legacyEquals = legacyEqualityOffsets(code.Syntax);
    for (let i = 0; i < all.Count; i++) {
      const d = all.getItem(i);
      if (d.Code === 'KS141' && legacyEquals.has(d.Start)) continue;
      if (String(d.Severity).toLowerCase() === 'error') throw new KqlSemanticError(`${d.Code}: ${d.Message}`, positionAt(query, d.Start));
    }
    setQueryText(query);
    const st: RunState = {
      ctx: { now, geoLookup: this.geoLookup },
      tables: this.tables,
      schemaOf: (name) => this.schemas.get(name)?.columns,
      tableNames: () => [...new Set([...this.tables.keys(), ...this.schemas.all().map((t) => t.name)])],
      watchlists: this.watchlists,
      externalData: this.externalData,
      materialized: new Map(),
      renders: [],
      results: [],
      options: {},
      budget: budgetFor({ ...this.limits, ...definedFields(options.limits ?? {}) }),
    };
    st.ctx.budget = st.budget;
    const bound = new Map<string, Binding>();
    st.databaseFunction = (name) => {
      const hit = bound.get(name);
      if (hit) return hit;
      const decl = this.functionDeclaration(name, globals);
      if (!decl) return undefined;
      // Evaluated in its own scope: a function body sees its parameters and the database, not the caller's lets.
      const b: Binding = { kind: 'function', decl, env: new Env(undefined, st.databaseFunction) };
      bound.set(name, b);
      return b;
    };
    try {
      const t = runQueryBlock(code.Syntax, st);
      this.lastRenders = st.renders;
      this.lastResults = st.results.length ? st.results : [{ name: 'PrimaryResult', table: t }];
      return t;
    } catch (e) {
      if (e instanceof KqlError) throw e;
      if (isStackOverflow(e)) throw new KqlRuntimeError(STACK_OVERFLOW);
      throw new KqlRuntimeError(`engine error: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  /** The bound FunctionDeclaration node of a registered function, parsed once per globals. */
  private functionDeclaration(name: string, globals: unknown): unknown {
    const fn = this.functions.get(name);
    if (!fn) return undefined;
    const cached = this.functionTrees.get(name);
    if (cached && cached.globals === globals) return cached.decl;
    // One header line, then the body: positions inside the body are reported as lines of the function's query.
    const text = `let ${name} = ${fn.parameters} ${fn.body};\nprint 0`;
    const headerLines = (fn.parameters.match(/\n/g) ?? []).length + 1;
    const code = kusto().KustoCode.ParseAndAnalyze(text, globals);
    const all = code.GetDiagnostics();
    for (let i = 0; i < all.Count; i++) {
      const d = all.getItem(i);
      if (String(d.Severity).toLowerCase() !== 'error') continue;
      const p = positionAt(text, d.Start);
      throw new KqlSemanticError(`${d.Code}: ${d.Message}`, { ...p, line: p.line - headerLines, source: `function ${name}` });
    }
    registerTreeText(code.Syntax, text, `function ${name}`, headerLines);
    const letStmt = elems(code.Syntax.Statements).find((s) => kindName(s) === 'LetStatement');
    const decl = letStmt?.Expression;
    if (!decl || kindName(decl) !== 'FunctionDeclaration') throw new KqlRuntimeError(`function ${name}: its body did not parse as a function declaration`);
    this.functionTrees.set(name, { globals, decl });
    return decl;
  }

  run(query: string, options: RunOptions): QueryResult {
    const t = this.runTable(query, options);
    // The wire form is serialised as JSON by every caller: a value the query built past the nesting limit is
    // refused here, by column and row, instead of overflowing the stack in the caller's JSON.stringify.
    t.columns.forEach((c, ci) => {
      if (c.type !== 'dynamic') return;
      const col = t.data[ci]!;
      for (let r = 0; r < t.rowCount; r++) if (exceedsDynamicDepth(col[r])) throw new KqlRuntimeError(`result column ${c.name}, row ${r + 1}: ${tooDeepMessage()}`);
    });
    const rows: unknown[][] = new Array(t.rowCount);
    for (let r = 0; r < t.rowCount; r++) rows[r] = t.columns.map((c, ci) => toWire(c.type, t.data[ci]![r]));
    return { columns: t.columns.map((c) => ({ name: c.name, type: c.type })), rows };
  }
}
