/**
 * Batch mode of `cdr kql`: one query per JSONL input line, one result line per input line, in order.
 * A failing line (bad JSON, bad query, engine error) yields an error line and never stops the batch.
 */
import { readFileSync } from 'node:fs';
import type { KqlEngineApi, QueryResult } from '../api.js';
import type { ColumnSchema } from '../types.js';
import { registerTablesDir, type TablesDir } from './tables-dir.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { toBatchError, type BatchError } from './errors.js';
import { parseDatetime } from '../values.js';

export interface BatchInputLine {
  id: string;
  query: string;
  now?: string;
  tables?: Record<string, { columns: ColumnSchema[]; rows: unknown[][] }>;
}

export interface BatchOutputLine {
  id: string | null;
  columns: ColumnSchema[];
  rows: unknown[][];
  error: BatchError | null;
}

export interface BatchOptions {
  /** A fresh engine per line, so inline tables of one line never leak into the next. */
  newEngine: () => KqlEngineApi;
  /** Tables (and watchlists) from --tables DIR, registered on every line's engine before its inline tables. */
  baseTables?: TablesDir;
  /** --now: used by lines without their own `now`. */
  defaultNow?: string;
}

export interface BatchSummary { lines: number; failed: number }

/** Run every line of a JSONL text; returns the output lines (same order, blank input lines skipped). */
export function runBatchText(text: string, opts: BatchOptions): BatchOutputLine[] {
  const out: BatchOutputLine[] = [];
  const lines = text.split(/\r?\n/);
  const engines = reusingEngines(opts.newEngine);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    out.push(runBatchLine(raw, i + 1, { ...opts, newEngine: engines }));
  });
  return out;
}

type Clearable = KqlEngineApi & { clearTables?: () => void };

/**
 * One engine for the whole batch when it can drop its tables between lines (KqlEngine.clearTables), so binder
 * globals built for a schema set are reused by the next line with the same inline schemas; otherwise a new one
 * per line. Either way a line never sees another line's tables or watchlists.
 */
function reusingEngines(make: () => KqlEngineApi): () => KqlEngineApi {
  let shared: Clearable | undefined;
  return () => {
    shared ??= make() as Clearable;
    if (typeof shared.clearTables !== 'function') return make();
    shared.clearTables();
    return shared;
  };
}

/** Read IN, run it, write OUT atomically (temp file then rename). */
export function runBatchFile(inPath: string, outPath: string, opts: BatchOptions): BatchSummary {
  const text = readFileSync(inPath, 'utf8');
  const results = runBatchText(text, opts);
  writeFileAtomic(outPath, results.map((r) => JSON.stringify(r)).join('\n') + (results.length ? '\n' : ''));
  return { lines: results.length, failed: results.filter((r) => r.error).length };
}

function failure(id: string | null, kind: BatchError['kind'], message: string): BatchOutputLine {
  return { id, columns: [], rows: [], error: { kind, message } };
}

export function runBatchLine(raw: string, lineNo: number, opts: BatchOptions): BatchOutputLine {
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch (e) {
    // No id can be read from an unparseable line: id is null and the message names the input line.
    return failure(null, 'runtime', `input line ${lineNo}: invalid JSON: ${(e as Error).message}`);
  }
  const shapeError = checkShape(input);
  const id = typeof (input as { id?: unknown })?.id === 'string' ? (input as { id: string }).id : null;
  if (shapeError) return failure(id, 'runtime', `input line ${lineNo}: ${shapeError}`);
  const line = input as BatchInputLine;
  const now = line.now ?? opts.defaultNow;
  if (now === undefined) {
    return failure(id, 'runtime', `input line ${lineNo}: no "now" for this query and no --now given (batch mode never reads the clock)`);
  }
  if (parseDatetime(now) === undefined) return failure(id, 'runtime', `input line ${lineNo}: "now" is not an ISO-8601 datetime: ${JSON.stringify(now)}`);
  try {
    const engine = opts.newEngine();
    registerTablesDir(engine, opts.baseTables);
    for (const [name, t] of Object.entries(line.tables ?? {})) engine.registerWireTable(name, t.columns, t.rows);
    const r: QueryResult = engine.run(line.query, { now });
    return { id, columns: r.columns, rows: r.rows, error: null };
  } catch (e) {
    return { id, columns: [], rows: [], error: toBatchError(e) };
  }
}

const TYPES = new Set(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic']);

/** The input line's shape, checked field by field; returns the first problem or undefined. */
function checkShape(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object {"id", "query", "now"?, "tables"?}';
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string') return '"id" must be a string';
  if (typeof o.query !== 'string') return '"query" must be a string';
  if (o.now !== undefined && typeof o.now !== 'string') return '"now" must be an ISO-8601 string';
  if (o.tables === undefined) return undefined;
  if (typeof o.tables !== 'object' || o.tables === null || Array.isArray(o.tables)) return '"tables" must be an object of name -> {columns, rows}';
  for (const [name, t] of Object.entries(o.tables as Record<string, unknown>)) {
    const tt = t as { columns?: unknown; rows?: unknown };
    if (typeof tt !== 'object' || tt === null || !Array.isArray(tt.columns) || !Array.isArray(tt.rows)) return `tables.${name} must be {"columns": [...], "rows": [[...]]}`;
    for (const c of tt.columns as unknown[]) {
      const cc = c as { name?: unknown; type?: unknown };
      if (typeof cc?.name !== 'string' || typeof cc.type !== 'string' || !TYPES.has(cc.type)) {
        return `tables.${name}.columns: each column needs "name" and a KQL "type" (${[...TYPES].join(', ')}), got ${JSON.stringify(c)}`;
      }
    }
    const width = (tt.columns as unknown[]).length;
    const bad = (tt.rows as unknown[]).findIndex((r) => !Array.isArray(r) || r.length !== width);
    if (bad >= 0) return `tables.${name}.rows[${bad}] must be an array of ${width} values`;
  }
  return undefined;
}
