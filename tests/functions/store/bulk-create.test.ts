import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { pickFields } from '../../../core/changes.js';
import type { Action } from '../../../core/plan.js';
import { actionHistory, changedSince } from '../../../functions/store/actions.js';
import { commitCreatesInBulk, runRecord, runsOf } from '../../../functions/store/bulk-create.js';
import type { StoreClients } from '../../../functions/store/client.js';
import { commitWrites, rowItems } from '../../../functions/store/commit.js';
import { type PlanRef, planKey } from '../../../functions/store/keys.js';
import {
  ABANDONED_AFTER_MS,
  inFlightBlock,
  readPlanCounter,
  readPlanRevision,
} from '../../../functions/store/plan-revision.js';
import { createPlan, getPlan } from '../../../functions/store/plans.js';
import { readDelta } from '../../../functions/sync.js';
import { buildCreate } from '../../support/factories.js';
import { createTestStore } from '../../support/store.js';

let store: StoreClients;
const actor = { by: 'Importer', at: new Date().toISOString() };

async function newPlan(): Promise<PlanRef> {
  const plan = await createPlan(store, 'chorley', { title: 'Bulk' }, actor);
  return { council: 'chorley', plan: plan.id };
}

/** What a bulk write does first: takes the next n revisions for itself and marks them in flight. */
async function reserve(ref: PlanRef, n: number): Promise<string> {
  const revision = await readPlanRevision(store, ref);
  const block = inFlightBlock(revision + 1, revision + n, actor.at);
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: planKey(ref),
      UpdateExpression: 'SET revision = :next ADD inFlight :block',
      ExpressionAttributeValues: { ':next': revision + n, ':block': new Set([block]) },
    }),
  );
  return block;
}

beforeAll(async () => {
  store = await createTestStore('bulk');
});

