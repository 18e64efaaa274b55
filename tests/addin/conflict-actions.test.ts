import { describe, expect, it } from 'vitest';
import { type ConflictChoice, type Resolution, resolution } from '../../addin/conflict-actions.js';
import type { ConflictItem } from '../../addin/conflict-items.js';

const item = (keepMine: ConflictItem['keepMine'], takeTheirs: ConflictItem['takeTheirs']): ConflictItem => ({
  key: '01JAAAAAAAAAAAAAAAAAAAAAAA:status',
  conflict: {
    id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    kind: 'field',
    field: 'status',
    base: 'Not started',
    mine: 'On track',
    theirs: 'Completed',
    version: 3,
  },
  row: 'Refresh the Corporate Strategy',
  field: 'Status',
  yours: 'On track',
  kept: 'Completed',
  keepMine,
  takeTheirs,
});

describe('resolution', () => {
  const KEEP = 'Putting your value back…';
  const TAKE = 'Taking the plan’s value…';
  it.each<[string, ConflictItem, ConflictChoice, Resolution]>([
    [
      'Keep mine on an edited cell',
      item('write', 'clear'),
      'keepMine',
      { working: KEEP, step: 'writeMine', done: 'Kept yours for Status: Sync to send it to the plan.' },
    ],
    [
      'Keep mine on a row this officer deleted',
      item('remove', 'clear'),
      'keepMine',
      { working: KEEP, step: 'removeRow', done: 'Kept yours for Status: Sync to send it to the plan.' },
    ],
    [
      'Keep mine where the sheet already has the officer’s value',
      item('clear', 'remove'),
      'keepMine',
      { working: KEEP, step: 'markConflictResolved', done: 'Marked as settled.' },
    ],
    [
      'Take theirs on an edited cell',
      item('write', 'clear'),
      'takeTheirs',
      { working: TAKE, step: 'markConflictResolved', done: "Kept the plan's value for Status." },
    ],
    [
      'Take theirs on a row someone else deleted',
      item('clear', 'remove'),
      'takeTheirs',
      { working: TAKE, step: 'removeRow', done: "Kept the plan's value for Status." },
    ],
  ])(
    'when the officer chooses %s, then the workbook is asked for the right step and the pane says so',
    (_, given, choice, expected) => {
      expect(resolution(given, choice)).toEqual(expected);
    },
  );
});
