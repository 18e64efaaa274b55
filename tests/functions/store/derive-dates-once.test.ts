import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldChanges } from '../../../core/changes.js';
import type { ActionFields } from '../../../core/plan.js';
import { actionHistory, getAction } from '../../../functions/store/actions.js';
import { commitWrites } from '../../../functions/store/commit.js';
import { deriveDatesOnce, SYSTEM_ACTOR } from '../../../functions/store/derive-dates-once.js';
import type { Store } from '../../../functions/store/dynamodb.js';
import type { PlanRef } from '../../../functions/store/keys.js';
import { createPlan } from '../../../functions/store/plans.js';
import { buildAction } from '../../support/factories.js';
import { createTestStore } from '../../support/store.js';

let store: Store;
let ref: PlanRef;
const actor = { by: 'Test Officer', at: '2026-11-23T09:00:00.000Z' };

/** A row as the store held it before due dates were derived on the server: written as given. */
async function oldRow(fields: ActionFields): Promise<string> {
  const id = ulid();
  await commitWrites(
    store,
    ref,
    [
      {
        id,
        expectedVersion: null,
        fields,
        deleted: false,
        changes: fieldChanges(null, fields),
        kind: 'create',
      },
    ],
    actor,
  );
  return id;
}

beforeAll(async () => {
  store = await createTestStore('derive-dates-once');
  ref = { council: 'chorley', plan: (await createPlan(store, 'chorley', { title: 'CPC 2019' }, actor)).id };
});

describe('deriveDatesOnce', () => {
  it('when rows were stored without their derived dates, then they are corrected once, as a system change, and hand-typed dates stay', async () => {
    const missing = await oldRow(buildAction({ timescale: 'Q3 2025/26', due: null }));
    const noMilestones = await oldRow(
      buildAction({ timescale: 'Establish Dec 21 / Report April 22', due: '2022-04-30', milestones: [] }),
    );
    const typed = await oldRow(buildAction({ timescale: 'Q3 2025/26', due: '2025-10-15' }));

    expect(await deriveDatesOnce(store, ref, '2026-12-01T18:00:00.000Z')).toEqual({
      corrected: 2,
      skipped: 0,
    });

    expect(await getAction(store, ref, missing)).toMatchObject({ due: '2025-12-31', version: 2 });
    expect((await getAction(store, ref, noMilestones))?.milestones).toHaveLength(2);
    expect(await getAction(store, ref, typed)).toMatchObject({ due: '2025-10-15', version: 1 });
    const history = await actionHistory(store, ref, missing);
    expect(history.at(-1)).toMatchObject({
      kind: 'system',
      by: SYSTEM_ACTOR,
      field: 'due',
      before: null,
      after: '2025-12-31',
    });

    expect(await deriveDatesOnce(store, ref)).toEqual({ corrected: 0, skipped: 0 });
  });
});
