#!/usr/bin/env node
/**
 * `cdr`: the thin command line over the pipeline stages
 * (load -> validate -> test -> render/package -> deploy). Each command lives in ./commands/<name>.ts and only
 * parses options, calls its stage's entry point and maps the outcome to output and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { registerValidate } from './commands/validate.js';
import { registerTest } from './commands/test.js';
import { registerBuild } from './commands/build.js';
import { registerKql } from './commands/kql.js';
import { registerPreview } from './commands/preview.js';
import { registerDeploy } from './commands/deploy.js';
import { registerDrift } from './commands/drift.js';
import { registerBacktest } from './commands/backtest.js';
import { registerRecord } from './commands/record.js';
import { registerParity } from './commands/parity.js';

const program = new Command();
program
  .name('cdr')
  .description('CDR - Cloud Detection & Response for Azure: validate, test, build, run KQL and deploy the Sentinel solution')
  .showHelpAfterError();

registerValidate(program);
registerTest(program);
registerBuild(program);
registerKql(program);
registerPreview(program);
registerDeploy(program);
registerDrift(program);
registerBacktest(program);
registerRecord(program);
registerParity(program);

// Command-line problems commander finds itself (unknown command, option without its value) are usage errors: exit 2.
program.exitOverride();
for (const c of program.commands) c.exitOverride();

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2;
    return; // commander has printed the message (and the help)
  }
  process.stderr.write(`cdr: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
