/**
 * Faults: DynamoDB stopped in the middle of syncs and started again; throttling and cancelled
 * transactions (simulated at the SDK boundary, for those failure paths only). Nothing
 * acknowledged is lost, nothing is half-applied, and a retry with the same key lands once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReply } from '../../core/sync-protocol.js';
import { createApp } from '../../functions/app.js';
import { freePort, type RunningDynamoDb, startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';
import { localAuthConfig, mintToken } from '../../functions/local/issuer.js';
import { queryAll } from '../../functions/store/actions.js';
import { connectStore, type Store } from '../../functions/store/dynamodb.js';
import { planPk } from '../../functions/store/keys.js';
import { ensureTable } from '../../functions/store/table.js';
import { createTestApi } from '../support/app.js';
import { buildAction } from '../support/factories.js';
import { issuerKeys } from '../support/keys.js';

type Middleware = InitializeMiddleware<object, MetadataBearer>;

/** Every row's version equals its number of revisioned change records; the plan's revision, their total. */
async function expectNothingHalfApplied(store: Store, council: string, plan: string) {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': planPk({ council, plan }) },
    ConsistentRead: true,
  });
  const rows = items.filter((i) => String(i.sk).startsWith('ACTION#'));
  const changes = items.filter((i) => String(i.sk).startsWith('CHANGE#') && typeof i.revision === 'number');
  for (const row of rows) {
    expect(changes.filter((c) => c.actionId === row.id)).toHaveLength(Number(row.version));
  }
  const revisions = changes.map((c) => Number(c.revision)).sort((a, b) => a - b);
  expect(revisions).toEqual(revisions.map((_, i) => i + 1));
  return { rows, changes };
}

describe('DynamoDB stopped mid-run', () => {
  let dynamo: RunningDynamoDb;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plans-faults-'));
    port = await freePort();
    dynamo = await startDynamoDbLocal({ port, dataDir });
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('when the store stops during syncs, then in-flight requests get 503, nothing is half-applied, and retries land once', async () => {
    const store = connectStore('faults', dynamo.endpoint);
    await ensureTable(store.raw, 'faults');
    const keys = await issuerKeys();
    const app = createApp({ store, auth: localAuthConfig(keys), syncLeaseMs: 2_000 });
    const token = await mintToken(keys, { council: 'chorley', role: 'policy' });
    const call = (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const plan = (await (await call('/councils/chorley/plans', { title: 'Faults' })).json()).id;

    const requests = Array.from({ length: 30 }, (_, i) => ({
      cursor: 0,
      idempotencyKey: `fault-${i}-${ulid()}`,
      changes: Array.from({ length: 3 }, (_, j) => ({
        op: 'create' as const,
        id: ulid(),
        fields: buildAction({ action: `r${i}.${j}` }),
      })),
    }));
    const started = Date.now();
    const inFlight = requests.map((r, i) =>
      new Promise((go) => setTimeout(go, i * 15)).then(() => call(`/councils/chorley/plans/${plan}/sync`, r)),
    );
    await new Promise((r) => setTimeout(r, 150));
    await dynamo.stop();
    const responses = await Promise.all(inFlight);
    expect(Date.now() - started).toBeLessThan(25_000);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503);
    for (const res of responses.filter((r) => r.status === 503)) {
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }

    dynamo = await startDynamoDbLocal({ port, dataDir });
    const acknowledged = new Set<string>();
    for (const [i, res] of responses.entries()) {
      if (res.status === 200)
        for (const a of ((await res.json()) as SyncReply).applied) acknowledged.add(a.id);
      else {
        // The retry's claim may still be leased by the attempt that died: wait the lease out if told to.
        let retry = await call(`/councils/chorley/plans/${plan}/sync`, requests[i]);
        for (let wait = 0; retry.status === 409 && wait < 10; wait++) {
          await new Promise((r) => setTimeout(r, 1_000));
          retry = await call(`/councils/chorley/plans/${plan}/sync`, requests[i]);
        }
        expect(retry.status).toBe(200);
      }
    }
    const { rows } = await expectNothingHalfApplied(store, 'chorley', plan);
    for (const id of acknowledged) expect(rows.some((r) => r.id === id)).toBe(true);
    expect(rows).toHaveLength(90);
    store.raw.destroy();
  }, 150_000);
});

describe('throttling and cancelled transactions', () => {
  async function withFault(fault: Middleware) {
    const api = await createTestApi('throttle');
    const token = await api.token({ council: 'chorley', role: 'policy' });
    const plan = (
      await (
        await api.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'T' } })
      ).json()
    ).id;
    api.store.raw.middlewareStack.add(fault, { step: 'initialize', name: 'fault' });
    const sync = () =>
      api.request(`/councils/chorley/plans/${plan}/sync`, {
        method: 'POST',
        token,
        json: {
          cursor: 0,
          idempotencyKey: ulid(),
          changes: [{ op: 'create', id: ulid(), fields: buildAction() }],
        },
      });
    return { api, plan, sync };
  }

  const throttling = (times: number): Middleware => {
    let left = times;
    return (next) => async (args) => {
      if (left-- > 0)
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ThrottlingException',
          $metadata: {},
        });
      return next(args);
    };
  };

  it('when DynamoDB throttles a few calls, then the sync is retried with backoff and succeeds', async () => {
    const { sync } = await withFault(throttling(4));
    expect((await sync()).status).toBe(200);
  });

  it('when DynamoDB keeps throttling, then a 503 says so clearly and nothing is written', async () => {
    const { api, plan, sync } = await withFault(throttling(10_000));
    const res = await sync();
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toMatch(/try again/i);
    api.store.raw.middlewareStack.remove('fault');
    await expectNothingHalfApplied(api.store, 'chorley', plan);
  }, 60_000);

  it('when a transaction is cancelled by a conflicting one, then it is retried and lands once', async () => {
    let cancelled = 0;
    const { api, plan, sync } = await withFault((next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand' && cancelled < 2) {
        cancelled += 1;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
        });
      }
      return next(args);
    });
    expect((await sync()).status).toBe(200);
    expect(cancelled).toBe(2);
    const { rows } = await expectNothingHalfApplied(api.store, 'chorley', plan);
    expect(rows).toHaveLength(1);
  });
});

describe('the request deadline', () => {
  it('when the store hangs past the deadline, then the request answers 503 problem+json saying to try again', async () => {
    const api = await createTestApi('deadline');
    const token = await api.token({ council: 'chorley', role: 'policy' });
    const hanging: Middleware = () => () => new Promise(() => {});
    api.store.raw.middlewareStack.add(hanging, { step: 'initialize', name: 'hang' });
    const app = createApp({ store: api.store, auth: localAuthConfig(await issuerKeys()), deadlineMs: 300 });
    const res = await app.request('/councils/chorley/plans', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({
      type: 'http://localhost/problems/store-unavailable',
      detail: expect.stringMatching(/try again/),
    });
  });
});
