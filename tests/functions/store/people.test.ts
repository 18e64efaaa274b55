/** The people requests (functions/store/people.ts), built without DynamoDB. */
import { describe, expect, it } from 'vitest';
import type { Person } from '../../../core/plan.js';
import {
  peopleQuery,
  personAssignRequest,
  personHistoryQuery,
  personRemoveRequest,
  readPersonRequest,
} from '../../../functions/store/people.js';

const personKey = { pk: 'COUNCIL#chorley', sk: 'PERSON#p1' };
const olivia: Person = {
  id: 'p1',
  name: 'Olivia',
  directorates: ['Policy', 'Housing'],
  updatedBy: 'Admin',
  updatedAt: 'T',
};

describe('people requests', () => {
  it('when a person is looked up, then their record is read consistently (a move counts on the next request)', () => {
    expect(readPersonRequest('plans', 'chorley', 'p1')).toEqual({
      TableName: 'plans',
      Key: personKey,
      ConsistentRead: true,
    });
  });

  it('when people are listed, then only the records of the council are read, consistently, not their trail', () => {
    expect(peopleQuery('chorley')).toEqual({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'COUNCIL#chorley', ':prefix': 'PERSON#' },
      ConsistentRead: true,
    });
  });

  it('when a person’s trail is read, then only their entries are, consistently', () => {
    expect(personHistoryQuery('chorley', 'p1')).toEqual({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'COUNCIL#chorley', ':prefix': 'PEOPLELOG#p1#' },
      ConsistentRead: true,
    });
  });

  it('when a person is assigned, then their record and the trail entry are written in one transaction', () => {
    expect(personAssignRequest('plans', 'chorley', olivia, '01X')).toEqual({
      TransactItems: [
        { Put: { TableName: 'plans', Item: { ...personKey, ...olivia } } },
        {
          Put: {
            TableName: 'plans',
            Item: {
              pk: 'COUNCIL#chorley',
              sk: 'PEOPLELOG#p1#01X',
              at: 'T',
              by: 'Admin',
              change: 'assigned',
              name: 'Olivia',
              directorates: ['Policy', 'Housing'],
            },
          },
        },
      ],
    });
  });

  it('when a person is removed, then the record goes and the trail keeps what their assignment was, in one transaction', () => {
    expect(personRemoveRequest('plans', 'chorley', olivia, { by: 'Sam', at: 'T2' }, '01Y')).toEqual({
      TransactItems: [
        { Delete: { TableName: 'plans', Key: personKey } },
        {
          Put: {
            TableName: 'plans',
            Item: {
              pk: 'COUNCIL#chorley',
              sk: 'PEOPLELOG#p1#01Y',
              at: 'T2',
              by: 'Sam',
              change: 'removed',
              name: 'Olivia',
              directorates: ['Policy', 'Housing'],
            },
          },
        },
      ],
    });
  });
});
