/**
 * Synthetic SigninLogs and AzureActivity tables for the bench, built directly as column tables.
 * Cardinalities follow a mid-size tenant: 5k users, 20k IPs, 50 apps, 200 operations, 30 days.
 */
import type { Dynamic, Table } from '../kql/types.js';
import { msToTicks, TICKS_PER_DAY } from '../kql/ticks.js';
import { Prng } from './prng.js';

/** The bench's pinned now(): the end of the 30-day window. */
export const BENCH_NOW = '2026-11-20T00:00:00Z';
const END_TICKS = msToTicks(Date.parse(BENCH_NOW));
const SPAN_MS = Number(30n * TICKS_PER_DAY / 10_000n);

export const CARDINALITY = { users: 5000, ips: 20000, apps: 50, operations: 200, locations: 300, policies: 40, storageCallers: 10000 };

function pools(seed: number) {
  const p = new Prng(seed);
  const users = Array.from({ length: CARDINALITY.users }, (_, i) => `user${i}@contoso.com`);
  const ips = Array.from({ length: CARDINALITY.ips }, () => `${p.int(223) + 1}.${p.int(256)}.${p.int(256)}.${p.int(254) + 1}`);
  const apps = Array.from({ length: CARDINALITY.apps }, (_, i) => ['Azure Portal', 'Microsoft Teams', 'Office 365 Exchange Online', 'Azure CLI', 'Microsoft Graph'][i] ?? `App ${i}`);
  const providers = ['Microsoft.Authorization', 'Microsoft.Compute', 'Microsoft.Storage', 'Microsoft.KeyVault', 'Microsoft.Network'];
  const operations = Array.from({ length: CARDINALITY.operations }, (_, i) =>
    i < 4 ? ['MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE', 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/DELETE', 'MICROSOFT.KEYVAULT/VAULTS/SECRETS/READ', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE'][i]!
      : `${providers[i % providers.length]!.toUpperCase()}/RESOURCE${i}/${['WRITE', 'READ', 'DELETE', 'ACTION'][i % 4]}`);
  const countries = ['US', 'GB', 'DE', 'FR', 'NL', 'IN', 'BR', 'JP', 'AU', 'CA'];
  const locations: Dynamic[] = Array.from({ length: CARDINALITY.locations }, (_, i) => ({
    city: `City${i}`, state: `State${i % 50}`, countryOrRegion: countries[i % countries.length]!,
    geoCoordinates: { latitude: Math.round((p.next() * 180 - 90) * 1e4) / 1e4, longitude: Math.round((p.next() * 360 - 180) * 1e4) / 1e4 },
  }));
  const policyNames = Array.from({ length: CARDINALITY.policies }, (_, i) => `CA${String(i).padStart(3, '0')} ${['Require MFA', 'Block legacy auth', 'Compliant device', 'Block country'][i % 4]}`);
  const results = ['success', 'failure', 'notApplied', 'notEnabled'];
  // Pre-built policy arrays (0-3 entries) shared across rows, as a column store would dedupe them.
  const policySets: Dynamic[] = Array.from({ length: 500 }, () => {
    const n = p.int(4);
    return Array.from({ length: n }, () => ({ id: `pol-${p.int(CARDINALITY.policies)}`, displayName: p.pick(policyNames), result: p.pick(results) }));
  });
  return { users, ips, apps, operations, locations, policySets };
}

