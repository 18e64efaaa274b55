/**
 * Many new rows at once (importing or adopting a plan). A block of revisions is reserved with one
 * counter update and marked in flight on the plan; then each run of up to 50 rows is written by one
 * transaction, several runs at a time: the run's one change record (every row's creation, for its
 * history) and its rows, each row on condition that its id is still absent, and all of it on
 * condition that the block is still in flight. So a bulk write never overwrites a row someone else
 * created or edited since the caller read it (that row comes back stale, to be merged again), and a
 * writer that readers gave up on (see plan-revision's fence) can no longer land under their cursors.
 * One record per run instead of per row halves the items an import writes.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RowWrite } from '../../core/changes.js';
import { chunksUnder } from '../../core/chunks.js';
import { eachInParallel } from '../../core/parallel.js';
import { toAction } from './action-item.js';
import { type Actor, COUNTER_BACKOFF, type CommitResult, rowItems, type StaleRow } from './commit.js';
import type { Store } from './dynamodb.js';
import { BulkWriteFencedError } from './errors.js';
import { changeIndexAttributes, createdRunKey, gapFillerKey, type PlanRef, planKey } from './keys.js';
import { inFlightBlock, readPlanRevision } from './plan-revision.js';
import { withBackoff } from './retry.js';

/** Below this many new rows the transactional path is as quick. */
export const BULK_THRESHOLD = 100;
export const ROWS_PER_RUN = 50;
/** A run's record carries every field of its rows (their history): kept well under the 400 KB item limit. */
const RUN_RECORD_BYTES = 300_000;
const PARALLEL_RUNS = 8;

/**
 * Writes new rows the caller has read as absent. A row found taken by the time its run is written
 * comes back stale with the row as it stands. Throws BulkWriteFencedError if readers gave up on the
 * block; runs written before that are whole.
 */
export async function commitCreatesInBulk(
  store: Store,
  ref: PlanRef,
  writes: RowWrite[],
  actor: Actor,
): Promise<CommitResult> {
  const { first, block } = await reserveRevisions(store, ref, writes.length);
  const runs = runsOf(writes);
  const outcomes: CommitResult[] = [];
  await eachInParallel(runs, PARALLEL_RUNS, async (run, index) => {
    outcomes[index] = await writeRun(store, ref, block, run.writes, first + run.offset, actor);
  });
  await releaseRevisions(store, ref, block);
  // In the order given, as the transactional path answers.
  return { committed: outcomes.flatMap((o) => o.committed), stale: outcomes.flatMap((o) => o.stale) };
}

/**
 * One run in one transaction. Rows found taken are left out and the run written again: the rows
 * that are left keep the run's first revisions, and one gap marker holds the revisions nobody took,
 * so the sequence readers follow stays unbroken.
 */
async function writeRun(
  store: Store,
  ref: PlanRef,
  block: string,
  writes: RowWrite[],
  first: number,
  actor: Actor,
): Promise<CommitResult> {
  const stale: StaleRow[] = [];
  let pending = writes;
  for (;;) {
    const input = runTransaction(store.tableName, ref, block, pending, first, writes.length, actor);
    const taken = await withBackoff(async (attempt) => {
      try {
        await store.doc.send(new TransactWriteCommand(input));
        return [];
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new BulkWriteFencedError(block);
        const rows = pending.flatMap((write, i): StaleRow[] => {
          const reason = reasons[ROW_ITEMS_FROM + i];
          if (reason?.Code !== 'ConditionalCheckFailed') return [];
          return [{ id: write.id, current: reason.Item ? toAction(unmarshall(reason.Item)) : null }];
        });
        if (rows.length > 0) return rows;
        return attempt.retry(error);
      }
    }, COUNTER_BACKOFF);
    if (taken.length === 0) break;
    stale.push(...taken);
    const takenIds = new Set(taken.map((t) => t.id));
    pending = pending.filter((w) => !takenIds.has(w.id));
  }
  const committed = pending.map((write, i) => rowItems(store.tableName, ref, write, first + i, actor).action);
  return { committed, stale };
}

/** The fence check, then the run record, then the rows: rows' cancellation reasons start here. */
const ROW_ITEMS_FROM = 2;

