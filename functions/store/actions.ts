/** Reading actions: one row, many rows, a whole plan, a row's history (what changed since a revision: read-since.ts). */
import {
  GetCommand,
  type GetCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { bySheetOrder } from '../../core/order.js';
import { eachInParallel } from '../../core/parallel.js';
import type { Action, ChangeRecord } from '../../core/plan.js';
import { toAction } from './action-item.js';
import { getBatch, KEYS_PER_BATCH } from './batch.js';
import type { ChangeKind, FieldChange } from './commit.js';
import type { Store } from './dynamodb.js';
import { actionKey, changePrefix, createdRunKey, type PlanRef, planPk, SK_PREFIX } from './keys.js';
import { withBackoff } from './retry.js';

/** A query without its table, which the sending step adds. */
export type QueryInput = Omit<QueryCommandInput, 'TableName'>;

/** Pure: one page of a query on the table, from where the last page ended (undefined: the first). */
export function pageQuery(
  tableName: string,
  input: QueryInput,
  startKey: Record<string, unknown> | undefined,
): QueryCommandInput {
  return { ...input, TableName: tableName, ExclusiveStartKey: startKey };
}

/** Sends a query, every page of it. */
export async function queryAll(store: Store, input: QueryInput) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await withBackoff(() =>
      store.doc.send(new QueryCommand(pageQuery(store.tableName, input, ExclusiveStartKey))),
    );
    items.push(...((page.Items as Record<string, unknown>[] | undefined) ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Pure: the consistent read of one row. */
export function readActionRequest(tableName: string, ref: PlanRef, id: string): GetCommandInput {
  return { TableName: tableName, Key: actionKey(ref, id), ConsistentRead: true };
}

export async function getAction(store: Store, ref: PlanRef, id: string): Promise<Action | null> {
  const { Item } = await withBackoff(() =>
    store.doc.send(new GetCommand(readActionRequest(store.tableName, ref, id))),
  );
  return Item ? toAction(Item) : null;
}

const PARALLEL_READS = 4;

/** Consistent reads of many rows, 100 keys a request, a few requests at a time, unprocessed keys retried. */
export async function getActions(
  store: Store,
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

async function getRows(store: Store, ref: PlanRef, ids: string[]): Promise<Action[]> {
  const items = await getBatch(
    store,
    ids.map((id) => actionKey(ref, id)),
  );
  return items.map(toAction);
}

/** Pure: every row of a plan, read consistently. */
export function listActionsQuery(ref: PlanRef): QueryInput {
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': planPk(ref), ':prefix': SK_PREFIX.action },
    ConsistentRead: true,
  };
}

/** Pure: every change record and conflict of one row, read consistently. */
export function historyQuery(ref: PlanRef, id: string): QueryInput {
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': planPk(ref), ':prefix': changePrefix(id) },
    ConsistentRead: true,
  };
}

/** Every row of a plan, tombstones included, in row order. */
export async function listActions(store: Store, ref: PlanRef): Promise<Action[]> {
  const items = await queryAll(store, listActionsQuery(ref));
  return items.map(toAction).sort(bySheetOrder);
}

/** Every change to a row, one record per field, oldest first. */
export async function actionHistory(store: Store, ref: PlanRef, id: string): Promise<ChangeRecord[]> {
  const [items, creation] = await Promise.all([
    queryAll(store, historyQuery(ref, id)),
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

/** Pure: the consistent read of which run, if any, created a row (only `createdIn`, not the row). */
export function createdInRequest(tableName: string, ref: PlanRef, id: string): GetCommandInput {
  return {
    TableName: tableName,
    Key: actionKey(ref, id),
    ProjectionExpression: 'createdIn',
    ConsistentRead: true,
  };
}

/** Pure: the consistent read of the record of the run whose first revision is `first`. */
export function createdRunRequest(tableName: string, ref: PlanRef, first: number): GetCommandInput {
  return { TableName: tableName, Key: createdRunKey(ref, first), ConsistentRead: true };
}

/** A row created in bulk has its creation in its run's record, which the row points to. */
async function bulkCreation(store: Store, ref: PlanRef, id: string) {
  const { Item: row } = await withBackoff(() =>
    store.doc.send(new GetCommand(createdInRequest(store.tableName, ref, id))),
  );
  if (typeof row?.createdIn !== 'number') return null;
  const first = row.createdIn;
  const { Item: run } = await withBackoff(() =>
    store.doc.send(new GetCommand(createdRunRequest(store.tableName, ref, first))),
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
