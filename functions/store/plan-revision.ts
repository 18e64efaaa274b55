/**
 * The plan's revision counter: read it (a reader's step, read-only), and give up on bulk writes that
 * held their block of revisions too long (a writer's step: see gap-repair.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  type GetCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ABANDONED_AFTER_MS } from '../../core/limits.js';
import type { Store } from './dynamodb.js';
import { PlanNotFoundError } from './errors.js';
import { type PlanRef, planKey } from './keys.js';
import { withBackoff } from './retry.js';

export { ABANDONED_AFTER_MS };

export interface PlanCounter {
  /** The last revision handed out. */
  revision: number;
  /**
   * Every revision up to this one is written. Bulk writes still running hold a block of revisions
   * (`inFlight`, "first-last@when") whose rows are still landing. A block held longer than any
   * request can run still holds until a writer fences it off (fenceBlocks): until then its writer,
   * if only paused, could still land under a reader's cursor.
   */
  settled: number;
  /** Blocks held longer than any request may run: for a writer to fence off. */
  abandoned: string[];
}

/** Pure: the consistent read of the counter (a transaction's condition is built on it). */
export function counterRequest(tableName: string, ref: PlanRef): GetCommandInput {
  return {
    TableName: tableName,
    Key: planKey(ref),
    ProjectionExpression: 'revision, inFlight',
    ConsistentRead: true,
  };
}

/** Pure: the counter, from the plan item as read. */
export function counterFrom(
  item: Record<string, unknown> | undefined,
  ref: PlanRef,
  now: number,
): PlanCounter {
  if (!item) throw new PlanNotFoundError(ref.plan);
  const revision = Number(item.revision);
  const held: number[] = [];
  const abandoned: string[] = [];
  for (const block of (item.inFlight as Set<string> | undefined) ?? []) {
    const parsed = parseBlock(block);
    if (!parsed) continue;
    held.push(parsed.first);
    if (Date.parse(parsed.at) < now - ABANDONED_AFTER_MS) abandoned.push(block);
  }
  return { revision, settled: Math.min(revision, ...held.map((first) => first - 1)), abandoned };
}

/** The plan's revision counter, read consistently. Writes nothing. */
export async function readPlanCounter(store: Store, ref: PlanRef, now = Date.now()): Promise<PlanCounter> {
  const { Item } = await withBackoff(() =>
    store.doc.send(new GetCommand(counterRequest(store.tableName, ref))),
  );
  return counterFrom(Item, ref, now);
}

/** Pure: takes one block out of the in-flight set, if it is still there. */
export function fenceRequest(tableName: string, ref: PlanRef, block: string): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: planKey(ref),
    UpdateExpression: 'DELETE inFlight :blocks',
    ConditionExpression: 'contains(inFlight, :block)',
    ExpressionAttributeValues: { ':blocks': new Set([block]), ':block': block },
  };
}

/**
 * Gives up on bulk writes that have held their blocks longer than any request may run: each block
 * leaves the in-flight set, and every run its writer still tries to write checks that it is there,
 * so a writer that was only paused (GC, a frozen Lambda) fails instead of landing under readers'
 * cursors. A writer's step, never a reader's.
 */
export async function fenceBlocks(store: Store, ref: PlanRef, blocks: string[]): Promise<void> {
  for (const block of blocks) {
    try {
      await withBackoff(() => store.doc.send(new UpdateCommand(fenceRequest(store.tableName, ref, block))));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

export async function readPlanRevision(store: Store, ref: PlanRef): Promise<number> {
  return (await readPlanCounter(store, ref)).revision;
}

/** How a bulk write names the block it holds in the plan's `inFlight` set. */
export const inFlightBlock = (first: number, last: number, at: string) => `${first}-${last}@${at}`;

function parseBlock(block: string): { first: number; at: string } | null {
  const match = /^(\d+)-\d+@(.+)$/.exec(block);
  return match ? { first: Number(match[1]), at: match[2] as string } : null;
}
