/** The council's own item's requests (functions/store/council-profile.ts), built without DynamoDB. */
import { describe, expect, it } from 'vitest';
import { councilNameRequest, readCouncilRequest } from '../../../functions/store/council-profile.js';

const profileKey = { pk: 'COUNCIL#chorley', sk: 'PROFILE' };

describe('council profile requests', () => {
  it('when a council is read, then its own item, beside its plans, is read consistently', () => {
    expect(readCouncilRequest('plans', 'chorley')).toEqual({
      TableName: 'plans',
      Key: profileKey,
      ConsistentRead: true,
    });
  });

  it('when a council is named, then the name is put in that item, under no plan’s key', () => {
    expect(councilNameRequest('plans', 'chorley', 'Chorley Council')).toEqual({
      TableName: 'plans',
      Item: { ...profileKey, name: 'Chorley Council' },
    });
  });
});
