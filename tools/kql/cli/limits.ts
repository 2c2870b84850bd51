/**
 * `--max-rows N` and `--max-memory SIZE`: the engine's resource limits (../budget.ts) on the command line of
 * `cdr kql`, `cdr test` and `cdr backtest`. Parsed here once; bad values are usage errors reported with the rest.
 */
import type { Command } from 'commander';
import { DEFAULT_MAX_ROWS, defaultLimits, formatBytes, parseByteSize, parseRowCount, type EngineLimits } from '../budget.js';

export interface LimitOptions { maxRows?: string; maxMemory?: string }

export function addLimitOptions(cmd: Command): Command {
  return cmd
    .option('--max-rows <n>', `engine limit: rows one operator may materialise (default ${DEFAULT_MAX_ROWS.toLocaleString('en-US')})`)
    .option('--max-memory <size>', `engine limit: estimated bytes one operator may materialise, e.g. 4GB (default ${formatBytes(defaultLimits().maxMemoryBytes)}: half the Node heap, at most 8 GiB)`);
}

/** The limits the options give (only those given) and the usage errors of bad values. */
export function limitsFromOptions(o: LimitOptions): { limits: Partial<EngineLimits>; errors: string[] } {
  const limits: Partial<EngineLimits> = {};
  const errors: string[] = [];
  if (o.maxRows !== undefined) {
    const n = parseRowCount(o.maxRows);
    if (n === undefined) errors.push(`--max-rows must be a positive whole number of rows, got '${o.maxRows}'`);
    else limits.maxRows = n;
  }
  if (o.maxMemory !== undefined) {
    const n = parseByteSize(o.maxMemory);
    if (n === undefined) errors.push(`--max-memory must be a size in bytes, optionally with KB, MB, GB or TB (binary units), got '${o.maxMemory}'`);
    else limits.maxMemoryBytes = n;
  }
  return { limits, errors };
}
