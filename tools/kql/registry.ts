/**
 * The function registry. Every KQL scalar function and aggregate is declared once, in its family file under
 * tools/kql/functions/, as a signature a reader can scan plus a named implementation (kusto-loco is the model):
 *
 *   scalar('substring(string: string, start: integer, length?: integer): string',
 *     function substring(text: string, start: number, length: number | undefined) { ... });
 *
 * The implementation is a pure per-value function: it receives the argument values positionally (an optional
 * argument not given is `undefined`; a repeated `name: type...` parameter, always the last, arrives as an array)
 * followed by a `Call` (binder types of this call site, the pinned now). One shared lifting layer
 * (compile/call.ts) iterates columns, propagates nulls, coerces `string` parameters and folds constants.
 * Names are the KQL names; the parameter names are Kusto.Language's (test/unit/registry.test.ts checks them).
 */
import type { KqlType } from './types.js';

/** What an implementation may read besides its arguments. */
export interface EvalContext {
  /** The pinned now(), in ticks. */
  now: bigint;
  /** Geo lookup registered by the caller (geo_info_from_ip_address); undefined when none. */
  geoLookup?: (ip: string) => Record<string, unknown> | null;
  /** The run's resource budget (budget.ts): functions that build large values charge them. */
  budget?: { chargeValues(count: number, bytesEach: number): void };
}

/** A call site as the implementation sees it: the binder's argument and result types, and the run context. */
export interface Call {
  ctx: EvalContext;
  argTypes: KqlType[];
  resultType: KqlType;
}

/**
 * Parameter types, with Kusto.Language's meaning. A `string` parameter receives the text form of whatever the
 * argument is (tostring semantics: a dynamic value arrives as its JSON text); the others are passed unchanged.
 */
export type ParamType = KqlType | 'scalar' | 'number' | 'integer' | 'summable' | 'orderable' | 'array' | 'bag';
const PARAM_TYPES = new Set<string>(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic',
  'scalar', 'number', 'integer', 'summable', 'orderable', 'array', 'bag']);

export interface Param { name: string; type: ParamType; optional: boolean; repeated: boolean }

/**
 * The declared result: a concrete type, or a description of a type the binder computes from the arguments
 * (`same as value`, `scalar`, `array`, ...). At run time the binder's resolved type of the call is authoritative.
 */
export type ResultDecl = string;

export interface Signature { name: string; params: Param[]; returns: ResultDecl; minArgs: number; maxArgs: number }

/** Null handling: `propagate` (default: a null argument gives a null result without calling the implementation) or `handled`. */
export type NullHandling = 'propagate' | 'handled';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScalarImpl = (...args: any[]) => unknown;

export interface ScalarFunction extends Signature {
  aliases: string[];
  nulls: NullHandling;
  /** True for functions whose value differs per call even with equal inputs (new_guid, rand): never constant-folded. */
  volatile: boolean;
  /** Called as impl(arg0, ..., argN-1, call) with N the declared parameter count. */
  impl: ScalarImpl;
}

/** Group rows (indexes into the argument columns). */
export type Rows = ArrayLike<number>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AggregateImpl = (rows: Rows, ...columnsThenCall: any[]) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RowPicker = (rows: Rows, ...columnsThenCall: any[]) => number;

/**
 * An aggregate: every argument expression is evaluated once over the whole input into a column; the
 * implementation receives the group's row indexes, then one column per declared parameter, then the Call.
 * Row pickers (arg_max, arg_min, take_any) return the row supplying the group's output columns (-1: none).
 */
export interface AggregateFunction extends Signature {
  aliases: string[];
  impl?: AggregateImpl;
  pickRow?: RowPicker;
}

const SIGNATURE_RE = /^\s*([a-z_][a-z0-9_]*)\s*\(([^)]*)\)\s*:\s*(.+?)\s*$/;
const PARAM_RE = /^([A-Za-z_][A-Za-z0-9_]*)(\?)?\s*:\s*([a-z]+)(\.\.\.)?$/;

