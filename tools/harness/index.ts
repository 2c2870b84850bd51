/** The rule test harness: library entry point used by `cdr test` and by vitest (test/rules.test.ts). */
export { loadSuite, selectEntries, runEntries, type Suite, type SuiteEntry, type SuiteFilter } from './suite.js';
export { runCase, prepareCase, type CaseResult, type RunEnv } from './run-case.js';
export { loadCaseFile, listCaseFiles, caseFires, type TestCase, type CaseFile } from './cases.js';
export { simulateAlerts, triggers, ALERTS_PER_RUN_CAP, type Simulation, type SimAlert } from './simulate.js';
export { pretty, json, junit, describeActual } from './report.js';
export { generateMutants, shrunkThresholds, runMutationCheck, mutationPassed, loadAllowList, prettyMutation, jsonMutation, junitMutation, MUTANT_KINDS, type Mutant, type MutantKind, type MutationReport } from './mutate/index.js';
export { applyUpdates } from './update.js';
