import type { Command } from 'commander';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { applyUpdates, json, junit, loadSuite, mutationCheck, pretty, runEntries, selectEntries } from '../../harness/index.js';

interface TestOptions { rule?: string; case?: string; reporter: string; output?: string; update?: boolean; mutate?: boolean; root?: string }

/** `cdr test`: run rule test cases on the embedded engine (see docs/harness.md). */
export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run every analytic rule and hunting query against its fixture cases and check the alerts/rows')
    .argument('[path]', 'only content or test files whose path contains this')
    .option('--rule <name>', 'only this rule (file base name or display name)')
    .option('--case <name>', 'only this case')
    .option('--reporter <kind>', 'pretty | json | junit', 'pretty')
    .option('--output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--update', 'rewrite the expectation of cases marked `update: allowed` (review tool, never in CI)')
    .option('--mutate', 'self-check: negate/drop each rule\'s first where and report rules whose tests still pass')
    .option('--root <dir>', 'content root (default: the project)')
    .action((path: string | undefined, opts: TestOptions) => {
      const suite = loadSuite(opts.root);
      const filter = { rule: opts.rule, caseName: opts.case, path };
      const entries = selectEntries(suite, filter);
      if (!entries.length) { process.stderr.write('cdr test: no rule or hunting query matches\n'); process.exitCode = 2; return; }
      if (opts.mutate) {
        const outcomes = mutationCheck(suite, entries);
        const survivors = outcomes.filter((o) => !o.killed);
        for (const o of outcomes) process.stdout.write(`${o.killed ? 'killed  ' : 'SURVIVED'} ${o.entry.item.baseName} ${o.mutation}: ${o.detail}\n`);
        const rules = new Set(survivors.map((s) => s.entry.item.baseName));
        process.stdout.write(`\n${outcomes.length - survivors.length} mutations killed, ${survivors.length} survived (${rules.size} rule(s) with surviving mutations)\n`);
        process.exitCode = survivors.length ? 1 : 0;
        return;
      }
      const results = runEntries(suite, entries, filter);
      for (const orphan of suite.orphans) process.stderr.write(`cdr test: ${orphan}: no analytic rule or hunting query with this name\n`);
      if (opts.update) for (const f of applyUpdates(results)) process.stderr.write(`updated ${f}\n`);
      const report = opts.reporter === 'json' ? json(results) : opts.reporter === 'junit' ? junit(results) : pretty(results);
      if (opts.output) writeFileAtomic(opts.output, report.endsWith('\n') ? report : report + '\n');
      else process.stdout.write(report + '\n');
      if (opts.output && opts.reporter !== 'pretty') {
        const passed = results.filter((r) => r.passed).length;
        process.stdout.write(`${passed} passed, ${results.length - passed} failed\n`);
      }
      process.exitCode = results.every((r) => r.passed) && suite.orphans.length === 0 ? 0 : 1;
    });
}
