/**
 * Peak memory of one shape, measured in a child process so nothing else (DuckDB, other shapes' garbage) is
 * counted: the child loads the engine and binds a query (the Kusto.Language library is resident), records its
 * resident set size, generates and registers the shape's tables, runs the shape once and reports the process's
 * maximum resident set size. Peak = max RSS - RSS before the data: the data plus everything the run needed, but
 * also the generator's own garbage (the maximum can be reached while generating, before the query runs).
 *
 * So the query's own peak is measured too, from the V8 heap: the child runs with --trace-gc and marks where the
 * query starts and ends; every collection in between reports the heap in use when it started (the most memory
 * held since the previous collection), and the heap at the end is one more sample. `queryPeakBytes` is the
 * largest of them plus typed-array memory, minus the heap before the data (the engine and the KQL library): the
 * registered data plus everything the query held at once.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KqlEngine } from '../kql/index.js';
import { BENCH_NOW } from './generate.js';
import { generateTables } from './datasets.js';
import type { Shape } from './run.js';

const QUERY_START = 'cdr-bench-query-start';
const QUERY_END = 'cdr-bench-query-end';
const MB = 1024 * 1024;

export interface PeakMemory { peakBytes: number; dataBytes: number; queryPeakBytes?: number }

export function measurePeakMemory(shape: string, rows: number): PeakMemory | undefined {
  const runJs = fileURLToPath(new URL('./run.js', import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', '--trace-gc', '--max-old-space-size=16384', runJs, '--memory-child', '--shape', shape, '--rows', String(rows)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = r.stdout.split('\n');
  const line = lines.find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) { process.stderr.write(`bench: memory child for ${shape} failed: ${r.stderr.slice(0, 500)}\n`); return undefined; }
  const result = JSON.parse(line) as PeakMemory & { heapAtEndBytes: number; externalBytes: number; baselineBytes: number };
  // Heap in use when each collection during the query started ("Scavenge 512.3 (530.1) -> ...": 512.3 MB).
  const from = lines.indexOf(QUERY_START), to = lines.indexOf(QUERY_END);
  let peakHeap = result.heapAtEndBytes;
  for (const l of lines.slice(from + 1, to)) {
    const m = /: (?:Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact|Mark-Compact \(reduce\))[^0-9]*([0-9.]+) \(/.exec(l);
    if (m) peakHeap = Math.max(peakHeap, Number(m[1]) * MB);
  }
  return { peakBytes: result.peakBytes, dataBytes: result.dataBytes, queryPeakBytes: from >= 0 && to > from ? peakHeap + result.externalBytes - result.baselineBytes : undefined };
}

export function runMemoryChild(shape: Shape, rows: number): number {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const engine = new KqlEngine();
  engine.runTable('print x = 1', { now: BENCH_NOW }); // load and warm the parser/binder before the baseline
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = usedBytes();
  for (const [name, t] of generateTables(new Set(shape.tables), rows)) engine.registerTable(name, t);
  gc();
  const dataBytes = usedBytes() - heapBefore;
  process.stdout.write(QUERY_START + '\n');
  engine.runTable(shape.query, { now: BENCH_NOW });
  const { heapUsed: heapAtEndBytes, arrayBuffers: externalBytes } = process.memoryUsage();
  process.stdout.write(QUERY_END + '\n');
  const peakBytes = process.resourceUsage().maxRSS * 1024 - rssBefore;
  process.stdout.write(JSON.stringify({ peakBytes, dataBytes, heapAtEndBytes, externalBytes, baselineBytes: heapBefore }) + '\n');
  return 0;
}

/** V8 heap plus typed-array backing stores. */
function usedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
