import type { Command } from 'commander';
import { backtestLive, backtestOffline, BacktestUsageError, renderHtml, renderText, type BacktestReport } from '../../backtest/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { startProgress, type Progress } from '../../util/progress.js';
import { addLimitOptions, limitsFromOptions, type LimitOptions } from '../../kql/cli/limits.js';

const collect = (v: string, prev: string[]) => [...prev, v];

interface BacktestOptions extends LimitOptions { rule: string[]; tables: string[]; target?: string; targets?: string; from?: string; to?: string; format: string; output?: string; root?: string; quiet?: boolean }

/** `cdr backtest`: replay Sentinel's scheduler for analytic rules over a period (see docs/live.md). */
export function registerBacktest(program: Command): void {
  addLimitOptions(program
    .command('backtest')
    .description('replay analytic rules over a period as Sentinel schedules them and report alerts per day, incidents, top entities and failed runs')
    .option('--rule <name>', 'only this analytic rule (file base name or display name); repeat for several', collect, [])
    .option('--tables <dir>', 'run offline on the embedded engine over this folder of table files; repeat for several', collect, [])
    .option('--target <name>', 'run live on the workspace of this target of the targets file (Log Analytics Reader)')
    .option('--targets <file>', 'targets file (default cdr.targets.yaml)')
    .option('--from <iso>', 'start of the period (runs are scheduled after it)')
    .option('--to <iso>', 'end of the period (the last run is at or before it)')
    .option('--format <format>', 'text | json | html', 'text')
    .option('--output <file>', 'write the report to this file (atomically) instead of stdout; required for html')
    .option('--root <dir>', 'content root (default: the project)')
    .option('--quiet', 'no progress bar'))
    .action(async (opts: BacktestOptions) => {
      const usage: string[] = [];
      if (!opts.from) usage.push('--from <iso> is required');
      if (!opts.to) usage.push('--to <iso> is required');
      if (!opts.tables.length && !opts.target) usage.push('give --tables <dir> (offline) or --target <name> (live)');
      if (opts.tables.length && opts.target) usage.push('--tables and --target exclude each other');
      if (opts.targets && !opts.target) usage.push('--targets is only used with --target');
      if (!['text', 'json', 'html'].includes(opts.format)) usage.push(`--format must be text, json or html (got '${opts.format}')`);
      if (opts.format === 'html' && !opts.output) usage.push('--format html needs --output <file.html>');
      const { limits, errors: limitErrors } = limitsFromOptions(opts);
      usage.push(...limitErrors);
      if (opts.target && (opts.maxRows !== undefined || opts.maxMemory !== undefined)) usage.push('--max-rows and --max-memory limit the embedded engine: they apply with --tables, not --target');
      if (usage.length) { for (const u of usage) process.stderr.write(`cdr backtest: ${u}\n`); process.exitCode = 2; return; }
      let report: BacktestReport;
      // Runs done, on stderr when it is a terminal (nothing in pipes and CI logs).
      let progress: Progress | undefined;
      const hooks = {
        onPlan: (total: number) => { progress = startProgress('backtest', total, { quiet: opts.quiet, unit: 'runs' }); },
        onRun: (rule: string) => progress?.tick(rule),
      };
      try {
        const common = { root: opts.root, rules: opts.rule, from: opts.from!, to: opts.to! };
        report = opts.target
          ? await backtestLive({ ...common, target: opts.target, targetsFile: opts.targets }, hooks)
          : await backtestOffline({ ...common, tables: opts.tables, limits }, hooks);
      } catch (e) {
        progress?.done();
        for (const line of (e as Error).message.split('\n')) process.stderr.write(`cdr backtest: ${line}\n`);
        process.exitCode = e instanceof BacktestUsageError ? 2 : 1;
        return;
      }
      progress?.done();
      const text = opts.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : opts.format === 'html' ? await renderHtml(report) : renderText(report);
      if (opts.output) {
        writeFileAtomic(opts.output, text);
        process.stderr.write(`wrote ${opts.output}: ${report.totals.alerts} alert(s) from ${report.totals.runs} run(s) of ${report.totals.rules} rule(s), ${report.totals.failedRuns} failed run(s)\n`);
      } else process.stdout.write(text);
      // Failed runs make the exit code non-zero: a backtest with holes must not pass as complete.
      process.exitCode = report.totals.failedRuns ? 1 : 0;
    });
}
