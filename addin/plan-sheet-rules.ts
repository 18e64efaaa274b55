/**
 * What a plan sheet opened by the add-in offers besides its values: drop-down lists for Status and
 * Directorate, and fills for overdue actions and the RAG status. Excel gets them as data validation
 * and conditional formats (excel-open.ts); the in-page demo draws the same (inpage-sheet.ts). One
 * definition, so the demo shows what an officer gets in Excel.
 */
import { type ActionFields, STATUSES } from '../core/plan.js';
import { isOverdue } from '../core/summary.js';
import { OVERDUE_FILL, RAG_FILLS } from './excel-cells.js';

/** Excel keeps a list written into a validation rule to 255 characters. */
const EXCEL_LIST_LIMIT = 255;

export interface PlanSheetLists {
  /** Status: one of these and nothing else. */
  statuses: readonly string[];
  /** Directorate: offered, not enforced (a new directorate is allowed); empty when there is no list. */
  directorates: string[];
}

/**
 * The drop-downs of an opened plan: every status; the directorates its actions name and the
 * officer's own, sorted. A name with a comma is left out (Excel's list source is comma-separated),
 * and a list too long for Excel is no list at all.
 */
export function planSheetLists(
  actions: readonly Pick<ActionFields, 'directorate'>[],
  officerDirectorates: readonly string[] = [],
): PlanSheetLists {
  const directorates = [
    ...new Set([...actions.map((a) => a.directorate), ...officerDirectorates].map((d) => d.trim())),
  ]
    .filter((d) => d !== '' && !d.includes(','))
    .sort();
  const fits = directorates.join(',').length <= EXCEL_LIST_LIMIT;
  return { statuses: STATUSES, directorates: fits ? directorates : [] };
}

/** Excel's rule for an overdue action (row 2 stands for each row): a date before today, not Complete. */
export const overdueFormula = (dueColumn: string, statusColumn: string) =>
  `=AND(ISNUMBER($${dueColumn}2),$${dueColumn}2<TODAY(),$${statusColumn}2<>"Complete")`;

/** Excel's rule for one RAG colour of the Status column. */
export const ragFormula = (statusColumn: string, status: string) => `=$${statusColumn}2="${status}"`;

/** The fills those rules give a row's Due and Status cells on `today` (YYYY-MM-DD). */
export function rowFills(
  fields: Pick<ActionFields, 'due' | 'status'>,
  today: string,
): { due: string | null; status: string | null } {
  return {
    due: isOverdue(fields, today) ? OVERDUE_FILL : null,
    status: (fields.status && RAG_FILLS[fields.status]) ?? null,
  };
}
