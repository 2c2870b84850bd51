/**
 * Where the Azure calls go and how they authenticate, resolved once per run from options and the environment:
 * - the Resource Manager endpoint: `--arm-endpoint`, else AZURE_RESOURCE_MANAGER_ENDPOINT, else the public cloud;
 * - static-token mode: CDR_ARM_ENDPOINT + CDR_ARM_TOKEN (air-gapped pipelines, tests): that bearer token is the only
 *   credential used, for every target;
 * - retry bounds handed to the SDK pipelines' own retry policies (429 Retry-After, 5xx, connection resets).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../util/paths.js';

export class AzureConfigError extends Error {
  constructor(message: string) { super(message); this.name = 'AzureConfigError'; }
}

export interface CloudInfo { name: string; resourceManager: string; authorityHost: string; logAnalytics: string }

export interface RetrySettings {
  /** Retries after the first attempt, shared by the throttling and exponential strategies of the SDK policy. */
  maxRetries: number;
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
}

export interface AzureSettings {
  /** Resource Manager endpoint without a trailing slash. */
  armEndpoint: string;
  /** Token scope for Resource Manager (`<audience>/.default`). */
  armScope: string;
  /** The cloud the endpoint belongs to, when it is a known one. */
  cloud: CloudInfo | undefined;
  /** Entra authority for credentials (AZURE_AUTHORITY_HOST, else the cloud's). */
  authorityHost: string | undefined;
  /** Log Analytics query endpoint (live commands), without /v1: CDR_LOGS_ENDPOINT, else the cloud's. */
  logsEndpoint: string | undefined;
  /** Token scope for the Log Analytics query API (the cloud's audience, else the endpoint's). */
  logsScope: string | undefined;
  /** Static-token mode: the bearer token from CDR_ARM_TOKEN; no other credential is tried. */
  staticToken: string | undefined;
  retry: RetrySettings;
  /** Polling interval of long-running operations (template deployments, deletes) when the service gives none. */
  pollIntervalInMs: number;
  userAgentPrefix: string;
}

export interface SettingsOptions {
  armEndpoint?: string;
  env?: NodeJS.ProcessEnv;
}

function readClouds(): CloudInfo[] {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'tools', 'azure', 'clouds.json'), 'utf8')) as { clouds: CloudInfo[] }).clouds;
}

function normaliseEndpoint(value: string, source: string): string {
  let url: URL;
  try { url = new URL(value); } catch { throw new AzureConfigError(`${source}: '${value}' is not a URL`); }
  // The SDK's bearer-token policy refuses to send a token over plain http.
  if (url.protocol !== 'https:') throw new AzureConfigError(`${source}: '${value}' must be an https:// URL (bearer tokens are only sent over TLS)`);
  if (url.search || url.hash) throw new AzureConfigError(`${source}: '${value}' must not carry a query or fragment`);
  return url.toString().replace(/\/+$/, '');
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new AzureConfigError(`${name}: expected an integer between ${min} and ${max}, got '${raw}'`);
  return n;
}

function toolVersion(): string {
  try { return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version; } catch { return '0'; }
}

export function resolveAzureSettings(opts: SettingsOptions = {}): AzureSettings {
  const env = opts.env ?? process.env;
  const token = env.CDR_ARM_TOKEN || undefined;
  const staticEndpoint = env.CDR_ARM_ENDPOINT || undefined;
  if (Boolean(token) !== Boolean(staticEndpoint)) {
    throw new AzureConfigError(`static-token mode needs both CDR_ARM_ENDPOINT and CDR_ARM_TOKEN; only ${token ? 'CDR_ARM_TOKEN' : 'CDR_ARM_ENDPOINT'} is set`);
  }
  let armEndpoint: string;
  if (staticEndpoint) {
    armEndpoint = normaliseEndpoint(staticEndpoint, 'CDR_ARM_ENDPOINT');
    if (opts.armEndpoint && normaliseEndpoint(opts.armEndpoint, '--arm-endpoint') !== armEndpoint) {
      throw new AzureConfigError(`--arm-endpoint ${opts.armEndpoint} conflicts with CDR_ARM_ENDPOINT ${staticEndpoint} (static-token mode)`);
    }
  } else if (opts.armEndpoint) {
    armEndpoint = normaliseEndpoint(opts.armEndpoint, '--arm-endpoint');
  } else if (env.AZURE_RESOURCE_MANAGER_ENDPOINT) {
    armEndpoint = normaliseEndpoint(env.AZURE_RESOURCE_MANAGER_ENDPOINT, 'AZURE_RESOURCE_MANAGER_ENDPOINT');
  } else {
    armEndpoint = readClouds()[0]!.resourceManager;
  }
  const cloud = readClouds().find((c) => c.resourceManager.toLowerCase() === armEndpoint.toLowerCase());
  const authorityHost = env.AZURE_AUTHORITY_HOST || cloud?.authorityHost;
  const logsEndpoint = env.CDR_LOGS_ENDPOINT ? normaliseEndpoint(env.CDR_LOGS_ENDPOINT, 'CDR_LOGS_ENDPOINT') : cloud?.logAnalytics;
  return {
    armEndpoint,
    armScope: `${armEndpoint}/.default`,
    cloud,
    authorityHost,
    logsEndpoint,
    logsScope: logsEndpoint ? `${cloud?.logAnalytics ?? logsEndpoint}/.default` : undefined,
    staticToken: token,
    retry: {
      maxRetries: intFromEnv(env, 'CDR_ARM_MAX_RETRIES', 3, 0, 10),
      retryDelayInMs: intFromEnv(env, 'CDR_ARM_RETRY_DELAY_MS', 1000, 0, 60_000),
      maxRetryDelayInMs: intFromEnv(env, 'CDR_ARM_MAX_RETRY_DELAY_MS', 30_000, 0, 300_000),
    },
    pollIntervalInMs: intFromEnv(env, 'CDR_ARM_POLL_INTERVAL_MS', 5000, 10, 120_000),
    userAgentPrefix: `cdr/${toolVersion()}`,
  };
}
