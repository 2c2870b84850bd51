/**
 * The function registry: every KQL scalar function and aggregate is declared once, in a family file under
 * tools/kql/functions/ (string.ts, datetime.ts, dynamic.ts, math.ts, conversion.ts, ip.ts, aggregates.ts, ...),
 * with its name, arity, and a pure kernel. The evaluator's lifting layer (one place) applies kernels over
 * columns, handles null propagation and reads the binder's resolved result type. Names are the KQL names
 * (lower-case); aliases (e.g. iif/iff, toreal/todouble) point at the same definition.
 */
import type { KqlType } from './types.js';

/** What a kernel may read besides its arguments. */
export interface EvalContext {
  /** The pinned now(), in ticks. */
  now: number;
  /** Geo lookup registered by the caller (geo_info_from_ip_address); undefined when none. */
  geoLookup?: (ip: string) => Record<string, unknown> | null;
}

export interface ScalarFunction {
  name: string;
  aliases?: string[];
  minArgs: number;
  maxArgs: number;
  /**
   * Default true: if any argument is null (string '' is NOT null here) the result is null without calling the
   * kernel. Set false for functions that define their own null behaviour (isnull, coalesce, iff, strcat...).
   */
  nullPropagates?: boolean;
  /**
   * Per-value kernel. `args` are in-memory values (see types.ts), `argTypes` the binder's argument types,
   * `resultType` the binder's result type for this call. Must not allocate per call where avoidable.
   * Return the in-memory value (null for null). Throw KqlRuntimeError only for errors Kusto itself raises.
   */
  kernel: (args: unknown[], ctx: EvalContext, argTypes: KqlType[], resultType: KqlType) => unknown;
  /**
   * Optional: compile-time preparation when some arguments are constants (e.g. a regex pattern), called once
   * per call site; returns a specialised kernel. `constArgs[i]` is undefined when argument i is not constant.
   */
  prepare?: (constArgs: (unknown | undefined)[], argTypes: KqlType[], resultType: KqlType) =>
    ((args: unknown[], ctx: EvalContext, argTypes: KqlType[], resultType: KqlType) => unknown) | undefined;
  /** True for functions whose value differs per call even with equal inputs (new_guid, rand). */
  volatile?: boolean;
}

/**
 * An aggregate over a group. The evaluator evaluates each argument expression over the whole input once
 * (column form), then calls `aggregate` with the argument columns and the group's row indices.
 * arg_max/arg_min/take_any with several outputs are handled by the evaluator using `pickRow`.
 */
export interface AggregateFunction {
  name: string;
  aliases?: string[];
  minArgs: number;
  maxArgs: number;
  /** Compute the aggregate for one group. */
  aggregate: (args: unknown[][], rows: ArrayLike<number>, argTypes: KqlType[], resultType: KqlType, ctx: EvalContext) => unknown;
  /**
   * For arg_max/arg_min/take_any-style aggregates: which row of the group supplies the other columns
   * (-1 when none). When present the evaluator projects the requested columns from that row.
   */
  pickRow?: (args: unknown[][], rows: ArrayLike<number>, argTypes: KqlType[]) => number;
}

const scalars = new Map<string, ScalarFunction>();
const aggregates = new Map<string, AggregateFunction>();

export function registerScalar(...defs: ScalarFunction[]): void {
  for (const d of defs) for (const n of [d.name, ...(d.aliases ?? [])]) {
    if (scalars.has(n)) throw new Error(`KQL function '${n}' registered twice`);
    scalars.set(n, d);
  }
}

export function registerAggregate(...defs: AggregateFunction[]): void {
  for (const d of defs) for (const n of [d.name, ...(d.aliases ?? [])]) {
    if (aggregates.has(n)) throw new Error(`KQL aggregate '${n}' registered twice`);
    aggregates.set(n, d);
  }
}

export function lookupScalar(name: string): ScalarFunction | undefined { return scalars.get(name); }
export function lookupAggregate(name: string): AggregateFunction | undefined { return aggregates.get(name); }
export function registeredScalarNames(): string[] { return [...scalars.keys()].sort(); }
export function registeredAggregateNames(): string[] { return [...aggregates.keys()].sort(); }
