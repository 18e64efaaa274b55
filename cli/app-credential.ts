/**
 * The sync application's own sign-in, for automation (a scheduled task, the scheduled-sync Lambda):
 * the OAuth 2.0 client credentials grant against Entra's token endpoint, authenticated by a client
 * assertion (a signed JWT) rather than a secret. docs/app-credential.md lists the Microsoft pages
 * each rule follows. One credential gives app-only tokens for any resource it is granted: the plans
 * API (its Plans.Sync app role) and Microsoft Graph (Sites.Selected on the council's site).
 */
import type { TokenProvider } from '../core/client.js';
import { CliError } from './run.js';

export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

/** Proves the application to Entra: given the token endpoint (the assertion's audience), a JWT. */
export type ClientAssertion = (tokenEndpoint: string) => Promise<string>;

export interface AppCredentialConfig {
  /** e.g. https://login.microsoftonline.com (a sovereign cloud's, or a test double's). */
  authority: string;
  tenant: string;
  clientId: string;
  assertion: ClientAssertion;
  fetch?: typeof fetch;
}

export interface AppCredential {
  /** A provider of app-only tokens for one resource, e.g. `api://plans` or `https://graph.microsoft.com`. */
  tokenFor(resource: string): TokenProvider;
}

/**
 * Renewed this long before Entra's expiry (tokens live 60–90 minutes), so a token never runs
 * out between being handed over and arriving, even on a slow sync.
 */
const EARLY_SECONDS = 5 * 60;

interface Cached {
  token: string;
  renewAt: number;
}

export function appCredential(config: AppCredentialConfig): AppCredential {
  const endpoint = `${config.authority.replace(/\/+$/, '')}/${encodeURIComponent(config.tenant)}/oauth2/v2.0/token`;
  const doFetch = config.fetch ?? ((input, init) => fetch(input, init));
  const cache = new Map<string, Cached>();
  // One request per resource at a time: four workbooks syncing at once share one grant.
  const pending = new Map<string, Promise<Cached>>();

  async function grant(scope: string): Promise<Cached> {
    const body = new URLSearchParams({
      client_id: config.clientId,
      scope,
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await config.assertion(endpoint),
    });
    let res: Response;
    try {
      res = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    } catch {
      throw new CliError(`could not reach Microsoft's sign-in at ${endpoint}`, {
        fix: 'check the network, and PLANS_AUTHORITY if it is set',
      });
    }
    const answer = (await res.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_description?: unknown;
    };
    if (!res.ok || typeof answer.access_token !== 'string') {
      const code =
        (typeof answer.error_description === 'string' && /AADSTS\d+/.exec(answer.error_description)?.[0]) ||
        (typeof answer.error === 'string' ? answer.error : `HTTP ${res.status}`);
      throw new CliError(`Microsoft refused the sync application's sign-in for ${scope} (${code})`, {
        fix: 'check PLANS_TENANT_ID, PLANS_CLIENT_ID, its certificate or federated credential, and that the app is granted this resource',
      });
    }
    const lifetime = Number(answer.expires_in) > 0 ? Number(answer.expires_in) : 3600;
    return {
      token: answer.access_token,
      renewAt: Date.now() + Math.max(lifetime - EARLY_SECONDS, lifetime / 2) * 1000,
    };
  }

  return {
    tokenFor(resource) {
      const scope = `${resource.replace(/\/+$/, '')}/.default`;
      return async (request) => {
        const cached = cache.get(scope);
        if (cached && !request?.forceRefresh && Date.now() < cached.renewAt) return cached.token;
        let inFlight = pending.get(scope);
        if (!inFlight) {
          inFlight = grant(scope).finally(() => pending.delete(scope));
          pending.set(scope, inFlight);
        }
        const fresh = await inFlight;
        cache.set(scope, fresh);
        return fresh.token;
      };
    },
  };
}
