/**
 * The one write path for actions. Each transaction moves the plan's revision counter from the value
 * it read, checks every row's version, and writes each row with its change record, so revisions are
 * committed in order, without gaps, and nothing is written without its trace.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ChangeKind, FieldChange, RowWrite } from '../../core/changes.js';
import { chunksUnder } from '../../core/chunks.js';
import { MAX_TRANSACTION_BYTES } from '../../core/limits.js';
import type { Action } from '../../core/plan.js';
import { extraToItem, toAction, withOverrideShown } from './action-item.js';
import type { Store } from './dynamodb.js';
import {
  actionIndexAttributes,
  actionKey,
  changeIndexAttributes,
  changeKey,
  type PlanRef,
  planKey,
  planPk,
} from './keys.js';
import { inPlanQueue } from './plan-queue.js';
import { readPlanRevision } from './plan-revision.js';
import { withBackoff } from './retry.js';

export type { ChangeKind, FieldChange, RowWrite };

export interface StaleRow {
  id: string;
  /** The row as it stands, or null when a create found the id taken by nothing readable. */
  current: Action | null;
}

export interface CommitResult {
  committed: Action[];
  /** Rows whose version moved on since the change was made: the caller merges or reports them. */
  stale: StaleRow[];
}

/** DynamoDB allows 100 items and 4 MB per transaction: the counter, then a row and its change record. */
const MAX_ITEMS = 100;
const MAX_ROWS_PER_TRANSACTION = Math.floor((MAX_ITEMS - 1) / 2);

export interface Actor {
  by: string;
  at: string;
}

export async function commitWrites(
  store: Store,
  ref: PlanRef,
  writes: RowWrite[],
  actor: Actor,
): Promise<CommitResult> {
  const result: CommitResult = { committed: [], stale: [] };
  for (const chunk of chunkWrites(writes)) {
    let pending = chunk;
    // A chunk that lost a row to a concurrent writer is retried without that row.
    while (pending.length > 0) {
      const outcome = await commitChunk(store, ref, pending, actor);
      result.committed.push(...outcome.committed);
      result.stale.push(...outcome.stale);
      const staleIds = new Set(outcome.stale.map((s) => s.id));
      pending = outcome.stale.length > 0 ? pending.filter((w) => !staleIds.has(w.id)) : [];
    }
  }
  return result;
}

export function chunkWrites(writes: RowWrite[]): RowWrite[][] {
  return chunksUnder(writes, {
    // Row and change record each carry roughly the row's size.
    bytesOf: (write) => 2 * JSON.stringify(write).length + 512,
    maxBytes: MAX_TRANSACTION_BYTES,
    maxItems: MAX_ROWS_PER_TRANSACTION,
  });
}

async function commitChunk(
  store: Store,
  ref: PlanRef,
  writes: RowWrite[],
  actor: Actor,
): Promise<CommitResult> {
  return inPlanQueue(planPk(ref), () => commitChunkNow(store, ref, writes, actor));
}

async function commitChunkNow(
  store: Store,
  ref: PlanRef,
  writes: RowWrite[],
  actor: Actor,
): Promise<CommitResult> {
  // Other processes may hold the counter: keep trying for as long as a request may run.
  return withBackoff(async (attempt) => {
    const revision = await readPlanRevision(store, ref);
    const input = buildCommitTransaction(store.tableName, ref, revision, writes, actor);
    try {
      await store.doc.send(new TransactWriteCommand(input));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const stale = writes.flatMap((write, index): StaleRow[] => {
        const reason = reasons[1 + 2 * index];
        if (reason?.Code !== 'ConditionalCheckFailed') return [];
        return [{ id: write.id, current: reason.Item ? toAction(unmarshall(reason.Item)) : null }];
      });
      if (stale.length > 0) return { committed: [], stale };
      // The counter moved or another transaction held an item: read the revision again and retry.
      attempt.retry(error);
    }
    return {
      committed: writes.map((w, i) => withOverrideShown(rowItemToAction(w, revision + 1 + i, actor))),
      stale: [],
    };
  }, COUNTER_BACKOFF);
}

export const COUNTER_BACKOFF = { attempts: 60, baseMs: 10, capMs: 400 };

function rowItemToAction(write: RowWrite, revision: number, actor: Actor): Action {
  return {
    ...write.fields,
    id: write.id,
    version: (write.expectedVersion ?? 0) + 1,
    revision,
    updatedAt: actor.at,
    updatedBy: actor.by,
    deleted: write.deleted,
  };
}

/** Pure: the TransactWriteItems request for one chunk, given the revision the counter stands at. */
export function buildCommitTransaction(
  tableName: string,
  ref: PlanRef,
  revision: number,
  writes: RowWrite[],
  actor: Actor,
): TransactWriteCommandInput {
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
    {
      Update: {
        TableName: tableName,
        Key: planKey(ref),
        UpdateExpression: 'SET revision = :next',
        ConditionExpression: 'attribute_exists(pk) AND revision = :current',
        ExpressionAttributeValues: { ':current': revision, ':next': revision + writes.length },
      },
    },
  ];
  writes.forEach((write, index) => {
    const { row, change } = rowItems(tableName, ref, write, revision + 1 + index, actor);
    items.push(
      write.expectedVersion === null
        ? {
            Put: {
              ...row,
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          }
        : { Update: rowUpdate(row, write.expectedVersion) },
    );
    items.push({ Put: change });
  });
  return { TransactItems: items };
}

/**
 * An edit sets the row's own attributes and leaves any others alone (a bulk-created row's
 * `createdIn`, which its history needs), where a Put would drop them.
 */
function rowUpdate(row: ReturnType<typeof rowItems>['row'], expectedVersion: number) {
  const { pk, sk, ...attributes } = row.Item;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':expected': expectedVersion };
  const sets = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      return `#a${i} = :a${i}`;
    });
  return {
    TableName: row.TableName,
    Key: { pk, sk },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: 'version = :expected',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/** Pure: a row write at a revision, as its two items (the row, and its change record). */
export function rowItems(tableName: string, ref: PlanRef, write: RowWrite, revision: number, actor: Actor) {
  const action = rowItemToAction(write, revision, actor);
  return {
    action,
    row: {
      TableName: tableName,
      Item: {
        ...actionKey(ref, write.id),
        ...actionIndexAttributes(ref, write.id, write.fields.directorate),
        ...action,
        extra: extraToItem(action.extra),
      },
    },
    change: {
      TableName: tableName,
      Item: {
        ...changeKey(ref, write.id, revision),
        ...changeIndexAttributes(ref, revision),
        actionId: write.id,
        revision,
        kind: write.kind,
        changes: write.changes,
        by: actor.by,
        at: actor.at,
      },
    },
  };
}
