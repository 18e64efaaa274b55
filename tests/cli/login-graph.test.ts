/**
 * A person's `plans login` as the source of Graph tokens for `plans sync URL`: no second login,
 * MSAL redeems the person's refresh token for Microsoft Graph (delegated Files.ReadWrite.All).
 * MSAL's requests are answered by the Entra stand-in through the test network module, which hands
 * out a Graph-audience token for a Graph scope (or refuses it for want of consent, as Entra does);
 * the Graph double takes only a delegated token for its own host, checked against the stand-in's keys.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INetworkModule, NetworkResponse } from '@azure/msal-node';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerLogin } from '../../cli/commands/login.js';
import { registerSync } from '../../cli/commands/sync.js';
import { EXIT } from '../../cli/exit-codes.js';
import { remoteKeys } from '../../functions/auth.js';
import {
  type EntraTestIssuer,
  type OAuthAnswer,
  startEntraTestIssuer,
} from '../../functions/local/entra-issuer.js';
import { runCommands } from '../support/cli-in-process.js';
import { type GraphDouble, startGraphDouble } from '../support/graph-double.js';
import { COUNCIL, FIXTURE, workbookTestbed } from '../support/workbook-testbed.js';

const bed = workbookTestbed('login-graph');
const API_URL = 'http://plans.test';
const TENANT = '22222222-2222-4222-8222-222222222222';
const OLIVIA = 'bbbbbbbb-0000-4000-8000-000000000002';
const CLI_APP = 'c2c2c2c2-0000-4000-8000-000000000000';
const SCOPE = 'api://peer-challenge-plans/access_as_user';
const realFetch = globalThis.fetch;

let issuer: EntraTestIssuer;
let graph: GraphDouble;
let network: INetworkModule;
let fixture: Uint8Array;
/** The scope of each refresh_token grant MSAL sent. */
let refreshed: string[];
/** Entra has no consent for Graph from this person (AADSTS65001). */
let graphConsented: boolean;

const graphOrigin = () => new URL(graph.url).origin;

beforeAll(async () => {
  issuer = await startEntraTestIssuer({
    directory: { person: { tenant: TENANT, oid: OLIVIA, name: 'Olivia Officer', roles: ['Plans.Officer'] } },
  });
  const keys = remoteKeys(issuer.jwksUrl);
  // Graph takes a delegated token for itself only: its audience and a files permission.
  graph = await startGraphDouble({
    acceptToken: async (token) => {
      const { payload } = await jwtVerify(token, keys, { audience: graphOrigin() }).catch(() => ({
        payload: null,
      }));
      return String(payload?.scp ?? '')
        .split(' ')
        .includes('Files.ReadWrite.All');
    },
  });
  fixture = new Uint8Array(await readFile(FIXTURE));
  const reply = <T>(a: OAuthAnswer) =>
    ({ status: a.status, headers: a.headers, body: a.body as T }) as NetworkResponse<T>;
  network = {
    sendGetRequestAsync: async (url) => reply(await issuer.answer('GET', url)),
    sendPostRequestAsync: async (url, options) => {
      const form = new URLSearchParams(options?.body ?? '');
      const scope = form.get('scope') ?? '';
      if (form.get('grant_type') === 'refresh_token') refreshed.push(scope);
      const forGraph = scope.split(' ').includes(`${graphOrigin()}/Files.ReadWrite.All`);
      if (!forGraph) return reply(await issuer.answer('POST', url, options?.body));
      // The person consents at the device code page (the stand-in "enters" the code at once).
      if (url.endsWith('/devicecode')) graphConsented = true;
      if (!graphConsented)
        return reply({
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: {
            error: 'invalid_grant',
            error_description:
              'AADSTS65001: The user or administrator has not consented to use the application.',
            suberror: 'consent_required',
            error_codes: [65001],
          },
        });
      // The stand-in mints for the plans API; Entra would mint this one for Graph, delegated.
      const answer = await issuer.answer('POST', url, options?.body);
      const body = answer.body as Record<string, unknown>;
      body.access_token = await issuer.mint({
        tenant: TENANT,
        oid: OLIVIA,
        name: 'Olivia Officer',
        scp: 'Files.ReadWrite.All',
        audience: graphOrigin(),
      });
      return reply(answer);
    },
  };
});

afterAll(async () => {
  await graph.close();
  await issuer.close();
});

