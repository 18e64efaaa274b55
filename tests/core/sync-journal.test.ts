import { describe, expect, it } from 'vitest';
import { ActionFields } from '../../core/plan.js';
import { foldEarlier, type PendingSync, replayable, withEarlierIds } from '../../core/sync-journal.js';
import type { SyncReply, SyncRequest } from '../../core/sync-protocol.js';
import type { SheetLayout, SheetRow, SyncBase } from '../../core/sync-sheet.js';

const A = '01HZY3M8Q4V6W7X8Y9Z0ABCDEA';
const B = '01HZY3M8Q4V6W7X8Y9Z0ABCDEB';
const C = '01HZY3M8Q4V6W7X8Y9Z0ABCDEC';
const layout: SheetLayout = { paths: ['action', 'directorate'] };
const fields = (action: string, directorate = 'Policy') => ActionFields.parse({ action, directorate });
const row = (id: string | null, action: string, directorate?: string): SheetRow => ({
  id,
  fields: fields(action, directorate),
});
const pending = (...newRows: [number, string, string][]): PendingSync => ({
  newRows: newRows.map(([at, id, action]) => ({ row: at, id, fields: fields(action) })),
  sent: [],
});

describe('withEarlierIds', () => {
  it('when a row without an id reads as a journalled row did, then it takes that id back', () => {
    const rows = withEarlierIds(
      [row(null, 'Write the strategy')],
      pending([0, A, 'Write the strategy']),
      layout,
    );
    expect(rows.map((r) => r.id)).toEqual([A]);
  });

  it('when two journalled rows read the same, then each row takes the one nearest its place', () => {
    const rows = withEarlierIds(
      [row(null, 'Other'), row(null, 'Same'), row(null, 'Same')],
      pending([2, B, 'Same'], [1, A, 'Same']),
      layout,
    );
    expect(rows.map((r) => r.id)).toEqual([null, A, B]);
  });

  it('when a journalled row was edited since, then the row at its place takes its id', () => {
    const rows = withEarlierIds(
      [row(null, 'Unchanged'), row(null, 'Edited since')],
      pending([0, A, 'Unchanged'], [1, B, 'Before the edit']),
      layout,
    );
    expect(rows.map((r) => r.id)).toEqual([A, B]);
  });

  it('when a journalled id is in the sheet already, then no other row is given it (a pasted copy stays new)', () => {
    const rows = withEarlierIds(
      [row(A, 'Copied'), row(A, 'Copied')],
      pending([0, A, 'Copied'], [1, B, 'Something else']),
      layout,
    );
    expect(rows.map((r) => r.id)).toEqual([A, B]);
  });

  it('when a row has an id of its own, then it keeps it', () => {
    const rows = withEarlierIds([row(C, 'Mine')], pending([0, A, 'Mine']), layout);
    expect(rows.map((r) => r.id)).toEqual([C]);
  });
});

describe('foldEarlier', () => {
  const base: SyncBase = { cursor: 5, rows: { [B]: { id: B, version: 2, fields: fields('Old') } } };
  const request: SyncRequest = {
    cursor: 5,
    idempotencyKey: 'key-00000001',
    changes: [
      { op: 'create', id: A, fields: fields('New') },
      { op: 'update', id: B, baseVersion: 2, edits: [{ field: 'action', base: 'Old', mine: 'Renamed' }] },
    ],
  };
  const reply = (overrides: Partial<SyncReply>): SyncReply => ({
    cursor: 9,
    applied: [
      { id: A, op: 'create', version: 1 },
      { id: B, op: 'update', version: 3 },
    ],
    conflicts: [],
    refused: [],
    changes: [],
    ...overrides,
  });

  it('when the earlier request was applied, then the base holds its rows at the versions it made, and the cursor stays', () => {
    const folded = foldEarlier(base, request, reply({}));
    expect(folded.cursor).toBe(5);
    expect(folded.rows[A]).toEqual({ id: A, version: 1, fields: fields('New') });
    expect(folded.rows[B]).toMatchObject({ version: 3, fields: { action: 'Renamed' } });
  });

  it('when a row of it met a conflict, then that row stays as it was, to meet the conflict again', () => {
    const conflict = {
      id: B,
      kind: 'field' as const,
      field: 'action',
      base: 'Old',
      mine: 'Renamed',
      theirs: 'X',
      version: 3,
    };
    expect(foldEarlier(base, request, reply({ conflicts: [conflict] })).rows[B]).toEqual(base.rows[B]);
  });

  it('when the base holds a row at that version or later already, then it is left alone', () => {
    const later: SyncBase = { cursor: 12, rows: { [B]: { id: B, version: 4, fields: fields('Later') } } };
    expect(foldEarlier(later, request, reply({})).rows[B]).toEqual(later.rows[B]);
  });
});

describe('replayable', () => {
  it('when a request is older than the server remembers its key, then it is not replayed', () => {
    const now = Date.parse('2025-03-10T12:00:00Z');
    const sent = (at: string) => ({ at, request: { cursor: 0, changes: [], idempotencyKey: `key-${at}` } });
    const earlier: PendingSync = {
      newRows: [],
      sent: [sent('2025-03-08T12:00:00.000Z'), sent('2025-03-10T11:00:00.000Z')],
    };
    expect(replayable(earlier, now).map((s) => s.at)).toEqual(['2025-03-10T11:00:00.000Z']);
  });
});
