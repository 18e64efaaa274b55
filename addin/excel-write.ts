/**
 * Writing a sync's patch into Excel: ids and pulled values as block `values` writes, themes by the
 * shared rule, removals bottom-up, new rows as one block where the table really ends, then the
 * conflict marks (excel-conflict-marks.ts) and the base snapshot (excel-base-sheet.ts). The new
 * base goes in first with the old one kept beside it, so any prefix of the requests reads right.
 */

import { rowToCells, tableWidth } from '../core/sheet-table.js';
import { encodeBaseSheet } from '../core/sync-base-sheet.js';
import type { SyncOutcome } from '../core/sync-run.js';
import { themeWrites } from '../core/theme-writes.js';
import { baseCellsOperations } from './excel-base-sheet.js';
import { type CellWrite, OPERATION_BYTES, type Operation, rectangle, runsBottomUp } from './excel-batches.js';
import { excelCellValue, fieldText } from './excel-cells.js';
import { fillOperations, placeConflictTexts } from './excel-conflict-marks.js';
import { type HostFeatures, hostFeatures } from './excel-features.js';
import { blockOperations, runInChunks, valuesOperations, type WriteReport } from './excel-operations.js';
import { pendingOf } from './excel-pending.js';
import type { PlanTableRead } from './excel-read.js';

export interface PatchReport extends WriteReport {
  /** Conflicts marked by their fill alone: their cell has the officer's own note or comment, or would not take the mark. */
  marksNotPlaced: number;
}

export interface WriteOptions {
  maxRequestBytes?: number;
  host?: HostFeatures;
  /** A filter hides rows of the plan now: removed rows are emptied in place, nothing shifts. */
  filtered?: boolean;
}

/** Applies a sync outcome to the sheet it was read from. */
export async function writePatch(
  context: Excel.RequestContext,
  read: PlanTableRead,
  outcome: SyncOutcome,
  options: WriteOptions = {},
): Promise<PatchReport> {
  const sheet = context.workbook.worksheets.getItem(read.meta.sheet);
  const shifts = !options.filtered;
  const writes = cellWrites(read, outcome);
  const idColumn = read.firstColumn + read.table.idColumn;
  const fresh = encodeBaseSheet(read.meta, outcome.base);
  // The new base first, the old rows it replaces kept beside it under a marker (excel-pending.ts),
  // with the ids; the marker and the old rows go last: any prefix of the requests reads right.
  const pending = pendingOf(read.state.base, outcome.base, fresh.length);
  // The lease (C2) is held while the write runs and given back with its last request.
  const lease = read.baseCells[1]?.[2] ?? '';
  const pendingCells = pending
    ? [
        [...(fresh[0] as string[]), pending.marker],
        [...(fresh[1] as string[]), lease],
        ...fresh.slice(2),
        ...pending.rows,
      ]
    : fresh;
  const operations: Operation[] = [
    ...baseCellsOperations(context, pendingCells, read.baseCells, true),
    ...blockOperations(
      sheet,
      writes.filter((w) => w.column === idColumn),
    ),
    ...blockOperations(
      sheet,
      writes.filter((w) => w.column !== idColumn),
    ),
    ...removalOperations(sheet, read, outcome.patch.removals, shifts),
    ...insertOperations(context, sheet, read, outcome, options.host ?? hostFeatures(), shifts),
    ...fillOperations(sheet, read, outcome, shifts),
    ...(pending ? baseCellsOperations(context, fresh, rectangle(pendingCells), true) : []),
  ];
  const report = await runInChunks(context, operations, options.maxRequestBytes);
  const host = options.host ?? hostFeatures();
  const marks = await placeConflictTexts(context, sheet, read, outcome, shifts, host.notes);
  return { ...report, syncs: report.syncs + marks.syncs, marksNotPlaced: marks.marksNotPlaced };
}

/**
 * Every cell of the plan sheet the outcome writes (ids, pulled values, themes), where it was read;
 * a cell holding a formula is never overwritten by a pull.
 */
export function cellWrites(read: PlanTableRead, outcome: SyncOutcome): CellWrite[] {
  const writes: CellWrite[] = [];
  const columnOf = new Map(read.table.columns.map((c) => [c.path, c.index]));
  const writable = (row: number, column: number) => !read.formulaCells.has(`${row}:${column}`);
  for (const { row, id } of outcome.patch.ids) {
    writes.push({
      row: read.sheetRows[row] as number,
      column: read.firstColumn + read.table.idColumn,
      value: id,
    });
  }
  // A row emptied by hand was deleted; its id must not bring it back if the row is typed in again.
  for (const row of read.blankRowsWithId) {
    writes.push({ row, column: read.firstColumn + read.table.idColumn, value: '' });
  }
  const themes = read.state.rows.map((row) => row.fields.theme);
  for (const update of outcome.patch.updates) {
    const sheetRow = read.sheetRows[update.row] as number;
    for (const { path, value } of update.values) {
      const index = columnOf.get(path);
      if (index === undefined) continue;
      if (path === 'theme') {
        themes[update.row] = fieldText(path, value);
        continue;
      }
      const column = read.firstColumn + index;
      if (writable(sheetRow, column)) {
        writes.push({ row: sheetRow, column, value: excelCellValue(path, fieldText(path, value)) });
      }
    }
  }
  writes.push(...themeCellWrites(read, themes, new Set(outcome.patch.removals), writable));
  return writes;
}

