/** Batch requests are sent until processed, then given up on: never a loop that outlives the request. */
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { batchGetRequest, batchWriteRequest, getBatch, writeAll } from '../../../functions/store/batch.js';
import type { Store } from '../../../functions/store/dynamodb.js';
import { StoreBusyError } from '../../../functions/store/errors.js';
import { createTestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';

type Sent = { name: string; input: { RequestItems: Record<string, unknown> } };

/** A store whose DynamoDB answers each batch with `answer`, recording what was sent. */
function injectedStore(answer: (sent: Sent) => Record<string, unknown>) {
  const sent: Sent[] = [];
  const store = {
    tableName: 't',
    raw: undefined,
    doc: {
      send: async (command: { constructor: { name: string }; input: Sent['input'] }) => {
        const request = { name: command.constructor.name, input: structuredClone(command.input) };
        sent.push(request);
        return answer(request);
      },
    },
  } as unknown as Store;
  return { store, sent };
}

const put = (n: number) => ({ PutRequest: { Item: { pk: 'p', sk: `s${n}` } } });
const quick = { attempts: 4, baseMs: 1, capMs: 2 };

describe('writeAll', () => {
  it('when DynamoDB keeps leaving items unprocessed, then it gives up after the attempts allowed with StoreBusyError', async () => {
    const { store, sent } = injectedStore(({ input }) => ({ UnprocessedItems: input.RequestItems }));
    await expect(writeAll(store, [put(1), put(2)], quick)).rejects.toBeInstanceOf(StoreBusyError);
    expect(sent).toHaveLength(quick.attempts);
  });

  it('when part of a batch comes back unprocessed, then only that part is sent again', async () => {
    const { store, sent } = injectedStore(({ input }) => {
      const requests = input.RequestItems.t as unknown[];
      return { UnprocessedItems: requests.length > 1 ? { t: requests.slice(1) } : {} };
    });
    await writeAll(store, [put(1), put(2), put(3)], quick);
    expect(sent.map((s) => (s.input.RequestItems.t as unknown[]).length)).toEqual([3, 2, 1]);
  });

  it('when there are more than 25 requests, then they go 25 a batch', async () => {
    const { store, sent } = injectedStore(() => ({}));
    await writeAll(
      store,
      Array.from({ length: 60 }, (_, i) => put(i)),
      quick,
    );
    expect(sent.map((s) => (s.input.RequestItems.t as unknown[]).length)).toEqual([25, 25, 10]);
  });
});

describe('getBatch', () => {
  it('when keys come back unprocessed, then they are read again and every item found is returned', async () => {
    const { store } = injectedStore(({ input }) => {
      const [first, ...rest] = (input.RequestItems.t as { Keys: { sk: string }[] }).Keys;
      return { Responses: { t: [first] }, UnprocessedKeys: rest.length > 0 ? { t: { Keys: rest } } : {} };
    });
    const found = await getBatch(store, [{ sk: 'a' }, { sk: 'b' }, { sk: 'c' }], quick);
    expect(found).toEqual([{ sk: 'a' }, { sk: 'b' }, { sk: 'c' }]);
  });

  it('when DynamoDB never processes the keys, then it gives up with StoreBusyError', async () => {
    const { store, sent } = injectedStore(({ input }) => ({ UnprocessedKeys: input.RequestItems }));
    await expect(getBatch(store, [{ sk: 'a' }], quick)).rejects.toBeInstanceOf(StoreBusyError);
    expect(sent).toHaveLength(quick.attempts);
  });
});

describe('batch request builders', () => {
  it('when a write batch is built, then it names the table and carries the requests as given', () => {
    expect(batchWriteRequest('plans', [put(1)])).toEqual({ RequestItems: { plans: [put(1)] } });
  });

  it('when a read batch is built, then it reads consistently', () => {
    expect(batchGetRequest('plans', [{ pk: 'p', sk: 's' }])).toEqual({
      RequestItems: { plans: { Keys: [{ pk: 'p', sk: 's' }], ConsistentRead: true } },
    });
  });
});

describe('POST /councils/:council/plans/:plan/sync', () => {
  it('when DynamoDB never processes a batch read, then the sync answers 503 problem+json instead of waiting forever', async () => {
    const api = await createTestApi('batch-give-up');
    const token = await api.token({ council: 'chorley', role: 'policy' });
    const created = await api.request('/councils/chorley/plans', {
      method: 'POST',
      token,
      json: { title: 'T' },
    });
    const plan = (await created.json()).id;
    const neverProcessed: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
      if (context.commandName !== 'BatchGetItemCommand') return next(args);
      const input = args.input as { RequestItems: unknown };
      return { output: { UnprocessedKeys: input.RequestItems, Responses: {}, $metadata: {} }, response: {} };
    };
    api.store.raw.middlewareStack.add(neverProcessed, { step: 'initialize', name: 'never-processed' });
    const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token,
      json: {
        cursor: 0,
        idempotencyKey: ulid(),
        changes: [{ op: 'create', id: ulid(), fields: buildAction() }],
      },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // The store's give-up, not the API's 25 s deadline cutting off a loop that would still be running.
    expect((await res.json()).detail).toBe(
      'The plan store did not answer in time. Nothing was changed; try again in a moment.',
    );
  }, 60_000);
});
