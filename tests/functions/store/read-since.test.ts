/** Reads are read-only: a reader never writes, even when it meets a writer that was given up on. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitWrites } from '../../../functions/store/commit.js';
import type { Store } from '../../../functions/store/dynamodb.js';
import { type PlanRef, planKey } from '../../../functions/store/keys.js';
import {
  ABANDONED_AFTER_MS,
  inFlightBlock,
  readPlanRevision,
} from '../../../functions/store/plan-revision.js';
import { createPlan } from '../../../functions/store/plans.js';
import { readSince } from '../../../functions/store/read-since.js';
import { buildCreate } from '../../support/factories.js';
import { createTestStore } from '../../support/store.js';
import { wavesOf } from '../../support/waves.js';

let store: Store;
const actor = { by: 'Importer', at: new Date().toISOString() };

beforeAll(async () => {
  store = await createTestStore('read-since');
});

/** The store, with every command it sends recorded by name. */
function recording(): { store: Store; sent: string[] } {
  const sent: string[] = [];
  const doc = new Proxy(store.doc, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        return target.send(command as never);
      };
    },
  });
  return { store: { ...store, doc }, sent };
}

/** A plan where a bulk write reserved revisions 2-3 and died, and revision 4 landed after it. */
async function planWithAbandonedHole(): Promise<PlanRef> {
  const plan = await createPlan(store, 'chorley', { title: 'Hole' }, actor);
  const ref = { council: 'chorley', plan: plan.id };
  await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
  const revision = await readPlanRevision(store, ref);
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: planKey(ref),
      UpdateExpression: 'SET revision = :next ADD inFlight :block',
      ExpressionAttributeValues: {
        ':next': revision + 2,
        ':block': new Set([inFlightBlock(revision + 1, revision + 2, actor.at)]),
      },
    }),
  );
  await commitWrites(store, ref, [buildCreate({ action: 'after' })], actor);
  return ref;
}

const READS = new Set(['GetCommand', 'QueryCommand', 'BatchGetCommand']);

describe('the reader', () => {
  it.each([
    ['a full read', 0],
    ['a delta', 1],
  ])('when %s meets a writer given up on, then it sends no write', async (_, since) => {
    const ref = await planWithAbandonedHole();
    const later = Date.now() + ABANDONED_AFTER_MS + 1_000;
    const reader = recording();
    await readSince(reader.store, ref, since, { now: later });
    expect(reader.sent.filter((name) => !READS.has(name))).toEqual([]);
  });
});

describe('the reader, request by request', () => {
  it('when a delta is read, then the counter and the change records are asked for together, then the rows: two round trips', async () => {
    const plan = await createPlan(store, 'chorley', { title: 'Delta' }, actor);
    const ref = { council: 'chorley', plan: plan.id };
    await commitWrites(store, ref, [buildCreate({ action: 'first' })], actor);
    await commitWrites(store, ref, [buildCreate({ action: 'second' })], actor);
    let read: Awaited<ReturnType<typeof readSince>> | undefined;
    const waves = await wavesOf(store.raw, async () => {
      read = await readSince(store, ref, 1);
    });
    expect(waves).toEqual([['GetItem', 'Query'], ['BatchGetItem']]);
    expect(read?.cursor).toBe(2);
    expect(read?.actions.map((a) => a.action)).toEqual(['second']);
  });

  it('when a change lands after the counter was read, then it is left for the next read: the cursor stops at the counter', async () => {
    const plan = await createPlan(store, 'chorley', { title: 'Landing meanwhile' }, actor);
    const ref = { council: 'chorley', plan: plan.id };
    await commitWrites(store, ref, [buildCreate({ action: 'before the cursor' })], actor);
    await commitWrites(store, ref, [buildCreate({ action: 'first' })], actor);
    const upTo = await readPlanRevision(store, ref);
    await commitWrites(store, ref, [buildCreate({ action: 'landed meanwhile' })], actor);
    // The counter as it was read, before the change landed: the query, sent with it, already sees the change.
    const counterBefore = new Proxy(store.doc, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver);
        return async (command: { constructor: { name: string } }) => {
          const answer = await target.send(command as never);
          if (command.constructor.name !== 'GetCommand') return answer;
          const { Item } = answer as { Item?: Record<string, unknown> };
          return { ...(answer as object), Item: { ...Item, revision: upTo } };
        };
      },
    });
    const read = await readSince({ ...store, doc: counterBefore }, ref, upTo - 1);
    expect(read.cursor).toBe(upTo);
    expect(read.actions.map((a) => a.action)).toEqual(['first']);
  });
});
