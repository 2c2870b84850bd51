/**
 * The engine bench, side by side with DuckDB: `npm run bench [-- --rows 1000000 --shape <name> --runs 5]`.
 * Generates the tables each shape reads, registers them with our engine and loads the same rows into DuckDB
 * (threads=2), then per shape alternates our run and DuckDB's (so machine load hits both alike) and prints the
 * medians and their ratio (after one untimed warm-up run of each). Peak memory of our engine per shape is measured in a child process (./memory.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KqlEngine } from '../kql/index.js';
import { PROJECT_ROOT } from '../util/paths.js';
import { BENCH_NOW, rawSizeBytes } from './generate.js';
import { generateTables } from './datasets.js';
import { loadTable, openReferenceDb, runReference } from './duckdb.js';
import { measurePeakMemory, runMemoryChild } from './memory.js';
import { formatTable, type ShapeResult } from './report.js';

export interface Shape { name: string; tables: string[]; query: string; sql: string }

const MB = 1024 * 1024;
const THREADS = 2;

export function loadShapes(): Shape[] {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'tools', 'bench', 'shapes.json'), 'utf8')) as { shapes: Shape[] }).shapes;
}

interface Args { rows: number[]; shape?: string; runs: number; memory: boolean; memoryChild: boolean }

function parseArgs(argv: string[]): Args {
  const out: Args = { rows: [1_000_000], runs: 5, memory: true, memoryChild: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rows') out.rows = argv[++i]!.split(',').map((x) => Number(x.replace(/_/g, '')));
    else if (a === '--shape') out.shape = argv[++i];
    else if (a === '--runs') out.runs = Number(argv[++i]);
    else if (a === '--no-memory') out.memory = false;
    else if (a === '--memory-child') out.memoryChild = true;
    else throw new Error(`bench: unknown option '${a}' (options: --rows N[,N...], --shape NAME, --runs N, --no-memory)`);
  }
  if (out.rows.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--rows takes positive integers, e.g. --rows 100000,1000000');
  if (!Number.isInteger(out.runs) || out.runs < 1) throw new Error('--runs takes a positive integer');
  return out;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const shapes = loadShapes().filter((s) => !args.shape || s.name === args.shape);
  if (shapes.length === 0) { process.stderr.write(`bench: no shape named '${args.shape}'\n`); return 2; }
  if (args.memoryChild) return runMemoryChild(shapes[0]!, args.rows[0]!);
  for (const rows of args.rows) await benchSize(rows, shapes, args);
  return 0;
}

async function benchSize(rows: number, shapes: Shape[], args: Args): Promise<void> {
  const t0 = performance.now();
  const tables = generateTables(new Set(shapes.flatMap((s) => s.tables)), rows);
  const engine = new KqlEngine();
  for (const [name, t] of tables) engine.registerTable(name, t);
  const db = await openReferenceDb(THREADS);
  for (const [name, t] of tables) await loadTable(db, name, t);
  const rawBytes = (names: string[]) => names.reduce((s, n) => s + rawSizeBytes(tables.get(n)!), 0);
  print(`bench data rows=${rows} tables=${[...tables.keys()].join(',')} setup_ms=${(performance.now() - t0).toFixed(0)} raw_mb=${(rawBytes([...tables.keys()]) / MB).toFixed(1)} duckdb_threads=${THREADS}`);
  const results: ShapeResult[] = [];
  for (const s of shapes) {
    const ours: number[] = [], ref: number[] = [];
    let ourRows = -1, refRows = -1;
    try {
      // One untimed run each first: parse/bind caches, JIT, DuckDB's first-query work.
      engine.runTable(s.query, { now: BENCH_NOW });
      await runReference(db, s.sql);
      for (let i = 0; i < args.runs; i++) {
        let start = performance.now();
        ourRows = engine.runTable(s.query, { now: BENCH_NOW }).rowCount;
        ours.push(performance.now() - start);
        start = performance.now();
        refRows = await runReference(db, s.sql);
        ref.push(performance.now() - start);
      }
    } catch (e) {
      print(`bench ${s.name} rows=${rows} error=${oneLine((e as Error).message)}`);
      continue;
    }
    const r: ShapeResult = { shape: s.name, rows, oursMs: median(ours), refMs: median(ref), ourRows, refRows, rawBytes: rawBytes(s.tables) };
    if (args.memory) r.memory = measurePeakMemory(s.name, rows);
    results.push(r);
    const q = r.memory?.queryPeakBytes;
    const mem = r.memory ? ` peak_mb=${(r.memory.peakBytes / MB).toFixed(0)} data_mb=${(r.memory.dataBytes / MB).toFixed(0)} raw_mb=${(r.rawBytes / MB).toFixed(0)} peak_vs_raw=${(r.memory.peakBytes / r.rawBytes).toFixed(2)}${q === undefined ? '' : ` query_peak_mb=${(q / MB).toFixed(0)} query_peak_vs_raw=${(q / r.rawBytes).toFixed(2)}`}` : '';
    print(`bench ${s.name} rows=${rows} ours_ms=${r.oursMs.toFixed(0)} duckdb_ms=${r.refMs.toFixed(0)} ratio=${(r.oursMs / r.refMs).toFixed(1)} out_rows=${ourRows}${mem}`);
    if (ourRows !== refRows) print(`bench ${s.name} WARNING: our result has ${ourRows} rows, DuckDB's ${refRows}: the shapes are not equivalent`);
  }
  db.close();
  print('');
  print(formatTable(results));
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const print = (s: string) => process.stdout.write(s + '\n');

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`); process.exitCode = 1; });
