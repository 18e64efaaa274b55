/** The council's sync list, and its sync-run log: entries written by automated syncing, read newest first. */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { StoredSyncList, SyncListInput, SyncRun, SyncRunInput } from '../../core/sync-run-log.js';
import type { Store } from './dynamodb.js';
import { syncListKey, syncRunKey } from './keys.js';
import { withBackoff } from './retry.js';
import { TTL_ATTRIBUTE } from './schema.js';

/** Long enough to compare this year's runs with last year's; then DynamoDB's TTL removes them. */
const KEEP_DAYS = 400;

/** Entries recorded in the same millisecond still sort in the order they came. */
const nextId = monotonicFactory();

export async function recordSyncRun(
  store: Store,
  council: string,
  input: SyncRunInput,
  actor: { by: string; at: string },
): Promise<SyncRun> {
  const run: SyncRun = { ...input, id: nextId(), council, at: actor.at, by: actor.by };
  const expires = Math.floor(Date.parse(actor.at) / 1000) + KEEP_DAYS * 24 * 60 * 60;
  await withBackoff(() =>
    store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...syncRunKey(council, run.id), ...run, [TTL_ATTRIBUTE]: expires },
      }),
    ),
  );
  return run;
}

/** Newest first, `limit` at most, older than `before` when given (the previous page's last id). */
export async function listSyncRuns(
  store: Store,
  council: string,
  page: { limit: number; before?: string | undefined },
): Promise<{ runs: SyncRun[]; next: string | null }> {
  const { pk } = syncRunKey(council, '');
  const result = await withBackoff(() =>
    store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        ...(page.before
          ? {
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              // BETWEEN takes the `before` entry too: it is dropped below (hence one more is read).
              ExpressionAttributeValues: {
                ':pk': pk,
                ':from': 'RUN#',
                ':to': syncRunKey(council, page.before).sk,
              },
            }
          : {
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :from)',
              ExpressionAttributeValues: { ':pk': pk, ':from': 'RUN#' },
            }),
        ScanIndexForward: false,
        Limit: page.limit + 2,
      }),
    ),
  );
  const before = page.before ? syncRunKey(council, page.before).sk : null;
  const items = ((result.Items as Record<string, unknown>[] | undefined) ?? []).filter(
    (item) => item.sk !== before,
  );
  const runs = items
    .slice(0, page.limit)
    .map(({ pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _e, ...run }) => run as unknown as SyncRun);
  return { runs, next: items.length > page.limit ? (runs.at(-1)?.id ?? null) : null };
}

export async function readSyncList(store: Store, council: string): Promise<StoredSyncList> {
  const { Item } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: syncListKey(council), ConsistentRead: true }),
    ),
  );
  if (!Item) return { council, workbooks: [], updatedAt: null, updatedBy: null };
  const { workbooks, updatedAt, updatedBy } = Item as StoredSyncList;
  return { council, workbooks, updatedAt, updatedBy };
}

/** The whole list at once: what an admin writes is what the next run syncs. */
export async function writeSyncList(
  store: Store,
  council: string,
  list: SyncListInput,
  actor: { by: string; at: string },
): Promise<StoredSyncList> {
  const stored: StoredSyncList = {
    council,
    workbooks: list.workbooks,
    updatedAt: actor.at,
    updatedBy: actor.by,
  };
  await withBackoff(() =>
    store.doc.send(
      new PutCommand({ TableName: store.tableName, Item: { ...syncListKey(council), ...stored } }),
    ),
  );
  return stored;
}
