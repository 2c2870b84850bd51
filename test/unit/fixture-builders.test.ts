/** The fixture builder library: shapes, determinism, repetition and clear errors. */
import { describe, expect, it } from 'vitest';
import { buildRows, BuilderError } from '../fixtures/builders/index.js';
import { withCasing } from '../fixtures/builders/support.js';
import { projectTableSchemas } from '../../tools/kusto/table-schemas.js';
import { typedTable } from '../../tools/fixtures/read-table.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const ROLE = {
  operation: 'Microsoft.Authorization/roleAssignments/write',
  resource: '/subscriptions/22222222-2222-4222-8222-222222222222/providers/Microsoft.Authorization/roleAssignments/ra-1',
  caller: 'mallory@contoso.com', callerIp: '2001:db8::7', at: '-30m',
  body: { properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635', principalId: 'p-1' } },
};

describe('fixture builders', () => {
  it('an ARM operation is a Start record with the body and a Success record with the outcome, sharing the CorrelationId', () => {
    const rows = buildRows([{ armOperation: { ...ROLE, client: 'portal' } }], 'k', NOW).AzureActivity!;
    expect(rows.map((r) => r.ActivityStatusValue)).toEqual(['Start', 'Success']);
    expect(new Set(rows.map((r) => r.CorrelationId)).size).toBe(1);
    const start = rows[0]!.Properties_d as Record<string, string>, done = rows[1]!.Properties_d as Record<string, string>;
    expect(JSON.parse(start.requestbody!)).toEqual({ Properties: { RoleDefinitionId: ROLE.body.properties.roleDefinitionId, PrincipalId: 'p-1' } });
    expect(done.requestbody).toBeUndefined();
    expect(done.statusCode).toBe('Created');
    expect(rows[0]!.OperationNameValue).toBe(ROLE.operation);
    expect(rows[1]!.OperationNameValue).toBe(ROLE.operation.toUpperCase());
    expect(rows[0]!.TimeGenerated).toBe('2026-11-20T11:30:00Z');
  });

  it('camelCase clients keep camelCase bodies; async operations add an Accept record', () => {
    const rows = buildRows([{ armOperation: { ...ROLE, client: 'cli', async: true } }], 'k', NOW).AzureActivity!;
    expect(rows.map((r) => r.ActivityStatusValue)).toEqual(['Start', 'Accept', 'Success']);
    expect(JSON.parse((rows[0]!.Properties_d as Record<string, string>).requestbody!).properties.principalId).toBe('p-1');
  });

  it('a Resource Health event is written by the platform: no Caller, claims or client IP; Activated then Resolved', () => {
    const vm = '/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-web-01';
    const rows = buildRows([{ resourceHealthEvent: { resource: vm, at: '-1h', resolvedAfter: '20m' } }], 'k', NOW).AzureActivity!;
    expect(rows.map((r) => [r.CategoryValue, r.OperationNameValue, r.ActivityStatusValue, r.Level, r.Caller, r.CallerIpAddress, r.TimeGenerated])).toEqual([
      ['ResourceHealth', 'Microsoft.Resourcehealth/healthevent/Activated/action', 'Active', 'Critical', '', '', '2026-11-20T11:00:00Z'],
      ['ResourceHealth', 'Microsoft.Resourcehealth/healthevent/Resolved/action', 'Resolved', 'Informational', '', '', '2026-11-20T11:20:00Z']]);
    expect(rows[0]!.Claims_d).toBeUndefined();
    expect(rows[0]!.Properties_d).toMatchObject({ currentHealthStatus: 'Unavailable', previousHealthStatus: 'Available', cause: 'PlatformInitiated' });
    expect(new Set(rows.map((r) => r.CorrelationId)).size).toBe(1);
    typedTable('AzureActivity', 'resourceHealthEvent', rows, projectTableSchemas());   // every column is a real AzureActivity column
    expect(() => buildRows([{ resourceHealthEvent: { resource: vm, caller: 'x@contoso.com' } }], 'k', NOW)).toThrow(/resourceHealthEvent: unknown parameter 'caller'/);
  });

  it('builds the same data twice and different ids for different cases', () => {
    const a = buildRows([{ armOperation: ROLE }], 'case-a', NOW), b = buildRows([{ armOperation: ROLE }], 'case-a', NOW);
    const c = buildRows([{ armOperation: ROLE }], 'case-b', NOW);
    expect(a).toEqual(b);
    expect(a.AzureActivity![0]!.CorrelationId).not.toBe(c.AzureActivity![0]!.CorrelationId);
  });

  it('repeat, every and vary make series of records', () => {
    const rows = buildRows([{ signIn: { user: 'a@contoso.com', ip: '203.0.113.5', result: 50126, at: '-50m' }, repeat: 3, every: '2m', vary: { user: ['a@contoso.com', 'b@contoso.com'] } }], 'k', NOW).SigninLogs!;
    expect(rows.map((r) => [r.TimeGenerated, r.UserPrincipalName])).toEqual([
      ['2026-11-20T11:10:00Z', 'a@contoso.com'], ['2026-11-20T11:12:00Z', 'b@contoso.com'], ['2026-11-20T11:14:00Z', 'a@contoso.com']]);
  });

  it('non-interactive sign-ins store LocationDetails, DeviceDetail and Status as JSON strings, interactive ones as objects', () => {
    const built = buildRows([{ signIn: { user: 'a@contoso.com', ip: '2001:db8::1', table: 'nonInteractive' } }, { signIn: { user: 'a@contoso.com', ip: '2001:db8::1' } }], 'k', NOW);
    const ni = built.AADNonInteractiveUserSignInLogs![0]!, i = built.SigninLogs![0]!;
    expect(typeof ni.LocationDetails).toBe('string');
    expect(JSON.parse(ni.LocationDetails as string).countryOrRegion).toBe('US');
    expect(typeof i.LocationDetails).toBe('object');
  });

  it('every builder writes only columns of its table schema, with values of the column types', () => {
    const built = buildRows([
      { armOperation: ROLE }, { signIn: { user: 'a@contoso.com', ip: '203.0.113.5' } }, { signIn: { user: 'a@contoso.com', ip: '203.0.113.5', table: 'nonInteractive' } },
      { servicePrincipalSignIn: { servicePrincipal: 'app-x', ip: '203.0.113.6', credential: 'certificate' } },
      { keyVaultEvent: { operation: 'SecretGet', object: 's', caller: 'a@contoso.com' } }, { keyVaultEvent: { table: 'resourceSpecific', operation: 'SecretGet', object: 's', caller: 'a@contoso.com' } },
      { auditLog: { operation: 'updateApplicationCredentials', actor: 'a@contoso.com', target: { servicePrincipal: 'app-x' } } },
      { auditLog: { operation: 'addMemberToRole', actor: 'a@contoso.com', target: 'b@contoso.com', role: 'Global Administrator' } },
      { auditLog: { operation: 'consentToApplication', actor: 'a@contoso.com', target: { servicePrincipal: 'app-x' }, adminConsent: true, permissions: ['Mail.Read'] } },
      { sshd: { ip: '2001:db8::5', process: 'sshd-session', repeated: 5 } }, { windowsLogonFailure: { ip: '203.0.113.9', logonType: 10 } },
      { storageRequest: { operation: 'GetBlob', caller: 'a@contoso.com', ip: '2001:db8::5' } }, { storageRequest: { service: 'file', operation: 'Read', ip: '10.0.0.4', auth: 'AccountKey' } },
      { riskDetection: { user: 'a@contoso.com', ip: '203.0.113.9', timing: 'offline', activityAt: '-6h' } },
      { defenderAlert: { name: 'Suspicious invocation of a high-risk operation', entities: [{ account: 'a@contoso.com' }, { ip: '203.0.113.9' }] } },
      { dnsQuery: { client: '10.0.0.7', name: 'evil.example.' } }, { tiIndicator: { domain: 'evil.example' } },
      { record: { table: 'Usage', set: { DataType: 'SigninLogs', Quantity: 12.5 } } }, { record: { table: 'VMConnection' } }, { record: { table: 'SecurityIncident', set: { IncidentNumber: 7 } } },
    ], 'k', NOW);
    expect(Object.keys(built).length).toBeGreaterThanOrEqual(15);
    for (const [table, rows] of Object.entries(built)) expect(() => typedTable(table, 'builder', rows, projectTableSchemas())).not.toThrow();
  });

  it('rejects unknown builders, parameters and values with a message naming the spec', () => {
    expect(() => buildRows([{ nope: {} }], 'k', NOW)).toThrow(/fixtures\.build\[0\]: unknown builder 'nope'/);
    expect(() => buildRows([{ signIn: { user: 'a@contoso.com', ip: '1.2.3.4', colour: 'red' } }], 'k', NOW)).toThrow(/unknown parameter 'colour'/);
    expect(() => buildRows([{ signIn: { user: 'a@contoso.com', ip: '1.2.3.4', location: 'atlantis' } }], 'k', NOW)).toThrow(/unknown location 'atlantis'/);
    expect(() => buildRows([{ signIn: { user: 'a@contoso.com', ip: '1.2.3.4', at: 'yesterday' } }], 'k', NOW)).toThrow(BuilderError);
    expect(() => buildRows([{ armOperation: { ...ROLE, operation: 'roleAssignments' } }], 'k', NOW)).toThrow(/not <Provider>/);
  });

  it('sshd lines as the agents ship them: OpenSSH 9.8 sshd-session, rsyslog repeat folding, IPv6 sources', () => {
    const rows = buildRows([{ sshd: { ip: '2001:db8::5', user: 'admin', event: 'failedPasswordInvalidUser', process: 'sshd-session', repeated: 4, port: 50522 } }], 'k', NOW).Syslog!;
    expect(rows[0]!.ProcessName).toBe('sshd-session');
    expect(rows[0]!.SyslogMessage).toBe('message repeated 4 times: [ Failed password for invalid user admin from 2001:db8::5 port 50522 ssh2]');
  });

  it('a credential added to an app registration targets the application object, with the AppId in AdditionalDetails', () => {
    const row = buildRows([{ auditLog: { operation: 'updateApplicationCredentials', actor: 'a@contoso.com', target: { servicePrincipal: 'app-x', objectId: 'sp-oid', appObjectId: 'app-oid', appId: 'app-id' }, keyId: 'k-1' } }], 'k', NOW).AuditLogs![0]!;
    const target = (row.TargetResources as Record<string, unknown>[])[0]!;
    expect([target.id, target.type]).toEqual(['app-oid', 'Application']);
    expect(row.AdditionalDetails).toContainEqual({ key: 'AppId', value: 'app-id' });
    expect(JSON.stringify(target.modifiedProperties)).toContain('KeyIdentifier=k-1');
    expect(row.OperationName).toBe('Update application – Certificates and secrets management ');
  });

  it('storage endpoints carry the port, IPv6 in brackets', () => {
    const b = buildRows([{ storageRequest: { operation: 'GetBlob', caller: 'a@contoso.com', ip: '2001:db8::5' } }, { storageRequest: { operation: 'GetBlob', caller: 'a@contoso.com', ip: '203.0.113.5' } }], 'k', NOW).StorageBlobLogs!;
    expect(b[0]!.CallerIpAddress).toMatch(/^\[2001:db8::5\]:\d+$/);
    expect(b[1]!.CallerIpAddress).toMatch(/^203\.0\.113\.5:\d+$/);
  });

  it('casing conversion reaches nested objects and arrays but not values', () => {
    expect(withCasing({ properties: { settings: [{ commandToExecute: 'whoami' }] } }, 'pascal')).toEqual({ Properties: { Settings: [{ CommandToExecute: 'whoami' }] } });
  });
});
