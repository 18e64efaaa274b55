import { beforeAll, describe, expect, it } from 'vitest';
import { fieldChanges, pickFields } from '../../../core/changes.js';
import { actionHistory, getAction, listActions } from '../../../functions/store/actions.js';
import {
  buildCommitTransaction,
  chunkWrites,
  commitWrites,
  type RowWrite,
} from '../../../functions/store/commit.js';
import type { Store } from '../../../functions/store/dynamodb.js';
import { PlanNotFoundError } from '../../../functions/store/errors.js';
import type { PlanRef } from '../../../functions/store/keys.js';
import { readPlanRevision } from '../../../functions/store/plan-revision.js';
import { createPlan } from '../../../functions/store/plans.js';
import { changedSince } from '../../../functions/store/read-since.js';
import { buildAction, buildCreate } from '../../support/factories.js';
import { createTestStore } from '../../support/store.js';

let store: Store;
const actor = { by: 'Test Officer', at: '2026-11-23T09:00:00.000Z' };

async function newPlan(): Promise<PlanRef> {
  const plan = await createPlan(store, 'chorley', { title: 'CPC 2019' }, actor);
  return { council: 'chorley', plan: plan.id };
}

function edit(
  id: string,
  version: number,
  before: ReturnType<typeof buildAction>,
  patch: Partial<typeof before>,
): RowWrite {
  const fields = { ...before, ...patch };
  return {
    id,
    expectedVersion: version,
    fields,
    deleted: false,
    changes: fieldChanges(before, fields),
    kind: 'update',
  };
}

beforeAll(async () => {
  store = await createTestStore('commit');
});

describe('commitWrites', () => {
  it('when a row is created, then it is at version 1 and takes the next plan revision', async () => {
    const ref = await newPlan();
    const { committed, stale } = await commitWrites(store, ref, [buildCreate(), buildCreate()], actor);
    expect(stale).toEqual([]);
    expect(committed.map((a) => [a.version, a.revision])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(await readPlanRevision(store, ref)).toBe(2);
  });

  it('when the version moved on, then the write is refused and the current row is returned', async () => {
    const ref = await newPlan();
    const create = buildCreate();
    await commitWrites(store, ref, [create], actor);
    await commitWrites(store, ref, [edit(create.id, 1, create.fields, { status: 'On track' })], actor);
    const { committed, stale } = await commitWrites(
      store,
      ref,
      [edit(create.id, 1, create.fields, { status: 'At risk' })],
      actor,
    );
    expect(committed).toEqual([]);
    expect(stale).toHaveLength(1);
    expect(stale[0]?.current).toMatchObject({ id: create.id, version: 2, status: 'On track' });
    expect((await getAction(store, ref, create.id))?.status).toBe('On track');
  });

  it('when one row of a batch is stale, then the other rows are still written', async () => {
    const ref = await newPlan();
    const [a, b] = [buildCreate({ action: 'A' }), buildCreate({ action: 'B' })];
    await commitWrites(store, ref, [a, b], actor);
    const result = await commitWrites(
      store,
      ref,
      [edit(a.id, 7, a.fields, { progress: 'stale' }), edit(b.id, 1, b.fields, { progress: 'fresh' })],
      actor,
    );
    expect(result.stale.map((s) => s.id)).toEqual([a.id]);
    expect(result.committed.map((c) => c.id)).toEqual([b.id]);
    expect((await getAction(store, ref, b.id))?.progress).toBe('fresh');
  });

  it('when two writers race on one row, then exactly one wins and history shows one change', async () => {
    const ref = await newPlan();
    const create = buildCreate();
    await commitWrites(store, ref, [create], actor);
    const results = await Promise.all(
      ['On track', 'At risk'].map((status) =>
        commitWrites(
          store,
          ref,
          [edit(create.id, 1, create.fields, { status: status as 'On track' })],
          actor,
        ),
      ),
    );
    expect(results.filter((r) => r.committed.length === 1)).toHaveLength(1);
    expect(results.filter((r) => r.stale.length === 1)).toHaveLength(1);
    const statusChanges = (await actionHistory(store, ref, create.id)).filter((h) => h.field === 'status');
    expect(statusChanges).toHaveLength(1);
    expect((await getAction(store, ref, create.id))?.status).toBe(statusChanges[0]?.after);
  });

  it('when many writers commit at once, then revisions are 1..n without gaps or repeats', async () => {
    const ref = await newPlan();
    const writers = Array.from({ length: 12 }, (_, i) =>
      commitWrites(store, ref, [buildCreate({ action: `row ${i}` })], actor),
    );
    const revisions = (await Promise.all(writers)).flatMap((r) => r.committed.map((a) => a.revision));
    expect(revisions.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await readPlanRevision(store, ref)).toBe(12);
    const delta = await changedSince(store, ref, 0, 12);
    expect(delta.cursor).toBe(12);
    expect(delta.actions).toHaveLength(12);
  });

  it('when a row is deleted, then it stays as a tombstone with the delete in its history', async () => {
    const ref = await newPlan();
    const create = buildCreate();
    await commitWrites(store, ref, [create], actor);
    await commitWrites(
      store,
      ref,
      [
        {
          id: create.id,
          expectedVersion: 1,
          fields: create.fields,
          deleted: true,
          kind: 'delete',
          changes: [{ field: 'deleted', before: false, after: true }],
        },
      ],
      actor,
    );
    const rows = await listActions(store, ref);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: create.id, deleted: true, version: 2, action: create.fields.action });
    const history = await actionHistory(store, ref, create.id);
    expect(history.at(-1)).toMatchObject({
      kind: 'delete',
      field: 'deleted',
      before: false,
      after: true,
      by: 'Test Officer',
    });
  });

  it('when the plan does not exist, then nothing is written and the plan is reported missing', async () => {
    const ref = { council: 'chorley', plan: '01JD0000000000000000000000' };
    await expect(commitWrites(store, ref, [buildCreate()], actor)).rejects.toBeInstanceOf(PlanNotFoundError);
    expect(await listActions(store, ref)).toEqual([]);
  });

  it('when more rows than one transaction holds are written, then all land with consecutive revisions', async () => {
    const ref = await newPlan();
    const creates = Array.from({ length: 120 }, (_, i) => buildCreate({ action: `row ${i}`, order: i }));
    const { committed } = await commitWrites(store, ref, creates, actor);
    expect(committed.map((a) => a.revision)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect((await listActions(store, ref)).map((a) => a.action)).toEqual(creates.map((c) => c.fields.action));
  });
});

