/**
 * The server half of DESIGN.md's rules table, case by case, against the pure merge (as
 * Replicache's patch.test.ts tests its patch): no HTTP, no DynamoDB. The same cases end to end
 * are in tests/functions/sync-rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../core/plan.js';
import { type MergeOutcome, mergeChange, type RightsCheck } from '../../core/sync-merge.js';
import type { SyncChange } from '../../core/sync-protocol.js';
import { buildAction } from '../support/factories.js';

const ID = '01JD5Z4X8Q0000000000000001';
const MINE = 'Policy and Governance';
const THEIRS = 'Commercial Services';

/** The row as stored: version 3, last synced by this side at version 2. */
const stored = (overrides: Partial<Action> = {}): Action => ({
  ...buildAction({ progress: 'Contract signed', status: 'On track', directorate: MINE }),
  id: ID,
  version: 3,
  revision: 7,
  updatedAt: '2026-11-23T09:00:00.000Z',
  updatedBy: 'Chris Admin',
  deleted: false,
  ...overrides,
});

const anyone: RightsCheck = () => null;
const officerOf =
  (directorate: string): RightsCheck =>
  (before, after) =>
    before !== null && before !== directorate
      ? `this row belongs to ${before}`
      : after !== directorate
        ? `not ${after}`
        : null;

const edit = (field: string, base: unknown, mine: unknown, baseVersion = 2): SyncChange => ({
  op: 'update',
  id: ID,
  baseVersion,
  edits: [{ field, base, mine }],
});

interface Rule {
  rule: string;
  change: SyncChange;
  current: Action | null;
  rights?: RightsCheck;
  expect: (outcome: MergeOutcome) => void;
}

const writes = (outcome: MergeOutcome) => {
  expect(outcome.kind).toBe('write');
  return outcome.kind === 'write' ? outcome : (undefined as never);
};

