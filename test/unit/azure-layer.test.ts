/** The shared Azure layer (settings, credentials, api-versions, client options) and deploy's comparison helpers. */
import { describe, expect, it } from 'vitest';
import { ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { apiVersionFor, AzureConfigError, credentialFor, parseCredentialRef, pipelineOptions, resolveAzureSettings } from '../../tools/azure/index.js';
import { diffFields, durationSeconds } from '../../tools/deploy/compare.js';
import { resourceTypeOf, sdkResourceId } from '../../tools/deploy/workspace.js';
import { queryRefs } from '../../tools/deploy/query-refs.js';
import { pinnedApiVersions } from '../support/deploy-env.js';

describe('Azure settings', () => {
  it('takes the ARM endpoint from --arm-endpoint, then AZURE_RESOURCE_MANAGER_ENDPOINT, then the public cloud', () => {
    expect(resolveAzureSettings({ env: {} }).armEndpoint).toBe('https://management.azure.com');
    expect(resolveAzureSettings({ env: {} }).armScope).toBe('https://management.azure.com/.default');
    const gov = resolveAzureSettings({ env: { AZURE_RESOURCE_MANAGER_ENDPOINT: 'https://management.usgovcloudapi.net/' } });
    expect(gov.armEndpoint).toBe('https://management.usgovcloudapi.net');
    expect(gov.cloud?.name).toBe('AzureUSGovernment');
    expect(gov.authorityHost).toBe('https://login.microsoftonline.us');
    expect(gov.cloud?.logAnalytics).toBe('https://api.loganalytics.us');
    const flag = resolveAzureSettings({ armEndpoint: 'https://management.chinacloudapi.cn', env: { AZURE_RESOURCE_MANAGER_ENDPOINT: 'https://management.usgovcloudapi.net' } });
    expect(flag.cloud?.name).toBe('AzureChinaCloud');
    expect(resolveAzureSettings({ env: { AZURE_AUTHORITY_HOST: 'https://login.example.test' } }).authorityHost).toBe('https://login.example.test');
  });

  it('static-token mode needs CDR_ARM_ENDPOINT and CDR_ARM_TOKEN together and uses nothing else', async () => {
    const s = resolveAzureSettings({ env: { CDR_ARM_ENDPOINT: 'https://127.0.0.1:8443', CDR_ARM_TOKEN: 'tok' } });
    expect(s.staticToken).toBe('tok');
    expect(s.armEndpoint).toBe('https://127.0.0.1:8443');
    // Every target gets the static token, whatever its credential says.
    const cred = credentialFor(s, { kind: 'env', prefix: 'NOT_SET' }, undefined, {});
    expect(await cred.getToken('https://management.azure.com/.default')).toMatchObject({ token: 'tok', tokenType: 'Bearer' });
    expect(() => resolveAzureSettings({ env: { CDR_ARM_TOKEN: 'tok' } })).toThrow(/needs both CDR_ARM_ENDPOINT and CDR_ARM_TOKEN; only CDR_ARM_TOKEN is set/);
    expect(() => resolveAzureSettings({ env: { CDR_ARM_ENDPOINT: 'https://x' } })).toThrow(/only CDR_ARM_ENDPOINT is set/);
    expect(() => resolveAzureSettings({ armEndpoint: 'https://other', env: { CDR_ARM_ENDPOINT: 'https://x', CDR_ARM_TOKEN: 't' } })).toThrow(/conflicts with CDR_ARM_ENDPOINT/);
    expect(() => resolveAzureSettings({ env: { CDR_ARM_ENDPOINT: 'http://127.0.0.1:80', CDR_ARM_TOKEN: 't' } })).toThrow(/must be an https:\/\/ URL/);
    expect(() => resolveAzureSettings({ env: { CDR_ARM_MAX_RETRIES: 'lots' } })).toThrow(AzureConfigError);
  });

  it('builds identity credentials: default, or an app registration from <PREFIX>_ variables', () => {
    const s = resolveAzureSettings({ env: {} });
    expect(credentialFor(s, { kind: 'default' }, 'tenant')).toBeInstanceOf(DefaultAzureCredential);
    const tenant = '11111111-2222-4333-8444-555555555555';
    expect(credentialFor(s, { kind: 'env', prefix: 'ACME' }, tenant, { ACME_CLIENT_ID: 'app', ACME_CLIENT_SECRET: 'x' })).toBeInstanceOf(ClientSecretCredential);
    expect(credentialFor(s, { kind: 'env', prefix: 'ACME2' }, tenant, { ACME2_CLIENT_ID: 'app', ACME2_CLIENT_CERTIFICATE_PATH: '/tmp/cert.pem' })).toBeInstanceOf(ClientCertificateCredential);
    expect(() => credentialFor(s, { kind: 'env', prefix: 'ACME3' }, tenant, {})).toThrow(/ACME3_CLIENT_ID is not set/);
    expect(() => credentialFor(s, { kind: 'env', prefix: 'ACME4' }, tenant, { ACME4_CLIENT_ID: 'a' })).toThrow(/set ACME4_CLIENT_SECRET or ACME4_CLIENT_CERTIFICATE_PATH/);
    expect(() => credentialFor(s, { kind: 'env', prefix: 'ACME5' }, undefined, { ACME5_CLIENT_ID: 'a', ACME5_CLIENT_SECRET: 'b' })).toThrow(/no tenant/);
    expect(parseCredentialRef('env:CONTOSO_PROD')).toEqual({ kind: 'env', prefix: 'CONTOSO_PROD' });
    expect(parseCredentialRef('env:lower')).toBeUndefined();
  });

  it('hands the same bounded retry, endpoint and scope to every SDK client; api-versions come from the table', () => {
    const s = resolveAzureSettings({ env: { CDR_ARM_MAX_RETRIES: '5', CDR_ARM_RETRY_DELAY_MS: '250' } });
    expect(pipelineOptions(s)).toMatchObject({ endpoint: 'https://management.azure.com', retryOptions: { maxRetries: 5, retryDelayInMs: 250 }, credentialScopes: ['https://management.azure.com/.default'], credentials: { scopes: ['https://management.azure.com/.default'] } });
    const table = pinnedApiVersions();
    expect(apiVersionFor('Microsoft.SecurityInsights/alertRules')).toBe(table['microsoft.securityinsights/alertrules']);
    expect(apiVersionFor('microsoft.securityinsights/ALERTRULES')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(() => apiVersionFor('Microsoft.Nope/things')).toThrow(/no pinned api-version for Microsoft.Nope\/things/);
    // One stable SecurityInsights version for the standalone rule templates and every SecurityInsights SDK call.
    const rulesInTemplates = table['microsoft.operationalinsights/workspaces/providers/alertrules'];
    expect(rulesInTemplates).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const t of ['alertRules', 'metadata', 'watchlists']) expect(apiVersionFor(`Microsoft.SecurityInsights/${t}`), t).toBe(rulesInTemplates);
  });
});

describe('comparison after normalising what the API returns', () => {
  it('compares durations as lengths of time', () => {
    expect(durationSeconds('PT24H')).toBe(durationSeconds('P1D'));
    expect(durationSeconds('P2DT1H30M')).toBe(2 * 86400 + 5400);
    expect(durationSeconds('PT5M')).toBe(300);
    expect(durationSeconds('5m')).toBeUndefined();
  });

  it('reports exactly the fields that differ, ignoring defaults, orders, spellings and server-only fields', () => {
    const desired = {
      displayName: 'R', query: 'T\n| take 1\n', severity: 'High', enabled: true, queryFrequency: 'PT24H', queryPeriod: 'P1D', triggerOperator: 'GreaterThan', triggerThreshold: 0,
      tactics: ['InitialAccess', 'Persistence'], entityMappings: [{ entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'IP' }] }, { entityType: 'Account', fieldMappings: [{ identifier: 'Name', columnName: 'U' }] }],
      customDetails: { A: 'a', B: 'b' }, suppressionDuration: 'PT1H', suppressionEnabled: false,
    };
    const actual = {
      ...desired, query: 'T\r\n| take 1   ', severity: 'high', queryFrequency: 'P1D', queryPeriod: 'PT24H', tactics: ['Persistence', 'InitialAccess'],
      entityMappings: [...desired.entityMappings].reverse(), customDetails: { B: 'b', A: 'a' }, lastModifiedUtc: '2026-01-01T00:00:00Z',
      incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: false, reopenClosedIncident: false, lookbackDuration: 'PT5H', matchingMethod: 'AllEntities', groupByEntities: [], groupByAlertDetails: [], groupByCustomDetails: [] } },
      eventGroupingSettings: { aggregationKind: 'SingleAlert' }, alertRuleTemplateName: null, subTechniques: [], sentinelEntitiesMappings: null,
    };
    expect(diffFields('analyticRule', desired, actual)).toEqual([]);
    expect(diffFields('analyticRule', desired, { ...actual, severity: 'Low', enabled: false })).toEqual(['severity', 'enabled']);
    expect(diffFields('analyticRule', desired, { ...actual, queryFrequency: 'PT12H' })).toEqual(['queryFrequency']);
    expect(diffFields('analyticRule', desired, { ...actual, incidentConfiguration: { createIncident: false } })).toEqual(['incidentConfiguration']);
    expect(diffFields('analyticRule', desired, { ...actual, subTechniques: ['T1110.003'] })).toEqual(['subTechniques']);
    expect(diffFields('analyticRule', desired, { ...actual, customDetails: { A: 'a' } })).toEqual(['customDetails']);
  });

  it('skips ARM expressions of a template and unescapes [[ literals', () => {
    const template = { state: 'Enabled', definition: { actions: { A: { inputs: { host: "[parameters('x')]", path: '[[not an expression]' } } } } };
    const deployed = { state: 'Enabled', definition: { actions: { A: { inputs: { host: '/subscriptions/s/x', path: '[not an expression]' } } } }, createdTime: 'now' };
    expect(diffFields('Microsoft.Logic/workflows', template, deployed, { fromTemplate: true })).toEqual([]);
    const edited = { ...deployed, definition: { actions: { A: { inputs: { host: '/subscriptions/s/x', path: 'changed' } } } } };
    expect(diffFields('Microsoft.Logic/workflows', template, edited, { fromTemplate: true })).toEqual(['definition']);
  });

  it('derives resource types from ids, including nested and extension resources', () => {
    expect(resourceTypeOf('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/wf')).toBe('Microsoft.Logic/workflows');
    expect(resourceTypeOf('/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law/summaryLogs/x')).toBe('Microsoft.OperationalInsights/workspaces/summaryLogs');
    expect(resourceTypeOf('/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law/providers/Microsoft.SecurityInsights/alertRules/r')).toBe('Microsoft.SecurityInsights/alertRules');
    expect(sdkResourceId('/subscriptions/s/x')).toBe('subscriptions/s/x');
  });

  it('finds the watchlists and tunable keys a query reads with the official lexer (comments do not count)', () => {
    const r = queryRefs('// _GetWatchlist("Commented") "Fake.Key"\nlet t = _GetWatchlist(\'CDR-Tunables\') | where SearchKey == @"Rule.Min";\n_GetWatchlist ( "Spaced" )');
    expect([...r.watchlists].sort()).toEqual(['CDR-Tunables', 'Spaced']);
    expect(r.strings.has('Rule.Min')).toBe(true);
    expect(r.strings.has('Fake.Key')).toBe(false);
  });
});