/** Parse `name(p1: type, p2?: type, rest: type...): result`. Throws on a malformed declaration (a bug in a family file). */
export function parseSignature(text: string): Signature {
  const m = SIGNATURE_RE.exec(text);
  if (!m) throw new Error(`KQL registry: malformed signature '${text}'`);
  const params: Param[] = m[2]!.trim() === '' ? [] : m[2]!.split(',').map((p) => {
    const pm = PARAM_RE.exec(p.trim());
    if (!pm || !PARAM_TYPES.has(pm[3]!)) throw new Error(`KQL registry: malformed parameter '${p.trim()}' in '${text}'`);
    return { name: pm[1]!, optional: pm[2] === '?', type: pm[3] as ParamType, repeated: pm[4] === '...' };
  });
  params.forEach((p, i) => {
    if (p.repeated && i !== params.length - 1) throw new Error(`KQL registry: only the last parameter may repeat, in '${text}'`);
    if (!p.optional && !p.repeated && params.slice(0, i).some((q) => q.optional)) throw new Error(`KQL registry: required parameter after an optional one in '${text}'`);
  });
  const required = params.filter((p) => !p.optional && !p.repeated).length;
  const last = params[params.length - 1];
  const repeatedMin = last?.repeated && !last.optional ? 1 : 0;
  return {
    name: m[1]!,
    params,
    returns: m[3]!,
    minArgs: required + repeatedMin,
    maxArgs: last?.repeated ? 1000 : params.length,
  };
}

export interface ScalarOptions { aliases?: string[]; nulls?: NullHandling; volatile?: boolean }

/** Declare a scalar function (see the file comment). */
export function scalar(signature: string, impl: ScalarImpl, options: ScalarOptions = {}): ScalarFunction {
  return { ...parseSignature(signature), impl, aliases: options.aliases ?? [], nulls: options.nulls ?? 'propagate', volatile: options.volatile ?? false };
}

/** Declare an aggregate computing one value per group. */
export function aggregate(signature: string, impl: AggregateImpl, options: { aliases?: string[] } = {}): AggregateFunction {
  return { ...parseSignature(signature), impl, aliases: options.aliases ?? [] };
}

/** Declare an aggregate that picks one row of the group (arg_max-style); the evaluator projects the requested columns from it. */
export function rowPicker(signature: string, pickRow: RowPicker, options: { aliases?: string[] } = {}): AggregateFunction {
  return { ...parseSignature(signature), pickRow, aliases: options.aliases ?? [] };
}

/** The same function under another name (a deprecated or alternative KQL name with its own documentation page). */
export function renamed<T extends ScalarFunction | AggregateFunction>(fn: T, name: string): T {
  return { ...fn, name, aliases: [] };
}

/** Run an aggregate's implementation over one group: impl(rows, column per declared parameter, call). */
export function aggregateGroup(fn: AggregateFunction, rows: Rows, columns: unknown[][], call: Call): unknown {
  const declared = fn.params.length;
  switch (declared) {
    case 0: return fn.impl!(rows, call);
    case 1: return fn.impl!(rows, columns[0], call);
    case 2: return fn.impl!(rows, columns[0], columns[1], call);
    default: { const cols: unknown[] = columns.slice(0, declared); while (cols.length < declared) cols.push(undefined); return fn.impl!(rows, ...cols, call); }
  }
}

const scalars = new Map<string, ScalarFunction>();
const aggregates = new Map<string, AggregateFunction>();

export function registerScalar(...defs: ScalarFunction[]): void {
  for (const d of defs) for (const n of [d.name, ...d.aliases]) {
    if (scalars.has(n)) throw new Error(`KQL function '${n}' registered twice`);
    scalars.set(n, d);
  }
}

export function registerAggregate(...defs: AggregateFunction[]): void {
  for (const d of defs) for (const n of [d.name, ...d.aliases]) {
    if (aggregates.has(n)) throw new Error(`KQL aggregate '${n}' registered twice`);
    aggregates.set(n, d);
  }
}

export function lookupScalar(name: string): ScalarFunction | undefined { return scalars.get(name); }
export function lookupAggregate(name: string): AggregateFunction | undefined { return aggregates.get(name); }
export function registeredScalarNames(): string[] { return [...scalars.keys()].sort(); }
export function registeredAggregateNames(): string[] { return [...aggregates.keys()].sort(); }
