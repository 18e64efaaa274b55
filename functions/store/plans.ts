/** Plans and their recommendations. */
import {
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { deriveDeadlines, type Plan, type PlanInput, Recommendation } from '../../core/plan.js';
import { type QueryInput, queryAll } from './actions.js';
import type { Store } from './dynamodb.js';
import { PlanNotFoundError } from './errors.js';
import {
  councilPk,
  type PlanRef,
  planIndexAttributes,
  planKey,
  planPk,
  recommendationIndexAttributes,
  recommendationKey,
  SK_PREFIX,
} from './keys.js';
import { withBackoff } from './retry.js';

export type PlanRecord = Omit<Plan, 'recommendations'>;

export function toPlanRecord(item: Record<string, unknown>): PlanRecord {
  // inFlight is the counter's bookkeeping (see plan-revision), not part of the plan.
  const { pk: _pk, sk: _sk, councilPk: _cp, councilSk: _cs, inFlight: _inFlight, ...rest } = item;
  return { actionPlanPublished: null, checkInHeld: null, ...rest } as PlanRecord;
}

export async function createPlan(
  store: Store,
  council: string,
  input: PlanInput,
  actor: { by: string; at: string },
): Promise<Plan> {
  const plan: PlanRecord = {
    id: ulid(),
    council,
    title: input.title.trim(),
    reportReceived: input.reportReceived ?? null,
    onSiteFrom: input.onSiteFrom ?? null,
    onSiteTo: input.onSiteTo ?? null,
    themes: input.themes ?? [],
    actionPlanPublished: input.actionPlanPublished ?? null,
    checkInHeld: input.checkInHeld ?? null,
    deadlines: deriveDeadlines(input.reportReceived),
    revision: 0,
    createdAt: actor.at,
    createdBy: actor.by,
  };
  await withBackoff(() => store.doc.send(new PutCommand(planPutRequest(store.tableName, plan))));
  return { ...plan, recommendations: [] };
}

/** Pure: a new plan (its counter at 0), put only where no plan has that id. */
export function planPutRequest(tableName: string, plan: PlanRecord): PutCommandInput {
  const ref = { council: plan.council, plan: plan.id };
  return {
    TableName: tableName,
    Item: { ...planKey(ref), ...planIndexAttributes(ref), ...plan },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/** Pure: the consistent read of a plan's own item. */
export function readPlanRequest(tableName: string, ref: PlanRef): GetCommandInput {
  return { TableName: tableName, Key: planKey(ref), ConsistentRead: true };
}

export async function getPlan(store: Store, ref: PlanRef): Promise<Plan> {
  const [{ Item }, recommendations] = await Promise.all([
    withBackoff(() => store.doc.send(new GetCommand(readPlanRequest(store.tableName, ref)))),
    listRecommendations(store, ref),
  ]);
  if (!Item) throw new PlanNotFoundError(ref.plan);
  return { ...toPlanRecord(Item), recommendations };
}

/** Pure: the council's plans, from its partition. */
export function plansQuery(council: string): QueryInput {
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': councilPk(council), ':prefix': SK_PREFIX.plan },
  };
}

export async function listPlans(store: Store, council: string): Promise<PlanRecord[]> {
  const items = await queryAll(store, plansQuery(council));
  return items.map(toPlanRecord);
}

/** Pure: every recommendation of a plan, read consistently. */
export function recommendationsQuery(ref: PlanRef): QueryInput {
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': planPk(ref), ':prefix': SK_PREFIX.recommendation },
    ConsistentRead: true,
  };
}

export async function listRecommendations(store: Store, ref: PlanRef): Promise<Recommendation[]> {
  const items = await queryAll(store, recommendationsQuery(ref));
  return items
    .map((item) => Recommendation.parse(item))
    .sort((a, b) => a.number.localeCompare(b.number, 'en', { numeric: true }));
}

/** Adds a recommendation, or rewrites it when the plan already has that number. */
export async function putRecommendation(
  store: Store,
  ref: PlanRef,
  recommendation: Recommendation,
): Promise<Recommendation> {
  await withBackoff(() =>
    store.doc.send(new PutCommand(recommendationPutRequest(store.tableName, ref, recommendation))),
  );
  return recommendation;
}

/** Pure: the recommendation under its number, unconditional: the same number is rewritten. */
export function recommendationPutRequest(
  tableName: string,
  ref: PlanRef,
  recommendation: Recommendation,
): PutCommandInput {
  return {
    TableName: tableName,
    Item: {
      ...recommendationKey(ref, recommendation.number),
      ...recommendationIndexAttributes(ref, recommendation.number),
      ...recommendation,
    },
  };
}

/**
 * Changes a plan's title or dates. UpdateItem, not Put: the plan item also holds the revision
 * counter, which concurrent syncs move and which must not be written back.
 */
export async function updatePlan(store: Store, ref: PlanRef, patch: Partial<PlanInput>): Promise<Plan> {
  const current = await getPlan(store, ref);
  const next = {
    ...patch,
    ...('reportReceived' in patch ? { deadlines: deriveDeadlines(patch.reportReceived) } : {}),
  };
  const request = planUpdateRequest(store.tableName, ref, next);
  if (!request) return current;
  await withBackoff(() => store.doc.send(new UpdateCommand(request)));
  return getPlan(store, ref);
}

/**
 * Pure: sets the fields given (undefined ones are left alone) on a plan that exists, and nothing
 * else; null when there is nothing to set.
 */
export function planUpdateRequest(
  tableName: string,
  ref: PlanRef,
  fields: Record<string, unknown>,
): UpdateCommandInput | null {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return null;
  return {
    TableName: tableName,
    Key: planKey(ref),
    ConditionExpression: 'attribute_exists(pk)',
    UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
    ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
  };
}