describe('commitCreatesInBulk', () => {
  it('when 300 new rows are written in parallel, then each has its own revision and the sequence has no gap', async () => {
    const ref = await newPlan();
    const writes = Array.from({ length: 300 }, (_, i) => buildCreate({ action: `row ${i}`, order: i }));
    const { committed, stale } = await commitCreatesInBulk(store, ref, writes, actor);
    expect(stale).toEqual([]);
    expect(committed.map((a) => a.revision).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(await readPlanCounter(store, ref)).toEqual({ revision: 300, settled: 300 });
    const delta = await changedSince(store, ref, 0, 300);
    expect(delta.cursor).toBe(300);
    expect(delta.actions).toHaveLength(300);
    const history = await actionHistory(store, ref, writes[7]?.id as string);
    expect(history.find((h) => h.field === 'action')).toMatchObject({
      kind: 'create',
      after: 'row 7',
      revision: committed.find((a) => a.id === writes[7]?.id)?.revision,
    });
  });

  it('when a delta starts in the middle of a run, then it brings exactly the rows after the cursor', async () => {
    const ref = await newPlan();
    const writes = Array.from({ length: 120 }, (_, i) => buildCreate({ action: `row ${i}`, order: i }));
    await commitCreatesInBulk(store, ref, writes, actor);
    const delta = await changedSince(store, ref, 75, 120);
    expect(delta.cursor).toBe(120);
    expect(delta.actions.map((a) => a.revision)).toEqual(Array.from({ length: 45 }, (_, i) => 76 + i));
  });

  it('when a bulk-created row is edited, then its history shows the creation and the edit', async () => {
    const ref = await newPlan();
    const writes = Array.from({ length: 120 }, (_, i) =>
      buildCreate({ action: `row ${i}`, order: i, status: 'On track' }),
    );
    const { committed } = await commitCreatesInBulk(store, ref, writes, actor);
    const row = committed[60] as Action;
    await commitWrites(
      store,
      ref,
      [
        {
          id: row.id,
          expectedVersion: 1,
          fields: { ...pickFields(row), status: 'Complete' },
          deleted: false,
          changes: [{ field: 'status', before: row.status, after: 'Complete' }],
          kind: 'update',
        },
      ],
      { by: 'Editor', at: new Date(Date.now() + 1_000).toISOString() },
    );
    const history = await actionHistory(store, ref, row.id);
    expect(history.filter((h) => h.field === 'status').map((h) => [h.kind, h.after, h.revision])).toEqual([
      ['create', 'On track', 61],
      ['update', 'Complete', 121],
    ]);
    expect(history.find((h) => h.field === 'action')).toMatchObject({
      kind: 'create',
      after: 'row 60',
      by: 'Importer',
    });
  });

  it('when a run record has landed but not all its rows, then readers stop before the run until they land', async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    // A bulk write caught between its record (revisions 2-3) and its rows.
    const late = [buildCreate({ action: 'late 1' }), buildCreate({ action: 'late 2' })];
    await reserve(ref, 2);
    await store.doc.send(new PutCommand(runRecord(store.tableName, ref, late, 2, actor)));
    const rows = late.map((write, i) => rowItems(store.tableName, ref, write, 2 + i, actor).row);
    await store.doc.send(new PutCommand(rows[0] as (typeof rows)[number]));
    await commitWrites(store, ref, [buildCreate({ action: 'after' })], actor);

    const early = await changedSince(store, ref, 0, 4);
    expect(early.cursor).toBe(1);
    expect(early.actions.map((a) => a.action)).toEqual(['before']);

    await store.doc.send(new PutCommand(rows[1] as (typeof rows)[number]));
    const landed = await changedSince(store, ref, early.cursor, 4);
    expect(landed.cursor).toBe(4);
    expect(landed.actions.map((a) => a.action).sort()).toEqual(['after', 'late 1', 'late 2']);
  });

  it('when a full read meets a bulk write still landing, then its cursor stops before the block and the next delta brings the rows', async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    const late = [buildCreate({ action: 'late 1' }), buildCreate({ action: 'late 2' })];
    const block = await reserve(ref, 2);
    await store.doc.send(new PutCommand(runRecord(store.tableName, ref, late, 2, actor)));
    const rows = late.map((write, i) => rowItems(store.tableName, ref, write, 2 + i, actor).row);
    await store.doc.send(new PutCommand(rows[0] as (typeof rows)[number]));

    const full = await readDelta(store, ref, 0, await readPlanCounter(store, ref));
    expect(full.cursor).toBe(1);
    expect(await getPlan(store, ref)).not.toHaveProperty('inFlight');
    expect(full.actions.map((a) => a.action)).toContain('before');

    await store.doc.send(new PutCommand(rows[1] as (typeof rows)[number]));
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: planKey(ref),
        UpdateExpression: 'DELETE inFlight :block',
        ExpressionAttributeValues: { ':block': new Set([block]) },
      }),
    );
    expect(await readPlanCounter(store, ref)).toEqual({ revision: 3, settled: 3 });
    const next = await changedSince(store, ref, full.cursor, 3);
    expect(next.cursor).toBe(3);
    expect(next.actions.map((a) => a.action).sort()).toEqual(['late 1', 'late 2']);
  });

  it('when a bulk write died holding a block, then full reads stop waiting for it once it is clearly abandoned', async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    await reserve(ref, 5);
    expect(await readPlanCounter(store, ref)).toEqual({ revision: 6, settled: 1 });
    expect(await readPlanCounter(store, ref, Date.now() + ABANDONED_AFTER_MS + 1_000)).toEqual({
      revision: 6,
      settled: 6,
    });
  });

  it('when rows never follow their run record, then readers pass them once the write is clearly abandoned', async () => {
    const ref = await newPlan();
    await reserve(ref, 1);
    await store.doc.send(
      new PutCommand(runRecord(store.tableName, ref, [buildCreate({ action: 'never written' })], 1, actor)),
    );
    await commitWrites(store, ref, [buildCreate({ action: 'after' })], actor);
    expect((await changedSince(store, ref, 0, 2)).cursor).toBe(0);
    const later = await changedSince(store, ref, 0, 2, Date.now() + ABANDONED_AFTER_MS + 1_000);
    expect(later.cursor).toBe(2);
    expect(later.actions.map((a) => a.action)).toEqual(['after']);
  });

  it('when a writer died holding revisions, then readers wait, and fill the hole once it is clearly abandoned', async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    // A bulk write that reserved revisions 2-3 and died before writing them.
    await reserve(ref, 2);
    await commitWrites(store, ref, [buildCreate({ action: 'after' })], actor);
    expect((await changedSince(store, ref, 0, 4)).cursor).toBe(1);
    const later = Date.now() + ABANDONED_AFTER_MS + 1_000;
    const delta = await changedSince(store, ref, 1, 4, later);
    expect(delta.cursor).toBe(4);
    expect(delta.actions.map((a) => a.action)).toEqual(['after']);
    expect((await changedSince(store, ref, 0, 4)).cursor).toBe(4);
  });
});

describe('runsOf', () => {
  it('when rows are small, then runs hold 50 rows each, in order', () => {
    const writes = Array.from({ length: 120 }, () => buildCreate());
    const runs = runsOf(writes);
    expect(runs.map((r) => [r.offset, r.writes.length])).toEqual([
      [0, 50],
      [50, 50],
      [100, 20],
    ]);
    expect(runs.flatMap((r) => r.writes)).toEqual(writes);
  });

  it('when rows are large, then each run record stays under the 400 KB item limit', () => {
    const big = 'x'.repeat(9_000);
    const writes = Array.from({ length: 50 }, () => buildCreate({ progress: big, action: big, theme: big }));
    const runs = runsOf(writes);
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) {
      const record = runRecord('t', { council: 'c', plan: 'p' }, run.writes, 1, actor);
      expect(JSON.stringify(record.Item).length).toBeLessThan(400_000);
    }
  });
});
