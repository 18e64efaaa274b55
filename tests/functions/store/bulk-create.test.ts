import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS, changedSince, listActions } from '../../../functions/store/actions.js';
import { commitCreatesInBulk } from '../../../functions/store/bulk-create.js';
import type { StoreClients } from '../../../functions/store/client.js';
import { commitWrites } from '../../../functions/store/commit.js';
import { type PlanRef, planKey } from '../../../functions/store/keys.js';
import { readPlanRevision } from '../../../functions/store/plan-revision.js';
import { createPlan } from '../../../functions/store/plans.js';
import { buildCreate } from '../../support/factories.js';
import { createTestStore } from '../../support/store.js';

let store: StoreClients;
const actor = { by: 'Importer', at: new Date().toISOString() };

async function newPlan(): Promise<PlanRef> {
  const plan = await createPlan(store, 'chorley', { title: 'Bulk' }, actor);
  return { council: 'chorley', plan: plan.id };
}

beforeAll(async () => {
  store = await createTestStore('bulk');
});

describe('commitCreatesInBulk', () => {
  it('when 300 new rows are written in parallel, then each has its own revision and the sequence has no gap', async () => {
    const ref = await newPlan();
    const writes = Array.from({ length: 300 }, (_, i) => buildCreate({ action: `row ${i}`, order: i }));
    const { committed, unplaced } = await commitCreatesInBulk(store, ref, writes, actor);
    expect(unplaced).toEqual([]);
    expect(committed.map((a) => a.revision).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(await readPlanRevision(store, ref)).toBe(300);
    const delta = await changedSince(store, ref, 0, 300);
    expect(delta.cursor).toBe(300);
    expect(delta.actions).toHaveLength(300);
  });

  it('when one id already exists, then that row is left unplaced, its revision is filled, and the rest land', async () => {
    const ref = await newPlan();
    const taken = buildCreate({ action: 'already here' });
    await commitWrites(store, ref, [taken], actor);
    const writes = [
      ...Array.from({ length: 60 }, (_, i) => buildCreate({ action: `new ${i}` })),
      { ...taken, fields: { ...taken.fields, action: 'overwrite?' } },
    ];
    const { committed, unplaced } = await commitCreatesInBulk(store, ref, writes, actor);
    expect(unplaced.map((w) => w.id)).toEqual([taken.id]);
    expect(committed).toHaveLength(60);
    const rows = await listActions(store, ref);
    expect(rows.find((r) => r.id === taken.id)?.action).toBe('already here');
    expect((await changedSince(store, ref, 0, await readPlanRevision(store, ref))).cursor).toBe(62);
  });

  it('when a writer died holding revisions, then readers wait, and fill the hole once it is clearly abandoned', async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    // A bulk write that reserved revisions 2-3 and died before writing them.
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: planKey(ref),
        UpdateExpression: 'SET revision = revision + :n',
        ExpressionAttributeValues: { ':n': 2 },
      }),
    );
    await commitWrites(store, ref, [buildCreate({ action: 'after' })], actor);
    expect((await changedSince(store, ref, 0, 4)).cursor).toBe(1);
    const later = Date.now() + ABANDONED_AFTER_MS + 1_000;
    const delta = await changedSince(store, ref, 1, 4, later);
    expect(delta.cursor).toBe(4);
    expect(delta.actions.map((a) => a.action)).toEqual(['after']);
    expect((await changedSince(store, ref, 0, 4)).cursor).toBe(4);
  });
});
