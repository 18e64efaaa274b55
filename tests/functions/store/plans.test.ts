/** The plan and recommendation requests (functions/store/plans.ts), built without DynamoDB. */
import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../../../core/plan.js';
import {
  type PlanRecord,
  planPutRequest,
  plansQuery,
  planUpdateRequest,
  readPlanRequest,
  recommendationPutRequest,
  recommendationsQuery,
} from '../../../functions/store/plans.js';

const ref = { council: 'chorley', plan: '01JD0000000000000000000000' };
const planKey = { pk: 'COUNCIL#chorley', sk: `PLAN#${ref.plan}` };
const planPk = `PLAN#chorley#${ref.plan}`;

const plan: PlanRecord = {
  id: ref.plan,
  council: 'chorley',
  title: 'Chorley peer challenge',
  reportReceived: '2026-03-02',
  onSiteFrom: null,
  onSiteTo: null,
  themes: [],
  actionPlanPublished: null,
  checkInHeld: null,
  deadlines: { actionPlanDue: '2026-04-27', sixMonthCheckIn: '2026-09-02' },
  revision: 0,
  createdAt: 'T',
  createdBy: 'Olivia',
};

describe('plan requests', () => {
  it('when a plan is created, then it is put under its council with its index attributes, only where no plan has that id', () => {
    expect(planPutRequest('plans', plan)).toEqual({
      TableName: 'plans',
      Item: { ...planKey, councilPk: 'COUNCIL#chorley', councilSk: `~PLAN#${ref.plan}`, ...plan },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('when a plan is read, then its own item is read consistently', () => {
    expect(readPlanRequest('plans', ref)).toEqual({ TableName: 'plans', Key: planKey, ConsistentRead: true });
  });

  it('when a plan changes, then only the fields given are set, by name, on a plan that exists (the counter is never written back)', () => {
    expect(planUpdateRequest('plans', ref, { title: 'New', onSiteFrom: null, themes: undefined })).toEqual({
      TableName: 'plans',
      Key: planKey,
      ConditionExpression: 'attribute_exists(pk)',
      UpdateExpression: 'SET #f0 = :v0, #f1 = :v1',
      ExpressionAttributeNames: { '#f0': 'title', '#f1': 'onSiteFrom' },
      ExpressionAttributeValues: { ':v0': 'New', ':v1': null },
    });
  });

  it('when a change sets nothing, then there is no request', () => {
    expect(planUpdateRequest('plans', ref, { title: undefined })).toBeNull();
  });

  it('when a council’s plans are listed, then only the plan items of its partition are read', () => {
    expect(plansQuery('chorley')).toEqual({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'COUNCIL#chorley', ':prefix': 'PLAN#' },
    });
  });
});

describe('recommendation requests', () => {
  const recommendation: Recommendation = {
    number: '3',
    text: 'Refresh the plan',
    theme: 'Governance',
    code: 'CRD3',
  };

  it('when a plan’s recommendations are listed, then only they are read from its partition, consistently', () => {
    expect(recommendationsQuery(ref)).toEqual({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': planPk, ':prefix': 'REC#' },
      ConsistentRead: true,
    });
  });

  it('when a recommendation is put, then it goes under its number, with its index attributes', () => {
    expect(recommendationPutRequest('plans', ref, recommendation)).toEqual({
      TableName: 'plans',
      Item: {
        pk: planPk,
        sk: 'REC#3',
        councilPk: 'COUNCIL#chorley',
        councilSk: `~REC#${ref.plan}#3`,
        ...recommendation,
      },
    });
  });
});
