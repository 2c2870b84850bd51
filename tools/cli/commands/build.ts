import type { Command } from 'commander';

// Placeholder until the stage lands: fails loudly rather than pretending.
export function registerBuild(program: Command): void {
  program.command('build').description('(build: not implemented yet)').action(() => {
    process.stderr.write('cdr build: not implemented yet\n');
    process.exitCode = 2;
  });
}
