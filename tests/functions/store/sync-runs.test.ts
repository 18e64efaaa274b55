/** The sync list and run-log requests (functions/store/sync-runs.ts), built without DynamoDB. */
import { describe, expect, it } from 'vitest';
import type { StoredSyncList, SyncRun } from '../../../core/sync-run-log.js';
import { TTL_ATTRIBUTE } from '../../../functions/store/schema.js';
import {
  readSyncListRequest,
  syncListPutRequest,
  syncRunPutRequest,
  syncRunsQuery,
} from '../../../functions/store/sync-runs.js';

const AT = '2026-12-01T12:00:00.000Z';
const DAY_SECONDS = 86_400;
const run: SyncRun = {
  id: '01JD0000000000000000000009',
  council: 'chorley',
  at: AT,
  by: 'Scheduled sync',
  run: '01JD0000000000000000000001',
  workbook: 'plans/chorley.xlsx',
  plan: '01JD0000000000000000000000',
  status: 'synced',
};

describe('sync run requests', () => {
  it('when a run is recorded, then it goes under its id in the council’s log, for DynamoDB’s TTL to remove after 400 days', () => {
    expect(syncRunPutRequest('plans', run)).toEqual({
      TableName: 'plans',
      Item: {
        pk: 'SYNCRUNS#chorley',
        sk: `RUN#${run.id}`,
        ...run,
        [TTL_ATTRIBUTE]: Date.parse(AT) / 1000 + 400 * DAY_SECONDS,
      },
    });
  });

  it('when the first page is read, then only the log’s entries (not the list) are read, newest first, more than a page so the reply knows whether another follows', () => {
    expect(syncRunsQuery('plans', 'chorley', { limit: 20 })).toEqual({
      TableName: 'plans',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :from)',
      ExpressionAttributeValues: { ':pk': 'SYNCRUNS#chorley', ':from': 'RUN#' },
      ScanIndexForward: false,
      Limit: 22,
    });
  });

  it('when a later page is read, then only entries up to the previous page’s last are read, newest first', () => {
    expect(syncRunsQuery('plans', 'chorley', { limit: 20, before: run.id })).toEqual({
      TableName: 'plans',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'SYNCRUNS#chorley', ':from': 'RUN#', ':to': `RUN#${run.id}` },
      ScanIndexForward: false,
      Limit: 22,
    });
  });
});

describe('sync list requests', () => {
  it('when the list is read, then its one item is read consistently', () => {
    expect(readSyncListRequest('plans', 'chorley')).toEqual({
      TableName: 'plans',
      Key: { pk: 'SYNCRUNS#chorley', sk: 'LIST' },
      ConsistentRead: true,
    });
  });

  it('when the list is written, then the whole list is one item beside the log, with no TTL', () => {
    const list: StoredSyncList = {
      council: 'chorley',
      workbooks: [{ workbook: 'plans/chorley.xlsx', plan: run.plan }],
      updatedAt: AT,
      updatedBy: 'Admin',
    };
    const request = syncListPutRequest('plans', list);
    expect(request).toEqual({
      TableName: 'plans',
      Item: { pk: 'SYNCRUNS#chorley', sk: 'LIST', ...list },
    });
    expect(request.Item).not.toHaveProperty(TTL_ATTRIBUTE);
  });
});
