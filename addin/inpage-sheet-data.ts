/**
 * The in-page workbook's sheets as data: each sheet's table layout, its rows, its conflict marks
 * and the drop-downs of a plan the add-in opened. The host (inpage-host.ts) changes them and the
 * grid (inpage-sheet.ts) draws them.
 */
import type { ColumnMap } from '../core/grid-mapping.js';
import { layoutFromHeadings, type TableLayout } from '../core/sheet-table.js';
import type { SheetRow } from '../core/sync-sheet.js';
import { scanTable } from '../core/table-scan.js';
import type { PlanSheetLists } from './plan-sheet-rules.js';

export interface InPageSheet {
  name: string;
  table: TableLayout;
  rows: SheetRow[];
  /** Conflict marks by `id|column`: the text Excel would put in the cell's comment. */
  marks: Map<string, string>;
  /**
   * The drop-downs (and with them the overdue and RAG fills) of a plan the add-in opened, as Excel
   * gets them; null for a sheet the officer made, which Excel leaves as it was.
   */
  lists: PlanSheetLists | null;
}

/** A plan grid as an officer might have typed it, not yet synced: what "Adopt this sheet" shows off. */
export const SAMPLE: readonly (readonly string[])[] = [
  ['Theme', 'Proposed action', 'Lead officer', 'Timescale', 'Progress'],
  [
    'Governance and culture',
    'Refresh the member-officer protocol',
    'Monitoring Officer',
    'By December 2025',
    '',
  ],
  ['', 'Run a councillor development programme', 'Head of Democratic Services', 'Spring 2026', ''],
];

export function sheetFromCells(
  name: string,
  cells: readonly (readonly string[])[],
  map: ColumnMap = {},
): InPageSheet {
  const table = layoutFromHeadings(cells[0] ?? [], map);
  const scan = scanTable(
    table,
    cells.slice(1).map((row, at) => ({ at, cells: row })),
  );
  return { name, table, rows: scan.rows.map((r) => r.row), marks: new Map(), lists: null };
}