describe('changedSince', () => {
  it('when rows change after a cursor, then only those rows come back, tombstones included', async () => {
    const ref = await newPlan();
    const [a, b, c] = [
      buildCreate({ action: 'A' }),
      buildCreate({ action: 'B' }),
      buildCreate({ action: 'C' }),
    ];
    await commitWrites(store, ref, [a, b, c], actor);
    await commitWrites(store, ref, [edit(b.id, 1, b.fields, { progress: 'moved on' })], actor);
    await commitWrites(
      store,
      ref,
      [
        {
          id: c.id,
          expectedVersion: 1,
          fields: c.fields,
          deleted: true,
          kind: 'delete',
          changes: [{ field: 'deleted', before: false, after: true }],
        },
      ],
      actor,
    );
    const delta = await changedSince(store, ref, 3, await readPlanRevision(store, ref));
    expect(delta.cursor).toBe(5);
    expect(delta.actions.map((x) => [x.action, x.deleted])).toEqual(
      expect.arrayContaining([
        ['B', false],
        ['C', true],
      ]),
    );
    expect(delta.actions).toHaveLength(2);
  });
});

describe('buildCommitTransaction', () => {
  it('when built, then the counter update comes first, each row brings its change record, and edits update in place', () => {
    const writes = [
      buildCreate(),
      edit('01JD0000000000000000000001', 3, buildAction(), { status: 'Complete' }),
    ];
    const input = buildCommitTransaction('t', { council: 'c', plan: 'p' }, 41, writes, actor);
    const items = input.TransactItems ?? [];
    expect(items).toHaveLength(5);
    expect(items[0]?.Update?.ConditionExpression).toBe('attribute_exists(pk) AND revision = :current');
    expect(items[0]?.Update?.ExpressionAttributeValues).toEqual({ ':current': 41, ':next': 43 });
    expect(items[1]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[3]?.Update?.ConditionExpression).toBe('version = :expected');
    expect(items[3]?.Update?.ExpressionAttributeValues).toMatchObject({ ':expected': 3 });
    expect(Object.values(items[3]?.Update?.ExpressionAttributeValues ?? {})).toEqual(
      expect.arrayContaining([4, 43, 'COUNCIL#c', 'Complete']),
    );
    expect(items[4]?.Put?.Item).toMatchObject({
      revSk: 43,
      actionId: '01JD0000000000000000000001',
      kind: 'update',
    });
  });

  it('when a batch is chunked, then no transaction holds more than 100 items', () => {
    const chunks = chunkWrites(Array.from({ length: 250 }, () => buildCreate()));
    expect(chunks.map((c) => 1 + 2 * c.length).every((n) => n <= 100)).toBe(true);
    expect(chunks.flat()).toHaveLength(250);
  });

  it('when rows are large, then chunks stay under the 4 MB transaction limit', () => {
    const big = 'x'.repeat(9_000);
    const writes = Array.from({ length: 49 }, () => buildCreate({ progress: big, action: big, theme: big }));
    const chunks = chunkWrites(writes);
    for (const chunk of chunks) expect(2 * JSON.stringify(chunk).length).toBeLessThan(4_000_000);
    expect(pickFields(writes[0]!.fields).progress).toBe(big);
  });
});
