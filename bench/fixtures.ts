/**
 * Plan rows as councils write them, in any number, and the two ways of putting them in the table:
 * the store's own write path (seeding) and raw BatchWriteItem (the floor and the naive re-upload).
 */
import { BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { newRowWrite } from '../core/changes.js';
import { eachInParallel } from '../core/parallel.js';
import { type ActionFields, ActionFields as ActionFieldsSchema, STATUSES } from '../core/plan.js';
import { commitWrites } from '../functions/store/commit.js';
import type { Store } from '../functions/store/dynamodb.js';
import { actionIndexAttributes, actionKey, type PlanRef } from '../functions/store/keys.js';
import { createPlan } from '../functions/store/plans.js';
import { withBackoff } from '../functions/store/retry.js';

export const DIRECTORATES = [
  'Policy and Governance',
  'Resources',
  'Communities',
  'Place and Growth',
  'Adult Social Care',
  "Children's Services",
] as const;

const THEMES = [
  'Local priorities and outcomes',
  'Organisational and place leadership',
  'Governance and culture',
  'Financial planning and management',
  'Capacity for improvement',
];

const TIMESCALES = ['March 2025', 'By end of Q2 2025/26', 'December 2024', 'Ongoing', 'September 2025'];
const DUES = ['2025-03-31', '2025-09-30', '2024-12-31', null, '2025-09-30'] as const;

/** The i-th row of a plan: the familiar columns filled, a sentence or two of text. */
export function benchFields(i: number): ActionFields {
  return ActionFieldsSchema.parse({
    theme: THEMES[i % THEMES.length],
    action: `Action ${i + 1}: refresh the ${['workforce', 'asset', 'digital', 'partnership'][i % 4]} strategy and agree it at Cabinet`,
    recommendations: [String((i % 12) + 1)],
    directorate: DIRECTORATES[i % DIRECTORATES.length],
    lead: `Head of ${['Policy', 'Finance', 'HR', 'Transformation'][i % 4]}`,
    timescale: TIMESCALES[i % TIMESCALES.length],
    due: DUES[i % DUES.length],
    status: STATUSES[i % STATUSES.length],
    progress: i % 3 === 0 ? 'Draft circulated to CMT; consultation with members planned.' : '',
    order: i + 1,
  });
}

export const BENCH_ACTOR = { by: 'Benchmark', at: '2025-01-06T09:00:00.000Z' };

/** A plan with `rows` actions, written through the store's transactions in chunks of 1,000 rows. */
export async function seedPlan(
  store: Store,
  council: string,
  title: string,
  rows: number,
  fieldsOf: (i: number) => ActionFields = benchFields,
): Promise<PlanRef> {
  const plan = await createPlan(store, council, { title }, BENCH_ACTOR);
  const ref = { council, plan: plan.id };
  for (let start = 0; start < rows; start += 1_000) {
    const writes = Array.from({ length: Math.min(1_000, rows - start) }, (_, k) =>
      newRowWrite(ulid(), fieldsOf(start + k)),
    );
    const { stale } = await commitWrites(store, ref, writes, BENCH_ACTOR);
    if (stale.length > 0) throw new Error(`seeding ${title}: ${stale.length} rows were not written`);
  }
  return ref;
}

/** Action items as the table holds them, with their keys and index attributes: what a raw upload writes. */
export function actionItems(ref: PlanRef, rows: { id: string; fields: ActionFields }[]) {
  return rows.map(({ id, fields }, i) => ({
    ...actionKey(ref, id),
    ...actionIndexAttributes(ref, id, fields.directorate),
    ...fields,
    id,
    version: 1,
    revision: i + 1,
    updatedAt: BENCH_ACTOR.at,
    updatedBy: BENCH_ACTOR.by,
    deleted: false,
  }));
}

/**
 * Raw BatchWriteItem, 25 items a call, `inFlight` calls at a time (one after another by default),
 * unprocessed items sent again. Returns the calls made.
 */
export async function batchWriteAll(
  store: Store,
  items: Record<string, unknown>[],
  inFlight = 1,
): Promise<number> {
  let calls = 0;
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  await eachInParallel(batches, inFlight, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      calls += 1;
      const reply = await store.doc.send(
        new BatchWriteCommand({ RequestItems: { [store.tableName]: requests } }),
      );
      requests = (reply.UnprocessedItems?.[store.tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, Math.min(1_000, 20 * 2 ** attempt)));
    }
  });
  return calls;
}

/**
 * Raw TransactWriteItems of the same items, `perCall` a transaction, each on condition its key is
 * absent, `inFlight` calls at a time: the floor for a write that must never overwrite a row.
 */
export async function transactWriteAll(
  store: Store,
  items: Record<string, unknown>[],
  perCall = 50,
  inFlight = 8,
): Promise<number> {
  const calls: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += perCall) calls.push(items.slice(start, start + perCall));
  await eachInParallel(calls, inFlight, async (call) => {
    await withBackoff(async (attempt) => {
      try {
        await store.doc.send(
          new TransactWriteCommand({
            TransactItems: call.map((Item) => ({
              Put: { TableName: store.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
            })),
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') attempt.retry(error);
        throw error;
      }
    });
  });
  return calls.length;
}
