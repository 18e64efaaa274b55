/**
 * `plans login` with Microsoft Entra ID through @azure/msal-node: the device code flow for a person,
 * client credentials for an application. MSAL's requests to login.microsoftonline.com are answered
 * by the Entra stand-in (its network module), and the API checks the tokens against the same stand-in.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INetworkModule, NetworkResponse } from '@azure/msal-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerLogin } from '../../cli/commands/login.js';
import { registerPeople } from '../../cli/commands/people.js';
import { credentialsPath, storedMicrosoftLogin } from '../../cli/credentials.js';
import { microsoftTokenProvider, msalCachePath } from '../../cli/microsoft.js';
import { createPlansClient } from '../../core/client.js';
import { remoteKeys } from '../../functions/auth.js';
import {
  type EntraTestIssuer,
  type OAuthAnswer,
  startEntraTestIssuer,
} from '../../functions/local/entra-issuer.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { runCommands } from '../support/cli-in-process.js';

const API_URL = 'http://plans.test';
const TENANT = '11111111-1111-4111-8111-111111111111';
const OLIVIA = 'aaaaaaaa-0000-4000-8000-000000000001';
const CLI_APP = 'c1c1c1c1-0000-4000-8000-000000000000';
const SYNC_APP = 'ababab00-0000-4000-8000-000000000000';
const SCOPE = 'api://peer-challenge-plans/access_as_user';

let issuer: EntraTestIssuer;
let api: TestApi;
let network: INetworkModule;

beforeAll(async () => {
  issuer = await startEntraTestIssuer({
    directory: {
      person: { tenant: TENANT, oid: OLIVIA, name: 'Olivia Officer', roles: ['Plans.Officer'] },
      apps: {
        [SYNC_APP]: { tenant: TENANT, oid: SYNC_APP, secret: 'nightly-secret', roles: ['Plans.Sync'] },
      },
    },
  });
  api = await createTestApi('cli-microsoft', {
    issuer: issuer.issuerTemplate,
    audience: issuer.audience,
    keys: remoteKeys(issuer.jwksUrl),
    tenants: { [TENANT]: 'chorley' },
  });
  const reply = <T>(a: OAuthAnswer) =>
    ({ status: a.status, headers: a.headers, body: a.body as T }) as NetworkResponse<T>;
  network = {
    sendGetRequestAsync: async (url) => reply(await issuer.answer('GET', url)),
    sendPostRequestAsync: async (url, options) => reply(await issuer.answer('POST', url, options?.body)),
  };
});

afterAll(() => issuer.close());

beforeEach(async () => {
  vi.stubEnv('XDG_CONFIG_HOME', await mkdtemp(join(tmpdir(), 'plans-ms-config-')));
});

const plans = (...args: string[]) =>
  runCommands(
    [
      (program) => registerLogin(program, { network }),
      (program) =>
        registerPeople(program, () => {
          const login = storedMicrosoftLogin(API_URL);
          if (!login) throw new Error('nothing kept');
          return {
            client: createPlansClient({
              baseUrl: API_URL,
              token: microsoftTokenProvider(login, { network }),
              fetch: api.fetch,
            }),
            api: API_URL,
          };
        }),
    ],
    args,
  );

const mode = (path: string) => statSync(path).mode & 0o777;

describe('plans login with Microsoft', () => {
  it('when a person signs in with the device code, then the code is shown, only MSAL’s cache holds tokens (mode 0600), and later calls renew silently', async () => {
    const login = await plans(
      'login',
      '--api',
      API_URL,
      '--tenant',
      TENANT,
      '--client-id',
      CLI_APP,
      '--scope',
      SCOPE,
    );
    expect(login.exitCode).toBe(0);
    expect(login.stderr).toContain('enter the code PLANS-TEST');
    expect(login.stdout).toContain('Signed in with Microsoft for http://plans.test');
    expect(mode(credentialsPath())).toBe(0o600);
    expect(mode(msalCachePath())).toBe(0o600);
    expect(readFileSync(credentialsPath(), 'utf8')).not.toMatch(/eyJ|refresh-/);

    const whoami = await plans('whoami', '--api', API_URL);
    expect(whoami.stdout).toContain('Olivia Officer (a person, id aaaaaaaa-0000-4000-8000-000000000001)');
    expect(whoami.stdout).toContain('role:         officer, from the token');

    // The API refused the cached token (say it expired early): MSAL renews it with the refresh token.
    const token = microsoftTokenProvider(storedMicrosoftLogin(API_URL)!, { network });
    const before = issuer.grants.filter((g) => g === 'refresh_token').length;
    expect(await token({ forceRefresh: true })).toMatch(/^eyJ/);
    expect(issuer.grants.filter((g) => g === 'refresh_token').length).toBe(before + 1);

    const logout = await plans('logout', '--api', API_URL);
    expect(logout.stdout).toContain('Forgot the token for http://plans.test');
    expect(existsSync(msalCachePath())).toBe(false);
  });

  it('when an application signs in with client credentials, then the secret is read from PLANS_CLIENT_SECRET and never kept, and the API sees an application', async () => {
    vi.stubEnv('PLANS_CLIENT_SECRET', 'nightly-secret');
    const args = [
      'login',
      '--api',
      API_URL,
      '--tenant',
      TENANT,
      '--client-id',
      SYNC_APP,
      '--scope',
      `${issuer.audience}/.default`,
      '--application',
    ];
    const login = await plans(...args);
    expect(login.exitCode).toBe(0);
    expect(readFileSync(credentialsPath(), 'utf8')).not.toContain('nightly-secret');
    const whoami = await plans('whoami', '--api', API_URL);
    expect(whoami.stdout).toContain('(an application, id ababab00-0000-4000-8000-000000000000)');
    expect(whoami.stdout).toContain('role:         sync');

    vi.stubEnv('PLANS_CLIENT_SECRET', 'wrong');
    const refused = await plans(...args);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe(
      "plans: Microsoft refused the application's sign-in (AADSTS7000215): check PLANS_CLIENT_SECRET, the client id and that the app has the Plans.Sync role",
    );
  });
});
