import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ABANDONED_AFTER_MS } from '../../core/limits.js';
import type { StoreClients } from './client.js';
import { PlanNotFoundError } from './errors.js';
import { type PlanRef, planKey } from './keys.js';
import { withBackoff } from './retry.js';

export { ABANDONED_AFTER_MS };

export interface PlanCounter {
  /** The last revision handed out. */
  revision: number;
  /**
   * Every revision up to this one is written. Bulk writes still running hold a block of revisions
   * (`inFlight`, "first-last@when") whose rows are still landing; one older than any request can
   * run is fenced off (see fenceBlock) and no longer holds anything back.
   */
  settled: number;
}

/** The plan's revision counter, read consistently: a transaction's condition is built on it. */
export async function readPlanCounter(
  store: StoreClients,
  ref: PlanRef,
  now = Date.now(),
): Promise<PlanCounter> {
  const { Item } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({
        TableName: store.tableName,
        Key: planKey(ref),
        ProjectionExpression: 'revision, inFlight',
        ConsistentRead: true,
      }),
    ),
  );
  if (!Item) throw new PlanNotFoundError(ref.plan);
  const revision = Number(Item.revision);
  const held: number[] = [];
  for (const block of (Item.inFlight as Set<string> | undefined) ?? []) {
    const parsed = parseBlock(block);
    if (!parsed) continue;
    if (Date.parse(parsed.at) >= now - ABANDONED_AFTER_MS) held.push(parsed.first);
    else await fenceBlock(store, ref, block);
  }
  return { revision, settled: Math.min(revision, ...held.map((first) => first - 1)) };
}

/**
 * Gives up on a bulk write that has held its block longer than any request may run: the block leaves
 * the in-flight set, and every run the writer still tries to write checks that it is there, so a
 * writer that was only paused (GC, a frozen Lambda) fails instead of landing under readers' cursors.
 */
async function fenceBlock(store: StoreClients, ref: PlanRef, block: string): Promise<void> {
  try {
    await withBackoff(() =>
      store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: planKey(ref),
          UpdateExpression: 'DELETE inFlight :blocks',
          ConditionExpression: 'contains(inFlight, :block)',
          ExpressionAttributeValues: { ':blocks': new Set([block]), ':block': block },
        }),
      ),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function readPlanRevision(store: StoreClients, ref: PlanRef): Promise<number> {
  return (await readPlanCounter(store, ref)).revision;
}

/** How a bulk write names the block it holds in the plan's `inFlight` set. */
export const inFlightBlock = (first: number, last: number, at: string) => `${first}-${last}@${at}`;

function parseBlock(block: string): { first: number; at: string } | null {
  const match = /^(\d+)-\d+@(.+)$/.exec(block);
  return match ? { first: Number(match[1]), at: match[2] as string } : null;
}
