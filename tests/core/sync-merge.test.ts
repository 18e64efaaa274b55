/** The merge's rights rule: a change is judged against the row as stored, before any conflict is reported. */
import { describe, expect, it } from 'vitest';
import { type Action, ActionFields } from '../../core/plan.js';
import { mergeChange, type RightsCheck } from '../../core/sync-merge.js';

const ID = '01JD5Z4X8Q0000000000000001';
const MINE = 'Policy and Governance';
const THEIRS = 'Commercial Services';

/** An officer of one directorate, as functions/caller.ts judges one. */
const officerRights: RightsCheck = (before, after) =>
  before !== null && before !== MINE
    ? `this row belongs to ${before}`
    : after !== MINE
      ? `not ${after}`
      : null;

const stored = (directorate: string, overrides: Partial<Action> = {}): Action => ({
  ...ActionFields.parse({ action: 'Open the new depot', directorate, progress: 'Contract signed' }),
  id: ID,
  version: 3,
  revision: 7,
  updatedAt: '2026-11-23T09:00:00.000Z',
  updatedBy: 'Chris Admin',
  deleted: false,
  ...overrides,
});

const createOf = (fields: Partial<ActionFields>) =>
  ({ op: 'create', id: ID, fields: ActionFields.parse({ directorate: MINE, ...fields }) }) as const;

describe('mergeChange: rights against the stored row', () => {
  it("when a create carries the id of another directorate's row, then it is refused and reports no conflict", () => {
    const outcome = mergeChange(createOf({ action: 'Mine now' }), stored(THEIRS), officerRights);
    expect(outcome).toEqual({ kind: 'refused', reason: `this row belongs to ${THEIRS}` });
  });

  it("when a create carries the id of another directorate's deleted row, then it is refused", () => {
    const outcome = mergeChange(
      createOf({ action: 'Mine now' }),
      stored(THEIRS, { deleted: true }),
      officerRights,
    );
    expect(outcome.kind).toBe('refused');
  });

  it("when a create is retried on the caller's own row, then the differences are conflicts, as before", () => {
    const outcome = mergeChange(
      createOf({ action: 'Open the depot', progress: 'Contract signed' }),
      stored(MINE),
      officerRights,
    );
    expect(outcome).toMatchObject({
      kind: 'unchanged',
      conflicts: [{ field: 'action', theirs: 'Open the new depot' }],
    });
  });

  it("when an update of another directorate's row conflicts on every field, then it is refused, not a conflict", () => {
    const outcome = mergeChange(
      { op: 'update', id: ID, baseVersion: 1, edits: [{ field: 'progress', base: '', mine: 'Mine now' }] },
      stored(THEIRS),
      officerRights,
    );
    expect(outcome.kind).toBe('refused');
  });

  it("when a delete of another directorate's row is stale, then it is refused, not a conflict", () => {
    const outcome = mergeChange({ op: 'delete', id: ID, baseVersion: 1 }, stored(THEIRS), officerRights);
    expect(outcome.kind).toBe('refused');
  });
});
