/**
 * The per-query resource budget (issue 10, "Engine resource limits"), modelled on Kusto's query limits
 * (query-limits.md): a runaway operator fails with a clear error instead of exhausting the process.
 *
 * One QueryBudget is created per run (engine.ts, in the run state). Every operator that can multiply rows
 * (join, lookup, mv-expand, mv-apply, range, union, make-series, summarize, top-nested, scan, partition) asks
 * it BEFORE materialising its output (`charge`), with the row count it is about to produce and an estimate of
 * the bytes per row; the evaluator also charges every operator's output after the fact (`chargeTable`), so an
 * operator without its own check is still bounded at the next step.
 *
 * Limits (per operator output, like Kusto's `maxmemoryconsumptionperiterator`):
 * - maxRows: rows one operator may materialise. Default 50,000,000.
 * - maxMemoryBytes: estimated bytes one operator may materialise. Default min(8 GiB, half the V8 heap limit):
 *   on this project's 2-core/24 GB machines Node's default heap is ~4 GiB, so the default is ~2 GiB; an
 *   estimate over the heap itself could never be reached without a crash.
 * - the V8 heap itself: when a charge of 64 MiB or more would take the heap past 90% of its limit, the query
 *   fails (this is the "memory per query per node" guard; it reads v8.getHeapStatistics only for large charges).
 * Raise them with `cdr kql|test|backtest --max-rows N --max-memory SIZE`, KqlEngine.setLimits(), or in the query
 * with `set maxmemoryconsumptionperiterator = BYTES;` (Kusto's rule: when the caller also set a limit, the lower
 * value applies). Raising memory past the heap needs NODE_OPTIONS=--max-old-space-size=MB.
 *
 * The memory estimate is cheap and approximate (documented in docs/kql-limits.md): bytes per value by type
 * (8 for a number/bool/null slot, 32 for a bigint datetime/timespan, 24 + length for a string, dynamic values by a
 * walk of at most DYNAMIC_WALK_NODES nodes), averaged over at most SAMPLE_ROWS rows spread over the table.
 */
import { getHeapStatistics } from 'node:v8';
import { KqlRuntimeError, type QueryPosition } from './errors.js';
import type { Table } from './types.js';

export interface EngineLimits {
  /** Rows one operator may materialise. */
  maxRows: number;
  /** Estimated bytes one operator may materialise. */
  maxMemoryBytes: number;
}

export const DEFAULT_MAX_ROWS = 50_000_000;
const EIGHT_GIB = 8 * 1024 ** 3;
const HEAP_GUARD_MIN_CHARGE = 64 * 1024 ** 2;
const HEAP_GUARD_FRACTION = 0.9;
const SAMPLE_ROWS = 32;
const DYNAMIC_WALK_NODES = 1_000;

export function defaultLimits(): EngineLimits {
  return { maxRows: DEFAULT_MAX_ROWS, maxMemoryBytes: Math.min(EIGHT_GIB, Math.floor(getHeapStatistics().heap_size_limit / 2)) };
}

