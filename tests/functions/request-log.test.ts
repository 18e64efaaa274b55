/** One log line per request, with what IT needs to find a failed sync, and the metrics it alarms on. */
import { handle } from 'hono/aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app.js';
import { localAuthConfig, mintToken } from '../../functions/local/issuer.js';
import { metricsOf, type RequestEntry } from '../../functions/request-log.js';
import type { Store } from '../../functions/store/dynamodb.js';
import { buildAction } from '../support/factories.js';
import { issuerKeys } from '../support/keys.js';
import { createTestStore } from '../support/store.js';

let store: Store;
let entries: RequestEntry[];
let app: ReturnType<typeof createApp>;
let token: string;

beforeAll(async () => {
  store = await createTestStore('request-log');
  const keys = await issuerKeys();
  entries = [];
  app = createApp({ store, auth: localAuthConfig(keys), requestLog: (entry) => entries.push(entry) });
  token = await mintToken(keys, {
    council: 'chorley',
    role: 'officer',
    directorates: ['Policy and Governance'],
  });
});

const send = (path: string, init: RequestInit = {}) =>
  app.request(path, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });

describe('request log', () => {
  it('when a sync runs, then one line names the council, plan, route, status, duration and counts, and no row contents', async () => {
    const policy = await mintToken(await issuerKeys(), { council: 'chorley', role: 'policy' });
    const plan = (
      await (
        await app.request('/councils/chorley/plans', {
          method: 'POST',
          headers: { authorization: `Bearer ${policy}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Logged' }),
        })
      ).json()
    ).id;
    entries.length = 0;
    const res = await send(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      body: JSON.stringify({
        cursor: 0,
        idempotencyKey: ulid(),
        changes: [
          { op: 'create', id: ulid(), fields: buildAction({ action: 'Secret plan wording' }) },
          {
            op: 'create',
            id: ulid(),
            fields: buildAction({ action: 'Not mine', directorate: 'Commercial Services' }),
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(entries).toEqual([
      {
        requestId: 'local',
        method: 'POST',
        route: '/councils/:council/plans/:plan/sync',
        status: 200,
        durationMs: expect.any(Number),
        council: 'chorley',
        plan,
        role: 'officer',
        applied: 1,
        created: 1,
        conflicts: 0,
        refused: 1,
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain('Secret plan wording');
  });

  it('when a request is refused before its route, then it is logged with its status all the same', async () => {
    entries.length = 0;
    const res = await app.request('/councils/chorley/plans');
    expect(res.status).toBe(401);
    expect(entries).toEqual([
      expect.objectContaining({ method: 'GET', status: 401, council: 'chorley', route: expect.any(String) }),
    ]);
  });

  it('when it runs in Lambda, then the line carries the invocation request id', async () => {
    entries.length = 0;
    const handler = handle(app);
    const now = new Date();
    await handler(
      {
        version: '2.0',
        routeKey: '$default',
        rawPath: '/health',
        rawQueryString: '',
        headers: { host: 'api.example.org' },
        requestContext: {
          accountId: '123456789012',
          apiId: 'test',
          domainName: 'api.example.org',
          domainPrefix: 'api',
          http: {
            method: 'GET',
            path: '/health',
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: 't',
          },
          requestId: 'gateway-id',
          routeKey: '$default',
          stage: '$default',
          time: now.toISOString(),
          timeEpoch: now.getTime(),
        },
        isBase64Encoded: false,
      } as never,
      { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' } as never,
    );
    expect(entries).toEqual([
      expect.objectContaining({
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        route: '/health',
        status: 200,
      }),
    ]);
  });
});

describe('sync-run log lines', () => {
  it('when a failed sync run is recorded, then its log line says so (and the metric that alarms counts it)', async () => {
    const policy = await mintToken(await issuerKeys(), { council: 'chorley', role: 'policy' });
    entries.length = 0;
    const res = await app.request('/councils/chorley/sync-runs', {
      method: 'POST',
      headers: { authorization: `Bearer ${policy}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        run: ulid(),
        workbook: 'corrupt.xlsx',
        plan: ulid(),
        status: 'failed',
        error: { message: 'corrupt.xlsx is not a workbook' },
      }),
    });
    expect(res.status).toBe(201);
    expect(entries).toEqual([
      expect.objectContaining({ route: '/councils/:council/sync-runs', syncRun: 'failed' }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('corrupt.xlsx');
  });
});

describe('metricsOf', () => {
  const base = { requestId: 'r', method: 'POST', route: '/x', durationMs: 5 };

  it('when a sync answers, then it counts one sync and its conflicts, refusals and new rows', () => {
    expect(metricsOf({ ...base, status: 200, applied: 3, created: 2, conflicts: 1, refused: 4 })).toEqual([
      { name: 'Requests', value: 1 },
      { name: 'Syncs', value: 1 },
      { name: 'SyncConflicts', value: 1 },
      { name: 'SyncRefusals', value: 4 },
      { name: 'RowsCreated', value: 2 },
    ]);
  });

  it('when a sync run is recorded, then a failed one counts one SyncRunFailure and any other zero', () => {
    expect(metricsOf({ ...base, status: 201, syncRun: 'failed' })).toContainEqual({
      name: 'SyncRunFailures',
      value: 1,
    });
    expect(metricsOf({ ...base, status: 201, syncRun: 'retry-later' })).toContainEqual({
      name: 'SyncRunFailures',
      value: 0,
    });
  });

  it('when a request answers 5xx, then it counts a server error; a 4xx does not', () => {
    expect(metricsOf({ ...base, status: 503 })).toContainEqual({ name: 'ServerErrors', value: 1 });
    expect(metricsOf({ ...base, status: 422 })).toEqual([{ name: 'Requests', value: 1 }]);
  });
});
