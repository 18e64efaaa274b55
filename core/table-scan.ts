/**
 * Reading a synced table's data rows, top to bottom, the same way in every adapter (Excel, the
 * .xlsx file, the in-page workbook): blank rows are not actions, and a blank theme under a filled
 * one is that theme (merged, or "written once per group"), carried down across blank rows too.
 */
import { type Cell, readCell } from './grid-cell.js';
import { isBlankRow, readTableRow, type TableLayout } from './sheet-table.js';
import type { SheetRow } from './sync-sheet.js';

/** One data row's cells in table order, and where the adapter found it (a sheet row). */
export interface TableRowCells {
  at: number;
  cells: readonly Cell[];
}

export interface ScannedRow {
  at: number;
  row: SheetRow;
  /** What the row's theme cell itself holds: blank where the theme is carried down. */
  ownTheme: string;
}

export interface TableScan {
  rows: ScannedRow[];
  /** Rows with nothing in them but an id: emptied by hand, so deleted; their stale id is cleared on write. */
  blankRowsWithId: number[];
}

/** How an adapter reads one row: core's mapping, with the formulas and errors it knows of. */
export type RowReader = (cells: readonly Cell[], carriedTheme: string, at: number) => SheetRow;

export function scanTable(
  layout: TableLayout,
  rows: Iterable<TableRowCells>,
  readRow: RowReader = (cells, carriedTheme) => readTableRow(cells, layout, carriedTheme),
): TableScan {
  const themeColumn = layout.columns.find((c) => c.path === 'theme');
  const scanned: ScannedRow[] = [];
  const blankRowsWithId: number[] = [];
  let carriedTheme = '';
  for (const { at, cells } of rows) {
    if (isBlankRow(cells, layout)) {
      if (readCell(cells[layout.idColumn]).text !== '') blankRowsWithId.push(at);
      continue;
    }
    const row = readRow(cells, carriedTheme, at);
    carriedTheme = row.fields.theme;
    const ownTheme = themeColumn ? readCell(cells[themeColumn.index]).text : '';
    scanned.push({ at, row, ownTheme });
  }
  return { rows: scanned, blankRowsWithId };
}
