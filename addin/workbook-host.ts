/**
 * Everything the task pane needs from a workbook, whoever holds it: Excel through Office.js
 * (excel-host.ts), or the in-page demo workbook (inpage-host.ts) that the browser test drives.
 * The task pane talks to Excel through this and nothing else.
 */
import type { Cell } from '../core/grid-cell.js';
import type { ColumnMap } from '../core/grid-mapping.js';
import type { Action, Plan } from '../core/plan.js';
import type { Summary } from '../core/summary.js';
import type { SyncMeta } from '../core/sync-base-sheet.js';
import type { Conflict } from '../core/sync-protocol.js';
import type { SheetPort } from '../core/sync-run.js';
import type { PlanTitles } from './summary-rows.js';

export interface PlacedSheet {
  meta: SyncMeta;
  /** Rows in the sheet now (opened) or waiting to be sent (adopted). */
  rows: number;
}

export interface AdoptTarget {
  council: string;
  plan: string;
  api: string | null;
  /** The columns as the officer confirmed them in the preview: heading -> what it holds. */
  map?: ColumnMap;
}

export interface WrittenSummary {
  /** The sheet the summary is in: the same one on every refresh. */
  sheet: string;
}

export interface WorkbookHost {
  readonly kind: 'excel' | 'in-page';
  /** The sheet the officer is looking at. */
  activeSheetName(): Promise<string>;
  /** The plan this workbook syncs with, or null before one is opened or adopted. */
  syncedPlan(): Promise<SyncMeta | null>;
  /** Writes the plan into a new sheet named for it, with its base snapshot. */
  openPlan(
    plan: Plan,
    list: { cursor: number; actions: Action[] },
    options: { api: string | null; directorates: string[] },
  ): Promise<PlacedSheet>;
  /** The active sheet's values from A1, for the adoption preview (hosts without it adopt straight away). */
  activeSheetCells?(): Promise<Cell[][]>;
  /** Makes the grid on the active sheet a synced table; the first Sync sends its rows. */
  adoptSheet(target: AdoptTarget): Promise<PlacedSheet>;
  /** The sheet as sync's port: read it, write an outcome into it. */
  port(): SheetPort;
  /** Puts the officer's own value back in the cell (the next Sync sends it) and clears the mark. */
  writeMine(conflict: Conflict): Promise<void>;
  /** Takes the row out of the sheet (the next Sync sends the delete). */
  removeRow(conflict: Conflict): Promise<void>;
  /** Clears a conflict's mark, leaving the value the plan kept. */
  markConflictResolved(conflict: Conflict): Promise<void>;
  /** Brings the conflict's cell into view and selects it; false when its row has gone. */
  selectCell(conflict: Conflict): Promise<boolean>;
  /**
   * Writes the council summary into the Summary sheet (added the first time, cleared and rewritten
   * after): the directorate × status table, the overdue and unlinked lists, and a chart.
   */
  writeSummary(summary: Summary, planTitles: PlanTitles): Promise<WrittenSummary>;
}
