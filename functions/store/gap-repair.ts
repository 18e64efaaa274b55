/**
 * The writer's step that lets readers past a writer given up on: fence off the blocks it held too
 * long, fill the hole it left with a marker, and read again. Only the sync's writer path runs it;
 * readers (readSince) never write.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { fillGap } from './bulk-create.js';
import type { Store } from './dynamodb.js';
import { createdRunKey, type PlanRef, planPk } from './keys.js';
import { fenceBlocks, readPlanCounter } from './plan-revision.js';
import { type Hole, type ReadOptions, readSince, type Since } from './read-since.js';
import { withBackoff } from './retry.js';

/** Each pass settles one hole; a plan with more waits for the next sync. */
const REPAIRS_PER_READ = 5;

/** readSince, after settling what stopped it (a writer's read: it may write). */
export async function readSinceRepairing(
  store: Store,
  ref: PlanRef,
  since: number,
  options: ReadOptions = {},
): Promise<Since> {
  const now = options.now ?? Date.now();
  let read = await readSince(store, ref, since, { ...options, now });
  for (let pass = 0; pass < REPAIRS_PER_READ && (await repairAbandoned(store, ref, read, now)); pass++)
    read = await readSince(store, ref, since, { ...options, now });
  return read;
}

/** Settles what a read met; true when it wrote something, so a read again goes further. */
export async function repairAbandoned(
  store: Store,
  ref: PlanRef,
  read: Pick<Since, 'counter' | 'hole'>,
  now = Date.now(),
): Promise<boolean> {
  const fenced = read.counter.abandoned;
  await fenceBlocks(store, ref, fenced);
  if (!read.hole) return fenced.length > 0;
  if (!(await holeIsAbandoned(store, ref, read.hole, now))) return fenced.length > 0;
  await fillGap(store, ref, read.hole.from, read.hole.to, { by: 'sync', at: new Date(now).toISOString() });
  return true;
}

/** Pure: the first run record written into revisions from..to, if any landed before the fence. */
export function createdRunsQuery(tableName: string, ref: PlanRef, { from, to }: Hole): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': planPk(ref),
      ':from': createdRunKey(ref, from).sk,
      ':to': createdRunKey(ref, to).sk,
    },
    ProjectionExpression: 'sk',
    ConsistentRead: true,
    Limit: 1,
  };
}

/**
 * Revisions from..to can be filled only when no writer can still put a change there: the bulk write
 * holding them is fenced off, and none of its runs landed before the fence (those are read
 * consistently here, as the index may not show them yet).
 */
async function holeIsAbandoned(store: Store, ref: PlanRef, hole: Hole, now: number) {
  const counter = await readPlanCounter(store, ref, now);
  await fenceBlocks(store, ref, counter.abandoned);
  const settled =
    counter.abandoned.length > 0 ? (await readPlanCounter(store, ref, now)).settled : counter.settled;
  if (settled < hole.to) return false;
  const { Items } = await withBackoff(() =>
    store.doc.send(new QueryCommand(createdRunsQuery(store.tableName, ref, hole))),
  );
  return (Items ?? []).length === 0;
}
