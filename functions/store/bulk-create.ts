/**
 * Many new rows at once (importing or adopting a plan). They are ids the caller has just read and
 * found absent, so there is no version to check: a block of revisions is reserved with one counter
 * update, then runs of rows are written by BatchWriteItem, several runs at a time. Each run has one
 * change record for all its revisions, written before its rows: a reader that finds the record but
 * not yet every row stops its cursor before the run (see changedSince) instead of passing a row.
 * Transactions would buy nothing here but cost twice the write capacity, and one record per run
 * instead of per row halves the items an import writes.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RowWrite } from '../../core/changes.js';
import { eachInParallel } from '../../core/parallel.js';
import type { StoreClients } from './client.js';
import { type Actor, COUNTER_BACKOFF, type CommitResult, rowItems } from './commit.js';
import { changeIndexAttributes, createdRunKey, gapFillerKey, type PlanRef, planKey } from './keys.js';
import { inFlightBlock, readPlanRevision } from './plan-revision.js';
import { withBackoff } from './retry.js';

/** Below this many new rows the transactional path is as quick. */
export const BULK_THRESHOLD = 100;
export const ROWS_PER_RUN = 50;
/** A run's record carries every field of its rows (their history): kept well under the 400 KB item limit. */
const RUN_RECORD_BYTES = 300_000;
const PARALLEL_RUNS = 8;
const ITEMS_PER_CALL = 25;

/**
 * Writes new rows the caller has checked are absent (BatchWriteItem cannot check it). Throws if the
 * store keeps refusing; what was written by then is whole for readers, or waited out by them.
 */
export async function commitCreatesInBulk(
  store: StoreClients,
  ref: PlanRef,
  writes: RowWrite[],
  actor: Actor,
): Promise<CommitResult> {
  const { first, block } = await reserveRevisions(store, ref, writes.length, actor.at);
  const placed = writes.map((write, i) => rowItems(store.tableName, ref, write, first + i, actor));
  await eachInParallel(runsOf(writes), PARALLEL_RUNS, async (run) => {
    const runFirst = first + run.offset;
    await put(store, runRecord(store.tableName, ref, run.writes, runFirst, actor));
    await batchWrite(
      store,
      run.writes.map((_, i) => ({ ...placed[run.offset + i]?.row.Item, createdIn: runFirst })),
    );
  });
  await releaseRevisions(store, ref, block);
  return { committed: placed.map((p) => p.action), stale: [] };
}

/** Pure: consecutive runs of at most ROWS_PER_RUN rows whose changes fit one record. */
export function runsOf(writes: RowWrite[]): { offset: number; writes: RowWrite[] }[] {
  const runs: { offset: number; writes: RowWrite[] }[] = [];
  let bytes = 0;
  writes.forEach((write, offset) => {
    const size = JSON.stringify(write.changes).length + write.id.length + 16;
    const last = runs.at(-1);
    if (last && last.writes.length < ROWS_PER_RUN && bytes + size <= RUN_RECORD_BYTES) {
      last.writes.push(write);
      bytes += size;
    } else {
      runs.push({ offset, writes: [write] });
      bytes = size;
    }
  });
  return runs;
}

/** Pure: the one change record of a run, revisions first..first+n-1, each row's changes in order. */
export function runRecord(tableName: string, ref: PlanRef, writes: RowWrite[], first: number, actor: Actor) {
  return {
    TableName: tableName,
    Item: {
      ...createdRunKey(ref, first),
      ...changeIndexAttributes(ref, first),
      revision: first,
      toRevision: first + writes.length - 1,
      actionIds: writes.map((w) => w.id),
      created: writes.map((w) => w.changes),
      kind: 'create',
      by: actor.by,
      at: actor.at,
    },
  };
}

/**
 * Moves the counter on by n and marks the block as in flight, in one conditional update from the
 * value read; the n revisions after that value are ours alone.
 */
async function reserveRevisions(store: StoreClients, ref: PlanRef, n: number, at: string) {
  return withBackoff(async (attempt) => {
    const revision = await readPlanRevision(store, ref);
    const block = inFlightBlock(revision + 1, revision + n, at);
    try {
      await store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: planKey(ref),
          UpdateExpression: 'SET revision = :next ADD inFlight :block',
          ConditionExpression: 'revision = :current',
          ExpressionAttributeValues: {
            ':current': revision,
            ':next': revision + n,
            ':block': new Set([block]),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      attempt.retry(error);
    }
    return { first: revision + 1, block };
  }, COUNTER_BACKOFF);
}

/** The block's rows have all landed: full reads may put their cursor past it. */
async function releaseRevisions(store: StoreClients, ref: PlanRef, block: string): Promise<void> {
  await withBackoff(() =>
    store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: planKey(ref),
        UpdateExpression: 'DELETE inFlight :block',
        ExpressionAttributeValues: { ':block': new Set([block]) },
      }),
    ),
  );
}

function put(
  store: StoreClients,
  item: { TableName: string; Item: Record<string, unknown>; ConditionExpression?: string },
) {
  return withBackoff(() => store.doc.send(new PutCommand(item)));
}

/** 25 items a call; what DynamoDB leaves unprocessed is sent again after a pause. */
async function batchWrite(store: StoreClients, items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += ITEMS_PER_CALL) {
    let requests = items.slice(start, start + ITEMS_PER_CALL).map((Item) => ({ PutRequest: { Item } }));
    await withBackoff(async (attempt) => {
      const reply = await store.doc.send(
        new BatchWriteCommand({ RequestItems: { [store.tableName]: requests } }),
      );
      requests = (reply.UnprocessedItems?.[store.tableName] ?? []) as typeof requests;
      if (requests.length > 0) attempt.retry(new Error(`${requests.length} items left unprocessed`));
    });
  }
}

/** One marker holding revisions from..to that nobody will write, so the sequence readers follow has no hole. */
export async function fillGap(
  store: StoreClients,
  ref: PlanRef,
  from: number,
  to: number,
  actor: Actor,
): Promise<void> {
  try {
    await put(store, {
      TableName: store.tableName,
      Item: {
        ...gapFillerKey(ref, from),
        ...changeIndexAttributes(ref, from),
        revision: from,
        toRevision: to,
        gap: true,
        at: actor.at,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
