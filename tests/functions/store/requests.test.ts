/**
 * Every DynamoDB request the store sends is built by a pure function: tested here without a
 * client, as dynamodb-toolbox tests `PutItemCommand.params()` (plans, people, sync runs, the
 * council's profile, row reads and the table's setup in their own files beside this one). The
 * DynamoDB Local tests prove that these requests do what they say; these prove what they say.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Conflict } from '../../../core/sync-protocol.js';
import { historyQuery, listActionsQuery } from '../../../functions/store/actions.js';
import {
  gapFillRequest,
  releaseRequest as releaseBlockRequest,
  reserveRequest,
} from '../../../functions/store/bulk-create.js';
import { conflictItems } from '../../../functions/store/conflicts.js';
import { councilQuery } from '../../../functions/store/council.js';
import { PlanNotFoundError } from '../../../functions/store/errors.js';
import { createdRunsQuery } from '../../../functions/store/gap-repair.js';
import {
  type Claim,
  claimFrom,
  claimRequest,
  completeRequest,
  readClaimRequest,
  releaseRequest,
} from '../../../functions/store/idempotency.js';
import {
  ABANDONED_AFTER_MS,
  counterFrom,
  counterRequest,
  fenceRequest,
  inFlightBlock,
} from '../../../functions/store/plan-revision.js';
import { changeRecordsQuery, followRecords } from '../../../functions/store/read-since.js';
import { TTL_ATTRIBUTE } from '../../../functions/store/schema.js';

const ref = { council: 'chorley', plan: '01JD0000000000000000000000' };
const olivia = { caller: 'olivia', requestHash: 'sync-a' };
const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const planKey = { pk: 'COUNCIL#chorley', sk: `PLAN#${ref.plan}` };
const planPk = `PLAN#chorley#${ref.plan}`;

describe('idempotency requests', () => {
  it('when a key is claimed, then the put holds a lease, a day of TTL, and may only take over a lapsed claim of the same caller and request', () => {
    const input = claimRequest('plans', ref, 'k1', olivia, 'holder-1', 30_000, NOW);
    expect(input.Item).toEqual({
      pk: `IDEMPOTENCY#chorley#${ref.plan}#k1`,
      sk: 'IDEMPOTENCY',
      state: 'pending',
      caller: 'olivia',
      requestHash: 'sync-a',
      holder: 'holder-1',
      leaseUntil: NOW + 30_000,
      [TTL_ATTRIBUTE]: Math.floor(NOW / 1000) + 86_400,
    });
    expect(input.ConditionExpression).toBe(
      'attribute_not_exists(pk) OR (#state = :pending AND leaseUntil < :now AND requestHash = :hash AND #caller = :caller)',
    );
    expect(input.ExpressionAttributeValues).toEqual({
      ':pending': 'pending',
      ':now': NOW,
      ':hash': 'sync-a',
      ':caller': 'olivia',
    });
  });

  it('when a refused claim is looked up, then the record is read consistently', () => {
    expect(readClaimRequest('plans', ref, 'k1')).toEqual({
      TableName: 'plans',
      Key: { pk: `IDEMPOTENCY#chorley#${ref.plan}#k1`, sk: 'IDEMPOTENCY' },
      ConsistentRead: true,
    });
  });

  it('when a key is answered, then the record keeps the caller and request it is bound to, and no lease', () => {
    const { Item } = completeRequest('plans', ref, 'k1', olivia, 'the answer', NOW);
    expect(Item).toMatchObject({
      state: 'done',
      caller: 'olivia',
      requestHash: 'sync-a',
      answer: 'the answer',
    });
    expect(Item).not.toHaveProperty('leaseUntil');
    expect(Item).not.toHaveProperty('holder');
  });

  it('when a claim is let go, then only the same holder’s pending claim is deleted', () => {
    expect(releaseRequest('plans', ref, 'k1', 'holder-1')).toMatchObject({
      ConditionExpression: '#state = :pending AND holder = :holder',
      ExpressionAttributeValues: { ':pending': 'pending', ':holder': 'holder-1' },
    });
  });
});

describe('claimFrom: what a refused claim means', () => {
  const record = (overrides: Record<string, unknown> = {}) => ({
    caller: 'olivia',
    requestHash: 'sync-a',
    state: 'pending',
    ...overrides,
  });

  it.each<[string, Record<string, unknown> | undefined, Claim<string> | null]>([
    ['the record has gone', undefined, null],
    [
      'another caller holds it, pending',
      record({ caller: 'mallory' }),
      { state: 'mismatch', reason: 'caller' },
    ],
    [
      'another caller holds it, answered',
      record({ caller: 'mallory', state: 'done', answer: 'theirs' }),
      { state: 'mismatch', reason: 'caller' },
    ],
    [
      'the same caller used it for another request',
      record({ requestHash: 'sync-b' }),
      { state: 'mismatch', reason: 'request' },
    ],
    [
      'the same request is answered',
      record({ state: 'done', answer: 'first' }),
      { state: 'done', answer: 'first' },
    ],
    ['the same request is still being applied', record(), { state: 'in-progress' }],
  ])('when %s, then the claim is as expected', (_, item, expected) => {
    expect(claimFrom<string>(item, olivia)).toEqual(expected);
  });

  it('when the key is another caller’s, then whatever the record holds, their answer is never returned', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('pending', 'done'), fc.string(), (caller, state, hash) => {
        fc.pre(caller !== olivia.caller);
        const claim = claimFrom({ caller, state, requestHash: hash, answer: 'theirs' }, olivia);
        expect(claim).toEqual({ state: 'mismatch', reason: 'caller' });
      }),
    );
  });
});

describe('revision counter requests', () => {
  it('when the counter is read, then it is one consistent read of the revision and the blocks in flight', () => {
    expect(counterRequest('plans', ref)).toEqual({
      TableName: 'plans',
      Key: planKey,
      ProjectionExpression: 'revision, inFlight',
      ConsistentRead: true,
    });
  });

  it('when the plan is missing, then reading its counter says so', () => {
    expect(() => counterFrom(undefined, ref, NOW)).toThrow(PlanNotFoundError);
  });

  it('when blocks are in flight, then every one holds the settled revision back, and those held too long are named for a writer to fence', () => {
    const fresh = inFlightBlock(8, 9, new Date(NOW - 1_000).toISOString());
    const stale = inFlightBlock(4, 5, new Date(NOW - ABANDONED_AFTER_MS - 1).toISOString());
    expect(counterFrom({ revision: 9, inFlight: new Set([fresh, stale]) }, ref, NOW)).toEqual({
      revision: 9,
      settled: 3,
      abandoned: [stale],
    });
    expect(counterFrom({ revision: 9 }, ref, NOW)).toEqual({ revision: 9, settled: 9, abandoned: [] });
  });

  it('when a block is fenced, then it leaves the set only if it is still there', () => {
    expect(fenceRequest('plans', ref, 'b')).toEqual({
      TableName: 'plans',
      Key: planKey,
      UpdateExpression: 'DELETE inFlight :blocks',
      ConditionExpression: 'contains(inFlight, :block)',
      ExpressionAttributeValues: { ':blocks': new Set(['b']), ':block': 'b' },
    });
  });

  it('when revisions are reserved, then the counter moves on by n from the value read and the block is marked in one update', () => {
    expect(reserveRequest('plans', ref, 12, 100, 'b')).toEqual({
      TableName: 'plans',
      Key: planKey,
      UpdateExpression: 'SET revision = :next ADD inFlight :block',
      ConditionExpression: 'revision = :current',
      ExpressionAttributeValues: { ':current': 12, ':next': 112, ':block': new Set(['b']) },
    });
    expect(releaseBlockRequest('plans', ref, 'b')).toMatchObject({
      UpdateExpression: 'DELETE inFlight :block',
      ExpressionAttributeValues: { ':block': new Set(['b']) },
    });
  });
});

describe('queries', () => {
  it('when a plan’s rows are listed, then only its action items are read, consistently', () => {
    expect(listActionsQuery(ref)).toEqual({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': planPk, ':prefix': 'ACTION#' },
      ConsistentRead: true,
    });
  });

  it('when a row’s history is read, then its change records and conflicts are, under its own prefix', () => {
    expect(historyQuery(ref, 'A1').ExpressionAttributeValues).toEqual({
      ':pk': planPk,
      ':prefix': 'CHANGE#A1#',
    });
  });

  it('when changes since a revision are read, then the byRevision index is queried between the revisions given', () => {
    expect(changeRecordsQuery(ref, 3, 9)).toMatchObject({
      IndexName: 'byRevision',
      KeyConditionExpression: 'revPk = :pk AND revSk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': planPk, ':from': 3, ':to': 9 },
    });
  });

  it('when changes since a revision are read with the counter, then the byRevision index is queried from that revision on', () => {
    const input = changeRecordsQuery(ref, 3);
    expect(input).toMatchObject({
      IndexName: 'byRevision',
      KeyConditionExpression: 'revPk = :pk AND revSk >= :from',
    });
    expect(input.ExpressionAttributeValues).toEqual({ ':pk': planPk, ':from': 3 });
  });

  it('when a hole is checked for runs that landed, then run records in it are read consistently, one at most', () => {
    expect(createdRunsQuery('plans', ref, { from: 2, to: 3 })).toMatchObject({
      ExpressionAttributeValues: {
        ':pk': planPk,
        ':from': 'CHANGE#~created#000000000002',
        ':to': 'CHANGE#~created#000000000003',
      },
      ConsistentRead: true,
      Limit: 1,
    });
  });
});

describe('roll-up and gap requests', () => {
  it('when a whole council is read, then the byCouncil index is queried for its live items only', () => {
    expect(councilQuery('chorley', null)).toEqual({
      IndexName: 'byCouncil',
      KeyConditionExpression: 'councilPk = :pk',
      FilterExpression: 'attribute_not_exists(deleted) OR deleted = :false',
      ExpressionAttributeValues: { ':pk': 'COUNCIL#chorley', ':false': false },
    });
  });

  it('when one directorate is read, then only the keys under its prefix are', () => {
    expect(councilQuery('chorley', 'policy#')).toMatchObject({
      KeyConditionExpression: 'councilPk = :pk AND begins_with(councilSk, :prefix)',
      ExpressionAttributeValues: { ':prefix': 'policy#' },
    });
  });

  it('when a hole is filled, then one marker holds its revisions, indexed at the first, put only if none is there', () => {
    expect(gapFillRequest('plans', ref, 2, 3, { by: 'sync', at: 'T' })).toEqual({
      TableName: 'plans',
      Item: {
        pk: planPk,
        sk: 'CHANGE#~gap#000000000002',
        revPk: planPk,
        revSk: 2,
        revision: 2,
        toRevision: 3,
        gap: true,
        at: 'T',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});

describe('conflictItems', () => {
  it('when conflicts are recorded, then each is a history item with the server value before and the officer’s after, taking no revision', () => {
    const conflict: Conflict = {
      id: 'A1',
      kind: 'field',
      field: 'status',
      base: 'On track',
      mine: 'Complete',
      theirs: 'At risk',
      version: 4,
    };
    const ids = ['01X', '01Y'];
    const items = conflictItems(
      ref,
      [conflict, { ...conflict, kind: 'deleted' }],
      { by: 'Olivia', at: 'T' },
      () => String(ids.shift()),
    );
    expect(items[0]).toEqual({
      pk: planPk,
      sk: 'CHANGE#A1#~conflict#01X',
      actionId: 'A1',
      revision: null,
      kind: 'conflict',
      changes: [{ field: 'status', before: 'At risk', after: 'Complete' }],
      conflictKind: 'field',
      by: 'Olivia',
      at: 'T',
    });
    expect(items[1]).toMatchObject({ sk: 'CHANGE#A1#~conflict#01Y', conflictKind: 'deleted' });
    expect(items[0]).not.toHaveProperty('revPk');
  });
});

describe('followRecords: the cursor over the change records', () => {
  const OLD = new Date(NOW - ABANDONED_AFTER_MS - 1).toISOString();
  const RECENT = new Date(NOW).toISOString();
  const change = (revision: number, at = RECENT) => ({ revision, actionId: `A${revision}`, at });

  it('when the records run unbroken, then the cursor reaches the last and every row after the cursor is read', () => {
    expect(followRecords([change(3), change(2), change(4)], 2, NOW)).toEqual({
      cursor: 4,
      ids: ['A3', 'A4'],
    });
  });

  it('when a run of created rows began before the cursor, then only its rows after the cursor are read', () => {
    const run = { revision: 2, toRevision: 4, actionIds: ['R2', 'R3', 'R4'], at: RECENT };
    expect(followRecords([run, change(5)], 3, NOW)).toEqual({ cursor: 5, ids: ['R4', 'A5'] });
  });

  it('when a recent hole is met, then the cursor stops before it and no hole is reported', () => {
    expect(followRecords([change(2), change(5)], 1, NOW)).toEqual({ cursor: 2, ids: ['A2'] });
  });

  it('when a hole older than any request is met, then the cursor stops before it and the hole is reported for a writer', () => {
    expect(followRecords([change(2), change(5, OLD)], 1, NOW)).toEqual({
      cursor: 2,
      ids: ['A2'],
      hole: { from: 3, to: 4 },
    });
  });

  it('when records arrive in any order with any holes, then the cursor never passes a missing revision', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 40 }),
        fc.nat(40),
        (revisions, since) => {
          const present = new Set(revisions);
          const { cursor, ids } = followRecords(
            revisions.map((r) => change(r)),
            since,
            NOW,
          );
          expect(cursor).toBeGreaterThanOrEqual(since);
          for (let r = since + 1; r <= cursor; r++) expect(present.has(r)).toBe(true);
          expect(ids).toEqual(Array.from({ length: cursor - since }, (_, i) => `A${since + 1 + i}`));
        },
      ),
    );
  });
});

describe('every request built by a pure function', () => {
  const STORE = fileURLToPath(new URL('../../../functions/store/', import.meta.url));
  /** A command given an object literal, or a query written into the call that pages it: built inline. */
  const INLINE = [/new \w+Command\(\s*\{/g, /queryAll\(\s*[\w.]+\s*,\s*\{/g];

  it('when the store sends a request, then it is handed a builder’s result, never an object written in the call', () => {
    const sources = readdirSync(STORE, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    expect(sources).toContain('plans.ts');
    const inline = sources.flatMap((file) => {
      const text = readFileSync(`${STORE}${file}`, 'utf8');
      return INLINE.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => `${file}: ${m[0]}`));
    });
    expect(inline).toEqual([]);
  });
});
