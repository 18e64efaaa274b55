/**
 * Whole-row changes to a worksheet: removing rows the plan deleted (rows below move up with their
 * merges, notes and hidden state, which ExcelJS's spliceRows alone would lose or misplace) and
 * giving new rows the look of the table's last row.
 */
import type ExcelJS from 'exceljs';
import { merge, mergesFrom, unmerge } from './workbook-merges.js';

interface RowState {
  hidden: boolean;
  outlineLevel: number;
}

/** Removes sheet rows (1-based); returns where each surviving row at or below the first removed one went. */
export function removeRows(worksheet: ExcelJS.Worksheet, rows: readonly number[]): (row: number) => number {
  const doomed = [...new Set(rows)].sort((a, b) => b - a);
  const moved = (row: number) => row - doomed.filter((d) => d < row).length;
  const from = doomed.at(-1);
  if (from === undefined) return moved;

  const merges = mergesFrom(worksheet, from).map((range) => {
    const master = worksheet.getCell(range.top, range.left);
    return { range, value: master.value, style: master.style };
  });
  for (const { range } of merges) unmerge(worksheet, range);
  const notes = notesFrom(worksheet, from);
  const states = rowStatesFrom(worksheet, from);
  const last = worksheet.rowCount;

  for (const row of doomed) worksheet.spliceRows(row, 1);

  const isDoomed = (row: number) => doomed.includes(row);
  for (const { row, column, note } of notes)
    if (!isDoomed(row)) worksheet.getCell(moved(row), column).note = note;
  for (let row = from; row <= last; row++)
    if (worksheet.findRow(row)) setRowState(worksheet.getRow(row), undefined);
  for (const [row, state] of states) if (!isDoomed(row)) setRowState(worksheet.getRow(moved(row)), state);

  for (const { range, value, style } of merges) {
    const kept: number[] = [];
    for (let row = range.top; row <= range.bottom; row++) if (!isDoomed(row)) kept.push(row);
    const first = kept[0];
    if (first === undefined) continue;
    // When the master's row went, the merge's value and look move to the first row that stayed.
    const top = moved(first);
    if (first !== range.top) {
      const master = worksheet.getCell(top, range.left);
      master.value = value;
      master.style = style;
    }
    merge(worksheet, { top, left: range.left, bottom: top + kept.length - 1, right: range.right });
  }
  return moved;
}

function notesFrom(worksheet: ExcelJS.Worksheet, from: number) {
  const notes: { row: number; column: number; note: ExcelJS.Cell['note'] }[] = [];
  worksheet.eachRow((row, rowNumber) => {
    if (rowNumber < from) return;
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      if (cell.note) notes.push({ row: rowNumber, column, note: cell.note });
    });
  });
  return notes;
}

function rowStatesFrom(worksheet: ExcelJS.Worksheet, from: number): Map<number, RowState> {
  const states = new Map<number, RowState>();
  worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    if (rowNumber >= from && (row.hidden || row.outlineLevel))
      states.set(rowNumber, { hidden: row.hidden, outlineLevel: row.outlineLevel ?? 0 });
  });
  return states;
}

function setRowState(row: ExcelJS.Row, state: RowState | undefined): void {
  row.hidden = state?.hidden ?? false;
  row.outlineLevel = state?.outlineLevel ?? 0;
}

/** The parts of a cell's look a new row copies; the object is new so no other cell shares it. */
export function lookOf(cell: ExcelJS.Cell): Partial<ExcelJS.Style> {
  const { font, fill, border, alignment, numFmt } = cell.style;
  return {
    ...(font ? { font } : {}),
    ...(fill ? { fill } : {}),
    ...(border ? { border } : {}),
    ...(alignment ? { alignment } : {}),
    ...(numFmt ? { numFmt } : {}),
  };
}
