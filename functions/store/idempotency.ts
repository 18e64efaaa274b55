/**
 * Idempotency records: a retried sync with the same key gets the first answer and writes nothing.
 * A key is claimed before any write (a lease, so a crashed attempt can be taken over), and completed
 * with the answer; DynamoDB's TTL removes records after a day.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreClients } from './client.js';
import { idempotencyKey, type PlanRef } from './keys.js';
import { withBackoff } from './retry.js';
import { TTL_ATTRIBUTE } from './table.js';

const DAY_SECONDS = 86_400;
/**
 * Longer than any sync may run (the API's deadline is 25 s, the Lambda's 29 s): after it, a retry
 * may take over a claim whose holder died.
 */
export const DEFAULT_LEASE_MS = 30_000;

export type Claim<T> =
  | { state: 'claimed' }
  | { state: 'done'; answer: T }
  | { state: 'in-progress' }
  | { state: 'mismatch' };

export async function claimKey<T>(
  store: StoreClients,
  ref: PlanRef,
  key: string,
  requestHash: string,
  leaseMs = DEFAULT_LEASE_MS,
  now = Date.now(),
): Promise<Claim<T>> {
  try {
    await withBackoff(() =>
      store.doc.send(
        new PutCommand({
          TableName: store.tableName,
          Item: {
            ...idempotencyKey(ref, key),
            state: 'pending',
            requestHash,
            leaseUntil: now + leaseMs,
            [TTL_ATTRIBUTE]: Math.floor(now / 1000) + DAY_SECONDS,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR (#state = :pending AND leaseUntil < :now AND requestHash = :hash)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ':hash': requestHash },
        }),
      ),
    );
    return { state: 'claimed' };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const { Item } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: idempotencyKey(ref, key), ConsistentRead: true }),
    ),
  );
  if (!Item) return claimKey(store, ref, key, requestHash, leaseMs, now);
  if (Item.requestHash !== requestHash) return { state: 'mismatch' };
  if (Item.state === 'done') return { state: 'done', answer: answerFromItem<T>(Item.answer) };
  return { state: 'in-progress' };
}

export async function completeKey<T>(
  store: StoreClients,
  ref: PlanRef,
  key: string,
  requestHash: string,
  answer: T,
) {
  await withBackoff(() =>
    store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...idempotencyKey(ref, key),
          state: 'done',
          requestHash,
          // As JSON text: an answer holds extra fields keyed by officers' headings, which DynamoDB's
          // marshalling cannot take as map keys (`__proto__`, `constructor`).
          answer: JSON.stringify(answer),
          [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + DAY_SECONDS,
        },
      }),
    ),
  );
}

/** Answers stored before they were JSON text are maps. */
function answerFromItem<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
