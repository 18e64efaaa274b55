import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { pickFields, type RowWrite } from '../../../core/changes.js';
import type { Action } from '../../../core/plan.js';
import { actionHistory, getAction, listActions } from '../../../functions/store/actions.js';
import {
  commitCreatesInBulk,
  runRecord,
  runsOf,
  runTransaction,
} from '../../../functions/store/bulk-create.js';
import { commitWrites, rowItems } from '../../../functions/store/commit.js';
import type { Store } from '../../../functions/store/dynamodb.js';
import { BulkWriteFencedError } from '../../../functions/store/errors.js';
import { readSinceRepairing } from '../../../functions/store/gap-repair.js';
import { type PlanRef, planKey } from '../../../functions/store/keys.js';
import {
  ABANDONED_AFTER_MS,
  inFlightBlock,
  readPlanCounter,
  readPlanRevision,
} from '../../../functions/store/plan-revision.js';
import { createPlan, getPlan } from '../../../functions/store/plans.js';
import { changedSince, readSince } from '../../../functions/store/read-since.js';
import { buildCreate } from '../../support/factories.js';
import { createTestStore } from '../../support/store.js';

let store: Store;
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
    expect(await readPlanCounter(store, ref)).toEqual({ revision: 300, settled: 300, abandoned: [] });
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

  it('when a full read meets a bulk write still landing, then its cursor stops before the block and the next delta brings the rows', async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    const late = [buildCreate({ action: 'late 1' }), buildCreate({ action: 'late 2' })];
    const block = await reserve(ref, 2);
    await store.doc.send(new PutCommand(runRecord(store.tableName, ref, late, 2, actor)));
    const rows = late.map((write, i) => rowItems(store.tableName, ref, write, 2 + i, actor).row);
    await store.doc.send(new PutCommand(rows[0] as (typeof rows)[number]));

    const full = await readSince(store, ref, 0);
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
    expect(await readPlanCounter(store, ref)).toEqual({ revision: 3, settled: 3, abandoned: [] });
    const next = await changedSince(store, ref, full.cursor, 3);
    expect(next.cursor).toBe(3);
    expect(next.actions.map((a) => a.action).sort()).toEqual(['late 1', 'late 2']);
  });

  it('when a bulk write died holding a block, then full reads wait, and stop waiting once a writer fences off the clearly abandoned block', async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    const block = await reserve(ref, 5);
    expect(await readPlanCounter(store, ref)).toEqual({ revision: 6, settled: 1, abandoned: [] });
    const later = Date.now() + ABANDONED_AFTER_MS + 1_000;
    expect(await readPlanCounter(store, ref, later)).toEqual({ revision: 6, settled: 1, abandoned: [block] });
    expect((await readSince(store, ref, 0, { now: later })).cursor).toBe(1);
    expect((await readSinceRepairing(store, ref, 0, { now: later })).cursor).toBe(6);
    expect(await readPlanCounter(store, ref, later)).toEqual({ revision: 6, settled: 6, abandoned: [] });
  });

  it('when a writer died holding revisions, then readers wait, and the writer path of a sync fills the hole once it is clearly abandoned', async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    // A bulk write that reserved revisions 2-3 and died before writing them.
    await reserve(ref, 2);
    await commitWrites(store, ref, [buildCreate({ action: 'after' })], actor);
    expect((await changedSince(store, ref, 0, 4)).cursor).toBe(1);
    const later = Date.now() + ABANDONED_AFTER_MS + 1_000;
    const waiting = await readSince(store, ref, 1, { now: later });
    expect([waiting.cursor, waiting.hole]).toEqual([1, { from: 2, to: 3 }]);
    const delta = await readSinceRepairing(store, ref, 1, { now: later });
    expect(delta.cursor).toBe(4);
    expect(delta.actions.map((a) => a.action)).toEqual(['after']);
    expect((await changedSince(store, ref, 0, 4)).cursor).toBe(4);
  });
});

