import type { Command } from 'commander';

// Placeholder until the stage lands: fails loudly rather than pretending.
export function registerKql(program: Command): void {
  program.command('kql').description('(kql: not implemented yet)').action(() => {
    process.stderr.write('cdr kql: not implemented yet\n');
    process.exitCode = 2;
  });
}
