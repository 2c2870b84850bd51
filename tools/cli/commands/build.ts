import type { Command } from 'commander';
import { buildSolution } from '../../package/index.js';
import { formatDiagnostics } from '../../util/diagnostics.js';
import { startProgress, type Progress } from '../../util/progress.js';
import { commandArgv, unknownOptions, Usage } from '../usage.js';

/** `cdr build`: render and check the solution package; Solution/Package is replaced only when everything succeeded. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the Content Hub package into Solution/Package and the standalone ARM templates and main.bicep into Solution/Deploy (and the README content table)')
    .option('--root <dir>', 'content root (default: the project)')
    .option('--out <dir>', 'output folder (default: <root>/Solution/Package); created with its parents when missing; an existing folder must be one a cdr build wrote (marked by .cdr-build.json), anything else is refused; the README table is only updated for the default folder')
    .option('--deploy-out <dir>', 'folder for standalone templates and main.bicep (default: <root>/Solution/Deploy, or <out>-deploy with --out); same rules as --out')
    .option('--release', 'record the current content versions in Solution/content-versions.lock.json')
    .option('--templates <dir>', 'render from this copy of tools/templates')
    .option('--format <format>', 'text | json (diagnostics)', 'text')
    .option('--quiet', 'no progress bar (it is drawn on stderr only when stderr is a terminal)')
    .allowUnknownOption()
    .action(async (opts: { root?: string; out?: string; deployOut?: string; release?: boolean; templates?: string; format: string; quiet?: boolean }, cmd: Command) => {
      const usage = new Usage('build');
      for (const u of unknownOptions(cmd, commandArgv(cmd))) usage.add(u);
      usage.choice('--format', opts.format, ['text', 'json']);
      usage.folder('--root', opts.root, 'a content root (the folder holding Analytic Rules/, Solution/, ...)');
      usage.folder('--templates', opts.templates, 'a copy of tools/templates');
      if (usage.report()) return;
      let bar: Progress | undefined;
      const onStep = (label: string, total: number) => { bar ??= startProgress('cdr build', total, { quiet: opts.quiet, unit: 'steps' }); bar.tick(label); };
      let r;
      try { r = await buildSolution({ root: opts.root, outDir: opts.out, deployDir: opts.deployOut, release: opts.release, templatesDir: opts.templates, onStep }); } finally { (bar as Progress | undefined)?.done(); }
      if (r.usage?.length) { for (const u of r.usage) usage.add(u); usage.report(); return; }
      if (r.blocked) { process.stderr.write(`cdr build: ${r.blocked}\n`); process.exitCode = 1; return; }
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (r.diagnostics.length) process.stdout.write(formatDiagnostics(r.diagnostics, opts.format === 'json' ? 'json' : 'text') + '\n');
      for (const m of r.messages) process.stderr.write(m + '\n');
      if (errors.length) process.stderr.write(`cdr build: ${errors.length} error(s); nothing was written\n`);
      process.exitCode = errors.length ? 1 : 0;
    });
}
