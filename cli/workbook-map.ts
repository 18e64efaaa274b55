/**
 * The officer's column mapping (`plans sync --map` on the first sync), kept in the workbook in the
 * very hidden sheet the add-in uses too, so every later sync reads the table as confirmed.
 */
import type ExcelJS from 'exceljs';
import { readCell } from '../core/grid-cell.js';
import { COLUMNS_SHEET, type ColumnMap, decodeColumnMap, encodeColumnMap } from '../core/grid-mapping.js';

export const MAP_SHEET = COLUMNS_SHEET;

export function readColumnMap(workbook: ExcelJS.Workbook): ColumnMap {
  const sheet = workbook.getWorksheet(MAP_SHEET);
  const cells: string[][] = [];
  sheet?.eachRow((row) => {
    cells.push([readCell(row.getCell(1).value).text, readCell(row.getCell(2).value).text]);
  });
  return decodeColumnMap(cells);
}

/**
 * The same from the sheet's values as read from its part (cli/workbook-sheet-values.ts): rows with
 * no value are skipped, as ExcelJS's eachRow skips them.
 */
export function columnMapOf(rows: readonly (readonly unknown[])[]): ColumnMap {
  const cells = rows
    .filter((row) => row.some((value) => value !== undefined))
    .map((row) => [readCell(row[0]).text, readCell(row[1]).text]);
  return decodeColumnMap(cells);
}

export function writeColumnMap(workbook: ExcelJS.Workbook, map: ColumnMap): void {
  if (Object.keys(map).length === 0) return;
  const existing = workbook.getWorksheet(MAP_SHEET);
  if (existing) workbook.removeWorksheet(existing.id);
  const sheet = workbook.addWorksheet(MAP_SHEET, { state: 'veryHidden' });
  for (const row of encodeColumnMap(map)) sheet.addRow(row);
}
