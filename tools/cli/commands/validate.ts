import type { Command } from 'commander';
import { loadContent } from '../../content/load.js';
import { validateContent } from '../../validate/index.js';
import { formatDiagnostics, type OutputFormat } from '../../util/diagnostics.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** `cdr validate`: all problems of the content at once, as file:line:col: error CODE: message (or json/sarif). */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate analytic rules, hunting queries, workbooks, playbooks and the solution files (schemas + KQL semantics)')
    .option('--root <dir>', 'content root (default: the project)')
    .option('--format <format>', 'text | json | sarif', 'text')
    .option('--output <file>', 'write the report to a file (atomically) instead of stdout')
    .action((opts: { root?: string; format: string; output?: string }) => {
      if (!['text', 'json', 'sarif'].includes(opts.format)) { process.stderr.write(`cdr validate: unknown --format ${opts.format}\n`); process.exitCode = 2; return; }
      const content = loadContent(opts.root);
      const diags = validateContent(content);
      const errors = diags.filter((d) => d.severity === 'error').length;
      const report = formatDiagnostics(diags, opts.format as OutputFormat);
      if (opts.output) writeFileAtomic(opts.output, report + '\n');
      else if (report) process.stdout.write(report + '\n');
      process.stderr.write(`validated ${content.analyticRules.length} analytic rules, ${content.huntingQueries.length} hunting queries, ${content.parsers.length} parsers, ${content.workbooks.length} workbooks, ${content.playbooks.length} playbooks: ${errors} error(s), ${diags.length - errors} warning(s)\n`);
      process.exitCode = errors ? 1 : 0;
    });
}
