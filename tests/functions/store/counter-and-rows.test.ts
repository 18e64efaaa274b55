/** A sync's first read: the plan's counter and the rows its changes name, in one request. */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitWrites } from '../../../functions/store/commit.js';
import { readCounterAndRows } from '../../../functions/store/counter-and-rows.js';
import type { Store } from '../../../functions/store/dynamodb.js';
import { PlanNotFoundError } from '../../../functions/store/errors.js';
import { createPlan } from '../../../functions/store/plans.js';
import { buildCreate } from '../../support/factories.js';
import { createTestStore } from '../../support/store.js';
import { wavesOf } from '../../support/waves.js';

let store: Store;
const actor = { by: 'Olivia Officer', at: '2026-12-01T09:00:00.000Z' };

beforeAll(async () => {
  store = await createTestStore('counter-and-rows');
});

async function planWith(rows: number) {
  const plan = await createPlan(store, 'chorley', { title: `Plan of ${rows}` }, actor);
  const ref = { council: 'chorley', plan: plan.id };
  const writes = Array.from({ length: rows }, (_, i) => buildCreate({ action: `Action ${i + 1}` }));
  await commitWrites(store, ref, writes, actor);
  return { ref, ids: writes.map((w) => w.id) };
}

describe('readCounterAndRows', () => {
  it("when a sync's changes name rows, then the counter and the rows come in one BatchGetItem, an id not in the plan simply absent", async () => {
    const { ref, ids } = await planWith(3);
    let read: Awaited<ReturnType<typeof readCounterAndRows>> | undefined;
    const waves = await wavesOf(store.raw, async () => {
      read = await readCounterAndRows(store, ref, [...ids, ulid()]);
    });
    expect(waves).toEqual([['BatchGetItem']]);
    expect(read?.counter.revision).toBe(3);
    expect([...(read?.rows.keys() ?? [])].sort()).toEqual([...ids].sort());
    expect(read?.rows.get(ids[0] as string)?.action).toBe('Action 1');
  });

  it('when more rows are named than one request holds, then the plan rides in the first and the rest are read alongside', async () => {
    const { ref, ids } = await planWith(150);
    let read: Awaited<ReturnType<typeof readCounterAndRows>> | undefined;
    const waves = await wavesOf(store.raw, async () => {
      read = await readCounterAndRows(store, ref, ids);
    });
    expect(waves).toEqual([['BatchGetItem', 'BatchGetItem']]);
    expect(read?.counter.revision).toBe(150);
    expect(read?.rows.size).toBe(150);
  });

  it('when a sync pushes no changes, then only the counter is read', async () => {
    const { ref } = await planWith(1);
    const waves = await wavesOf(store.raw, () => readCounterAndRows(store, ref, []));
    expect(waves).toEqual([['GetItem']]);
  });

  it('when the plan does not exist, then it is PlanNotFoundError, with or without rows named', async () => {
    const missing = { council: 'chorley', plan: ulid() };
    await expect(readCounterAndRows(store, missing, [ulid()])).rejects.toBeInstanceOf(PlanNotFoundError);
    await expect(readCounterAndRows(store, missing, [])).rejects.toBeInstanceOf(PlanNotFoundError);
  });
});
