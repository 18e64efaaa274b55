/** A council's plans, recommendations and actions from the byCouncil index: no scans, no per-plan reads. */
import { Recommendation } from '../../core/plan.js';
import type { PlannedAction, PlanRecommendation } from '../../core/summary.js';
import { toAction } from './action-item.js';
import { type QueryInput, queryAll } from './actions.js';
import type { Store } from './dynamodb.js';
import { COUNCIL_SK, councilPk, directorateKey, INDEX } from './keys.js';
import { type PlanRecord, toPlanRecord } from './plans.js';

export interface CouncilContents {
  plans: PlanRecord[];
  recommendations: PlanRecommendation[];
  actions: PlannedAction[];
}

/** Live rows only: tombstones are filtered by DynamoDB before they cross the wire. */
const LIVE = {
  FilterExpression: 'attribute_not_exists(deleted) OR deleted = :false',
  ExpressionAttributeValues: { ':false': false },
};

/** Pure: the council's live items from the byCouncil index, all of them or those under one prefix. */
export function councilQuery(council: string, prefix: string | null): QueryInput {
  return {
    IndexName: INDEX.byCouncil,
    KeyConditionExpression: prefix
      ? 'councilPk = :pk AND begins_with(councilSk, :prefix)'
      : 'councilPk = :pk',
    FilterExpression: LIVE.FilterExpression,
    ExpressionAttributeValues: {
      ':pk': councilPk(council),
      ...LIVE.ExpressionAttributeValues,
      ...(prefix ? { ':prefix': prefix } : {}),
    },
  };
}

/**
 * The whole council in one paged query, or (for an officer) the plan-level items plus one query
 * per directorate they may see.
 */
export async function readCouncil(
  store: Store,
  council: string,
  directorates?: readonly string[],
): Promise<CouncilContents> {
  const prefixes = directorates
    ? [COUNCIL_SK.planLevel, ...directorates.map((d) => `${directorateKey(d)}#`)]
    : [null];
  const pages = await Promise.all(prefixes.map((prefix) => queryAll(store, councilQuery(council, prefix))));
  const contents: CouncilContents = { plans: [], recommendations: [], actions: [] };
  for (const item of pages.flat()) {
    const sk = String(item.councilSk);
    if (sk.startsWith(COUNCIL_SK.plans)) contents.plans.push(toPlanRecord(item));
    else if (sk.startsWith(COUNCIL_SK.recommendations)) {
      contents.recommendations.push({ ...Recommendation.parse(item), plan: sk.split('#')[1] as string });
    } else contents.actions.push({ ...toAction(item), plan: sk.split('#').at(-2) as string });
  }
  return contents;
}
