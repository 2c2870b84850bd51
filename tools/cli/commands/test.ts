import type { Command } from 'commander';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { applyUpdates, json, junit, loadSuite, mutationCheck, pretty, runEntries, selectEntries } from '../../harness/index.js';
import { commandArgv, unknownOptions, Usage } from '../usage.js';
import { startProgress } from '../../util/progress.js';
import { addLimitOptions, limitsFromOptions, type LimitOptions } from '../../kql/cli/limits.js';

interface TestOptions extends LimitOptions { rule?: string; case?: string; reporter: string; output?: string; update?: boolean; mutate?: boolean; root?: string; quiet?: boolean }
const REPORTERS = ['pretty', 'json', 'junit'] as const;

/** `cdr test`: run rule test cases on the embedded engine (see docs/harness.md). */
export function registerTest(program: Command): void {
  addLimitOptions(program
    .command('test')
    .description('run every analytic rule and hunting query against its fixture cases and check the alerts/rows')
    .argument('[path]', 'only content or test files whose path contains this')
    .option('--rule <name>', 'only this rule (file base name or display name)')
    .option('--case <name>', 'only this case')
    .option('--reporter <kind>', 'pretty | json | junit', 'pretty')
    .option('--output <file>', 'write the report to a file (atomically; missing folders are created) instead of stdout')
    .option('--update', 'rewrite the expectation of cases marked `update: allowed` (review tool, never in CI)')
    .option('--mutate', 'self-check: negate/drop each rule\'s first where and report rules whose tests still pass')
    .option('--root <dir>', 'content root (default: the project)')
    .option('--quiet', 'no progress bar (it is drawn on stderr only when stderr is a terminal)'))
    .allowUnknownOption()
    .action((pathArg: string | undefined, opts: TestOptions, cmd: Command) => {
      // Every usage problem at once, exit 2: a typo in CI must not pass as "0 passed, 0 failed".
      const usage = new Usage('test');
      for (const u of unknownOptions(cmd, commandArgv(cmd))) usage.add(u);
      const path = pathArg?.startsWith('-') ? undefined : pathArg;
      usage.choice('--reporter', opts.reporter, REPORTERS);
      usage.folder('--root', opts.root, 'a content root holding Analytic Rules/, Hunting Queries/, test/rules/');
      if (opts.update && opts.mutate) usage.add('--update and --mutate cannot be combined');
      const { limits, errors: limitErrors } = limitsFromOptions(opts);
      for (const e of limitErrors) usage.add(e);
      if (usage.errors.length) { usage.report(); return; }
      const suite = loadSuite(opts.root);
      suite.env.engine.setLimits(limits);
      const filter = { rule: opts.rule, caseName: opts.case, path };
      const entries = selectEntries(suite, filter);
      if (!entries.length) {
        const what = [opts.rule && `--rule '${opts.rule}'`, path && `path '${path}'`].filter(Boolean).join(' and ');
        usage.add(`${what || 'the selection'} matches no analytic rule or hunting query (rules are named by file base name or display name)`);
      }
      if (opts.case !== undefined && entries.length && !entries.some((e) => e.cases?.cases.some((c) => c.name === opts.case))) {
        usage.add(`--case '${opts.case}' matches no test case of the ${entries.length} selected rule(s) (cases are named by their 'name:' in test/rules/<Rule>.test.yaml)`);
      }
      if (usage.report()) return;
      if (opts.mutate) {
        const outcomes = mutationCheck(suite, entries);
        const survivors = outcomes.filter((o) => !o.killed);
        for (const o of outcomes) process.stdout.write(`${o.killed ? 'killed  ' : 'SURVIVED'} ${o.entry.item.baseName} ${o.mutation}: ${o.detail}\n`);
        const rules = new Set(survivors.map((s) => s.entry.item.baseName));
        process.stdout.write(`\n${outcomes.length - survivors.length} mutations killed, ${survivors.length} survived (${rules.size} rule(s) with surviving mutations)\n`);
        process.exitCode = survivors.length ? 1 : 0;
        return;
      }
      const total = entries.reduce((n, e) => n + (e.cases?.cases.filter((c) => !opts.case || c.name === opts.case).length || 1), 0);
      const bar = startProgress('cdr test', total, { quiet: opts.quiet, unit: 'cases' });
      let results;
      try { results = runEntries(suite, entries, filter, undefined, (name) => bar.tick(name)); } finally { bar.done(); }
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
