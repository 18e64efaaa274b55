/** The local table's setup requests (functions/store/table.ts), built without DynamoDB. */
import { describe, expect, it } from 'vitest';
import { TTL_ATTRIBUTE } from '../../../functions/store/schema.js';
import { describeTableRequest, timeToLiveRequest } from '../../../functions/store/table.js';

describe('table setup requests', () => {
  it('when the table is set up, then DynamoDB’s TTL is switched on for the attribute records expire by', () => {
    expect(timeToLiveRequest('plans')).toEqual({
      TableName: 'plans',
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('when the table is looked for, then it is named', () => {
    expect(describeTableRequest('plans')).toEqual({ TableName: 'plans' });
  });
});
