/** Name bindings while translating a query: let variables, tabular values, user functions, inlined parameters. */
import type { KqlType, Table } from '../types.js';
import type { Node } from './syntax.js';
import type { EvalContext } from '../registry.js';
import type { QueryBudget } from '../budget.js';

export type RowFn = (i: number) => unknown;
/** A scalar expression compiled against one input table. */
export interface CExpr { type: KqlType; fn: RowFn; isConst: boolean; value?: unknown }

export type Binding =
  | { kind: 'scalar'; type: KqlType; value: unknown }
  | { kind: 'tabular'; get: () => Table }
  | { kind: 'function'; decl: Node; env: Env }
  | { kind: 'rowfn'; expr: CExpr };

export class Env {
  private readonly vars = new Map<string, Binding>();
  /** `resolve` (root scopes only) supplies names the query does not bind itself: database functions. */
  constructor(readonly parent?: Env, private readonly resolve?: (name: string) => Binding | undefined) {}
  get(name: string): Binding | undefined { return this.vars.get(name) ?? (this.parent ? this.parent.get(name) : this.resolve?.(name)); }
  set(name: string, b: Binding): void { this.vars.set(name, b); }
  child(): Env { return new Env(this); }
  /** Every name visible from this scope (inner scopes shadow outer ones). */
  visible(): Map<string, Binding> {
    const out = this.parent ? this.parent.visible() : new Map<string, Binding>();
    for (const [k, v] of this.vars) out.set(k, v);
    return out;
  }
}

export interface WatchlistData { columns: string[]; rows: string[][]; searchKey: string }

/** Request properties a query's `set` statements gave (compile/set-options.ts). */
export interface QueryOptions {
  takeMaxRecords?: number;
  truncationMaxRecords?: number;
  noTruncation?: boolean;
  binAutoSize?: unknown;
  binAutoAt?: unknown;
}

/** Everything a run can read: registered tables, watchlists, the pinned now. */
export interface RunState {
  ctx: EvalContext;
  tables: Map<string, Table>;
  /** Tables the binder knows (project schemas) but nobody registered: empty with their schema. */
  schemaOf: (name: string) => { name: string; type: KqlType }[] | undefined;
  /** Every table of the database: registered ones and those the binder knows by schema (empty here). */
  tableNames?: () => string[];
  watchlists: Map<string, WatchlistData>;
  externalData: Map<string, string>;
  /** materialize() cache keyed by syntax node start. */
  materialized: Map<Node, Table>;
  /** Database functions with a KQL body (the solution's parsers), bound lazily by name. */
  databaseFunction?: (name: string) => Binding | undefined;
  /** `render` operators met, recorded for the caller. */
  renders: string[];
  /**
   * The table `pack_all()` packs while an operator is being compiled: the operator's input, so the columns an
   * `extend` adds are not seen by a pack_all() of the same extend (pack-all-function.md's example).
   */
  packAllInput?: Table;
  /** Extra result tables of operators that return several (fork, facet), in order; empty otherwise. */
  results: { name: string; table: Table }[];
  /** Request properties set by `set` statements (compile/set-options.ts). */
  options: QueryOptions;
  /** The query's resource budget: operators charge the rows they are about to materialise (../budget.ts). */
  budget: QueryBudget;
  /** While compiling an expression over aggregates (summarize x = sum(a) / 2): aggregate call node -> column name. */
  aggSubst?: Map<Node, string>;
}

export function constExpr(type: KqlType, value: unknown): CExpr {
  return { type, fn: () => value, isConst: true, value };
}
