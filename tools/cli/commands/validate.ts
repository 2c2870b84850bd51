import type { Command } from 'commander';

// Placeholder until the stage lands: fails loudly rather than pretending.
export function registerValidate(program: Command): void {
  program.command('validate').description('(validate: not implemented yet)').action(() => {
    process.stderr.write('cdr validate: not implemented yet\n');
    process.exitCode = 2;
  });
}
