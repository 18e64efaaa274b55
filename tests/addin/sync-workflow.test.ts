import { describe, expect, it } from 'vitest';
import type { ConflictItem } from '../../addin/conflict-items.js';
import { progressPercent, syncShown } from '../../addin/sync-workflow.js';
import { ActionFields } from '../../core/plan.js';
import type { Conflict } from '../../core/sync-protocol.js';
import type { SyncResult } from '../../core/sync-run.js';

const A = '01JAAAAAAAAAAAAAAAAAAAAAAA';
const B = '01JBBBBBBBBBBBBBBBBBBBBBBB';

describe('progressPercent', () => {
  it.each([
    [0, 0, 100],
    [0, 40, 0],
    [1, 3, 33],
    [2, 3, 67],
    [40, 40, 100],
  ])('when %i of %i changes are sent, then the bar is at %i%', (sent, total, percent) => {
    expect(progressPercent(sent, total)).toBe(percent);
  });
});

describe('syncShown', () => {
  const base = {
    cursor: 9,
    rows: {
      [A]: { id: A, version: 3, fields: ActionFields.parse({ action: 'Refresh the Corporate Strategy' }) },
      [B]: { id: B, version: 2, fields: ActionFields.parse({ action: 'Publish the plan' }) },
    },
  };
  const conflict = (id: string, field: string, mine: unknown, theirs: unknown): Conflict => ({
    id,
    kind: 'field',
    field,
    base: 'Not started',
    mine,
    theirs,
    version: 3,
  });
  const result = (over: Partial<SyncResult> = {}): SyncResult => ({
    pushed: 0,
    pulled: 0,
    conflicts: [],
    refused: [],
    cursor: 9,
    base,
    ...over,
  });
  const listed = (id: string, field: string, yours: string): ConflictItem => ({
    key: `${id}:${field}`,
    conflict: conflict(id, field, yours, 'Completed'),
    row: 'earlier',
    field,
    yours,
    kept: 'Completed',
    keepMine: 'write',
    takeTheirs: 'clear',
  });

  it('when a sync meets a conflict again, then its new values replace the listed one and others listed stay', () => {
    const shown = syncShown(result({ conflicts: [conflict(A, 'status', 'On track', 'Completed')] }), [
      listed(A, 'status', 'Not started'),
      listed(B, 'progress', 'half done'),
    ]);
    expect(shown.conflicts.map((c) => [c.key, c.row, c.yours])).toEqual([
      [`${B}:progress`, 'earlier', 'half done'],
      [`${A}:status`, 'Refresh the Corporate Strategy', 'On track'],
    ]);
  });

  it('when a sync pushes, pulls, conflicts and is refused, then the counts, the refused rows and the line say so', () => {
    const shown = syncShown(
      result({
        pushed: 3,
        pulled: 1,
        conflicts: [conflict(A, 'status', 'On track', 'Completed')],
        refused: [
          { id: B, reason: 'you may edit rows of Resources only', edits: [{ field: 'lead', mine: 'Sam' }] },
        ],
      }),
      [],
    );
    expect(shown.counts).toEqual({ pushed: 3, pulled: 1, conflicts: 1, refused: 1 });
    expect(shown.refusals).toEqual([
      {
        key: B,
        row: 'Publish the plan',
        reason: 'you may edit rows of Resources only',
        typed: 'Lead officer: Sam',
      },
    ]);
    expect(shown.message).toBe('Synced: sent 3 changes, received 1 change, 1 conflict, 1 refused.');
  });

  it('when nothing changed, then no conflicts are listed and the line says nothing had changed', () => {
    const shown = syncShown(result(), []);
    expect(shown).toEqual({
      conflicts: [],
      counts: { pushed: 0, pulled: 0, conflicts: 0, refused: 0 },
      refusals: [],
      message: 'Synced: nothing had changed on either side.',
    });
  });
});
