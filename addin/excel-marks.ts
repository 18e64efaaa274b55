/**
 * Where a conflict's mark text goes: a note where the host has them (ExcelApi 1.18, checked at run
 * time), a threaded comment where it does not. A cell takes one note or one comment (office-js#1416),
 * so a cell with the officer's own note or comment keeps it, and its conflict has the fill alone.
 */

import { isConflictMark } from '../core/conflict-mark.js';
import { cellAddress, quoteSheet } from './excel-cells.js';

/** A cell's note, looked up by its address: `workbook.notes` finds notes by cell (ExcelApi 1.18). */
export function queueNoteAt(context: Excel.RequestContext, sheet: string, row: number, column: number) {
  const note = context.workbook.notes.getItemOrNullObject(`${quoteSheet(sheet)}!${cellAddress(row, column)}`);
  note.load('content');
  return note;
}

/** The note is one the add-in placed (never the officer's own). */
export const isOwnNote = (note: Excel.Note): boolean => !note.isNullObject && isConflictMark(note.content);

/** The officer's own note is on the cell: the add-in leaves the cell's marks to it. */
export const isOfficersNote = (note: Excel.Note | null): boolean =>
  note !== null && !note.isNullObject && !isConflictMark(note.content);