const RESULT_TYPES = ['0', '0', '0', '0', '0', '0', '0', '50126', '50074', '50053', '53003', '500121'];
const RISK = ['none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'low', 'medium'];

/** SigninLogs with `rows` rows (subset of the real schema's columns, same names and types). */
export function generateSigninLogs(rows: number, seed = 1): Table {
  const p = new Prng(seed);
  const pl = pools(seed + 1000);
  const time = new Array<bigint>(rows), upn = new Array<string>(rows), ip = new Array<string>(rows), app = new Array<string>(rows);
  const result = new Array<string>(rows), risk = new Array<string>(rows), loc = new Array<Dynamic>(rows), cap = new Array<Dynamic>(rows);
  for (let i = 0; i < rows; i++) {
    time[i] = END_TICKS - BigInt(Math.floor(p.next() * SPAN_MS)) * 10_000n; // millisecond precision
    const u = p.int(pl.users.length);
    upn[i] = p.next() < 0.3 ? pl.users[Math.floor(p.next() ** 3 * pl.users.length)]! : pl.users[u]!;
    ip[i] = p.next() < 0.7 ? pl.ips[u * 4 % pl.ips.length]! : p.skewed(pl.ips); // mostly a user's usual IP
    app[i] = p.skewed(pl.apps);
    result[i] = p.pick(RESULT_TYPES);
    risk[i] = p.next() < 0.01 ? 'high' : p.pick(RISK);
    loc[i] = p.skewed(pl.locations);
    cap[i] = p.pick(pl.policySets);
  }
  return {
    columns: [
      { name: 'TimeGenerated', type: 'datetime' }, { name: 'UserPrincipalName', type: 'string' }, { name: 'IPAddress', type: 'string' },
      { name: 'AppDisplayName', type: 'string' }, { name: 'ResultType', type: 'string' }, { name: 'RiskLevelDuringSignIn', type: 'string' },
      { name: 'LocationDetails', type: 'dynamic' }, { name: 'ConditionalAccessPolicies', type: 'dynamic' },
    ],
    data: [time, upn, ip, app, result, risk, loc, cap],
    rowCount: rows,
  };
}

/** AzureActivity with `rows` rows; Caller shares the sign-in users so joins on user match. */
export function generateAzureActivity(rows: number, seed = 2): Table {
  const p = new Prng(seed);
  const pl = pools(1001); // same pools as SigninLogs(seed 1)
  const roles = ['Owner', 'Contributor', 'Reader', 'User Access Administrator', 'Key Vault Secrets User'];
  const auths: Dynamic[] = Array.from({ length: 400 }, (_, i) => ({
    action: pl.operations[i % pl.operations.length]!,
    scope: `/subscriptions/sub-${i % 8}/resourceGroups/rg-${i % 60}`,
    evidence: { role: roles[i % roles.length]!, principalType: i % 7 === 0 ? 'ServicePrincipal' : 'User', roleAssignmentScope: `/subscriptions/sub-${i % 8}` },
  }));
  const time = new Array<bigint>(rows), caller = new Array<string>(rows), ip = new Array<string>(rows), op = new Array<string>(rows);
  const status = new Array<string>(rows), rg = new Array<string>(rows), sub = new Array<string>(rows), auth = new Array<Dynamic>(rows);
  const statuses = ['Success', 'Success', 'Success', 'Start', 'Failure'];
  for (let i = 0; i < rows; i++) {
    time[i] = END_TICKS - BigInt(Math.floor(p.next() * SPAN_MS)) * 10_000n;
    const u = p.int(pl.users.length);
    caller[i] = pl.users[u]!;
    ip[i] = pl.ips[u * 4 % pl.ips.length]!;
    op[i] = p.skewed(pl.operations);
    status[i] = p.pick(statuses);
    const a = p.int(auths.length);
    rg[i] = `rg-${a % 60}`;
    sub[i] = `sub-${a % 8}`;
    auth[i] = auths[a]!;
  }
  return {
    columns: [
      { name: 'TimeGenerated', type: 'datetime' }, { name: 'Caller', type: 'string' }, { name: 'CallerIpAddress', type: 'string' },
      { name: 'OperationNameValue', type: 'string' }, { name: 'ActivityStatusValue', type: 'string' }, { name: 'ResourceGroup', type: 'string' },
      { name: 'SubscriptionId', type: 'string' }, { name: 'Authorization_d', type: 'dynamic' },
    ],
    data: [time, caller, ip, op, status, rg, sub, auth],
    rowCount: rows,
  };
}

/**
 * Raw size estimate of a table: 8 bytes per number/bool, UTF-8 length of strings, JSON length of dynamic
 * values — what the data weighs as a flat file, the yardstick for the engine's memory target.
 */
export function rawSizeBytes(t: Table): number {
  let bytes = 0;
  t.columns.forEach((c, ci) => {
    const col = t.data[ci]!;
    if (c.type === 'string' || c.type === 'guid') for (const v of col) bytes += (v as string).length;
    else if (c.type === 'dynamic') {
      const seen = new Map<unknown, number>(); // shared objects: compute JSON size once
      for (const v of col) { let n = seen.get(v); if (n === undefined) { n = JSON.stringify(v).length; seen.set(v, n); } bytes += n; }
    } else bytes += 8 * t.rowCount;
  });
  return bytes;
}

/**
 * Two tables joined on a string key, as two logs sharing a correlation id: `Requests` and `Responses` with
 * `rows` rows each, unique ids per side, half of them present on both sides (so the join yields rows/2 rows).
 */
export function generateCorrelatedPair(rows: number, seed = 3): { requests: Table; responses: Table } {
  const p = new Prng(seed);
  const id = (i: number) => `${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}-${String(i).padStart(8, '0')}`;
  const reqId = new Array<string>(rows), reqTime = new Array<bigint>(rows), reqOp = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    reqId[i] = id(i);
    reqTime[i] = END_TICKS - BigInt(Math.floor(p.next() * SPAN_MS)) * 10_000n;
    reqOp[i] = `op-${p.int(200)}`;
  }
  // Responses: ids rows/2 .. rows/2 + rows - 1, shuffled.
  const order = Array.from({ length: rows }, (_, i) => i + Math.floor(rows / 2));
  for (let i = rows - 1; i > 0; i--) { const j = p.int(i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
  const resId = order.map(id), resCode = Array.from({ length: rows }, () => (p.next() < 0.9 ? 200 : p.pick([400, 403, 404, 429, 500])));
  const resDuration = Array.from({ length: rows }, () => Math.round(p.next() ** 2 * 5000));
  return {
    requests: {
      columns: [{ name: 'CorrelationId', type: 'string' }, { name: 'TimeGenerated', type: 'datetime' }, { name: 'OperationName', type: 'string' }],
      data: [reqId, reqTime, reqOp], rowCount: rows,
    },
    responses: {
      columns: [{ name: 'CorrelationId', type: 'string' }, { name: 'ResultCode', type: 'long' }, { name: 'DurationMs', type: 'long' }],
      data: [resId, resCode, resDuration], rowCount: rows,
    },
  };
}

/**
 * StorageBlobLogs with `rows` rows for the time-series shape: 10k caller IPs (every one active over the 30 days,
 * a few heavy ones) and the bytes each read returned, the input of a per-caller hourly exfiltration baseline.
 */
export function generateStorageBlobLogs(rows: number, seed = 4): Table {
  const p = new Prng(seed);
  const callers = Array.from({ length: CARDINALITY.storageCallers }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.${1 + (i % 250)}`);
  const accounts = Array.from({ length: 20 }, (_, i) => `stcontoso${String(i).padStart(2, '0')}`);
  const operations = ['GetBlob', 'GetBlob', 'GetBlob', 'ListBlobs', 'PutBlob', 'GetBlobProperties'];
  const time = new Array<bigint>(rows), account = new Array<string>(rows), caller = new Array<string>(rows);
  const operation = new Array<string>(rows), bytes = new Array<number>(rows);
  for (let i = 0; i < rows; i++) {
    time[i] = END_TICKS - BigInt(Math.floor(p.next() * SPAN_MS)) * 10_000n;
    account[i] = p.skewed(accounts);
    caller[i] = p.next() < 0.8 ? callers[i % callers.length]! : p.skewed(callers); // every caller seen; a few heavy ones
    operation[i] = p.pick(operations);
    bytes[i] = Math.round(p.next() ** 3 * 5_000_000);
  }
  return {
    columns: [
      { name: 'TimeGenerated', type: 'datetime' }, { name: 'AccountName', type: 'string' }, { name: 'CallerIpAddress', type: 'string' },
      { name: 'OperationName', type: 'string' }, { name: 'ResponseBodySize', type: 'long' },
    ],
    data: [time, account, caller, operation, bytes],
    rowCount: rows,
  };
}
