/**
 * How sync tells an officer about a conflict or a refusal: the same words in the cell note and in
 * the command's output, so what they read in the terminal is what they find in the sheet.
 */
import { conflictMarkText } from '../core/conflict-mark.js';
import type { Conflict, Refusal } from '../core/sync-protocol.js';
import type { RefusedChange } from '../core/sync-run.js';
import { REFUSED_EDIT_NOTE, REFUSED_NOTE } from './workbook-marks.js';

/** A value as the officer would recognise it in the sheet. */
export function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(blank)';
  if (Array.isArray(value)) {
    if (value.length === 0) return '(blank)';
    return `"${value.map((v) => (typeof v === 'object' && v !== null && 'label' in v ? String(v.label) : String(v))).join(', ')}"`;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return `"${String(value)}"`;
}

/** One side deleted the row, the other edited it; `mine` says whether this copy was the deleter. */
const iDeleted = (conflict: Conflict) => conflict.mine === true;

/** The same mark the add-in writes. */
export const conflictNote = conflictMarkText;

export function conflictLine(conflict: Conflict, row: number | null, column: string | null): string {
  const where = row === null ? `row ${conflict.id}` : `row ${row}`;
  if (conflict.kind === 'deleted') {
    return iDeleted(conflict)
      ? `${where}: you deleted it but it had been changed in the plan, so it was kept — delete it again if it should go`
      : `${where}: it had been deleted in the plan but you changed it, so it was restored with your changes`;
  }
  return `${where}, ${column ?? conflict.field}: kept ${shown(conflict.theirs)} (theirs), yours was ${shown(conflict.mine)} — choose in the sheet and sync again`;
}

export const refusalNote = (refusal: Refusal) => `${REFUSED_NOTE} ${refusal.reason}`;

/**
 * A refused edit puts the plan's value back in the cell: what the officer typed stays in a note on
 * it, theirs to delete, so it is not cleared by the next sync as sync's own marks are.
 */
export function refusedEditNote(refusal: Refusal, mine: unknown): string {
  return `${REFUSED_EDIT_NOTE} you typed ${shown(mine)} here, but ${refusal.reason}, so the plan's value was put back. Delete this note once you have dealt with it.`;
}

/** `columnOf` names the column an edited field shows in, so the officer can find what they typed. */
export function refusalLine(
  refusal: RefusedChange,
  row: number | null,
  columnOf: (field: string) => string | null = () => null,
): string {
  const typed = refusal.edits.map(({ field, mine }) => `${columnOf(field) ?? field} ${shown(mine)}`);
  const kept = typed.length > 0 ? `; you had typed ${typed.join(', ')} (kept in a note on the cell)` : '';
  if (row !== null) return `row ${row}: not synced: ${refusal.reason}${kept}`;
  return `a change to action ${refusal.id} was refused and is not in the sheet: ${refusal.reason}${kept}`;
}
