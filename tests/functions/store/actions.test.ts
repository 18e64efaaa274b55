/** The row reads (functions/store/actions.ts), built without DynamoDB; the row queries are in requests.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  createdInRequest,
  createdRunRequest,
  listActionsQuery,
  pageQuery,
  readActionRequest,
} from '../../../functions/store/actions.js';

const ref = { council: 'chorley', plan: '01JD0000000000000000000000' };
const planPk = `PLAN#chorley#${ref.plan}`;

describe('row reads', () => {
  it('when one row is read, then it is read consistently under its plan', () => {
    expect(readActionRequest('plans', ref, 'A1')).toEqual({
      TableName: 'plans',
      Key: { pk: planPk, sk: 'ACTION#A1' },
      ConsistentRead: true,
    });
  });

  it('when a row’s creation is looked for, then only the run it points to is read from the row, consistently', () => {
    expect(createdInRequest('plans', ref, 'A1')).toEqual({
      TableName: 'plans',
      Key: { pk: planPk, sk: 'ACTION#A1' },
      ProjectionExpression: 'createdIn',
      ConsistentRead: true,
    });
  });

  it('when the run that created a row is read, then its record is read consistently under its first revision', () => {
    expect(createdRunRequest('plans', ref, 7)).toEqual({
      TableName: 'plans',
      Key: { pk: planPk, sk: 'CHANGE#~created#000000000007' },
      ConsistentRead: true,
    });
  });
});

describe('pageQuery', () => {
  it('when a query is paged, then each page is the same query on the table, from where the last one ended', () => {
    const query = listActionsQuery(ref);
    const from = { pk: planPk, sk: 'ACTION#A9' };
    expect(pageQuery('plans', query, from)).toEqual({
      ...query,
      TableName: 'plans',
      ExclusiveStartKey: from,
    });
    expect(pageQuery('plans', query, undefined)).toEqual({
      ...query,
      TableName: 'plans',
      ExclusiveStartKey: undefined,
    });
  });
});
