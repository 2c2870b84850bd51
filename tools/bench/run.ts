/**
 * The engine bench: `npm run bench [-- --rows 100000,1000000 --shape <name>]`.
 * Generates SigninLogs and AzureActivity, registers them, times each rule shape (median of 5 runs) and prints
 * one line per shape plus a memory line. Re-spawns itself with --expose-gc so heap figures are after a GC.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KqlEngine } from '../kql/index.js';
import { PROJECT_ROOT } from '../util/paths.js';
import { BENCH_NOW, generateAzureActivity, generateSigninLogs, rawSizeBytes } from './generate.js';

interface Shape { name: string; query: string }

const RUNS = 5;
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function main(argv: string[]): number {
  if (!gc) {
    // --expose-gc cannot be set from inside; run again with it (and enough old space for 1M-row tables).
    const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=6144', fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' });
    return r.status ?? 1;
  }
  const args = parseArgs(argv);
  const shapes = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'tools', 'bench', 'shapes.json'), 'utf8')) as { shapes: Shape[] }).shapes
    .filter((s) => !args.shape || s.name === args.shape);
  if (shapes.length === 0) { process.stderr.write(`bench: no shape named '${args.shape}'\n`); return 2; }
  for (const rows of args.rows) benchSize(rows, shapes);
  return 0;
}

function benchSize(rows: number, shapes: Shape[]): void {
  gc!();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const signins = generateSigninLogs(rows);
  const activity = generateAzureActivity(rows);
  const genMs = performance.now() - t0;
  const raw = rawSizeBytes(signins) + rawSizeBytes(activity);
  const engine = new KqlEngine();
  engine.registerTable('SigninLogs', signins);
  engine.registerTable('AzureActivity', activity);
  gc!();
  const dataHeap = process.memoryUsage().heapUsed - heapBefore;
  print(`bench data rows=${rows} tables=2 generate_ms=${genMs.toFixed(0)} raw_mb=${(raw / MB).toFixed(1)} table_heap_mb=${(dataHeap / MB).toFixed(1)}`);
  let peak = 0;
  for (const s of shapes) {
    const times: number[] = [];
    let outRows = 0;
    let shapePeak = 0;
    try {
      for (let i = 0; i < RUNS; i++) {
        gc!();
        const start = performance.now();
        const t = engine.runTable(s.query, { now: BENCH_NOW });
        times.push(performance.now() - start);
        outRows = t.rowCount;
        // Heap with the result still alive: input tables + result + whatever the run left reachable or ungc'd.
        shapePeak = Math.max(shapePeak, process.memoryUsage().heapUsed - heapBefore);
      }
    } catch (e) {
      print(`bench ${s.name} rows=${rows} error=${oneLine((e as Error).message)}`);
      continue;
    }
    peak = Math.max(peak, shapePeak);
    const med = median(times);
    print(`bench ${s.name} rows=${rows} ms=${med.toFixed(1)} rows_per_s=${Math.round(rows / (med / 1000))} heap_mb=${(shapePeak / MB).toFixed(1)} out_rows=${outRows}`);
  }
  print(`bench memory rows=${rows} raw_mb=${(raw / MB).toFixed(1)} peak_heap_mb=${(peak / MB).toFixed(1)} ratio=${(peak / raw).toFixed(2)} target=<3`);
}

function parseArgs(argv: string[]): { rows: number[]; shape?: string } {
  const out: { rows: number[]; shape?: string } = { rows: [100_000, 1_000_000] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rows') out.rows = argv[++i]!.split(',').map((x) => Number(x.replace(/_/g, '')));
    else if (argv[i] === '--shape') out.shape = argv[++i];
  }
  if (out.rows.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--rows takes positive integers, e.g. --rows 100000,1000000');
  return out;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const print = (s: string) => process.stdout.write(s + '\n');

process.exitCode = main(process.argv.slice(2));
