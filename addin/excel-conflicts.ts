/**
 * Acting on one conflict from the task pane: find its cell (by row id, never by position, since
 * the officer may have sorted the sheet since), then select it, clear its mark, write the value
 * kept, or remove the row. Four small syncs: the meta, the headings, the id column, the action.
 */

import { isConflictMark } from '../core/conflict-mark.js';
import { readCell } from '../core/grid-cell.js';
import { layoutFromHeadings, type TableLayout } from '../core/sheet-table.js';
import { BASE_SHEET, decodeBaseSheet } from '../core/sync-base-sheet.js';
import type { Conflict } from '../core/sync-protocol.js';
import { conflictColumn, excelCellValue, fieldText, parseAddresses } from './excel-cells.js';
import { type HostFeatures, hostFeatures } from './excel-features.js';
import { isOwnNote, queueNoteAt } from './excel-marks.js';
import { NotSyncedError } from './workbook-errors.js';

export interface ConflictCell {
  sheet: string;
  /** 0-based sheet row and column of the cell. */
  row: number;
  column: number;
  firstColumn: number;
  table: TableLayout;
  /** The add-in's own comment on the cell, if there is one. */
  markId: string | null;
  /** The add-in's own note on the cell (ExcelApi 1.18), if there is one; never the officer's. */
  note: Excel.Note | null;
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Where a conflict's cell is now; null when its row has gone from the sheet. */
export async function locateConflictCell(
  context: Excel.RequestContext,
  conflict: Conflict,
  host: HostFeatures = hostFeatures(),
): Promise<ConflictCell | null> {
  const head = context.workbook.worksheets.getItem(BASE_SHEET).getRange('A1:B9');
  head.load('values');
  const comments = context.workbook.comments;
  comments.load('items/id,items/content');
  try {
    await context.sync();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ItemNotFound') throw new NotSyncedError();
    throw error;
  }
  const cells = (head.values as unknown[][]).map((r) => r.map(asText));
  const meta = cells[0]?.[0] ? decodeBaseSheet([...cells.slice(0, 8), ['rows', '0']])?.meta : null;
  if (!meta) throw new NotSyncedError();

  const sheet = context.workbook.worksheets.getItem(meta.sheet);
  const headerRow = meta.headerRow - 1;
  const firstColumn = meta.firstColumn - 1;
  const headings = sheet.getRange(`${headerRow + 1}:${headerRow + 1}`).getUsedRange(true);
  headings.load('values,columnIndex,columnCount');
  const used = sheet.getUsedRange(true);
  used.load('rowIndex,rowCount');
  const own = comments.items.filter((c) => isConflictMark(c.content));
  const locations = own.map((c) => {
    const location = c.getLocation();
    location.load('address');
    return location;
  });
  await context.sync();

  const headerCells = headings.values[0] ?? [];
  const offset = firstColumn - headings.columnIndex;
  const table = layoutFromHeadings(headerCells.slice(Math.max(0, offset)));
  const lastRow = used.rowIndex + used.rowCount - 1;
  const count = lastRow - headerRow;
  const column = conflictColumn(table, conflict);
  if (count <= 0 || column === null) return null;

  const ids = sheet.getRangeByIndexes(headerRow + 1, firstColumn + table.idColumn, count, 1);
  ids.load('values');
  await context.sync();
  const index = (ids.values as unknown[][]).findIndex((r) => readCell(r[0]).text === conflict.id);
  if (index < 0) return null;
  const row = headerRow + 1 + index;
  const sheetColumn = firstColumn + column;
  const note = host.notes ? queueNoteAt(context, meta.sheet, row, sheetColumn) : null;
  if (note) await context.sync();
  const markAt = own.findIndex((_, i) => {
    const where = parseAddresses(locations[i]?.address ?? '')[0];
    return where !== undefined && where.row === row && where.column === sheetColumn;
  });
  return {
    sheet: meta.sheet,
    row,
    column: sheetColumn,
    firstColumn,
    table,
    markId: markAt >= 0 ? (own[markAt]?.id ?? null) : null,
    note: note && isOwnNote(note) ? note : null,
  };
}

const cellRange = (context: Excel.RequestContext, cell: ConflictCell) =>
  context.workbook.worksheets.getItem(cell.sheet).getRangeByIndexes(cell.row, cell.column, 1, 1);

function queueClearMark(context: Excel.RequestContext, cell: ConflictCell): void {
  cellRange(context, cell).format.fill.clear();
  if (cell.markId) context.workbook.comments.getItem(cell.markId).delete();
  cell.note?.delete();
}

/** Selects the conflicted cell, bringing its sheet forward. */
export async function selectConflictCell(
  context: Excel.RequestContext,
  conflict: Conflict,
  host: HostFeatures = hostFeatures(),
): Promise<boolean> {
  const cell = await locateConflictCell(context, conflict, host);
  if (!cell) return false;
  context.workbook.worksheets.getItem(cell.sheet).activate();
  cellRange(context, cell).select();
  await context.sync();
  return true;
}

/** Takes the mark off (the value kept by the plan stays). */
export async function clearConflictMark(
  context: Excel.RequestContext,
  conflict: Conflict,
  host: HostFeatures = hostFeatures(),
): Promise<void> {
  const cell = await locateConflictCell(context, conflict, host);
  if (!cell) return;
  queueClearMark(context, cell);
  await context.sync();
}

/** Writes the officer's own value back into the cell; the next Sync sends it. */
export async function writeMineIntoCell(
  context: Excel.RequestContext,
  conflict: Conflict,
  host: HostFeatures = hostFeatures(),
): Promise<void> {
  const cell = await locateConflictCell(context, conflict, host);
  if (!cell) return;
  const own = cell.table.columns.find((c) => cell.firstColumn + c.index === cell.column);
  // A due date or milestone derived from the timescale has no cell of its own to write.
  if (own?.path === conflict.field) {
    cellRange(context, cell).values = [
      [excelCellValue(conflict.field, fieldText(conflict.field, conflict.mine))],
    ];
  }
  queueClearMark(context, cell);
  await context.sync();
}

/** Removes the conflict's row from the table; the next Sync sends the delete. */
export async function removeConflictRow(
  context: Excel.RequestContext,
  conflict: Conflict,
  host: HostFeatures = hostFeatures(),
): Promise<void> {
  const cell = await locateConflictCell(context, conflict, host);
  if (!cell) return;
  if (cell.markId) context.workbook.comments.getItem(cell.markId).delete();
  cell.note?.delete();
  const width = Math.max(...cell.table.columns.map((c) => c.index)) + 1;
  context.workbook.worksheets
    .getItem(cell.sheet)
    .getRangeByIndexes(cell.row, cell.firstColumn, 1, width)
    .delete('Up');
  await context.sync();
}
