import type { Command } from 'commander';
import { record, RecordUsageError, planRecord } from '../../live/record.js';
import { openWorkspace, LiveSetupError } from '../../live/connect.js';
import { contentGuidLiterals } from '../../live/content-constants.js';
import { startProgress } from '../../util/progress.js';

const list = (v: string, prev: string[]) => [...prev, ...v.split(',').map((x) => x.trim()).filter(Boolean)];

interface RecordOptions { target: string; targets?: string; table: string[]; watchlist: string[]; from: string; to: string; out: string; where?: string; chunk?: string; anonymise?: boolean; keyEnv?: string; root?: string; quiet?: boolean }

/** `cdr record`: workspace rows into a fixture folder, optionally anonymised (see docs/live.md). */
export function registerRecord(program: Command): void {
  program
    .command('record')
    .description('pull rows of workspace tables into a fixture folder (typed by the table schemas, chunked by time, written atomically), optionally anonymised')
    .requiredOption('--target <name>', 'target of the targets file whose workspace is read (Log Analytics Reader)')
    .option('--targets <file>', 'targets file (default cdr.targets.yaml)')
    .requiredOption('--table <T[,T...]>', 'table(s) to record; repeat or separate with commas', list, [])
    .option('--watchlist <alias[,alias...]>', 'watchlist(s) to record into watchlists/<alias>.csv', list, [])
    .requiredOption('--from <iso>', 'start of the period (rows after it)')
    .requiredOption('--to <iso>', 'end of the period (rows at or before it)')
    .requiredOption('--out <dir>', 'new fixture folder to write (must not exist), e.g. test/fixtures/<scenario>')
    .option('--where <kql>', 'KQL predicate applied to every table (e.g. "Caller has \'admin\'")')
    .option('--chunk <duration>', 'time chunk per query (5m, 1h, 1d; default 1d)')
    .option('--anonymise', 'replace identities, addresses, GUIDs and names with keyed pseudonyms')
    .option('--key-env <VAR>', 'environment variable holding the anonymisation key (default CDR_ANONYMISE_KEY)')
    .option('--root <dir>', 'content root whose queries name the GUIDs to keep (default: the project)')
    .option('--quiet', 'no progress bar')
    .action(async (opts: RecordOptions) => {
      const req = { tables: opts.table, watchlists: opts.watchlist, from: opts.from, to: opts.to, out: opts.out, where: opts.where, chunk: opts.chunk, anonymise: opts.anonymise, keyEnv: opts.keyEnv };
      try {
        const plan = planRecord(req);
        const ws = openWorkspace(opts.target, { targetsFile: opts.targets });
        const chunks = Number((plan.to - plan.from + plan.chunk - 1n) / plan.chunk) * plan.tables.length;
        const bar = startProgress('record', chunks, { quiet: opts.quiet, unit: 'chunks' });
        let summary;
        try {
          summary = await record({ ...req, keep: opts.anonymise ? contentGuidLiterals(opts.root) : [], onChunk: (t, rows) => bar.tick(`${t} +${rows}`) }, ws.logs, ws.resourceId);
        } finally { bar.done(); }
        for (const t of summary.tables) process.stderr.write(`  ${t.table}: ${t.rows} row(s) in ${t.chunks} chunk(s)${t.truncatedChunks ? `, ${t.truncatedChunks} split after truncation` : ''}\n`);
        for (const w of summary.watchlists) process.stderr.write(`  watchlist ${w.alias}: ${w.rows} row(s)\n`);
        if (summary.anonymised) process.stderr.write(`  anonymised: ${Object.entries(summary.anonymised).map(([c, n]) => `${c} ${n.distinct} distinct / ${n.replaced} replaced`).join(', ')}\n`);
        for (const n of summary.notes) process.stderr.write(`  note: ${n}\n`);
        process.stderr.write(`wrote ${opts.out}\n`);
        process.exitCode = 0;
      } catch (e) {
        for (const line of (e as Error).message.split('\n')) process.stderr.write(`cdr record: ${line}\n`);
        process.exitCode = e instanceof RecordUsageError || e instanceof LiveSetupError ? 2 : 1;
      }
    });
}
