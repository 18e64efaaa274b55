/**
 * The one read of "what changed since revision N": the counter first, then the rows, so every
 * change up to the cursor it answers is in them. A reader: it sends reads only. Where it meets a
 * writer that was given up on, it stops and says so (`hole`, `counter.abandoned`); settling that is
 * the writer's step (gap-repair.ts).
 */
import { bySheetOrder } from '../../core/order.js';
import type { Action } from '../../core/plan.js';
import { getActions, listActions, type QueryInput, queryAll } from './actions.js';
import { ROWS_PER_RUN } from './bulk-create.js';
import type { Store } from './dynamodb.js';
import { INDEX, type PlanRef, planPk } from './keys.js';
import { ABANDONED_AFTER_MS, type PlanCounter, readPlanCounter } from './plan-revision.js';

/** Revisions from..to that no record holds, with a record after them older than any request. */
export interface Hole {
  from: number;
  to: number;
}

export interface Since {
  /** The revision the reader has now seen every change up to. */
  cursor: number;
  actions: Action[];
  /** The counter the read was made against. */
  counter: PlanCounter;
  /** The cursor stopped at a hole a writer given up on left: the writer's path may fill it. */
  hole?: Hole;
}

export interface ReadOptions {
  now?: number;
  /** Read up to this counter instead of the plan's (a replayed answer reads to its own cursor). */
  upTo?: PlanCounter;
}

/**
 * From a fresh start the whole plan is read from the table; otherwise only what changed. A cursor
 * beyond the plan's revision (a plan restored from a backup) starts afresh too.
 */
export async function readSince(
  store: Store,
  ref: PlanRef,
  since: number,
  { now = Date.now(), upTo }: ReadOptions = {},
): Promise<Since> {
  if (upTo) return readUpTo(store, ref, since, upTo, now);
  // A delta's change records are asked for together with the counter rather than after it (one
  // round trip fewer): records past the counter's revision are set aside, as if the query had
  // stopped there. A record the query missed is a gap, which the cursor never passes, exactly as
  // when the index has not caught up yet.
  const [counter, records] = await Promise.all([
    readPlanCounter(store, ref, now),
    since > 0 ? queryAll(store, changeRecordsQuery(ref, firstRecordFor(since))) : null,
  ]);
  if (!records || since > counter.revision) return readUpTo(store, ref, since, counter, now);
  const upToCounter = records.filter((record) => Number(record.revision) <= counter.revision);
  return { ...(await rowsOf(store, ref, since, upToCounter, now)), counter };
}

/** readSince against a counter already read (or given: a replayed answer reads to its own cursor). */
async function readUpTo(
  store: Store,
  ref: PlanRef,
  since: number,
  counter: PlanCounter,
  now: number,
): Promise<Since> {
  // The counter was read before the rows: a bulk write still landing holds a full read's cursor
  // back (settled), so its rows come next time.
  if (since === 0 || since > counter.revision)
    return { cursor: counter.settled, actions: await listActions(store, ref), counter };
  return { ...(await changedSince(store, ref, since, counter.revision, now)), counter };
}

/**
 * Pure: the change records (and gap markers) of revisions from..upTo, from the byRevision index;
 * with no upTo, every one from `from` on.
 */
export function changeRecordsQuery(ref: PlanRef, from: number, upTo?: number): QueryInput {
  return {
    IndexName: INDEX.byRevision,
    KeyConditionExpression:
      upTo === undefined ? 'revPk = :pk AND revSk >= :from' : 'revPk = :pk AND revSk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': planPk(ref),
      ':from': from,
      ...(upTo === undefined ? {} : { ':to': upTo }),
    },
    ProjectionExpression: 'actionId, actionIds, revision, toRevision, #at',
    ExpressionAttributeNames: { '#at': 'at' },
  };
}

/** From far enough back to find a run of new rows that began before the cursor. */
const firstRecordFor = (since: number) => Math.max(1, since + 2 - ROWS_PER_RUN);

/**
 * The rows changed after `since`, read from the byRevision index of change records: the cost grows
 * with the changes, not the plan. The index is eventually consistent, so the cursor only advances
 * over an unbroken run of revisions; a change the index has not caught up with is read next time.
 * A bulk creation's record covers a run of revisions and lands with its rows, in one transaction.
 */
export async function changedSince(
  store: Store,
  ref: PlanRef,
  since: number,
  upTo: number,
  now = Date.now(),
): Promise<{ cursor: number; actions: Action[]; hole?: Hole }> {
  if (upTo <= since) return { cursor: Math.max(since, 0), actions: [] };
  const records = await queryAll(store, changeRecordsQuery(ref, firstRecordFor(since), upTo));
  return rowsOf(store, ref, since, records, now);
}

/** The rows the change records name after `since`, up to the first hole. */
async function rowsOf(
  store: Store,
  ref: PlanRef,
  since: number,
  records: Record<string, unknown>[],
  now: number,
): Promise<{ cursor: number; actions: Action[]; hole?: Hole }> {
  const { cursor, ids, hole } = followRecords(records, since, now);
  const rows = await getActions(store, ref, ids);
  return { cursor, actions: [...rows.values()].sort(bySheetOrder), ...(hole ? { hole } : {}) };
}

/**
 * Pure: walks the records in revision order from the cursor, collecting the rows changed after it,
 * and stops at the first hole. A hole followed by a record older than any request may run was
 * left by a writer that died or stalled: it is reported, for a writer to settle.
 */
export function followRecords(
  records: Record<string, unknown>[],
  since: number,
  now: number,
): { cursor: number; ids: string[]; hole?: Hole } {
  let cursor = since;
  const ids: string[] = [];
  for (const record of [...records].sort((a, b) => Number(a.revision) - Number(b.revision))) {
    const first = Number(record.revision);
    const last = record.toRevision === undefined ? first : Number(record.toRevision);
    if (last <= cursor) continue;
    if (first > cursor + 1) {
      const abandoned = Date.parse(String(record.at)) < now - ABANDONED_AFTER_MS;
      return { cursor, ids, ...(abandoned ? { hole: { from: cursor + 1, to: first - 1 } } : {}) };
    }
    const recordIds = Array.isArray(record.actionIds)
      ? record.actionIds.map(String)
      : record.actionId
        ? [String(record.actionId)]
        : [];
    recordIds.forEach((actionId, i) => {
      if (first + i > cursor) ids.push(actionId);
    });
    cursor = last;
  }
  return { cursor, ids };
}
