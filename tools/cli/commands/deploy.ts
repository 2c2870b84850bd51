import type { Command } from 'commander';
import { formatDiagnostics } from '../../util/diagnostics.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function parseConcurrency(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--concurrency: expected an integer from 1 to 64, got '${v}'`);
  return n;
}

/** `cdr deploy`: plan, deploy and prune the solution across the workspaces of a targets file. */
export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    .description('deploy the built content to every workspace of a targets file (create/update what differs; --plan changes nothing)')
    .option('--targets <file>', 'targets file', 'cdr.targets.yaml')
    .option('--target <name>', 'only this target (repeatable)', collect, [])
    .option('--plan', 'print what would change, change nothing')
    .option('--prune', 'delete orphaned items (ours, gone from the source or the target\'s selection)')
    .option('--concurrency <n>', 'targets in parallel', '4')
    .option('--format <format>', 'text | json', 'text')
    .option('--arm-endpoint <url>', 'Resource Manager endpoint (default AZURE_RESOURCE_MANAGER_ENDPOINT or the public cloud)')
    .option('--root <dir>', 'content root (default: the project)')
    .action(async (opts: { targets: string; target: string[]; plan?: boolean; prune?: boolean; concurrency: string; format: string; armEndpoint?: string; root?: string }) => {
      if (!['text', 'json'].includes(opts.format)) { process.stderr.write(`cdr deploy: unknown --format ${opts.format} (text | json)\n`); process.exitCode = 2; return; }
      let concurrency: number;
      try { concurrency = parseConcurrency(opts.concurrency); } catch (e) { process.stderr.write(`cdr deploy: ${(e as Error).message}\n`); process.exitCode = 2; return; }
      const mode = opts.plan ? 'plan' : 'deploy';
      // Loaded on use: the Azure SDKs are not needed by the other commands.
      const { runFleet } = await import('../../deploy/index.js');
      const { deployDocument, deployText } = await import('../../deploy/report.js');
      const r = await runFleet({
        mode, targetsFile: opts.targets, targetNames: opts.target, prune: opts.prune, concurrency, root: opts.root, armEndpoint: opts.armEndpoint,
        onTargetDone: opts.format === 'text' ? (t) => process.stderr.write(`${t.name}: ${t.error ? 'failed' : 'done'}\n`) : undefined,
      });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) {
        process.stderr.write(formatDiagnostics(r.diagnostics, 'text') + '\n');
        process.stderr.write(`cdr deploy: ${errors.length} error(s); nothing was read or changed in Azure\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write((opts.format === 'json' ? JSON.stringify(deployDocument(r), null, 2) : deployText(r, mode, Boolean(opts.prune))) + '\n');
      process.exitCode = r.targets.some((t) => t.error) ? 1 : 0;
    });
}
