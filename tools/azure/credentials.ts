/**
 * Credentials for Azure calls, all from @azure/identity except the static bearer token of CDR_ARM_TOKEN:
 * - static-token mode (CDR_ARM_ENDPOINT + CDR_ARM_TOKEN): that token for every target, nothing else is tried;
 * - `default`: DefaultAzureCredential in the identity's home tenant (with Azure Lighthouse the managing tenant's
 *   identity reaches the customer's delegated subscriptions, so no customer tenant is requested);
 * - `env:<PREFIX>`: an app registration in the target's tenant from <PREFIX>_CLIENT_ID plus <PREFIX>_CLIENT_SECRET or
 *   <PREFIX>_CLIENT_CERTIFICATE_PATH (+ optional <PREFIX>_CLIENT_CERTIFICATE_PASSWORD); <PREFIX>_TENANT_ID overrides
 *   the target's tenantId. Secrets live only in the environment, never in the targets file.
 * Credentials are cached per run so many targets share one token cache.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { AzureConfigError, type AzureSettings } from './settings.js';

export type CredentialRef = { kind: 'default' } | { kind: 'env'; prefix: string };

/** Parses the targets file's `credential` value: `default` or `env:<PREFIX>`. */
export function parseCredentialRef(value: string): CredentialRef | undefined {
  if (value === 'default') return { kind: 'default' };
  const m = /^env:([A-Z][A-Z0-9_]*)$/.exec(value);
  return m ? { kind: 'env', prefix: m[1]! } : undefined;
}

/** A fixed bearer token (static-token mode). The SDK's bearer policy asks it for tokens like any credential. */
class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}
  async getToken(): Promise<AccessToken> {
    // The token's real lifetime is unknown; one hour keeps the SDK from asking again on every request.
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: 'Bearer' };
  }
}

const cache = new Map<string, TokenCredential>();

export function credentialFor(settings: AzureSettings, ref: CredentialRef, tenantId: string | undefined, env: NodeJS.ProcessEnv = process.env): TokenCredential {
  if (settings.staticToken) {
    const key = `static|${settings.staticToken}`;
    let c = cache.get(key);
    if (!c) { c = new StaticTokenCredential(settings.staticToken); cache.set(key, c); }
    return c;
  }
  const authorityHost = settings.authorityHost;
  if (ref.kind === 'default') {
    const key = `default|${authorityHost ?? ''}`;
    let c = cache.get(key);
    if (!c) { c = new DefaultAzureCredential(authorityHost ? { authorityHost } : {}); cache.set(key, c); }
    return c;
  }
  const p = ref.prefix;
  const clientId = env[`${p}_CLIENT_ID`];
  const tenant = env[`${p}_TENANT_ID`] || tenantId;
  const secret = env[`${p}_CLIENT_SECRET`];
  const certPath = env[`${p}_CLIENT_CERTIFICATE_PATH`];
  if (!clientId) throw new AzureConfigError(`credential env:${p}: ${p}_CLIENT_ID is not set`);
  if (!tenant) throw new AzureConfigError(`credential env:${p}: no tenant (set tenantId on the target or ${p}_TENANT_ID)`);
  if (!secret && !certPath) throw new AzureConfigError(`credential env:${p}: set ${p}_CLIENT_SECRET or ${p}_CLIENT_CERTIFICATE_PATH`);
  if (secret && certPath) throw new AzureConfigError(`credential env:${p}: both ${p}_CLIENT_SECRET and ${p}_CLIENT_CERTIFICATE_PATH are set; keep one`);
  const key = `env|${p}|${tenant}|${authorityHost ?? ''}`;
  let c = cache.get(key);
  if (!c) {
    const common = authorityHost ? { authorityHost } : {};
    c = secret
      ? new ClientSecretCredential(tenant, clientId, secret, common)
      : new ClientCertificateCredential(tenant, clientId, { certificatePath: certPath!, certificatePassword: env[`${p}_CLIENT_CERTIFICATE_PASSWORD`] || undefined }, common);
    cache.set(key, c);
  }
  return c;
}
