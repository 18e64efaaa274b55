/** Reading actions: one row, many rows, a whole plan, what changed since a revision, a row's history. */
import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Action, ChangeRecord } from '../../core/plan.js';
import { toAction } from './action-item.js';
import { fillGap } from './bulk-create.js';
import type { StoreClients } from './client.js';
import type { ChangeKind, FieldChange } from './commit.js';
import { actionKey, changePrefix, INDEX, type PlanRef, planPk, SK_PREFIX } from './keys.js';
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

/** Consistent reads of many rows, 100 keys a request, unprocessed keys retried. */
export async function getActions(
  store: StoreClients,
  ref: PlanRef,
  ids: Iterable<string>,
): Promise<Map<string, Action>> {
  const found = new Map<string, Action>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 100) {
    let keys: Record<string, unknown>[] = unique.slice(start, start + 100).map((id) => actionKey(ref, id));
    while (keys.length > 0) {
      const requested = keys;
      const reply = await withBackoff(() =>
        store.doc.send(
          new BatchGetCommand({
            RequestItems: { [store.tableName]: { Keys: requested, ConsistentRead: true } },
          }),
        ),
      );
      for (const item of reply.Responses?.[store.tableName] ?? []) {
        const action = toAction(item);
        found.set(action.id, action);
      }
      keys = (reply.UnprocessedKeys?.[store.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (keys.length > 0) await new Promise((r) => setTimeout(r, 25));
    }
  }
  return found;
}

/** Every row of a plan, tombstones included, in row order. */
export async function listActions(store: StoreClients, ref: PlanRef): Promise<Action[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': planPk(ref), ':prefix': SK_PREFIX.action },
    ConsistentRead: true,
  });
  return items.map(toAction).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
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
    ExpressionAttributeValues: { ':pk': planPk(ref), ':from': since + 1, ':to': upTo },
    ProjectionExpression: 'actionId, revision, #at',
    ExpressionAttributeNames: { '#at': 'at' },
  });
  let cursor = since;
  const ids = new Set<string>();
  for (const record of records.sort((a, b) => Number(a.revision) - Number(b.revision))) {
    const revision = Number(record.revision);
    if (revision !== cursor + 1) {
      // A hole left by a bulk write whose process died: once it is clearly abandoned, fill it.
      if (!isAbandoned(record, now)) break;
      for (let missing = cursor + 1; missing < revision; missing++) {
        await fillGap(store, ref, missing, { by: 'sync', at: new Date(now).toISOString() });
      }
    }
    cursor = revision;
    if (record.actionId) ids.add(String(record.actionId));
  }
  const rows = await getActions(store, ref, ids);
  return {
    cursor,
    actions: [...rows.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)),
  };
}

/** Longer than any request may run (25 s deadline, 29 s Lambda, 30 s claim), with room to spare. */
export const ABANDONED_AFTER_MS = 90_000;

const isAbandoned = (laterRecord: Record<string, unknown>, now: number) =>
  Date.parse(String(laterRecord.at)) < now - ABANDONED_AFTER_MS;

/** Every change to a row, one record per field, oldest first. */
export async function actionHistory(store: StoreClients, ref: PlanRef, id: string): Promise<ChangeRecord[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': planPk(ref), ':prefix': changePrefix(id) },
    ConsistentRead: true,
  });
  const oldestFirst = items.sort(
    (a, b) => String(a.at).localeCompare(String(b.at)) || String(a.sk).localeCompare(String(b.sk)),
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
