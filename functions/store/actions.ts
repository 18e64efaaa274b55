/** Reading actions: one row, many rows, a whole plan, what changed since a revision, a row's history. */
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { bySheetOrder } from '../../core/order.js';
import { eachInParallel } from '../../core/parallel.js';
import type { Action, ChangeRecord } from '../../core/plan.js';
import { toAction } from './action-item.js';
import { getBatch, KEYS_PER_BATCH } from './batch.js';
import { fillGap, ROWS_PER_RUN } from './bulk-create.js';
import type { StoreClients } from './client.js';
import type { ChangeKind, FieldChange } from './commit.js';
import { actionKey, changePrefix, createdRunKey, INDEX, type PlanRef, planPk, SK_PREFIX } from './keys.js';
import { ABANDONED_AFTER_MS, readPlanCounter } from './plan-revision.js';
import { withBackoff } from './retry.js';

export async function queryAll(store: StoreClients, input: Omit<QueryCommandInput, 'TableName'>) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await withBackoff(() =>
      store.doc.send(new QueryCommand({ ...input, TableName: store.tableName, ExclusiveStartKey })),
    );
    items.push(...((page.Items as Record<string, unknown>[] | undefined) ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export async function getAction(store: StoreClients, ref: PlanRef, id: string): Promise<Action | null> {
  const { Item } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: actionKey(ref, id), ConsistentRead: true }),
    ),
  );
  return Item ? toAction(Item) : null;
}

const PARALLEL_READS = 4;

/** Consistent reads of many rows, 100 keys a request, a few requests at a time, unprocessed keys retried. */
export async function getActions(
  store: StoreClients,
  ref: PlanRef,
  ids: Iterable<string>,
): Promise<Map<string, Action>> {
  const found = new Map<string, Action>();
  const unique = [...new Set(ids)];
  const batches: string[][] = [];
  for (let start = 0; start < unique.length; start += KEYS_PER_BATCH)
    batches.push(unique.slice(start, start + KEYS_PER_BATCH));
  await eachInParallel(batches, PARALLEL_READS, async (batch) => {
    for (const action of await getRows(store, ref, batch)) found.set(action.id, action);
  });
  return found;
}

async function getRows(store: StoreClients, ref: PlanRef, ids: string[]): Promise<Action[]> {
  const items = await getBatch(
    store,
    ids.map((id) => actionKey(ref, id)),
  );
  return items.map(toAction);
}

/** Every row of a plan, tombstones included, in row order. */
export async function listActions(store: StoreClients, ref: PlanRef): Promise<Action[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': planPk(ref), ':prefix': SK_PREFIX.action },
    ConsistentRead: true,
  });
  return items.map(toAction).sort(bySheetOrder);
}

export interface Delta {
  /** The revision the reader has now seen every change up to. */
  cursor: number;
  actions: Action[];
}

/**
 * The rows changed after `since`, read from the byRevision index of change records: the cost grows
 * with the changes, not the plan. The index is eventually consistent, so the cursor only advances
 * over an unbroken run of revisions; a change the index has not caught up with is read next time.
 * A bulk creation's record covers a run of revisions and lands with its rows, in one transaction.
 */
