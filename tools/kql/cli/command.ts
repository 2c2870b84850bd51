/** The `cdr kql` stage entry point: option checks, human mode and batch mode. Returns the exit code. */
import { KqlEngine } from '../index.js';
import type { KqlEngineApi } from '../api.js';
import { formatDatetime, parseDatetime } from '../values.js';
import { msToTicks } from '../ticks.js';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from './format.js';
import { runBatchFile } from './batch.js';
import { limitsFromOptions } from './limits.js';
import { countTableFiles, loadTablesDir, registerTablesDir, type TablesDir } from './tables-dir.js';
import { entryKind } from '../../util/content-file.js';
import { startProgress } from '../../util/progress.js';
import { basename } from 'node:path';
import { loadContent } from '../../content/load.js';
import { parserFunctionDecls } from '../../content/parsers.js';

export interface KqlCommandOptions {
  tables?: string;
  /** Content root whose Parsers/ are declared as functions (default: the project). */
  root?: string;
  now?: string;
  format?: string;
  batch?: string;
  out?: string;
  quiet?: boolean;
  /** Engine resource limits (./limits.ts). */
  maxRows?: string;
  maxMemory?: string;
  /** Options on the command line that `cdr kql` does not know (reported with the other usage errors). */
  unknownOptions?: string[];
}

export interface Io { stdout: (s: string) => void; stderr: (s: string) => void }

export const EXIT_OK = 0;
export const EXIT_QUERY_FAILED = 1;
export const EXIT_USAGE = 2;

export function runKqlCommand(query: string | undefined, opts: KqlCommandOptions, io: Io, makeEngine: () => KqlEngineApi = () => new KqlEngine()): number {
  const usage = usageErrors(query, opts);
  if (usage.length) {
    for (const u of usage) io.stderr(`cdr kql: ${u}\n`);
    return EXIT_USAGE;
  }
  // The solution's parsers are callable like the workspace functions they are deployed as.
  const functions = parserFunctionDecls(loadContent(opts.root).parsers);
  const { limits } = limitsFromOptions(opts);
  const newEngine = () => { const e = makeEngine(); e.registerFunctions(functions); e.setLimits(limits); return e; };
  let baseTables: TablesDir | undefined;
  if (opts.tables) {
    const bar = startProgress('loading --tables', countTableFiles(opts.tables), { quiet: opts.quiet, unit: 'files' });
    try {
      baseTables = loadTablesDir(opts.tables, (file) => bar.tick(basename(file)));
    } catch (e) {
      bar.done();
      io.stderr(`cdr kql: --tables: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
    bar.done();
  }
  if (opts.batch) {
    try {
      const s = runBatchFile(opts.batch, opts.out!, { newEngine, baseTables, defaultNow: opts.now });
      io.stderr(`cdr kql: ${s.lines} queries, ${s.failed} failed; results in ${opts.out}\n`);
      return EXIT_OK;
    } catch (e) {
      io.stderr(`cdr kql: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  // Human mode is the one place the clock is read, and the value used is always shown.
  const now = opts.now ?? formatDatetime(msToTicks(Date.now()));
  io.stderr(`now: ${now}\n`);
  try {
    const engine = newEngine();
    registerTablesDir(engine, baseTables);
    const r = engine.run(query!, { now });
    io.stdout(formatResult(r, (opts.format ?? 'table') as OutputFormat));
    return EXIT_OK;
  } catch (e) {
    io.stderr(`cdr kql: ${(e as Error).message}\n`);
    return EXIT_QUERY_FAILED;
  }
}

/** All usage problems at once. */
function usageErrors(query: string | undefined, o: KqlCommandOptions): string[] {
  const errs: string[] = [...(o.unknownOptions ?? []), ...limitsFromOptions(o).errors];
  if (o.batch) {
    if (query !== undefined) errs.push('give either a query or --batch, not both');
    if (!o.out) errs.push('--batch needs --out <out.jsonl>');
  } else {
    if (query === undefined || query.trim() === '') errs.push('missing query (or use --batch IN.jsonl --out OUT.jsonl)');
    if (o.out) errs.push('--out is only for --batch');
  }
  if (o.format !== undefined && !OUTPUT_FORMATS.includes(o.format as OutputFormat)) errs.push(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got '${o.format}'`);
  if (o.now !== undefined && parseDatetime(o.now) === undefined) errs.push(`--now is not an ISO-8601 datetime: '${o.now}'`);
  if (o.tables !== undefined) {
    const kind = entryKind(o.tables);
    if (kind === 'missing' || kind === 'dangling') errs.push(`--tables ${o.tables}: folder not found (expected a folder of <Table>.json / .csv / .jsonl table files)`);
    else if (kind !== 'directory') errs.push(`--tables ${o.tables} is a file, not a folder (expected a folder of <Table>.json / .csv / .jsonl table files)`);
  }
  return errs;
}
