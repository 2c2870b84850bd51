/**
 * The shared Azure client layer (deploy, drift, and the live commands): settings (endpoints, static-token mode,
 * retry bounds), credentials, pinned api-versions and SDK clients. Nothing here speaks HTTP itself: requests, retries
 * and authentication are the Azure SDK pipelines'.
 */
export { resolveAzureSettings, AzureConfigError, type AzureSettings, type CloudInfo, type RetrySettings, type SettingsOptions } from './settings.js';
export { credentialFor, parseCredentialRef, type CredentialRef } from './credentials.js';
export { apiVersionFor, pinnedApiVersionTable, API_VERSIONS_FILE } from './api-versions.js';
export { pipelineOptions, securityInsightsClient, operationalInsightsClient, resourcesClient, deploymentsClient, logsQueryClient } from './clients.js';
export { armErrorInfo, isNotFound, isEtagConflict, type ArmErrorInfo } from './errors.js';