export async function changedSince(
  store: StoreClients,
  ref: PlanRef,
  since: number,
  upTo: number,
  now = Date.now(),
): Promise<Delta> {
  if (upTo <= since) return { cursor: Math.max(since, 0), actions: [] };
  const records = await queryAll(store, {
    IndexName: INDEX.byRevision,
    KeyConditionExpression: 'revPk = :pk AND revSk BETWEEN :from AND :to',
    // From far enough back to find a run that began before the cursor.
    ExpressionAttributeValues: {
      ':pk': planPk(ref),
      ':from': Math.max(1, since + 2 - ROWS_PER_RUN),
      ':to': upTo,
    },
    ProjectionExpression: 'actionId, actionIds, revision, toRevision, #at',
    ExpressionAttributeNames: { '#at': 'at' },
  });
  let cursor = since;
  const seen: string[] = [];
  for (const record of records.sort((a, b) => Number(a.revision) - Number(b.revision))) {
    const first = Number(record.revision);
    const last = record.toRevision === undefined ? first : Number(record.toRevision);
    if (last <= cursor) continue;
    if (first > cursor + 1) {
      // A hole left by a bulk write that died or stalled: once it is clearly abandoned, fill it.
      if (!isAbandoned(record, now) || !(await holeIsAbandoned(store, ref, cursor + 1, first - 1, now)))
        break;
      await fillGap(store, ref, cursor + 1, first - 1, { by: 'sync', at: new Date(now).toISOString() });
    }
    const ids = Array.isArray(record.actionIds)
      ? record.actionIds.map(String)
      : record.actionId
        ? [String(record.actionId)]
        : [];
    ids.forEach((actionId, i) => {
      if (first + i > cursor) seen.push(actionId);
    });
    cursor = last;
  }
  const rows = await getActions(store, ref, seen);
  return { cursor, actions: [...rows.values()].sort(bySheetOrder) };
}

/**
 * Revisions from..to can be filled only when no writer can still put a change there: the bulk write
 * holding them is fenced off (readPlanCounter does that to a block held too long), and none of its
 * runs landed before the fence (those are read consistently here, as the index may not show them yet).
 */
async function holeIsAbandoned(store: StoreClients, ref: PlanRef, from: number, to: number, now: number) {
  const counter = await readPlanCounter(store, ref, now);
  if (counter.settled < to) return false;
  const { Items } = await withBackoff(() =>
    store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': planPk(ref),
          ':from': createdRunKey(ref, from).sk,
          ':to': createdRunKey(ref, to).sk,
        },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
        Limit: 1,
      }),
    ),
  );
  return (Items ?? []).length === 0;
}

const isAbandoned = (laterRecord: Record<string, unknown>, now: number) =>
  Date.parse(String(laterRecord.at)) < now - ABANDONED_AFTER_MS;

/** Every change to a row, one record per field, oldest first. */
export async function actionHistory(store: StoreClients, ref: PlanRef, id: string): Promise<ChangeRecord[]> {
  const [items, creation] = await Promise.all([
    queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': planPk(ref), ':prefix': changePrefix(id) },
      ConsistentRead: true,
    }),
    bulkCreation(store, ref, id),
  ]);
  if (creation) items.push(creation);
  const oldestFirst = items.sort(
    (a, b) =>
      String(a.at).localeCompare(String(b.at)) ||
      Number(a.revision ?? Number.POSITIVE_INFINITY) - Number(b.revision ?? Number.POSITIVE_INFINITY) ||
      String(a.sk).localeCompare(String(b.sk)),
  );
  return oldestFirst.flatMap((item) =>
    (item.changes as FieldChange[]).map((change) => ({
      actionId: id,
      revision: item.revision === null || item.revision === undefined ? null : Number(item.revision),
      field: change.field,
      before: change.before ?? null,
      after: change.after ?? null,
      by: String(item.by),
      at: String(item.at),
      kind: item.kind as ChangeKind | 'conflict',
    })),
  );
}

/** A row created in bulk has its creation in its run's record, which the row points to. */
async function bulkCreation(store: StoreClients, ref: PlanRef, id: string) {
  const { Item: row } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({
        TableName: store.tableName,
        Key: actionKey(ref, id),
        ProjectionExpression: 'createdIn',
        ConsistentRead: true,
      }),
    ),
  );
  if (typeof row?.createdIn !== 'number') return null;
  const { Item: run } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({
        TableName: store.tableName,
        Key: createdRunKey(ref, row.createdIn),
        ConsistentRead: true,
      }),
    ),
  );
  const index = Array.isArray(run?.actionIds) ? run.actionIds.indexOf(id) : -1;
  if (!run || index < 0) return null;
  return {
    sk: run.sk,
    revision: row.createdIn + index,
    changes: (run.created as FieldChange[][])[index] ?? [],
    kind: 'create',
    by: run.by,
    at: run.at,
  };
}
