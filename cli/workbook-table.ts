/**
 * Where the plan table sits in a worksheet and how its rows read: the header row, the column it
 * starts in, and each data row's cells as core/sheet-table.ts expects them.
 */
import type ExcelJS from 'exceljs';
import { ZodError } from 'zod';
import { type Cell, columnLetter, readCell } from '../core/grid-cell.js';
import { findHeaderRow, HEADER_SEARCH_ROWS, NO_HEADER_EXPECTATION } from '../core/grid-header.js';
import type { ColumnMap } from '../core/grid-mapping.js';
import { layoutFromHeadings, readTableRow, type TableLayout, tableWidth } from '../core/sheet-table.js';
import type { SheetRow } from '../core/sync-sheet.js';
import { scanTable, type TableRowCells } from '../core/table-scan.js';
import { CliError } from './run.js';
import { isCovered } from './workbook-merges.js';

/**
 * What the table reading needs of a sheet: ExcelJS's worksheet (`excelGrid`), or the plan sheet read
 * straight from its XML on a later sync (cli/workbook-plan-grid.ts).
 */
export interface SheetGrid {
  readonly name: string;
  /** The sheet's last row (ExcelJS's rowCount): every row below it is empty. */
  readonly rowCount: number;
  /** What sync reads from a cell: a covered cell of a merge is blank, as Excel shows it. */
  valueAt(row: number, column: number): Cell;
  /** The row's last column with a cell (ExcelJS's cellCount); 0 for none. */
  widthOf(row: number): number;
}

/** Where the plan table sits in a sheet, and its columns. */
export interface GridTable {
  grid: SheetGrid;
  /** 1-based sheet row of the headings. */
  headerRow: number;
  /** 1-based sheet column of the table's first column. */
  firstColumn: number;
  layout: TableLayout;
}

/** The plan table in ExcelJS's worksheet, which sync's write rules change. */
export interface SheetTable extends GridTable {
  worksheet: ExcelJS.Worksheet;
}

/** One action row as read, with the sheet row it came from. */
export interface ReadRow {
  sheetRow: number;
  row: SheetRow;
}

export interface TableReading {
  rows: ReadRow[];
  /** Rows with nothing in them but an id: not actions, and their stale id is cleared on write. */
  blankRowsWithId: number[];
  /** The last sheet row with anything in the table's columns (the header row when there is none). */
  lastRow: number;
}

/** What sync reads from a cell: a covered cell of a merge is blank, as Excel shows it. */
export function cellValue(cell: ExcelJS.Cell | undefined): Cell {
  if (!cell || isCovered(cell)) return null;
  return cell.value as Cell;
}

/** The worksheet as the table reading sees it; live, as sync's writes change it. */
export function excelGrid(worksheet: ExcelJS.Worksheet): SheetGrid {
  return {
    get name() {
      return worksheet.name;
    },
    get rowCount() {
      return worksheet.rowCount;
    },
    valueAt: (row, column) => cellValue(worksheet.findCell(row, column)),
    widthOf: (row) => worksheet.findRow(row)?.cellCount ?? 0,
  };
}

export const sheetColumnOf = (table: GridTable, index: number) => table.firstColumn + index;

export function rowCells(table: GridTable, sheetRow: number): Cell[] {
  return Array.from({ length: tableWidth(table.layout) }, (_, i) =>
    table.grid.valueAt(sheetRow, sheetColumnOf(table, i)),
  );
}

/** Texts of the first rows, 0-based from column A, for finding a header row. */
export function topRowTexts(grid: SheetGrid): string[][] {
  const rows: string[][] = [];
  for (let r = 1; r <= Math.min(grid.rowCount, HEADER_SEARCH_ROWS); r++) {
    const width = grid.widthOf(r);
    rows.push(Array.from({ length: width }, (_, c) => readCell(grid.valueAt(r, c + 1)).text));
  }
  return rows;
}

