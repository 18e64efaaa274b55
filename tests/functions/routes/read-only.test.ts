/**
 * Reads are read-only, at the routes: GET actions and GET sync send no write to DynamoDB, even on a
 * plan where a writer was given up on; the next POST sync (a writer) settles it.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS } from '../../../core/limits.js';
import { commitWrites } from '../../../functions/store/commit.js';
import { planKey } from '../../../functions/store/keys.js';
import { inFlightBlock, readPlanRevision } from '../../../functions/store/plan-revision.js';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildCreate } from '../../support/factories.js';

let api: TestApi;
let token: string;
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand']);

beforeAll(async () => {
  api = await createTestApi('read-only');
  token = await api.token({ council: 'chorley', role: 'policy' });
});

/** A plan where a bulk write reserved revisions 2-3 two minutes ago and died; revision 4 landed after it. */
async function planWithAbandonedHole(): Promise<string> {
  const res = await api.request('/councils/chorley/plans', {
    method: 'POST',
    token,
    json: { title: 'Hole' },
  });
  const plan = (await res.json()).id as string;
  const ref = { council: 'chorley', plan };
  const then = { by: 'Importer', at: new Date(Date.now() - ABANDONED_AFTER_MS - 30_000).toISOString() };
  const update = (UpdateExpression: string, values: Record<string, unknown>) =>
    api.store.doc.send(
      new UpdateCommand({
        TableName: api.store.tableName,
        Key: planKey(ref),
        UpdateExpression,
        ExpressionAttributeValues: values,
      }),
    );
  await commitWrites(api.store, ref, [buildCreate({ action: 'before' })], then);
  const revision = await readPlanRevision(api.store, ref);
  await update('SET revision = :next', { ':next': revision + 2 });
  await commitWrites(api.store, ref, [buildCreate({ action: 'after' })], then);
  // Marked in flight last, so that nothing before the read under test has met it.
  await update('ADD inFlight :block', {
    ':block': new Set([inFlightBlock(revision + 1, revision + 2, then.at)]),
  });
  return plan;
}

/** Records the name of every command the store sends while `work` runs. */
async function commandsSentBy(work: () => Promise<Response>): Promise<{ sent: string[]; res: Response }> {
  const sent: string[] = [];
  const record: InitializeMiddleware<object, MetadataBearer> = (next, context) => (args) => {
    sent.push(String(context.commandName));
    return next(args);
  };
  api.store.raw.middlewareStack.add(record, { step: 'initialize', name: 'record' });
  try {
    return { sent, res: await work() };
  } finally {
    api.store.raw.middlewareStack.remove('record');
  }
}

describe('reading a plan a writer was given up on', () => {
  it.each([
    [
      'GET /councils/:council/plans/:plan/actions',
      (plan: string) => `/councils/chorley/plans/${plan}/actions`,
    ],
    [
      'GET /councils/:council/plans/:plan/changes?since=1',
      (plan: string) => `/councils/chorley/plans/${plan}/changes?since=1`,
    ],
  ])('when %s is read, then no write is sent and the cursor waits before the hole', async (_, path) => {
    const plan = await planWithAbandonedHole();
    const { sent, res } = await commandsSentBy(() => api.request(path(plan), { token }));
    expect(res.status).toBe(200);
    expect(sent.filter((name) => !READS.has(name))).toEqual([]);
    expect((await res.json()).cursor).toBe(1);
  });

  it('when a sync (a writer) comes next, then it settles the hole and its cursor passes it', async () => {
    const plan = await planWithAbandonedHole();
    const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token,
      json: { cursor: 1, idempotencyKey: ulid(), changes: [] },
    });
    expect(res.status).toBe(200);
    const reply = await res.json();
    expect(reply.cursor).toBe(4);
    expect(reply.changes.map((a: { action: string }) => a.action)).toEqual(['after']);
  });
});