beforeEach(async () => {
  refreshed = [];
  graphConsented = true;
  vi.stubEnv('XDG_CONFIG_HOME', await mkdtemp(join(tmpdir(), 'plans-graph-login-')));
  // Graph and the Entra stand-in's keys over HTTP; everything else is the plans API, in-process.
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    return url.startsWith(graph.url) || url.startsWith(issuer.authority)
      ? realFetch(input, init)
      : bed.api.fetch(input, init);
  });
  vi.stubEnv('PLANS_API', API_URL);
  vi.stubEnv('PLANS_TOKEN', bed.token);
  vi.stubEnv('PLANS_GRAPH_URL', graph.url);
  vi.stubEnv('PLANS_GRAPH_TOKEN', undefined);
  vi.stubEnv('PLANS_CLIENT_ID', undefined);
  vi.stubEnv('PLANS_TENANT_ID', undefined);
  vi.stubEnv('PLANS_CLIENT_CERT', undefined);
  vi.stubEnv('PLANS_CLIENT_FEDERATION', undefined);
  vi.stubEnv('PLANS_GRAPH_WORK', join(bed.dir, 'graph-work'));
  vi.stubEnv('PLANS_SHAREPOINT_HOSTS', '');
});

const plans = (...args: string[]) =>
  runCommands(
    [(program) => registerLogin(program, { network }), (program) => registerSync(program, { network })],
    args,
  );

const signIn = () =>
  plans('login', '--api', API_URL, '--tenant', TENANT, '--client-id', CLI_APP, '--scope', SCOPE);

let workbooks = 0;
const inSharePoint = () =>
  graph.add(
    `https://chorley.sharepoint.com/sites/Policy/Shared%20Documents/Graph%20login%20${++workbooks}.xlsx`,
    fixture,
  );

describe('a person’s plans login gives the Graph token', () => {
  it('when a person signed in with plans login syncs a SharePoint workbook, then MSAL redeems their refresh token for Graph silently and the workbook syncs', async () => {
    expect((await signIn()).exitCode).toBe(0);
    const plan = await bed.newPlan();
    const url = inSharePoint();
    const run = await plans('sync', url, '--council', COUNCIL, '--plan', plan);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(EXIT.SYNCED);
    expect(run.stdout).toContain(`Synced ${url} with plan ${plan}: pushed 9, pulled 0`);
    expect(refreshed).toEqual([expect.stringContaining(`${graphOrigin()}/Files.ReadWrite.All`)]);
    expect(graph.log.filter((entry) => entry.url === url).map((entry) => entry.status)).not.toContain(401);
  });

  it('when Entra wants the person again for Graph (no consent), then the sync says in one line which plans login to run', async () => {
    expect((await signIn()).exitCode).toBe(0);
    graphConsented = false;
    const plan = await bed.newPlan();
    const run = await plans('sync', inSharePoint(), '--council', COUNCIL, '--plan', plan);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `plans: Microsoft gave no Graph token for your sign-in (AADSTS65001): run \`plans login --api ${API_URL} --tenant ${TENANT} --client-id ${CLI_APP} --scope ${SCOPE} --graph\` to consent to Microsoft Graph too (or ask IT to grant the CLI Files.ReadWrite.All)\n`,
    );
  });

  it('when a person signs in with --graph and Entra has no consent for Graph yet, then a second code asks for Graph and later syncs need no login', async () => {
    graphConsented = false;
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
      '--graph',
    );
    expect(login.stderr).toBe(
      'To sign in, open https://microsoft.com/devicelogin and enter the code PLANS-TEST.\n' +
        'Microsoft Graph needs your consent too (your own SharePoint and OneDrive files):\n' +
        'To sign in, open https://microsoft.com/devicelogin and enter the code PLANS-TEST.\n',
    );
    expect(login.exitCode).toBe(0);
    expect(login.stdout).toContain(
      `Signed in with Microsoft for ${API_URL}, and for Microsoft Graph (Files.ReadWrite.All);`,
    );
    const plan = await bed.newPlan();
    const run = await plans('sync', inSharePoint(), '--council', COUNCIL, '--plan', plan);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(EXIT.SYNCED);
  });

  it('when a person signs in with --graph and Graph is consented already, then one code is enough', async () => {
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
      '--graph',
    );
    expect(login.exitCode).toBe(0);
    expect(login.stderr.match(/enter the code/g)).toHaveLength(1);
    expect(refreshed).toEqual([expect.stringContaining(`${graphOrigin()}/Files.ReadWrite.All`)]);
  });

  it('when an application signs in with --graph, then it is refused in one line: the application gets its Graph token by itself', async () => {
    const run = await plans(
      'login',
      '--api',
      API_URL,
      '--tenant',
      TENANT,
      '--client-id',
      CLI_APP,
      '--scope',
      `${issuer.audience}/.default`,
      '--application',
      '--graph',
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'plans: --graph is for a person; the application gets its Graph token by itself: leave out --graph, and grant the app Sites.Selected on the site (infra/README.md)\n',
    );
  });
});
