import type { Command } from 'commander';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { applyUpdates, json, junit, jsonMutation, junitMutation, loadSuite, MUTANT_KINDS, mutationPassed, prettyMutation, pretty, runEntries, runMutationCheck, selectEntries, type MutantKind } from '../../harness/index.js';
import { commandArgv, unknownOptions, Usage } from '../usage.js';
import { startProgress } from '../../util/progress.js';
import { addLimitOptions, limitsFromOptions, type LimitOptions } from '../../kql/cli/limits.js';

interface TestOptions extends LimitOptions { rule?: string; case?: string; reporter: string; output?: string; update?: boolean; mutate?: boolean; mutants?: string; verbose?: boolean; root?: string; quiet?: boolean }
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
    .option('--mutate', 'mutation check: drop each where, case-sensitive twins, shrunk thresholds, union legs; fails on survivors not in test/mutation-allowlist.yaml')
    .option('--mutants <kinds>', `with --mutate: only these kinds, comma-separated (${MUTANT_KINDS.join(', ')})`)
    .option('--verbose', 'with --mutate: list killed and allow-listed mutants too')
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
      const kinds = opts.mutants?.split(',').map((k) => k.trim()).filter(Boolean);
      for (const k of kinds ?? []) if (!(MUTANT_KINDS as readonly string[]).includes(k)) usage.add(`--mutants: '${k}' is not a mutant kind (${MUTANT_KINDS.join(', ')})`);
      if ((opts.mutants !== undefined || opts.verbose) && !opts.mutate) usage.add('--mutants and --verbose only apply with --mutate');
      if (opts.mutate && opts.case !== undefined) usage.add('--case cannot be combined with --mutate (a mutant is checked against all of a rule\'s cases)');
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
        let bar = startProgress('cdr test --mutate', 0, { quiet: true });
        let report;
        try {
          report = runMutationCheck(suite, entries, {
            kinds: kinds as MutantKind[] | undefined,
            onPlanned: (n) => { bar = startProgress('cdr test --mutate', n, { quiet: opts.quiet, unit: 'mutants' }); },
            onMutant: (label) => bar.tick(label),
          });
        } finally { bar.done(); }
        const text = opts.reporter === 'json' ? jsonMutation(report) : opts.reporter === 'junit' ? junitMutation(report) : prettyMutation(report, { verbose: opts.verbose });
        if (opts.output) writeFileAtomic(opts.output, text.endsWith('\n') ? text : text + '\n');
        else process.stdout.write(text + '\n');
        if (opts.output && opts.reporter !== 'pretty') {
          const bad = report.outcomes.filter((o) => o.status === 'survived' || o.status === 'error').length;
          process.stdout.write(`${report.outcomes.length} mutants, ${bad} survived or failed to run\n`);
        }
        process.exitCode = mutationPassed(report) ? 0 : 1;
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