/** The theme cells to write among the rows that stay, by the rule every adapter shares. */
function themeCellWrites(
  read: PlanTableRead,
  themes: string[],
  removed: Set<number>,
  writable: (row: number, column: number) => boolean,
): CellWrite[] {
  const themeColumn = read.table.columns.find((c) => c.path === 'theme');
  if (!themeColumn) return [];
  const column = read.firstColumn + themeColumn.index;
  const staying = read.sheetRows.filter((_, index) => !removed.has(index));
  const cells = read.sheetRows.flatMap((row, index) =>
    removed.has(index)
      ? []
      : [{ own: read.ownThemes[index] ?? '', wanted: themes[index] ?? '', writable: writable(row, column) }],
  );
  // A cell holding a formula is never written over, theme or not.
  return themeWrites(cells).flatMap(({ index, theme, blocked }) =>
    blocked ? [] : [{ row: staying[index] as number, column, value: excelCellValue('theme', theme) }],
  );
}

/**
 * Removed rows go bottom-up, a run of neighbours at a time, the table's cells shifting up. Under a
 * filter Excel refuses to shift cells ("Can't move cells in a filtered range or table";
 * office-js#994), so there the rows are emptied in place: a blank row is no action, and the
 * filter, the officer's, is left as it is.
 */
function removalOperations(
  sheet: Excel.Worksheet,
  read: PlanTableRead,
  removals: number[],
  shifts: boolean,
): Operation[] {
  const width = tableWidth(read.table);
  return runsBottomUp(removals.map((r) => read.sheetRows[r] as number)).map(({ start, count }) => ({
    bytes: OPERATION_BYTES,
    queue: () => {
      const rows = sheet.getRangeByIndexes(start, read.firstColumn, count, width);
      if (shifts) rows.delete('Up');
      else rows.clear('Contents');
    },
  }));
}

/**
 * New rows go where the table really ends (over its trailing blank rows, then below it), written
 * with `range.values`, never `table.rows.add`: Microsoft's co-authoring guidance names rows.add as
 * a merge-conflict risk, and it appends after trailing blank rows, so marks landed a row off
 * (https://learn.microsoft.com/office/dev/add-ins/excel/co-authoring-in-excel-add-ins). Values
 * written into the row just below a table extend it; where the host has `Table.resize`
 * (ExcelApi 1.13) the table is also resized to end at the last new row.
 */
function insertOperations(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  read: PlanTableRead,
  outcome: SyncOutcome,
  host: HostFeatures,
  shifts: boolean,
): Operation[] {
  const { inserts, removals } = outcome.patch;
  if (inserts.length === 0) return [];
  const values = inserts.map((row) =>
    rowToCells(row.id, row.fields, read.table).map((text, index) => {
      const column = read.table.columns.find((c) => c.index === index);
      return column?.path ? excelCellValue(column.path, text) : text;
    }),
  );
  const rows = rectangle(values, tableWidth(read.table));
  const removed = shifts ? [...new Set(removals.map((r) => read.sheetRows[r] as number))] : [];
  const start = read.nextRow - removed.length;
  if (read.tableName === null || read.tableEnd === null) {
    return valuesOperations(() => sheet, start, read.firstColumn, rows);
  }
  const tableName = read.tableName;
  // Removals inside the table shrink it; the rows up to its end are blank and written over first.
  const end = read.tableEnd - removed.filter((r) => r <= (read.tableEnd as number)).length;
  const inside = Math.max(0, Math.min(rows.length, end - start + 1));
  const operations = [
    ...valuesOperations(() => sheet, start, read.firstColumn, rows.slice(0, inside)),
    ...valuesOperations(() => sheet, start + inside, read.firstColumn, rows.slice(inside)),
  ];
  const last = start + rows.length - 1;
  if (host.tableResize && last > end) {
    operations.push({
      bytes: OPERATION_BYTES,
      queue: () => {
        const table = context.workbook.tables.getItem(tableName);
        table.resize(table.getHeaderRowRange().getResizedRange(last - read.headerRow, 0));
      },
    });
  }
  return operations;
}
