/**
 * Idempotency records: a retried sync with the same key gets the first answer and writes nothing.
 * A key is claimed before any write (a lease, so a crashed attempt can be taken over), and completed
 * with the answer; DynamoDB's TTL removes records after a day.
 *
 * A key belongs to one caller and one request: another caller, or the same key on another request,
 * is a mismatch, never a replay of someone else's answer nor a wait on someone else's claim.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DeleteCommandInput,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { IDEMPOTENCY_LEASE_MS } from '../../core/limits.js';
import type { Store } from './dynamodb.js';
import { idempotencyKey, type PlanRef } from './keys.js';
import { withBackoff } from './retry.js';
import { TTL_ATTRIBUTE } from './schema.js';

const DAY_SECONDS = 86_400;
/** Longer than any sync may run: after it, a retry may take over a claim whose holder died. */
export const DEFAULT_LEASE_MS = IDEMPOTENCY_LEASE_MS;

/** Whose request, and which: the token's subject and a digest of everything in the body that shapes the answer. */
export interface KeyUse {
  caller: string;
  requestHash: string;
}

export type Claim<T> =
  | { state: 'claimed'; holder: string }
  | { state: 'done'; answer: T }
  | { state: 'in-progress' }
  | { state: 'mismatch'; reason: 'caller' | 'request' };

/** What every record of a key holds, claimed or answered: whose it is, for which request, kept a day. */
function keyRecord(ref: PlanRef, key: string, use: KeyUse, now: number) {
  return {
    ...idempotencyKey(ref, key),
    caller: use.caller,
    requestHash: use.requestHash,
    [TTL_ATTRIBUTE]: Math.floor(now / 1000) + DAY_SECONDS,
  };
}

/** Pure: the conditional put that claims a key, or takes over a lapsed claim of the same caller and request. */
export function claimRequest(
  tableName: string,
  ref: PlanRef,
  key: string,
  use: KeyUse,
  holder: string,
  leaseMs: number,
  now: number,
): PutCommandInput {
  return {
    TableName: tableName,
    Item: { ...keyRecord(ref, key, use, now), state: 'pending', holder, leaseUntil: now + leaseMs },
    ConditionExpression:
      'attribute_not_exists(pk) OR (#state = :pending AND leaseUntil < :now AND requestHash = :hash AND #caller = :caller)',
    ExpressionAttributeNames: { '#state': 'state', '#caller': 'caller' },
    ExpressionAttributeValues: {
      ':pending': 'pending',
      ':now': now,
      ':hash': use.requestHash,
      ':caller': use.caller,
    },
  };
}

/** Pure: the consistent read of a key's record, when the claim was refused. */
export function readClaimRequest(tableName: string, ref: PlanRef, key: string): GetCommandInput {
  return { TableName: tableName, Key: idempotencyKey(ref, key), ConsistentRead: true };
}

/**
 * Pure: what a refused claim means, from the record that refused it. Another caller's key is a
 * mismatch before anything else, so no one learns of, waits on, or replays someone else's answer.
 * `null` when the record has gone (expired or let go) since: claim again.
 */
export function claimFrom<T>(item: Record<string, unknown> | undefined, use: KeyUse): Claim<T> | null {
  if (!item) return null;
  if (item.caller !== use.caller) return { state: 'mismatch', reason: 'caller' };
  if (item.requestHash !== use.requestHash) return { state: 'mismatch', reason: 'request' };
  if (item.state === 'done') return { state: 'done', answer: item.answer as T };
  return { state: 'in-progress' };
}

/** Pure: the answered record, kept a day for retries. */
export function completeRequest<T>(
  tableName: string,
  ref: PlanRef,
  key: string,
  use: KeyUse,
  answer: T,
  now: number,
): PutCommandInput {
  return {
    TableName: tableName,
    Item: { ...keyRecord(ref, key, use, now), state: 'done', answer },
  };
}

/** Pure: deletes the claim only while it is still this holder's and still pending. */
export function releaseRequest(
  tableName: string,
  ref: PlanRef,
  key: string,
  holder: string,
): DeleteCommandInput {
  return {
    TableName: tableName,
    Key: idempotencyKey(ref, key),
    ConditionExpression: '#state = :pending AND holder = :holder',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':pending': 'pending', ':holder': holder },
  };
}

export async function claimKey<T>(
  store: Store,
  ref: PlanRef,
  key: string,
  use: KeyUse,
  leaseMs = DEFAULT_LEASE_MS,
  now = Date.now(),
): Promise<Claim<T>> {
  // Names this attempt's claim, so that only it can let the claim go (see releaseKey).
  const holder = ulid();
  const claim = claimRequest(store.tableName, ref, key, use, holder, leaseMs, now);
  try {
    await withBackoff(() => store.doc.send(new PutCommand(claim)));
    return { state: 'claimed', holder };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const { Item } = await withBackoff(() =>
    store.doc.send(new GetCommand(readClaimRequest(store.tableName, ref, key))),
  );
  return claimFrom<T>(Item, use) ?? claimKey(store, ref, key, use, leaseMs, now);
}

export async function completeKey<T>(store: Store, ref: PlanRef, key: string, use: KeyUse, answer: T) {
  const request = completeRequest(store.tableName, ref, key, use, answer, Date.now());
  await withBackoff(() => store.doc.send(new PutCommand(request)));
}

/**
 * Lets go of a claim whose attempt failed, so a retry runs at once instead of waiting out the
 * lease: the same as the lease's takeover, only sooner. Only the holder's own pending claim goes;
 * one taken over since, or answered, stays.
 */
export async function releaseKey(store: Store, ref: PlanRef, key: string, holder: string) {
  try {
    await withBackoff(() =>
      store.doc.send(new DeleteCommand(releaseRequest(store.tableName, ref, key, holder))),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
