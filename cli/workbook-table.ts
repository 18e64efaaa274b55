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

export interface SheetTable {
  worksheet: ExcelJS.Worksheet;
  /** 1-based sheet row of the headings. */
  headerRow: number;
  /** 1-based sheet column of the table's first column. */
  firstColumn: number;
  layout: TableLayout;
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

export const sheetColumnOf = (table: SheetTable, index: number) => table.firstColumn + index;

export function rowCells(table: SheetTable, sheetRow: number): Cell[] {
  const row = table.worksheet.findRow(sheetRow);
  return Array.from({ length: tableWidth(table.layout) }, (_, i) =>
    cellValue(row?.findCell(sheetColumnOf(table, i))),
  );
}

/** Texts of the first rows, 0-based from column A, for finding a header row. */
export function topRowTexts(worksheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  for (let r = 1; r <= Math.min(worksheet.rowCount, HEADER_SEARCH_ROWS); r++) {
    const row = worksheet.findRow(r);
    const texts: string[] = [];
    row?.eachCell((cell, column) => {
      texts[column - 1] = readCell(cellValue(cell)).text;
    });
    rows.push(Array.from(texts, (t) => t ?? ''));
  }
  return rows;
}

/** The table of a sheet never synced: its header row, and the layout its headings give. */
export function findTable(worksheet: ExcelJS.Worksheet, map: ColumnMap = {}): SheetTable | null {
  const texts = topRowTexts(worksheet);
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
  const row = worksheet.getRow(headerRow);
  const headings: Cell[] = [];
  for (let column = firstColumn; column <= row.cellCount; column++)
    headings.push(cellValue(row.findCell(column)));
  return { worksheet, headerRow, firstColumn, layout: layoutFromHeadings(headings, map) };
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
export function lastTableRow(table: SheetTable): number {
  const first = table.firstColumn;
  const last = first + tableWidth(table.layout) - 1;
  for (let row = table.worksheet.rowCount; row > table.headerRow; row--) {
    const found = table.worksheet.findRow(row);
    if (!found) continue;
    for (let column = first; column <= last; column++) {
      const reading = readCell(cellValue(found.findCell(column)));
      if (reading.text !== '' || reading.problem !== null) return row;
    }
  }
  return table.headerRow;
}

/** Reads every data row, by the table rules every adapter shares (core/table-scan.ts). */
export function readTable(table: SheetTable): TableReading {
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

function* dataRows(table: SheetTable, lastRow: number): Generator<TableRowCells> {
  for (let sheetRow = table.headerRow + 1; sheetRow <= lastRow; sheetRow++)
    yield { at: sheetRow, cells: rowCells(table, sheetRow) };
}

function readRow(
  table: SheetTable,
  cells: readonly Cell[],
  sheetRow: number,
  carriedTheme: string,
): SheetRow {
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
    throw new CliError(`sheet "${table.worksheet.name}" row ${sheetRow}, ${where}: ${what} and sync again`);
  }
}
