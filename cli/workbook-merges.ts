/**
 * Merged cells in a worksheet, as sync needs them. ExcelJS hands every cell of a merge its master's
 * value and writes a covered cell's value into the master, and it does not move merges when rows
 * are removed; so sync reads covered cells as blank, and unmerges before it writes into one.
 */
import type ExcelJS from 'exceljs';
import { VALUE_TYPE } from './workbook-sheet-rows.js';

export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A cell inside a merge that is not its top-left master: Excel shows nothing of its own there. */
export const isCovered = (cell: ExcelJS.Cell) => cell.type === VALUE_TYPE.Merge;

const isMaster = (cell: ExcelJS.Cell) => cell.isMerged && !isCovered(cell);

/** Merges are rectangles, so the master's row and column show how far one reaches. */
export function mergeOf(worksheet: ExcelJS.Worksheet, master: ExcelJS.Cell): MergedRange {
  const top = Number(master.row);
  const left = Number(master.col);
  const inside = (row: number, column: number) => {
    const cell = worksheet.findCell(row, column);
    return cell !== undefined && isCovered(cell) && cell.master.address === master.address;
  };
  let bottom = top;
  while (inside(bottom + 1, left)) bottom++;
  let right = left;
  while (inside(top, right + 1)) right++;
  return { top, left, bottom, right };
}

/** Every merge that reaches into row `from` or below. */
export function mergesFrom(worksheet: ExcelJS.Worksheet, from: number): MergedRange[] {
  const masters = new Map<string, ExcelJS.Cell>();
  worksheet.eachRow((row, rowNumber) => {
    if (rowNumber < from) return;
    row.eachCell((cell) => {
      if (isCovered(cell)) masters.set(cell.master.address, cell.master);
      else if (isMaster(cell)) masters.set(cell.address, cell);
    });
  });
  return [...masters.values()].map((master) => mergeOf(worksheet, master));
}

/** Unmerging resets covered cells to the row's style in ExcelJS; the workbook's own borders stay. */
export function unmerge(worksheet: ExcelJS.Worksheet, range: MergedRange): void {
  const styles = stylesOf(worksheet, range);
  worksheet.unMergeCells(range.top, range.left, range.bottom, range.right);
  restoreStyles(worksheet, range, styles);
}

export function merge(worksheet: ExcelJS.Worksheet, range: MergedRange): void {
  if (range.top === range.bottom && range.left === range.right) return;
  const styles = stylesOf(worksheet, range);
  worksheet.mergeCells(range.top, range.left, range.bottom, range.right);
  restoreStyles(worksheet, range, styles);
}

/** Unmerges the merge a covered cell belongs to, so the cell can hold a value of its own. */
export function freeCell(worksheet: ExcelJS.Worksheet, cell: ExcelJS.Cell): void {
  if (isCovered(cell)) unmerge(worksheet, mergeOf(worksheet, cell.master));
}

function stylesOf(worksheet: ExcelJS.Worksheet, range: MergedRange): Partial<ExcelJS.Style>[][] {
  const styles: Partial<ExcelJS.Style>[][] = [];
  for (let row = range.top; row <= range.bottom; row++) {
    const line: Partial<ExcelJS.Style>[] = [];
    for (let column = range.left; column <= range.right; column++)
      line.push(worksheet.getCell(row, column).style);
    styles.push(line);
  }
  return styles;
}

function restoreStyles(
  worksheet: ExcelJS.Worksheet,
  range: MergedRange,
  styles: Partial<ExcelJS.Style>[][],
): void {
  for (let row = range.top; row <= range.bottom; row++) {
    for (let column = range.left; column <= range.right; column++) {
      const style = styles[row - range.top]?.[column - range.left];
      if (style) worksheet.getCell(row, column).style = style;
    }
  }
}