const RULES: Rule[] = [
  {
    rule: 'a field the other side did not touch is taken, though the row moved on',
    change: edit('progress', 'Contract signed', 'Works begun'),
    current: stored(),
    expect: (outcome) => {
      const { write, conflicts } = writes(outcome);
      expect(conflicts).toEqual([]);
      expect(write).toMatchObject({
        expectedVersion: 3,
        kind: 'update',
        fields: { progress: 'Works begun' },
      });
      expect(write.changes).toEqual([{ field: 'progress', before: 'Contract signed', after: 'Works begun' }]);
    },
  },
  {
    rule: 'both change the same field to the same value: no conflict',
    change: edit('status', 'Not started', 'On track'),
    current: stored(),
    expect: (outcome) => expect(outcome).toEqual({ kind: 'unchanged', conflicts: [] }),
  },
  {
    rule: 'both change the same field to different values: a conflict, the server value kept',
    change: edit('status', 'Not started', 'Complete'),
    current: stored(),
    expect: (outcome) =>
      expect(outcome).toEqual({
        kind: 'unchanged',
        conflicts: [
          {
            id: ID,
            kind: 'field',
            field: 'status',
            base: 'Not started',
            mine: 'Complete',
            theirs: 'On track',
            version: 3,
          },
        ],
      }),
  },
  {
    rule: 'a conflict on one field does not hold back the other fields of the same change',
    change: {
      op: 'update',
      id: ID,
      baseVersion: 2,
      edits: [
        { field: 'status', base: 'Not started', mine: 'Complete' },
        { field: 'lead', base: 'Head of Policy', mine: 'Chief Executive' },
      ],
    },
    current: stored(),
    expect: (outcome) => {
      const { write, conflicts } = writes(outcome);
      expect(write.fields).toMatchObject({ status: 'On track', lead: 'Chief Executive' });
      expect(conflicts.map((c) => c.field)).toEqual(['status']);
    },
  },
  {
    rule: 'one officer deletes a row another edited, the edit arriving second: the row comes back with the edit, and a "deleted" conflict',
    change: edit('progress', 'Contract signed', 'Works begun'),
    current: stored({ deleted: true }),
    expect: (outcome) => {
      const { write, conflicts } = writes(outcome);
      expect(write).toMatchObject({ kind: 'restore', deleted: false, fields: { progress: 'Works begun' } });
      expect(write.changes).toContainEqual({ field: 'deleted', before: true, after: false });
      expect(conflicts).toEqual([
        { id: ID, kind: 'deleted', field: 'deleted', base: false, mine: false, theirs: true, version: 3 },
      ]);
    },
  },
  {
    rule: 'one officer deletes a row another edited, the delete arriving second: the row and its edit stay, and the deleter is told',
    change: { op: 'delete', id: ID, baseVersion: 2 },
    current: stored(),
    expect: (outcome) =>
      expect(outcome).toEqual({
        kind: 'unchanged',
        conflicts: [
          { id: ID, kind: 'deleted', field: 'deleted', base: false, mine: true, theirs: false, version: 3 },
        ],
      }),
  },
  {
    rule: 'a delete of the row as last seen is a tombstone, restorable',
    change: { op: 'delete', id: ID, baseVersion: 3 },
    current: stored(),
    expect: (outcome) => {
      const { write } = writes(outcome);
      expect(write).toMatchObject({ kind: 'delete', deleted: true, fields: { progress: 'Contract signed' } });
    },
  },
  {
    rule: 'a column the server does not know: kept as an extra field',
    change: edit('extra.Budget', null, '£20k', 3),
    current: stored(),
    expect: (outcome) => expect(writes(outcome).write.fields.extra).toEqual({ Budget: '£20k' }),
  },
  {
    rule: 'an edit the server refuses (rights): refused with the reason, nothing written',
    change: edit('progress', 'Contract signed', 'Works begun', 3),
    current: stored({ directorate: THEIRS }),
    rights: officerOf(MINE),
    expect: (outcome) =>
      expect(outcome).toEqual({ kind: 'refused', reason: `this row belongs to ${THEIRS}` }),
  },
  {
    rule: 'an edit that moves a row into another directorate: refused',
    change: edit('directorate', MINE, THEIRS, 3),
    current: stored(),
    rights: officerOf(MINE),
    expect: (outcome) => expect(outcome).toEqual({ kind: 'refused', reason: `not ${THEIRS}` }),
  },
  {
    rule: 'the client died after the server applied its create: the retried create changes nothing',
    change: {
      op: 'create',
      id: ID,
      fields: buildAction({ progress: 'Contract signed', status: 'On track', directorate: MINE }),
    },
    current: stored(),
    expect: (outcome) => expect(outcome).toEqual({ kind: 'unchanged', conflicts: [] }),
  },
  {
    rule: 'a create whose id was taken by different values meanwhile: those values are reported, not overwritten',
    change: {
      op: 'create',
      id: ID,
      fields: buildAction({ progress: 'Mine', status: 'On track', directorate: MINE }),
    },
    current: stored(),
    expect: (outcome) =>
      expect(outcome).toEqual({
        kind: 'unchanged',
        conflicts: [
          {
            id: ID,
            kind: 'field',
            field: 'progress',
            base: null,
            mine: 'Mine',
            theirs: 'Contract signed',
            version: 3,
          },
        ],
      }),
  },
  {
    rule: 'an edit of a row the plan does not have: refused',
    change: edit('progress', 'x', 'y'),
    current: null,
    expect: (outcome) =>
      expect(outcome).toEqual({ kind: 'refused', reason: 'there is no such row in the plan' }),
  },
  {
    rule: 'a delete of a row already deleted: nothing to do',
    change: { op: 'delete', id: ID, baseVersion: 2 },
    current: stored({ deleted: true }),
    expect: (outcome) => expect(outcome).toEqual({ kind: 'unchanged', conflicts: [] }),
  },
  {
    rule: 'a timescale edited: the due date is derived by the server, not merged',
    change: {
      op: 'update',
      id: ID,
      baseVersion: 3,
      edits: [
        { field: 'timescale', base: '2020/21 – by March 2021', mine: 'by June 2022' },
        { field: 'due', base: '2021-03-31', mine: '2022-06-30' },
      ],
    },
    current: stored(),
    expect: (outcome) =>
      expect(writes(outcome).write.fields).toMatchObject({ timescale: 'by June 2022', due: '2022-06-30' }),
  },
];

describe('mergeChange: the rules table', () => {
  describe.each(RULES)('$rule', ({ change, current, rights, expect: check }) => {
    it('when merged into the row as stored, then the outcome follows the rule', () => {
      check(mergeChange(change, current, rights ?? anyone));
    });
  });
});
