import type { Command } from 'commander';
import { loadContent } from '../../content/load.js';
import { validateContent } from '../../validate/index.js';
import { validateSecrets } from '../../validate/secrets.js';
import { formatDiagnostics, sortDiagnostics, type OutputFormat } from '../../util/diagnostics.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { commandArgv, unknownOptions, Usage } from '../usage.js';

const FORMATS = ['text', 'json', 'sarif'] as const;

/** `cdr validate`: all problems of the content at once, as file:line:col: error CODE: message (or json/sarif). */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate analytic rules, hunting queries, workbooks, playbooks and the solution files (schemas + KQL semantics), and check content and the built package for secrets')
    .option('--root <dir>', 'content root (default: the project)')
    .option('--format <format>', 'text | json | sarif', 'text')
    .option('--output <file>', 'write the report to a file (atomically; missing folders are created) instead of stdout')
    .allowUnknownOption()
    .action(async (opts: { root?: string; format: string; output?: string }, cmd: Command) => {
      const usage = new Usage('validate');
      for (const u of unknownOptions(cmd, commandArgv(cmd))) usage.add(u);
      usage.choice('--format', opts.format, FORMATS);
      usage.folder('--root', opts.root, 'a content root (the folder holding Analytic Rules/, Solution/, ...)');
      if (usage.report()) return;
      const content = loadContent(opts.root);
      const diags = sortDiagnostics([...validateContent(content), ...await validateSecrets(content.root)]);
      const errors = diags.filter((d) => d.severity === 'error').length;
      const report = formatDiagnostics(diags, opts.format as OutputFormat);
      if (opts.output) writeFileAtomic(opts.output, report + '\n');
      else if (report) process.stdout.write(report + '\n');
      process.stderr.write(`validated ${content.analyticRules.length} analytic rules, ${content.huntingQueries.length} hunting queries, ${content.parsers.length} parsers, ${content.workbooks.length} workbooks, ${content.playbooks.length} playbooks: ${errors} error(s), ${diags.length - errors} warning(s)\n`);
      process.exitCode = errors ? 1 : 0;
    });
}
