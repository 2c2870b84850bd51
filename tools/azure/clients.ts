/**
 * SDK clients built on one set of pipeline options: endpoint, token scope, bounded retries (the SDK's own
 * throttling policy honours Retry-After on 429/503; its exponential policy retries 408/5xx and connection resets),
 * user agent, and the api-version pinned in the project's table.
 */
import type { TokenCredential } from '@azure/core-auth';
import { SecurityInsights } from '@azure/arm-securityinsight';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { AzureConfigError, type AzureSettings } from './settings.js';
import { apiVersionFor } from './api-versions.js';

/** Options every SDK client takes from core-client / core-rest-pipeline (both generations of generated clients). */
export function pipelineOptions(settings: AzureSettings, endpoint = settings.armEndpoint, scope = settings.armScope) {
  return {
    endpoint,
    retryOptions: { ...settings.retry },
    userAgentOptions: { userAgentPrefix: settings.userAgentPrefix },
    // AutoRest (core-client) clients read credentialScopes; TypeSpec (core-client-rest) clients read credentials.scopes.
    credentialScopes: [scope],
    credentials: { scopes: [scope] },
  };
}

/** Microsoft.SecurityInsights: analytic rules, metadata, watchlists and their items. */
export function securityInsightsClient(settings: AzureSettings, credential: TokenCredential, subscriptionId: string, resourceType = 'Microsoft.SecurityInsights/alertRules'): SecurityInsights {
  return new SecurityInsights(credential, subscriptionId, { ...pipelineOptions(settings), apiVersion: apiVersionFor(resourceType) });
}

/** Microsoft.OperationalInsights: workspaces and saved searches (hunting queries). */
export function operationalInsightsClient(settings: AzureSettings, credential: TokenCredential, subscriptionId: string): OperationalInsightsManagementClient {
  return new OperationalInsightsManagementClient(credential, subscriptionId, { ...pipelineOptions(settings), apiVersion: apiVersionFor('Microsoft.OperationalInsights/workspaces/savedSearches') });
}

/** Generic resources by id (workbooks, workflows, connections), each call with its type's pinned api-version. */
export function resourcesClient(settings: AzureSettings, credential: TokenCredential, subscriptionId: string): ResourceManagementClient {
  return new ResourceManagementClient(credential, subscriptionId, { ...pipelineOptions(settings), apiVersion: apiVersionFor('Microsoft.Resources/resourceGroups') });
}

/** Template deployments (workbooks and playbooks, which carry connections and identities). */
export function deploymentsClient(settings: AzureSettings, credential: TokenCredential, subscriptionId: string): DeploymentsClient {
  return new DeploymentsClient(credential, subscriptionId, { ...pipelineOptions(settings), apiVersion: apiVersionFor('Microsoft.Resources/deployments') });
}

/** Log Analytics query API (live commands: backtest --target, record, parity); its version is the path's v1. */
export function logsQueryClient(settings: AzureSettings, credential: TokenCredential): LogsQueryClient {
  if (!settings.logsEndpoint || !settings.logsScope) throw new AzureConfigError(`no Log Analytics query endpoint is known for ${settings.armEndpoint}: set CDR_LOGS_ENDPOINT (e.g. https://api.loganalytics.io)`);
  return new LogsQueryClient(credential, pipelineOptions(settings, `${settings.logsEndpoint}/v1`, settings.logsScope));
}
