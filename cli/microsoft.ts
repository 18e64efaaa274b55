/**
 * Signing the CLI in to Microsoft Entra ID, with @azure/msal-node (Microsoft's "Desktop app that
 * calls web APIs: acquire a token using device code flow"; "Acquire tokens in MSAL Node"):
 * - a person: the device code flow (`plans login --tenant … --client-id …`): a code to enter at
 *   microsoft.com/devicelogin, then tokens renewed silently (acquireTokenSilent) before every call;
 * - an application (a scheduled sync with the Plans.Sync app role): client credentials, the secret
 *   read from PLANS_CLIENT_SECRET each run, never written anywhere.
 * MSAL's token cache (it holds the refresh token) is one file in the user's config folder, mode 0600.
 */

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Configuration, ICachePlugin, INetworkModule, PublicClientApplication } from '@azure/msal-node';
import type { TokenProvider } from '../core/client.js';
import { credentialsPath } from './credentials.js';
import { CliError } from './run.js';

/** How a Microsoft sign-in for one API is renewed; kept in credentials.json (no secret, no token). */
export interface MicrosoftLogin {
  kind: 'person' | 'application';
  tenant: string;
  clientId: string;
  scopes: string[];
  /** The person's MSAL account (home account id), to find their tokens in the cache. */
  account?: string;
}

/** Tests answer MSAL's requests themselves; everyone else talks to login.microsoftonline.com. */
export interface MsalOptions {
  network?: INetworkModule;
}

/** Loaded when first needed: a `plans sync` with a pasted token should not wait for MSAL. */
const msal = () => import('@azure/msal-node');

export const msalCachePath = () => join(dirname(credentialsPath()), 'msal-cache.json');

/** MSAL's cache, read before and written after each use, whole, readable by the user only. */
const fileCache: ICachePlugin = {
  async beforeCacheAccess(context) {
    try {
      context.tokenCache.deserialize(readFileSync(msalCachePath(), 'utf8'));
    } catch {
      // no cache yet
    }
  },
  async afterCacheAccess(context) {
    if (!context.cacheHasChanged) return;
    const path = msalCachePath();
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, context.tokenCache.serialize(), { mode: 0o600, flag: 'wx' });
    await rename(temporary, path).catch(async (error) => {
      await rm(temporary, { force: true });
      throw error;
    });
  },
};

function configuration(
  login: Omit<MicrosoftLogin, 'kind' | 'account'>,
  options: MsalOptions,
  secret?: string,
): Configuration {
  return {
    auth: {
      clientId: login.clientId,
      authority: `https://login.microsoftonline.com/${login.tenant}`,
      ...(secret ? { clientSecret: secret } : {}),
    },
    cache: { cachePlugin: fileCache },
    ...(options.network ? { system: { networkClient: options.network } } : {}),
  };
}

/** "AADSTS7000215" or MSAL's own code: enough for IT to look up, no token or secret in it. */
function entraCode(error: unknown): string {
  const e = error as { errorCode?: unknown; errorMessage?: unknown };
  const aadsts = typeof e.errorMessage === 'string' ? /AADSTS\d+/.exec(e.errorMessage)?.[0] : undefined;
  return aadsts ?? (typeof e.errorCode === 'string' ? e.errorCode : 'no answer');
}

/** `plans login --tenant T --client-id C`: the device code flow; says the code on stderr. */
export async function deviceCodeLogin(
  login: Omit<MicrosoftLogin, 'kind' | 'account'>,
  options: MsalOptions = {},
): Promise<{ login: MicrosoftLogin; token: string }> {
  const app = new (await msal()).PublicClientApplication(configuration(login, options));
  const result = await app
    .acquireTokenByDeviceCode({
      scopes: login.scopes,
      deviceCodeCallback: (response) => process.stderr.write(`${response.message}\n`),
    })
    .catch((error: unknown) => {
      throw new CliError(`Microsoft sign-in did not finish (${entraCode(error)})`, {
        fix: 'run `plans login` again, and check --tenant, --client-id and --scope with your IT team',
      });
    });
  if (!result?.account)
    throw new CliError('Microsoft sign-in did not finish', { fix: 'run `plans login` again' });
  return {
    login: { ...login, kind: 'person', account: result.account.homeAccountId },
    token: result.accessToken,
  };
}

/** Renews the token before every call: from the cache when it is still good, else with the refresh token. */
export function microsoftTokenProvider(login: MicrosoftLogin, options: MsalOptions = {}): TokenProvider {
  if (login.kind === 'application') {
    return async (request) => {
      const secret = process.env.PLANS_CLIENT_SECRET;
      if (!secret)
        throw new CliError('PLANS_CLIENT_SECRET is not set', {
          fix: "set it to the application's client secret for this run (it is never stored)",
        });
      const app = new (await msal()).ConfidentialClientApplication(configuration(login, options, secret));
      const result = await app
        .acquireTokenByClientCredential({
          scopes: login.scopes,
          ...(request?.forceRefresh ? { skipCache: true } : {}),
        })
        .catch((error: unknown) => {
          throw new CliError(`Microsoft refused the application's sign-in (${entraCode(error)})`, {
            fix: 'check PLANS_CLIENT_SECRET, the client id and that the app has the Plans.Sync role',
          });
        });
      if (!result)
        throw new CliError('Microsoft gave no token for the application', { fix: 'check its app role' });
      return result.accessToken;
    };
  }
  return personTokenFor(
    login,
    login.scopes,
    () =>
      new CliError('your Microsoft sign-in has ended (or needs you again)', {
        fix: 'run `plans login` again',
      }),
    options,
  );
}

/**
 * A person's token for `scopes`, from their `plans login`, silently: from MSAL's cache, else by
 * redeeming the refresh token. Entra's refresh token is multi-resource, so the one sign-in gives a
 * token for another resource too (Microsoft Graph), one token per resource, with no second login.
 * `refused` says what to do when Entra wants the person again (consent, MFA, an ended session).
 */
export function personTokenFor(
  login: MicrosoftLogin,
  scopes: string[],
  refused: (code: string) => CliError,
  options: MsalOptions = {},
): TokenProvider {
  let client: Promise<PublicClientApplication> | null = null;
  return async (request) => {
    client ??= msal().then((m) => new m.PublicClientApplication(configuration(login, options)));
    const app = await client;
    const account = (await app.getAllAccounts()).find((a) => a.homeAccountId === login.account);
    if (!account)
      throw new CliError('your Microsoft sign-in is no longer kept', { fix: 'run `plans login` again' });
    try {
      return (
        await app.acquireTokenSilent({
          account,
          scopes,
          forceRefresh: request?.forceRefresh ?? false,
        })
      ).accessToken;
    } catch (error) {
      throw refused(entraCode(error));
    }
  };
}
