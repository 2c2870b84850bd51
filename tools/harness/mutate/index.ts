/** The mutation self-check (`cdr test --mutate`): generate mutants from the syntax tree, run them, report. */
export { generateMutants, referencedNames, shrunkThresholds, MUTANT_KINDS, type Mutant, type MutantKind } from './generate.js';
export { runMutationCheck, mutationPassed, parserCallers, type MutantOutcome, type MutationReport, type MutationOptions } from './run.js';
export { loadAllowList, ALLOWLIST_PATH, type AllowList, type AllowEntry } from './allowlist.js';
export { prettyMutation, jsonMutation, junitMutation, tallies } from './report.js';
