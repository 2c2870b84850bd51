/** The bench's tables by name, generated on demand (only the tables the selected shapes read). */
import type { Table } from '../kql/types.js';
import { generateAzureActivity, generateCorrelatedPair, generateSigninLogs, generateStorageBlobLogs } from './generate.js';

export type TableName = 'SigninLogs' | 'AzureActivity' | 'Requests' | 'Responses' | 'StorageBlobLogs';

export function generateTables(names: Set<string>, rows: number): Map<string, Table> {
  const out = new Map<string, Table>();
  if (names.has('SigninLogs')) out.set('SigninLogs', generateSigninLogs(rows));
  if (names.has('AzureActivity')) out.set('AzureActivity', generateAzureActivity(rows));
  if (names.has('StorageBlobLogs')) out.set('StorageBlobLogs', generateStorageBlobLogs(rows));
  if (names.has('Requests') || names.has('Responses')) {
    const { requests, responses } = generateCorrelatedPair(rows);
    if (names.has('Requests')) out.set('Requests', requests);
    if (names.has('Responses')) out.set('Responses', responses);
  }
  const unknown = [...names].filter((n) => !out.has(n));
  if (unknown.length) throw new Error(`bench: no generator for table(s) ${unknown.join(', ')}`);
  return out;
}
