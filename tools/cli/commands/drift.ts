import type { Command } from 'commander';
import { formatDiagnostics } from '../../util/diagnostics.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { parseConcurrency } from './deploy.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/** `cdr drift`: which deployed items were changed in the workspace since our deploy. Exit 1 on drift (for a scheduled CI job). */
export function registerDrift(program: Command): void {
  program
    .command('drift')
    .description('report deployed items changed in the workspaces since the last deploy (exit 1 on drift, 2 on errors)')
    .option('--targets <file>', 'targets file', 'cdr.targets.yaml')
    .option('--target <name>', 'only this target (repeatable)', collect, [])
    .option('--format <format>', 'text | json | sarif', 'text')
    .option('--output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--concurrency <n>', 'targets in parallel', '4')
    .option('--arm-endpoint <url>', 'Resource Manager endpoint (default AZURE_RESOURCE_MANAGER_ENDPOINT or the public cloud)')
    .option('--root <dir>', 'content root (default: the project)')
    .action(async (opts: { targets: string; target: string[]; format: string; output?: string; concurrency: string; armEndpoint?: string; root?: string }) => {
      if (!['text', 'json', 'sarif'].includes(opts.format)) { process.stderr.write(`cdr drift: unknown --format ${opts.format} (text | json | sarif)\n`); process.exitCode = 2; return; }
      let concurrency: number;
      try { concurrency = parseConcurrency(opts.concurrency); } catch (e) { process.stderr.write(`cdr drift: ${(e as Error).message}\n`); process.exitCode = 2; return; }
      // Loaded on use: the Azure SDKs are not needed by the other commands.
      const { runFleet } = await import('../../deploy/index.js');
      const { deployDocument, driftSarif, driftText, isDrift } = await import('../../deploy/report.js');
      let r: Awaited<ReturnType<typeof runFleet>>;
      // Exit 1 means drift to a scheduled job; anything unexpected must not look like it.
      try { r = await runFleet({ mode: 'plan', targetsFile: opts.targets, targetNames: opts.target, concurrency, root: opts.root, armEndpoint: opts.armEndpoint }); } catch (e) {
        process.stderr.write(`cdr drift: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 2;
        return;
      }
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) {
        process.stderr.write(formatDiagnostics(r.diagnostics, 'text') + '\n');
        process.stderr.write(`cdr drift: ${errors.length} error(s); nothing was read from Azure\n`);
        process.exitCode = 2;
        return;
      }
      const report = opts.format === 'json' ? JSON.stringify(deployDocument(r, isDrift), null, 2) : opts.format === 'sarif' ? driftSarif(r) : driftText(r);
      if (opts.output) writeFileAtomic(opts.output, report + '\n'); else process.stdout.write(report + '\n');
      const failed = r.targets.filter((t) => t.error);
      if (failed.length && opts.format !== 'text') for (const t of failed) process.stderr.write(`cdr drift: ${t.name}: ${t.error}\n`);
      process.exitCode = failed.length ? 2 : r.targets.some((t) => t.items.some(isDrift)) ? 1 : 0;
    });
}
