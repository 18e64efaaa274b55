/**
 * Adopt this sheet: the grid the officer already keeps becomes the chosen plan's rows. First the
 * columns found and how each will be read, to confirm or correct; then the sheet syncs with the
 * plan, and the first Sync sends its rows. Only an empty plan takes a sheet.
 */
import type { PlanEntry } from '../core/client.js';
import type { Cell } from '../core/grid-cell.js';
import {
  type AdoptPreview,
  adoptPreview,
  confirmedMap,
  readChoices,
  renderAdoptPreview,
} from './adopt-preview.js';
import type { Session } from './pane-session.js';
import { SUMMARY_SHEET, SummaryNotAPlanError } from './summary-rows.js';
import type { PlacedSheet, WorkbookHost } from './workbook-host.js';

/** The columns shown to the officer: what was found, and the table where they may correct it. */
export interface ShownPreview {
  data: AdoptPreview;
  table: HTMLTableElement;
}

export const PREVIEW_SHOWN =
  'Check how each column will be read, change any that are wrong, then Adopt with these columns.';

/** The active sheet's columns as a table to confirm (the page shows it). */
export async function previewSheet(
  host: WorkbookHost,
  cellsOf: () => Promise<Cell[][]>,
  document: Document,
): Promise<ShownPreview> {
  const sheet = await host.activeSheetName();
  if (sheet === SUMMARY_SHEET) throw new SummaryNotAPlanError(SUMMARY_SHEET);
  const data = adoptPreview(sheet, await cellsOf());
  if (!data)
    throw new Error(
      `The sheet "${sheet}" has no plan table: it needs a row of headings such as "Action" and "Timescale".`,
    );
  return { data, table: renderAdoptPreview(document, data) };
}

export interface Adopted {
  placed: PlacedSheet;
  message: string;
}

/** The active sheet syncs with `plan` from now on, read with the columns the officer confirmed. */
export async function adoptSheet(
  session: Session,
  host: WorkbookHost,
  api: string,
  plan: PlanEntry,
  preview: ShownPreview | null,
): Promise<Adopted> {
  // The Summary sheet's overdue list has plan-like headings: it is not a plan to adopt.
  if ((await host.activeSheetName()) === SUMMARY_SHEET) throw new SummaryNotAPlanError(SUMMARY_SHEET);
  const { actions } = await session.client.listActions(plan.council, plan.id);
  const refusal = adoptRefusal(plan.title, actions.length);
  if (refusal) throw new Error(refusal);
  // Only the mapping the officer was shown (and may have corrected) is adopted.
  const map = preview ? confirmedMap(preview.data, readChoices(preview.table)) : undefined;
  const placed = await host.adoptSheet({
    council: plan.council,
    plan: plan.id,
    api,
    ...(map ? { map } : {}),
  });
  return {
    placed,
    message: `The sheet "${placed.meta.sheet}" now syncs with "${plan.title}". Sync to send its ${placed.rows} rows.`,
  };
}

/** Why a plan may not take the sheet (it has actions already), or null when it may. */
export function adoptRefusal(title: string, actions: number): string | null {
  if (actions === 0) return null;
  return `"${title}" already has ${actions} actions: use Open plan, or choose an empty plan to adopt this sheet into.`;
}
