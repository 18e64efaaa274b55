/**
 * How a conflicted cell is marked, wherever the sync ran (the add-in in Excel, `plans sync` on a
 * file): one fill and one wording, so an officer finds the same mark whichever tool synced last.
 * Only the holder differs, because the tools can do no other: ExcelJS writes notes, and the
 * add-in's ExcelApi 1.10 writes comments (notes need ExcelApi 1.18).
 */
import { writePath } from './field-paths.js';
import { ActionFields } from './plan.js';
import { fieldToCell } from './sheet-table.js';
import type { Conflict } from './sync-protocol.js';

/** Lavender: apart from the Status column's RAG green, amber, red and blue. */
export const CONFLICT_FILL = '#D9C3E9';

/** The words every conflict mark starts with: how either tool knows a mark is sync's own. */
export const CONFLICT_MARK = 'Sync conflict:';

/** What marks began with before the two tools marked alike, so those are still cleared. */
const EARLIER_MARKS = ['Plans sync conflict'];

export const isConflictMark = (text: string) =>
  [CONFLICT_MARK, ...EARLIER_MARKS].some((start) => text.startsWith(start));

const EMPTY_FIELDS = ActionFields.parse({});
const MAX_SHOWN = 300;

/** A value as the officer would recognise it in the sheet, quoted; long text is shortened. */
export function shownValue(field: string, value: unknown): string {
  let text: string;
  try {
    text = fieldToCell(writePath(EMPTY_FIELDS, field, value), field);
  } catch {
    text = value === null || value === undefined ? '' : String(value);
  }
  if (text === '') return '(blank)';
  return `"${text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text}"`;
}

/** The mark's text: what was kept, what was yours, and how to settle it in either tool. */
export function conflictMarkText(conflict: Conflict): string {
  if (conflict.kind === 'deleted') {
    return conflict.mine === true
      ? `${CONFLICT_MARK} you deleted this row, but it had been changed in the plan, so it was kept with those changes. Delete it again if it should go.`
      : `${CONFLICT_MARK} this row had been deleted in the plan, but you changed it, so it was restored with your changes. Delete it if it should go.`;
  }
  const before =
    conflict.base === null ? '' : `; before both edits it was ${shownValue(conflict.field, conflict.base)}`;
  return `${CONFLICT_MARK} kept ${shownValue(conflict.field, conflict.theirs)} (theirs, from the plan); yours was ${shownValue(conflict.field, conflict.mine)}${before}. To use yours, type it here and sync again (in the add-in, Keep mine does it).`;
}