/** Pure: the transaction writing `writes` at revisions first.., and a gap marker for the rest of `size`. */
export function runTransaction(
  tableName: string,
  ref: PlanRef,
  block: string,
  writes: RowWrite[],
  first: number,
  size: number,
  actor: Actor,
): TransactWriteCommandInput {
  const absent = 'attribute_not_exists(pk)';
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
    {
      ConditionCheck: {
        TableName: tableName,
        Key: planKey(ref),
        ConditionExpression: 'contains(inFlight, :block)',
        ExpressionAttributeValues: { ':block': block },
      },
    },
  ];
  if (writes.length > 0) {
    items.push({ Put: { ...runRecord(tableName, ref, writes, first, actor), ConditionExpression: absent } });
    writes.forEach((write, i) => {
      const { row } = rowItems(tableName, ref, write, first + i, actor);
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...row.Item, createdIn: first },
          ConditionExpression: absent,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    });
  }
  if (writes.length < size) {
    items.push({
      Put: {
        ...gapMarker(tableName, ref, first + writes.length, first + size - 1, actor),
        ConditionExpression: absent,
      },
    });
  }
  return { TransactItems: items };
}

/** Pure: consecutive runs of at most ROWS_PER_RUN rows whose changes fit one record. */
export function runsOf(writes: RowWrite[]): { offset: number; writes: RowWrite[] }[] {
  const chunks = chunksUnder(writes, {
    bytesOf: (write) => JSON.stringify(write.changes).length + write.id.length + 16,
    maxBytes: RUN_RECORD_BYTES,
    maxItems: ROWS_PER_RUN,
  });
  let offset = 0;
  return chunks.map((run) => {
    const at = offset;
    offset += run.length;
    return { offset: at, writes: run };
  });
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
export async function reserveRevisions(store: Store, ref: PlanRef, n: number) {
  return withBackoff(async (attempt) => {
    const revision = await readPlanRevision(store, ref);
    // Stamped when reserved, not when the request began: its age is how long the block has been held.
    const block = inFlightBlock(revision + 1, revision + n, new Date().toISOString());
    try {
      await store.doc.send(new UpdateCommand(reserveRequest(store.tableName, ref, revision, n, block)));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      attempt.retry(error);
    }
    return { first: revision + 1, block };
  }, COUNTER_BACKOFF);
}

/**
 * Pure: moves the counter from `revision` (as read) on by n and marks the block in flight; refused
 * if anyone moved the counter since.
 */
export function reserveRequest(
  tableName: string,
  ref: PlanRef,
  revision: number,
  n: number,
  block: string,
): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: planKey(ref),
    UpdateExpression: 'SET revision = :next ADD inFlight :block',
    ConditionExpression: 'revision = :current',
    ExpressionAttributeValues: { ':current': revision, ':next': revision + n, ':block': new Set([block]) },
  };
}

/** Pure: the block leaves the in-flight set. */
export function releaseRequest(tableName: string, ref: PlanRef, block: string): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: planKey(ref),
    UpdateExpression: 'DELETE inFlight :block',
    ExpressionAttributeValues: { ':block': new Set([block]) },
  };
}

/** The block's rows have all landed: full reads may put their cursor past it. */
async function releaseRevisions(store: Store, ref: PlanRef, block: string): Promise<void> {
  await withBackoff(() => store.doc.send(new UpdateCommand(releaseRequest(store.tableName, ref, block))));
}

/** Pure: one marker holding revisions from..to that nobody will write. */
export function gapMarker(tableName: string, ref: PlanRef, from: number, to: number, actor: Actor) {
  return {
    TableName: tableName,
    Item: {
      ...gapFillerKey(ref, from),
      ...changeIndexAttributes(ref, from),
      revision: from,
      toRevision: to,
      gap: true,
      at: actor.at,
    },
  };
}

/** Pure: the marker put only where no marker is yet (two syncs may fill the same hole). */
export function gapFillRequest(tableName: string, ref: PlanRef, from: number, to: number, actor: Actor) {
  return { ...gapMarker(tableName, ref, from, to, actor), ConditionExpression: 'attribute_not_exists(pk)' };
}

/** One marker holding revisions from..to that nobody will write, so the sequence readers follow has no hole. */
export async function fillGap(
  store: Store,
  ref: PlanRef,
  from: number,
  to: number,
  actor: Actor,
): Promise<void> {
  try {
    await withBackoff(() =>
      store.doc.send(new PutCommand(gapFillRequest(store.tableName, ref, from, to, actor))),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