/** The table of a sheet never synced: its header row, and the layout its headings give. */
export function findTable(worksheet: ExcelJS.Worksheet, map: ColumnMap = {}): SheetTable | null {
  const texts = topRowTexts(excelGrid(worksheet));
  const index = findHeaderRow(texts);
  if (index === null) return null;
  const headings = texts[index] ?? [];
  const first = headings.findIndex((t) => t !== '');
  return tableAt(worksheet, index + 1, first + 1, map);
}

export function tableAt(
  worksheet: ExcelJS.Worksheet,
  headerRow: number,
  firstColumn: number,
  map: ColumnMap = {},
): SheetTable {
  return { worksheet, ...gridTableAt(excelGrid(worksheet), headerRow, firstColumn, map) };
}

export function gridTableAt(
  grid: SheetGrid,
  headerRow: number,
  firstColumn: number,
  map: ColumnMap = {},
): GridTable {
  const headings: Cell[] = [];
  for (let column = firstColumn; column <= grid.widthOf(headerRow); column++)
    headings.push(grid.valueAt(headerRow, column));
  return { grid, headerRow, firstColumn, layout: layoutFromHeadings(headings, map) };
}

export function noHeaderError(file: string, sheet: string): CliError {
  return new CliError(
    `sheet "${sheet}" in ${file} has no plan table: ${NO_HEADER_EXPECTATION} in its first ${HEADER_SEARCH_ROWS} rows`,
  );
}

/**
 * The last sheet row with anything in the table's columns, looked for from the bottom up: the rows
 * below it are few, where a scan from the top reads every cell of the plan (a tenth of a
 * 10,000-row sync, and the read and the write each asked).
 */
export function lastTableRow(table: GridTable): number {
  const first = table.firstColumn;
  const last = first + tableWidth(table.layout) - 1;
  for (let row = table.grid.rowCount; row > table.headerRow; row--) {
    if (table.grid.widthOf(row) < first) continue;
    for (let column = first; column <= last; column++) {
      const reading = readCell(table.grid.valueAt(row, column));
      if (reading.text !== '' || reading.problem !== null) return row;
    }
  }
  return table.headerRow;
}

/** Reads every data row, by the table rules every adapter shares (core/table-scan.ts). */
export function readTable(table: GridTable): TableReading {
  const lastRow = lastTableRow(table);
  const scan = scanTable(table.layout, dataRows(table, lastRow), (cells, carriedTheme, sheetRow) =>
    readRow(table, cells, sheetRow, carriedTheme),
  );
  return {
    rows: scan.rows.map(({ at, row }) => ({ sheetRow: at, row })),
    blankRowsWithId: scan.blankRowsWithId,
    lastRow,
  };
}

function* dataRows(table: GridTable, lastRow: number): Generator<TableRowCells> {
  for (let sheetRow = table.headerRow + 1; sheetRow <= lastRow; sheetRow++)
    yield { at: sheetRow, cells: rowCells(table, sheetRow) };
}

function readRow(table: GridTable, cells: readonly Cell[], sheetRow: number, carriedTheme: string): SheetRow {
  try {
    return readTableRow(cells, table.layout, carriedTheme);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const issue = error.issues[0];
    const isExtra = issue?.path[0] === 'extra';
    const path = isExtra ? `extra.${String(issue?.path[1])}` : String(issue?.path[0]);
    const column = table.layout.columns.find((c) => c.path === path);
    const heading =
      column && column.heading.length > 40 ? `${column.heading.slice(0, 39).trimEnd()}…` : column?.heading;
    const where = column
      ? `column ${columnLetter(sheetColumnOf(table, column.index) - 1)} (${heading})`
      : `the ${path} value`;
    const what = `${issue?.message ?? 'not readable'}; shorten or correct it`;
    throw new CliError(`sheet "${table.grid.name}" row ${sheetRow}, ${where}: ${what} and sync again`);
  }
}