describe('commitCreatesInBulk against other writers', () => {
  it('when two bulk writes create the same new ids with different text, then each row is created once and the other side gets it back stale', async () => {
    const ref = await newPlan();
    const ids = Array.from({ length: 120 }, () => ulid());
    const mine = ids.map((id, i) => buildCreate({ action: `mine ${i}`, order: i }, id));
    const theirs = ids.map((id, i) => buildCreate({ action: `theirs ${i}`, order: i }, id));
    const [a, b] = await Promise.all([
      commitCreatesInBulk(store, ref, mine, actor),
      commitCreatesInBulk(store, ref, theirs, { by: 'Other importer', at: actor.at }),
    ]);
    for (const id of ids) {
      const winners = [a, b].filter((side) => side.committed.some((row) => row.id === id));
      const losers = [a, b].filter((side) => side.stale.some((row) => row.id === id));
      expect([winners.length, losers.length]).toEqual([1, 1]);
      const kept = (await getAction(store, ref, id)) as Action;
      expect(winners[0]?.committed.find((row) => row.id === id)?.action).toBe(kept.action);
      expect(losers[0]?.stale.find((row) => row.id === id)?.current?.action).toBe(kept.action);
      const creations = (await actionHistory(store, ref, id)).filter((h) => h.field === 'action');
      expect(creations).toHaveLength(1);
    }
    // Every revision both writers reserved is accounted for: readers reach the counter.
    const counter = await readPlanCounter(store, ref);
    expect(counter).toEqual({ revision: 240, settled: 240, abandoned: [] });
    const delta = await changedSince(store, ref, 0, 240);
    expect(delta.cursor).toBe(240);
    expect(delta.actions).toHaveLength(120);
  });

  it('when a row is created and edited after the bulk write read it absent, then the bulk write leaves the edit alone and reports the row stale', async () => {
    const ref = await newPlan();
    const writes = Array.from({ length: 110 }, (_, i) => buildCreate({ action: `imported ${i}`, order: i }));
    const taken = writes[42] as RowWrite;
    const colleague = buildCreate({ action: 'typed by a colleague', status: 'On track' }, taken.id);
    await commitWrites(store, ref, [colleague], actor);
    await commitWrites(
      store,
      ref,
      [
        {
          ...colleague,
          expectedVersion: 1,
          fields: { ...colleague.fields, status: 'Complete' },
          changes: [{ field: 'status', before: 'On track', after: 'Complete' }],
          kind: 'update',
        },
      ],
      actor,
    );
    const { committed, stale } = await commitCreatesInBulk(store, ref, writes, actor);
    expect(committed).toHaveLength(109);
    expect(stale.map((s) => [s.id, s.current?.version])).toEqual([[taken.id, 2]]);
    expect(await getAction(store, ref, taken.id)).toMatchObject({
      action: 'typed by a colleague',
      status: 'Complete',
      version: 2,
    });
    const delta = await changedSince(store, ref, 2, await readPlanRevision(store, ref));
    expect(delta.cursor).toBe(112);
    expect(delta.actions).toHaveLength(109);
  });

  it("when another sync gives up on a stalled bulk write, then it cannot land under readers' cursors afterwards, and a retry lands it", async () => {
    const ref = await newPlan();
    await commitWrites(store, ref, [buildCreate({ action: 'before' })], actor);
    const writes = Array.from({ length: 100 }, (_, i) => buildCreate({ action: `late ${i}`, order: i }));
    let reader: Awaited<ReturnType<typeof readSince>> | undefined;
    // The writer stalls after reserving its block, until another sync 90 s on has given up on it.
    const stalled: Store = {
      ...store,
      doc: new Proxy(store.doc, {
        get(target, prop, receiver) {
          if (prop !== 'send') return Reflect.get(target, prop, receiver);
          return async (command: Parameters<typeof store.doc.send>[0]) => {
            if (command instanceof TransactWriteCommand && !reader) {
              const later = Date.now() + ABANDONED_AFTER_MS + 1_000;
              reader = await readSinceRepairing(store, ref, 0, { now: later });
            }
            return target.send(command as never);
          };
        },
      }),
    };
    await expect(commitCreatesInBulk(stalled, ref, writes, actor)).rejects.toBeInstanceOf(
      BulkWriteFencedError,
    );
    expect(reader?.cursor).toBe(101);
    expect((await listActions(store, ref)).map((a) => a.action)).toEqual(['before']);

    // The client sends the sync again: the rows land after the reader's cursor, so it sees them.
    const retry = await commitCreatesInBulk(store, ref, writes, actor);
    expect(retry.committed).toHaveLength(100);
    const next = await changedSince(store, ref, reader?.cursor ?? 0, await readPlanRevision(store, ref));
    expect(next.actions).toHaveLength(100);
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

describe('runTransaction', () => {
  const ref = { council: 'c', plan: 'p' };

  it('when a run is written, then it checks its block is still in flight, then puts its record and each row only where nothing is', () => {
    const writes = [buildCreate({}, 'R1'), buildCreate({}, 'R2')];
    const items = runTransaction('t', ref, 'b', writes, 7, 2, actor).TransactItems ?? [];
    expect(items).toHaveLength(4);
    expect(items[0]?.ConditionCheck).toEqual({
      TableName: 't',
      Key: { pk: 'COUNCIL#c', sk: 'PLAN#p' },
      ConditionExpression: 'contains(inFlight, :block)',
      ExpressionAttributeValues: { ':block': 'b' },
    });
    expect(items[1]?.Put).toMatchObject({
      Item: { sk: 'CHANGE#~created#000000000007', revision: 7, toRevision: 8, actionIds: ['R1', 'R2'] },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    // The rows from index 2: where writeRun reads their cancellation reasons.
    expect(items.slice(2).map((item) => item.Put)).toEqual([
      expect.objectContaining({
        Item: expect.objectContaining({ sk: 'ACTION#R1', revision: 7, createdIn: 7 }),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
      expect.objectContaining({
        Item: expect.objectContaining({ sk: 'ACTION#R2', revision: 8, createdIn: 7 }),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    ]);
  });

  it('when rows of a run were found taken, then one gap marker holds the revisions they left, put only where none is', () => {
    const items = runTransaction('t', ref, 'b', [buildCreate({}, 'R1')], 7, 3, actor).TransactItems ?? [];
    expect(items).toHaveLength(4);
    expect(items[3]?.Put).toMatchObject({
      Item: { sk: 'CHANGE#~gap#000000000008', revSk: 8, revision: 8, toRevision: 9, gap: true },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});