/** `5000000`, `512MB`, `2GiB`, `1.5g`: bytes (binary units; KB/MB/GB read as KiB/MiB/GiB). undefined if not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const bytes = Math.floor(Number(m[1]) * scale);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** A row count for --max-rows: a positive integer, `_` or `,` separators allowed. */
export function parseRowCount(text: string): number | undefined {
  const s = text.trim().replace(/[_,]/g, '');
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0, v = n;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const count_ = count;

export class QueryBudget {
  /** Set when the caller gave limits explicitly: a `set` statement can then only lower memory (Kusto's rule). */
  constructor(private limits: EngineLimits, private readonly explicit: Partial<EngineLimits> = {}) {}

  get current(): Readonly<EngineLimits> { return this.limits; }

  /** `set maxmemoryconsumptionperiterator = N`: replaces the default; with a caller-given limit the lower wins. */
  setMemoryFromQuery(bytes: number): void {
    const given = this.explicit.maxMemoryBytes;
    this.limits = { ...this.limits, maxMemoryBytes: given !== undefined ? Math.min(given, bytes) : bytes };
  }

  /**
   * Before `operator` materialises `rows` rows of about `bytesPerRow` bytes: throws a KqlRuntimeError naming the
   * operator, its position, the limit and how to raise it when a limit would be exceeded.
   */
  charge(operator: string, at: QueryPosition | undefined, rows: number, bytesPerRow = 0): void {
    const { maxRows, maxMemoryBytes } = this.limits;
    if (rows > maxRows) {
      throw new KqlRuntimeError(`${operator} would materialise ${count(rows)} rows, over the engine's limit of ${count(maxRows)} rows per operator (E_RUNAWAY_QUERY); narrow the query, or raise the limit with --max-rows (engine option maxRows)`, at);
    }
    const bytes = rows * bytesPerRow;
    if (bytes > maxMemoryBytes) {
      throw new KqlRuntimeError(`${operator} would materialise about ${formatBytes(bytes)} (${count(rows)} rows of ~${count(bytesPerRow)} bytes), over the engine's memory limit of ${formatBytes(maxMemoryBytes)} per operator (E_RUNAWAY_QUERY); narrow the query, or raise the limit with --max-memory or \`set maxmemoryconsumptionperiterator\` (engine option maxMemoryBytes)`, at);
    }
    if (bytes >= HEAP_GUARD_MIN_CHARGE) {
      const heap = getHeapStatistics();
      if (heap.used_heap_size + bytes > heap.heap_size_limit * HEAP_GUARD_FRACTION) {
        throw new KqlRuntimeError(`${operator} would materialise about ${formatBytes(bytes)} with ${formatBytes(heap.used_heap_size)} of the Node heap (limit ${formatBytes(heap.heap_size_limit)}) already in use (E_RUNAWAY_QUERY); narrow the query, or give Node a larger heap with NODE_OPTIONS=--max-old-space-size=MB`, at);
      }
    }
  }

  /**
   * Values built by scalar functions that create large arrays (range()), counted over the whole query against
   * the row limit (an array element is a value like a row's) and the memory limit. Throws with no position: the
   * function call adds its name and position (compile/call.ts).
   */
  chargeValues(count: number, bytesEach: number): void {
    this.builtValues += count;
    this.builtBytes += count * bytesEach;
    const { maxRows, maxMemoryBytes } = this.limits;
    if (this.builtValues > maxRows) {
      throw new KqlRuntimeError(`the query's array values reach ${count_(this.builtValues)}, over the engine's limit of ${count_(maxRows)} (E_RUNAWAY_QUERY); narrow the query, or raise the limit with --max-rows (engine option maxRows)`);
    }
    if (this.builtBytes > maxMemoryBytes) {
      throw new KqlRuntimeError(`the query's array values reach about ${formatBytes(this.builtBytes)}, over the engine's memory limit of ${formatBytes(maxMemoryBytes)} (E_RUNAWAY_QUERY); narrow the query, or raise the limit with --max-memory`);
    }
  }

  private builtValues = 0;
  private builtBytes = 0;

  /** After the fact, for a whole output table (the evaluator's check of every operator). */
  chargeTable(operator: string, at: QueryPosition | undefined, t: Table): void {
    if (t.rowCount === 0) return;
    this.charge(operator, at, t.rowCount, t.rowCount > 1024 ? estimateRowBytes(t) : 0);
  }
}

/**
 * Bytes per output row of an operator that copies its input's values by reference (join, lookup, mv-expand,
 * union): a slot per column plus the row-index bookkeeping; the values themselves are shared, not copied.
 */
export function referenceRowBytes(columns: number): number {
  return 8 * columns + 16;
}

/** Average estimated bytes of one row of `t` (all columns, or `columns`), from at most SAMPLE_ROWS rows. */
export function estimateRowBytes(t: Table, columns?: number[]): number {
  const cols = columns ?? t.columns.map((_, i) => i);
  if (t.rowCount === 0 || cols.length === 0) return cols.length * 8;
  const samples = Math.min(SAMPLE_ROWS, t.rowCount);
  const stride = t.rowCount / samples;
  let total = 0;
  for (const c of cols) {
    // A column still pending (an accessor that copies on first read, compile/selection.ts) holds only references
    // to its source's values: a slot per row. Reading it here would copy it and defeat late materialisation.
    if (Object.getOwnPropertyDescriptor(t.data, c)?.get) { total += 8 * samples; continue; }
    const values = t.data[c]!;
    for (let s = 0; s < samples; s++) total += valueBytes(values[Math.floor(s * stride)]);
  }
  return Math.ceil(total / samples);
}

/** Estimated bytes of one value (its column slot included); dynamic values by a walk of bounded size. */
export function valueBytes(v: unknown): number {
  switch (typeof v) {
    case 'string': return 24 + v.length;
    case 'bigint': return 32;
    case 'object': return v === null ? 8 : dynamicBytes(v);
    default: return 8;
  }
}

/**
 * A dynamic value's bytes, walked iteratively (no recursion: values may nest deeply) over at most
 * DYNAMIC_WALK_NODES nodes; arrays always count a slot per element, so a long array is never counted as small.
 */
function dynamicBytes(root: object): number {
  let bytes = 0, visited = 0;
  const stack: unknown[] = [root];
  while (stack.length && visited < DYNAMIC_WALK_NODES) {
    const v = stack.pop();
    visited++;
    if (Array.isArray(v)) { bytes += 32 + 8 * v.length; for (let i = 0; i < v.length && stack.length < DYNAMIC_WALK_NODES; i++) stack.push(v[i]); }
    else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      bytes += 56;
      for (const k of keys) { bytes += 32 + k.length; if (stack.length < DYNAMIC_WALK_NODES) stack.push((v as Record<string, unknown>)[k]); }
    } else bytes += typeof v === 'string' ? 24 + v.length : 8;
  }
  return bytes;
}
