/** The council's sync list, and its sync-run log: entries written by automated syncing, read newest first. */
import {
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
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
  await withBackoff(() => store.doc.send(new PutCommand(syncRunPutRequest(store.tableName, run))));
  return run;
}

/** Pure: one entry of the log, under its id, removed by DynamoDB's TTL KEEP_DAYS after it was recorded. */
export function syncRunPutRequest(tableName: string, run: SyncRun): PutCommandInput {
  const expires = Math.floor(Date.parse(run.at) / 1000) + KEEP_DAYS * 24 * 60 * 60;
  return {
    TableName: tableName,
    Item: { ...syncRunKey(run.council, run.id), ...run, [TTL_ATTRIBUTE]: expires },
  };
}

/**
 * Pure: one page of the log, newest first, older than `before` when given. BETWEEN takes the
 * `before` entry too (listSyncRuns drops it), and one more says whether a next page exists: hence
 * limit + 2.
 */
export function syncRunsQuery(
  tableName: string,
  council: string,
  page: { limit: number; before?: string | undefined },
): QueryCommandInput {
  const { pk } = syncRunKey(council, '');
  return {
    TableName: tableName,
    ...(page.before
      ? {
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
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
  };
}

/** Newest first, `limit` at most, older than `before` when given (the previous page's last id). */
export async function listSyncRuns(
  store: Store,
  council: string,
  page: { limit: number; before?: string | undefined },
): Promise<{ runs: SyncRun[]; next: string | null }> {
  const result = await withBackoff(() =>
    store.doc.send(new QueryCommand(syncRunsQuery(store.tableName, council, page))),
  );
  // The `before` entry itself is dropped here (see syncRunsQuery).
  const before = page.before ? syncRunKey(council, page.before).sk : null;
  const items = ((result.Items as Record<string, unknown>[] | undefined) ?? []).filter(
    (item) => item.sk !== before,
  );
  const runs = items
    .slice(0, page.limit)
    .map(({ pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _e, ...run }) => run as unknown as SyncRun);
  return { runs, next: items.length > page.limit ? (runs.at(-1)?.id ?? null) : null };
}

/** Pure: the consistent read of the council's sync list (what an admin just wrote is what runs). */
export function readSyncListRequest(tableName: string, council: string): GetCommandInput {
  return { TableName: tableName, Key: syncListKey(council), ConsistentRead: true };
}

export async function readSyncList(store: Store, council: string): Promise<StoredSyncList> {
  const { Item } = await withBackoff(() =>
    store.doc.send(new GetCommand(readSyncListRequest(store.tableName, council))),
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
  await withBackoff(() => store.doc.send(new PutCommand(syncListPutRequest(store.tableName, stored))));
  return stored;
}

/** Pure: the whole list, replacing the one before (last writer wins, as an admin expects of a save). */
export function syncListPutRequest(tableName: string, list: StoredSyncList): PutCommandInput {
  return { TableName: tableName, Item: { ...syncListKey(list.council), ...list } };
}
