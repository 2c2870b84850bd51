import type { Command } from 'commander';
import { buildSolution } from '../../package/index.js';
import { formatDiagnostics } from '../../util/diagnostics.js';

/** `cdr build`: render and check the solution package; Solution/Package is replaced only when everything succeeded. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the Content Hub package into Solution/Package and the standalone ARM templates and main.bicep into Solution/Deploy')
    .option('--root <dir>', 'content root (default: the project)')
    .option('--out <dir>', 'output folder (default: <root>/Solution/Package)')
    .option('--deploy-out <dir>', 'folder for standalone templates and main.bicep (default: <root>/Solution/Deploy, or <out>-deploy with --out)')
    .option('--release', 'record the current content versions in Solution/content-versions.lock.json')
    .option('--templates <dir>', 'render from this copy of tools/templates')
    .option('--format <format>', 'text | json (diagnostics)', 'text')
    .action(async (opts: { root?: string; out?: string; deployOut?: string; release?: boolean; templates?: string; format: string }) => {
      const r = await buildSolution({ root: opts.root, outDir: opts.out, deployDir: opts.deployOut, release: opts.release, templatesDir: opts.templates });
      if (r.usage?.length) { for (const u of r.usage) process.stderr.write(`cdr build: ${u}\n`); process.exitCode = 2; return; }
      if (r.blocked) { process.stderr.write(`cdr build: ${r.blocked}\n`); process.exitCode = 1; return; }
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (r.diagnostics.length) process.stdout.write(formatDiagnostics(r.diagnostics, opts.format === 'json' ? 'json' : 'text') + '\n');
      for (const m of r.messages) process.stderr.write(m + '\n');
      if (errors.length) process.stderr.write(`cdr build: ${errors.length} error(s); nothing was written\n`);
      process.exitCode = errors.length ? 1 : 0;
    });
}
