import type { Command } from 'commander';
import { DEFAULT_CASES, loadCases, ParityUsageError, renderParityText, runParity } from '../../live/parity/index.js';
import { openWorkspace, LiveSetupError } from '../../live/connect.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { startProgress } from '../../util/progress.js';

const collect = (v: string, prev: string[]) => [...prev, v];

interface ParityOptions { target: string; targets?: string; cases?: string; case: string[]; format: string; output?: string; quiet?: boolean }

/** `cdr parity`: the embedded engine against a workspace on self-contained queries (see docs/live.md). */
export function registerParity(program: Command): void {
  program
    .command('parity')
    .description('run self-contained queries (datatable/print/range) on a workspace and on the embedded engine and report every difference')
    .requiredOption('--target <name>', 'target of the targets file whose workspace answers (Log Analytics Reader)')
    .option('--targets <file>', 'targets file (default cdr.targets.yaml)')
    .option('--cases <file>', `case file {"cases": [{"id", "query"}]} (default ${DEFAULT_CASES.replace(/.*tools/, 'tools')})`)
    .option('--case <id>', 'only this case; repeat for several', collect, [])
    .option('--format <format>', 'text | json', 'text')
    .option('--output <file>', 'write the report to this file (atomically) instead of stdout')
    .option('--quiet', 'no progress bar')
    .action(async (opts: ParityOptions) => {
      try {
        if (!['text', 'json'].includes(opts.format)) throw new ParityUsageError(`--format must be text or json (got '${opts.format}')`);
        let cases = loadCases(opts.cases);
        if (opts.case.length) {
          const unknown = opts.case.filter((id) => !cases.some((c) => c.id === id));
          if (unknown.length) throw new ParityUsageError(unknown.map((id) => `--case ${id}: no such case`).join('\n'));
          cases = cases.filter((c) => opts.case.includes(c.id));
        }
        const ws = openWorkspace(opts.target, { targetsFile: opts.targets });
        const bar = startProgress('parity', cases.length, { quiet: opts.quiet, unit: 'cases' });
        let report;
        try { report = await runParity(cases, { logs: ws.logs, resourceId: ws.resourceId, onCase: (id) => bar.tick(id) }); } finally { bar.done(); }
        const text = opts.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderParityText(report, ws.target.name);
        if (opts.output) { writeFileAtomic(opts.output, text); process.stderr.write(`wrote ${opts.output}: ${report.differ} of ${report.cases} case(s) differ\n`); } else process.stdout.write(text);
        process.exitCode = report.differ ? 1 : 0;
      } catch (e) {
        for (const line of (e as Error).message.split('\n')) process.stderr.write(`cdr parity: ${line}\n`);
        process.exitCode = e instanceof ParityUsageError || e instanceof LiveSetupError ? 2 : 1;
      }
    });
}
