import type { Command } from 'commander';
import { runKqlCommand, type KqlCommandOptions } from '../../kql/cli/command.js';
import { commandArgv, unknownOptions } from '../usage.js';
import { addLimitOptions } from '../../kql/cli/limits.js';

/** `cdr kql`: run one query for a human, or a JSONL batch (see docs/kql-cli.md). */
export function registerKql(program: Command): void {
  addLimitOptions(program
    .command('kql')
    .description('run a KQL query on the embedded engine, or a JSONL batch of queries')
    .argument('[query]', 'the KQL query (omit with --batch)')
    .option('--tables <dir>', 'folder of <Table>.json / .csv / .jsonl files, typed by the project table schemas')
    .option('--now <iso>', 'pinned now() (human mode default: the current time, printed to stderr)')
    .option('--format <format>', 'table | json | csv (human mode)', 'table')
    .option('--batch <in.jsonl>', 'batch mode: one {"id","query","now"?,"tables"?} object per line')
    .option('--out <out.jsonl>', 'batch mode: where to write the result lines (written atomically; missing folders are created)')
    .option('--root <dir>', 'content root whose Parsers/ functions queries may call (default: the project)')
    .option('--quiet', 'no progress bar while loading --tables (drawn on stderr only when stderr is a terminal)'))
    .allowUnknownOption()
    .action((queryArg: string | undefined, opts: KqlCommandOptions, cmd: Command) => {
      const unknown = unknownOptions(cmd, commandArgv(cmd));
      const query = unknown.length && queryArg?.startsWith('-') ? undefined : queryArg;
      process.exitCode = runKqlCommand(query, { ...opts, unknownOptions: unknown }, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
    });
}
