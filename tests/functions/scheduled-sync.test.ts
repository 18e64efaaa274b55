/**
 * The scheduled-sync Lambda's handler, invoked as EventBridge Scheduler would, against the API
 * (Entra rules), the Graph double and the Entra stand-in's token endpoint: it signs in as the sync
 * application, syncs the council's SharePoint workbooks and records each run.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { remoteKeys } from '../../functions/auth.js';
import { type EntraTestIssuer, startEntraTestIssuer } from '../../functions/local/entra-issuer.js';
import { NO_DRIVE_IN_THE_CLOUD } from '../../functions/scheduled-sync.js';
import { handler } from '../../functions/scheduled-sync-lambda.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { type GraphDouble, startGraphDouble } from '../support/graph-double.js';
import { FIXTURE } from '../support/workbook-testbed.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SYNC_APP = 'c0ffee00-0000-4000-8000-0000000000b1';
const ADA = 'aaaaaaaa-0000-4000-8000-0000000000b2';
const CERT = join(import.meta.dirname, '../fixtures/credentials/sync-app.pem');
const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(
  await readFile(CERT, 'utf8'),
)?.[0] as string;

const realFetch = globalThis.fetch;
let issuer: EntraTestIssuer;
let api: TestApi;
let graph: GraphDouble;
let admin: string;
/** The Graph tokens the double was shown: app-only tokens of the sync application. */
const graphTokens: Record<string, unknown>[] = [];

beforeAll(async () => {
  // Graph's own rule, modelled: a token signed by Entra, for Graph, with Sites.Selected.
  let graphUrl = '';
  graph = await startGraphDouble({
    acceptToken: async (token) => {
      try {
        const { payload } = await jwtVerify(token, remoteKeys(issuer.jwksUrl), { audience: graphUrl });
        graphTokens.push(payload);
        return Array.isArray(payload.roles) && payload.roles.includes('Sites.Selected');
      } catch {
        return false;
      }
    },
  });
  graphUrl = graph.url;
  issuer = await startEntraTestIssuer({
    directory: {
      apps: {
        [SYNC_APP]: {
          tenant: TENANT,
          oid: SYNC_APP,
          roles: ['Plans.Sync'],
          certificate,
          resources: { [graph.url]: ['Sites.Selected'] },
        },
      },
    },
  });
  api = await createTestApi('scheduled-sync', {
    issuer: issuer.issuerTemplate,
    audience: issuer.audience,
    keys: remoteKeys(issuer.jwksUrl),
    tenants: { [TENANT]: 'chorley' },
  });
  admin = await issuer.mint({
    tenant: TENANT,
    oid: ADA,
    name: 'Ada Admin',
    scp: 'access_as_user',
    roles: ['Plans.Admin'],
  });
});
afterAll(async () => {
  await graph.close();
  await issuer.close();
});

beforeEach(async () => {
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    return url.startsWith(issuer.authority) || url.startsWith(graph.url)
      ? realFetch(input, init)
      : api.fetch(input, init);
  });
  vi.stubEnv('PLANS_TOKEN', undefined);
  vi.stubEnv('PLANS_GRAPH_TOKEN', undefined);
  vi.stubEnv('PLANS_API', 'https://plans.example.gov.uk');
  vi.stubEnv('PLANS_AUTHORITY', issuer.authority);
  vi.stubEnv('PLANS_TENANT_ID', TENANT);
  vi.stubEnv('PLANS_CLIENT_ID', SYNC_APP);
  vi.stubEnv('PLANS_CLIENT_CERT', CERT);
  vi.stubEnv('PLANS_API_RESOURCE', issuer.audience);
  vi.stubEnv('PLANS_GRAPH_URL', graph.url);
  vi.stubEnv('PLANS_GRAPH_WORK', await mkdtemp(join(tmpdir(), 'plans-scheduled-')));
  vi.stubEnv('PLANS_SHAREPOINT_HOSTS', '');
});

const asAdmin = (path: string, init: { method?: string; json?: unknown } = {}) =>
  api.request(path, { ...init, token: admin });

async function newPlan(title: string): Promise<string> {
  const res = await asAdmin('/councils/chorley/plans', { method: 'POST', json: { title } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('the scheduled sync Lambda', () => {
  it("when the schedule names a council, then its two SharePoint workbooks are synced as the sync application, a file path is reported as out of reach, and every outcome is in the council's sync-run log", async () => {
    const fixture = new Uint8Array(await readFile(FIXTURE));
    const site = 'https://chorley.sharepoint.com/sites/Policy/Shared%20Documents';
    const resources = graph.add(`${site}/Resources.xlsx`, fixture);
    const housing = graph.add(`${site}/Housing.xlsx`, fixture);
    const [p1, p2, p3] = [await newPlan('Resources'), await newPlan('Housing'), await newPlan('Drive')];
    const before = [graph.eTag(resources), graph.eTag(housing)];
    const put = await asAdmin('/councils/chorley/sync-list', {
      method: 'PUT',
      json: {
        workbooks: [
          { workbook: resources, plan: p1 },
          { workbook: housing, plan: p2 },
          { workbook: '//fileserver/policy/Plan.xlsx', plan: p3 },
        ],
      },
    });
    expect(put.status).toBe(200);

    const result = await handler({ council: 'chorley' });

    expect(result.counts).toEqual({ synced: 2, 'needs-a-person': 0, 'retry-later': 0, failed: 1 });
    // Uploaded back to SharePoint (a new eTag each), with Graph tokens that are the app's own.
    expect(graph.eTag(resources)).not.toBe(before[0]);
    expect(graph.eTag(housing)).not.toBe(before[1]);
    expect(graphTokens.length).toBeGreaterThan(0);
    expect(graphTokens.every((t) => t.oid === SYNC_APP && t.idtyp === 'app' && t.scp === undefined)).toBe(
      true,
    );
    for (const [plan, name] of [
      [p1, 'Resources.xlsx'],
      [p2, 'Housing.xlsx'],
    ]) {
      const actions = (
        (await (await asAdmin(`/councils/chorley/plans/${plan}/actions`)).json()) as {
          actions: { id: string }[];
        }
      ).actions;
      expect(actions).toHaveLength(9);
      // History names the sync application on behalf of the workbook it synced.
      const history = await asAdmin(`/councils/chorley/plans/${plan}/actions/${actions[0]?.id}/history`);
      const by = new Set(((await history.json()) as { history: { by: string }[] }).history.map((h) => h.by));
      expect([...by]).toEqual([`application ${SYNC_APP} for workbook ${name}`]);
    }
    const runs = await asAdmin('/councils/chorley/sync-runs?limit=10');
    const logged = (
      (await runs.json()) as {
        runs: { run: string; workbook: string; status: string; pushed?: number; error?: unknown }[];
      }
    ).runs;
    expect(logged.map(({ run }) => run)).toEqual([result.run, result.run, result.run]);
    expect(
      logged.map(({ workbook, status, pushed, error }) => ({ workbook, status, pushed, error })),
    ).toEqual(
      expect.arrayContaining([
        { workbook: resources, status: 'synced', pushed: 9, error: undefined },
        { workbook: housing, status: 'synced', pushed: 9, error: undefined },
        {
          workbook: expect.stringContaining('fileserver'),
          status: 'failed',
          pushed: undefined,
          error: NO_DRIVE_IN_THE_CLOUD,
        },
      ]),
    );
  });

  it('when the event names no council, then the run fails before signing in', async () => {
    await expect(handler({ council: '../other' })).rejects.toThrow();
    await expect(handler({})).rejects.toThrow();
  });
});
