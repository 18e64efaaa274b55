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
