/**
 * Peak memory of one shape, measured in a child process so nothing else (DuckDB, other shapes' garbage) is
 * counted: the child loads the engine and binds a query (the Kusto.Language library is resident), records its
 * resident set size, generates and registers the shape's tables, runs the shape once and reports the process's
 * maximum resident set size. Peak = max RSS - RSS before the data: the data plus everything the run needed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KqlEngine } from '../kql/index.js';
import { BENCH_NOW } from './generate.js';
import { generateTables } from './datasets.js';
import type { Shape } from './run.js';

export interface PeakMemory { peakBytes: number; dataBytes: number }

export function measurePeakMemory(shape: string, rows: number): PeakMemory | undefined {
  const runJs = fileURLToPath(new URL('./run.js', import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', runJs, '--memory-child', '--shape', shape, '--rows', String(rows)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) { process.stderr.write(`bench: memory child for ${shape} failed: ${r.stderr.slice(0, 500)}\n`); return undefined; }
  return JSON.parse(line) as PeakMemory;
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
  engine.runTable(shape.query, { now: BENCH_NOW });
  const peakBytes = process.resourceUsage().maxRSS * 1024 - rssBefore;
  process.stdout.write(JSON.stringify({ peakBytes, dataBytes }) + '\n');
  return 0;
}

/** V8 heap plus typed-array backing stores. */
function usedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
