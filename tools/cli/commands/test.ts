import type { Command } from 'commander';

// Placeholder until the stage lands: fails loudly rather than pretending.
export function registerTest(program: Command): void {
  program.command('test').description('(test: not implemented yet)').action(() => {
    process.stderr.write('cdr test: not implemented yet\n');
    process.exitCode = 2;
  });
}
