/**
 * Many new rows at once (importing or adopting a plan): a block of revisions is reserved with one
 * counter update, then transactions commit rows with their change records in parallel. Each
 * transaction is still all or nothing and never overwrites a row; a revision whose row could not
 * be written is filled with a marker, so readers (who stop at a gap) never wait on it for long.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RowWrite } from '../../core/changes.js';
import type { Action } from '../../core/plan.js';
import type { StoreClients } from './client.js';
import { type Actor, type CommitResult, rowItems } from './commit.js';
import { PlanNotFoundError } from './errors.js';
import { changeIndexAttributes, gapFillerKey, type PlanRef, planKey } from './keys.js';
import { withBackoff } from './retry.js';

/** Below this many new rows the ordinary one-by-one path is as quick. */
export const BULK_THRESHOLD = 100;
const ROWS_PER_TRANSACTION = 49;
const PARALLEL_TRANSACTIONS = 4;

export async function commitCreatesInBulk(
  store: StoreClients,
  ref: PlanRef,
  writes: RowWrite[],
  actor: Actor,
): Promise<CommitResult & { unplaced: RowWrite[] }> {
  const first = await reserveRevisions(store, ref, writes.length);
  const chunks: { writes: RowWrite[]; firstRevision: number }[] = [];
  for (let i = 0; i < writes.length; i += ROWS_PER_TRANSACTION) {
    chunks.push({ writes: writes.slice(i, i + ROWS_PER_TRANSACTION), firstRevision: first + i });
  }
  const result: CommitResult & { unplaced: RowWrite[] } = { committed: [], stale: [], unplaced: [] };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL_TRANSACTIONS, chunks.length) }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++] as (typeof chunks)[number];
        const outcome = await commitChunk(store, ref, chunk.writes, chunk.firstRevision, actor);
        result.committed.push(...outcome.committed);
        result.unplaced.push(...outcome.unplaced);
      }
    }),
  );
  return result;
}

/** Moves the counter on by n in one update; the n revisions before the new value are ours alone. */
async function reserveRevisions(store: StoreClients, ref: PlanRef, n: number): Promise<number> {
  try {
    const { Attributes } = await withBackoff(() =>
      store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: planKey(ref),
          UpdateExpression: 'SET revision = revision + :n',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':n': n },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(Attributes?.revision) - n + 1;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new PlanNotFoundError(ref.plan);
    throw error;
  }
}

async function commitChunk(
  store: StoreClients,
  ref: PlanRef,
  writes: RowWrite[],
  firstRevision: number,
  actor: Actor,
) {
  const committed: Action[] = [];
  const unplaced: RowWrite[] = [];
  try {
    await send(store, ref, writes, firstRevision, actor);
    for (const [i, write] of writes.entries()) {
      committed.push(rowItems(store.tableName, ref, write, firstRevision + i, actor).action);
    }
    return { committed, unplaced };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
  }
  // Something in the chunk was refused (an id that exists already): row by row, so the rest land.
  for (const [i, write] of writes.entries()) {
    const revision = firstRevision + i;
    try {
      await send(store, ref, [write], revision, actor);
      committed.push(rowItems(store.tableName, ref, write, revision, actor).action);
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      await fillGap(store, ref, revision, actor);
      unplaced.push(write);
    }
  }
  return { committed, unplaced };
}

function send(store: StoreClients, ref: PlanRef, writes: RowWrite[], firstRevision: number, actor: Actor) {
  const TransactItems = writes.flatMap((write, i) => {
    const { row, change } = rowItems(store.tableName, ref, write, firstRevision + i, actor);
    return [
      { Put: { ...row, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { ...change, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
  });
  return withBackoff(() => store.doc.send(new TransactWriteCommand({ TransactItems })));
}

/** A marker that holds a revision nobody will write, so the sequence readers follow has no hole. */
export async function fillGap(
  store: StoreClients,
  ref: PlanRef,
  revision: number,
  actor: Actor,
): Promise<void> {
  try {
    await withBackoff(() =>
      store.doc.send(
        new PutCommand({
          TableName: store.tableName,
          Item: {
            ...gapFillerKey(ref, revision),
            ...changeIndexAttributes(ref, revision),
            revision,
            gap: true,
            at: actor.at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
