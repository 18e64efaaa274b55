/**
 * Batch requests, sent until DynamoDB has processed every item. DynamoDB may hand back part of a
 * batch unprocessed (throttling, size); what is left is sent again after a pause (capped exponential
 * backoff, full jitter), a bounded number of times, then StoreBusyError: a 503 the client retries,
 * never a request held until the Lambda dies.
 */
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Store } from './dynamodb.js';
import { type BackoffOptions, withBackoff } from './retry.js';

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

/** DynamoDB's limits: 25 writes, 100 reads a batch. */
export const WRITES_PER_BATCH = 25;
export const KEYS_PER_BATCH = 100;

export class UnprocessedItemsLeft extends Error {
  constructor(readonly left: number) {
    super(`${left} items still unprocessed`);
    this.name = 'UnprocessedItemsLeft';
  }
}

/** Sends `pending` until `send` leaves nothing unprocessed, or gives up (StoreBusyError). */
export async function untilProcessed<T>(
  pending: T[],
  send: (batch: T[]) => Promise<T[]>,
  backoff?: BackoffOptions,
): Promise<void> {
  let left = pending;
  if (left.length === 0) return;
  await withBackoff(async (attempt) => {
    left = await send(left);
    if (left.length > 0) attempt.retry(new UnprocessedItemsLeft(left.length));
  }, backoff);
}

/** Pure: one BatchWriteItem request. */
export function batchWriteRequest(tableName: string, requests: WriteRequest[]): BatchWriteCommandInput {
  return { RequestItems: { [tableName]: requests } } as BatchWriteCommandInput;
}

/** Pure: one consistent BatchGetItem request. */
export function batchGetRequest(tableName: string, keys: Key[], projection?: string): BatchGetCommandInput {
  return {
    RequestItems: {
      [tableName]: {
        Keys: keys,
        ConsistentRead: true,
        ...(projection ? { ProjectionExpression: projection } : {}),
      },
    },
  };
}

/** Writes every request, 25 a batch, one batch after another. */
export async function writeAll(store: Store, requests: WriteRequest[], backoff?: BackoffOptions) {
  for (let start = 0; start < requests.length; start += WRITES_PER_BATCH) {
    await untilProcessed(
      requests.slice(start, start + WRITES_PER_BATCH),
      async (batch) => {
        const reply = await store.doc.send(new BatchWriteCommand(batchWriteRequest(store.tableName, batch)));
        return (reply.UnprocessedItems?.[store.tableName] as WriteRequest[] | undefined) ?? [];
      },
      backoff,
    );
  }
}

/** Reads at most 100 keys consistently; the items found, in no particular order. */
export async function getBatch(store: Store, keys: Key[], backoff?: BackoffOptions): Promise<Item[]> {
  const found: Item[] = [];
  await untilProcessed(
    keys,
    async (batch) => {
      const reply = await store.doc.send(new BatchGetCommand(batchGetRequest(store.tableName, batch)));
      found.push(...((reply.Responses?.[store.tableName] as Item[] | undefined) ?? []));
      return (reply.UnprocessedKeys?.[store.tableName]?.Keys as Key[] | undefined) ?? [];
    },
    backoff,
  );
  return found;
}
