/**
 * Marking a sync's conflicts in Excel: each conflicted cell is filled in the main write (a fill
 * never fails), and a note or comment saying both values is placed afterwards, where the cell
 * ends up once removed and new rows are done, never over the officer's own note or comment.
 */

import { CONFLICT_FILL, conflictMarkText, isConflictMark } from '../core/conflict-mark.js';
import type { Conflict } from '../core/sync-protocol.js';
import type { SyncOutcome } from '../core/sync-run.js';
import { OPERATION_BYTES, type Operation } from './excel-batches.js';
import { conflictColumn } from './excel-cells.js';
import { isOfficersNote, isOwnNote, queueNoteAt } from './excel-marks.js';
import type { PlanTableRead } from './excel-read.js';

/**
 * The notes or comments saying both values, after the sheet and its base are written: how many
 * requests they took, and how many conflicts are marked by their fill alone.
 */
export async function placeConflictTexts(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  read: PlanTableRead,
  outcome: SyncOutcome,
  shifts: boolean,
  notes: boolean,
): Promise<{ syncs: number; marksNotPlaced: number }> {
  const marks = await markTextOperations(context, sheet, read, outcome, shifts, notes);
  const texts = await placeMarkTexts(context, marks.operations);
  return { syncs: marks.syncs + texts.syncs, marksNotPlaced: texts.failed + marks.leftToTheOfficer };
}

/**
 * The comments that say both values go last, after the sheet and its base are written, and never
 * fail the sync: a cell may have gained a comment or a note since the read (a second one is
 * refused: office-js#1416), or lost the add-in's old one. All in one request; if Excel refuses it,
 * one request each, and the ones still refused are left with their fill alone (the task pane lists
 * every conflict with both values either way).
 */
async function placeMarkTexts(
  context: Excel.RequestContext,
  marks: Operation[],
): Promise<{ syncs: number; failed: number }> {
  if (marks.length === 0) return { syncs: 0, failed: 0 };
  for (const mark of marks) mark.queue();
  try {
    await context.sync();
    return { syncs: 1, failed: 0 };
  } catch {
    let failed = 0;
    for (const mark of marks) {
      mark.queue();
      await context.sync().catch(() => {
        failed += 1;
      });
    }
    return { syncs: 1 + marks.length, failed };
  }
}

/** Where each row ends up once removals and inserts are done, by id. */
export function finalRows(read: PlanTableRead, outcome: SyncOutcome, shifts = true): Map<string, number> {
  const { patch } = outcome;
  const idAt = read.state.rows.map((row, i) => patch.ids.find((p) => p.row === i)?.id ?? row.id);
  const removed = shifts
    ? [...new Set(patch.removals.map((r) => read.sheetRows[r] as number))].sort((a, b) => a - b)
    : [];
  const shift = (sheetRow: number) => removed.filter((r) => r < sheetRow).length;
  const where = new Map<string, number>();
  read.state.rows.forEach((_, i) => {
    const id = idAt[i];
    if (!id || patch.removals.includes(i)) return;
    const sheetRow = read.sheetRows[i] as number;
    where.set(id, sheetRow - shift(sheetRow));
  });
  const firstNew = read.nextRow - removed.length;
  patch.inserts.forEach((row, i) => {
    where.set(row.id, firstNew + i);
  });
  return where;
}

/** The cell a conflict is marked on as the sheet was read: where an old mark may be. */
function readCellOf(read: PlanTableRead, conflict: Conflict): { row: number; column: number } | null {
  const index = read.state.rows.findIndex((row) => row.id === conflict.id);
  const column = conflictColumn(read.table, conflict);
  if (index < 0 || column === null) return null;
  return { row: read.sheetRows[index] as number, column: read.firstColumn + column };
}

const commentAt = (read: PlanTableRead, row: number, column: number) =>
  read.comments.find(
    (c) => c.row === row && c.column === column && (c.sheet ?? read.meta.sheet) === read.meta.sheet,
  );

const isOwnMark = isConflictMark;

/** Each conflicted cell is filled, in the main write: a fill never fails. */
export function fillOperations(
  sheet: Excel.Worksheet,
  read: PlanTableRead,
  outcome: SyncOutcome,
  shifts: boolean,
): Operation[] {
  const rows = finalRows(read, outcome, shifts);
  return outcome.conflicts.flatMap((conflict) => {
    const row = rows.get(conflict.id);
    const index = conflictColumn(read.table, conflict);
    if (row === undefined || index === null) return [];
    const column = read.firstColumn + index;
    return [
      {
        bytes: OPERATION_BYTES,
        queue: () => {
          sheet.getRangeByIndexes(row, column, 1, 1).format.fill.color = CONFLICT_FILL;
        },
      },
    ];
  });
}

/**
 * Each conflicted cell's mark saying both values: a note where the host has notes, else a threaded
 * comment. An earlier mark of the add-in's on the cell (note or comment) is replaced; a cell with a
 * note or comment of the officer's own keeps it and gets none. Looking the notes up takes one
 * request; if it fails, the marks are the fills alone (a mark must never fail a sync).
 */
async function markTextOperations(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  read: PlanTableRead,
  outcome: SyncOutcome,
  shifts: boolean,
  notes: boolean,
): Promise<{ operations: Operation[]; syncs: number; leftToTheOfficer: number }> {
  const rows = finalRows(read, outcome, shifts);
  const cells = outcome.conflicts.flatMap((conflict) => {
    const row = rows.get(conflict.id);
    const index = conflictColumn(read.table, conflict);
    if (row === undefined || index === null) return [];
    const before = readCellOf(read, conflict);
    const existing = before ? commentAt(read, before.row, before.column) : undefined;
    return [{ conflict, row, column: read.firstColumn + index, existing }];
  });
  const foundNotes =
    notes && cells.length > 0 ? cells.map((c) => queueNoteAt(context, read.meta.sheet, c.row, c.column)) : [];
  if (foundNotes.length > 0) {
    try {
      await context.sync();
    } catch {
      return { operations: [], syncs: 1, leftToTheOfficer: cells.length };
    }
  }
  let leftToTheOfficer = 0;
  const operations = cells.flatMap(({ conflict, row, column, existing }, i) => {
    const note = foundNotes[i] ?? null;
    if ((existing && !isOwnMark(existing.content)) || isOfficersNote(note)) {
      leftToTheOfficer += 1;
      return [];
    }
    const text = conflictMarkText(conflict);
    return [
      {
        bytes: OPERATION_BYTES * 2 + text.length,
        queue: () => {
          if (existing) context.workbook.comments.getItem(existing.id).delete();
          if (note && isOwnNote(note)) note.delete();
          const cell = sheet.getRangeByIndexes(row, column, 1, 1);
          if (notes) context.workbook.notes.add(cell, text);
          else context.workbook.comments.add(cell, text);
        },
      },
    ];
  });
  return { operations, syncs: foundNotes.length > 0 ? 1 : 0, leftToTheOfficer };
}
