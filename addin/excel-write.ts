/**
 * Writing a sync's outcome into Excel: the patch as block `values` writes, removals bottom-up,
 * new rows as one block, conflict marks, and the base snapshot into the very hidden PlansSync
 * sheet. Operations are queued in order and sent in as few `context.sync()` calls as the request
 * limit allows: one for any ordinary plan, whatever its length.
 */

import { CONFLICT_FILL, conflictMarkText, isConflictMark } from '../core/conflict-mark.js';
import { rowToCells, tableWidth } from '../core/sheet-table.js';
import { BASE_SHEET, encodeBaseSheet, type SyncMeta } from '../core/sync-base-sheet.js';
import type { SyncBase } from '../core/sync-client.js';
import type { Conflict } from '../core/sync-protocol.js';
import type { SyncOutcome } from '../core/sync-run.js';
import { themeWrites } from '../core/theme-writes.js';
import {
  blocksOf,
  type CellWrite,
  MAX_SYNC_BYTES,
  OPERATION_BYTES,
  type Operation,
  packChunks,
  rectangle,
  runsBottomUp,
  splitRows,
  valuesBytes,
} from './excel-batches.js';
import { conflictColumn, excelCellValue, fieldText } from './excel-cells.js';
import { isOfficersNote, isOwnNote, queueNoteAt } from './excel-marks.js';
import { pendingOf } from './excel-pending.js';
import type { PlanTableRead } from './excel-read.js';

export interface WriteReport {
  /** How many `context.sync()` calls the write took. */
  syncs: number;
  /** Conflicts marked by their fill alone: their cell has the officer's own note or comment, or would not take the mark. */
  marksNotPlaced?: number;
  /** The largest request, as estimated: always under MAX_SYNC_BYTES. */
  largestRequestBytes: number;
}

export interface WriteOptions {
  maxRequestBytes?: number;
  host?: HostFeatures;
  /** A filter hides rows of the plan now: removed rows are emptied in place, nothing shifts. */
  filtered?: boolean;
}

/** What the host Excel has beyond the manifest's ExcelApi 1.10, checked at run time. */
export interface HostFeatures {
  /** `Table.resize` (ExcelApi 1.13). */
  tableResize: boolean;
  /** `workbook.notes` (ExcelApi 1.18). */
  notes: boolean;
}

const supports = (version: string): boolean => {
  const office = (globalThis as { Office?: typeof Office }).Office;
  try {
    return office?.context?.requirements?.isSetSupported('ExcelApi', version) ?? false;
  } catch {
    return false;
  }
};

/** The running host's features; none of them when there is no Office (tests say theirs). */
export const hostFeatures = (): HostFeatures => ({ tableResize: supports('1.13'), notes: supports('1.18') });

/** Applies a sync outcome to the sheet it was read from. */
export async function writePatch(
  context: Excel.RequestContext,
  read: PlanTableRead,
  outcome: SyncOutcome,
  options: WriteOptions = {},
): Promise<WriteReport> {
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
  const marks = await markTextOperations(context, sheet, read, outcome, shifts, host.notes);
  const texts = await placeMarkTexts(context, marks.operations);
  return {
    ...report,
    syncs: report.syncs + marks.syncs + texts.syncs,
    marksNotPlaced: texts.failed + marks.leftToTheOfficer,
  };
}

/**
 * The comments that say both values go last, after the sheet and its base are written, and never
 * fail the sync: a cell may have gained a comment or a note since the read (a second one is
 * refused: office-js#1416), or lost the add-in's old one. All in one request; if Excel refuses it,
 * one request each, and the ones still refused are left with their fill alone (the task pane lists
 * every conflict with both values either way).
 */
async function placeMarkTexts(
  context: Excel.RequestContext,
  marks: Operation[],
): Promise<{ syncs: number; failed: number }> {
  if (marks.length === 0) return { syncs: 0, failed: 0 };
  for (const mark of marks) mark.queue();
  try {
    await context.sync();
    return { syncs: 1, failed: 0 };
  } catch {
    let failed = 0;
    for (const mark of marks) {
      mark.queue();
      await context.sync().catch(() => {
        failed += 1;
      });
    }
    return { syncs: 1 + marks.length, failed };
  }
}

/**
 * Sends operations in chunks under the request limit. The number of syncs depends on bytes, never
 * on rows. Events are left alone: `context.runtime.enableEvents` only silences this add-in's own
 * event handlers (it registers none), not Excel's or another add-in's, and a restore queued with
 * the last chunk is lost when that chunk fails, leaving them off for the session.
 */
export async function runInChunks(
  context: Excel.RequestContext,
  operations: Operation[],
  maxRequestBytes = MAX_SYNC_BYTES,
): Promise<WriteReport> {
  const chunks = packChunks(operations, maxRequestBytes);
  let largest = 0;
  let syncs = 0;
  for (const chunk of chunks) {
    context.application.suspendApiCalculationUntilNextSync();
    for (const operation of chunk) operation.queue();
    largest = Math.max(
      largest,
      chunk.reduce((sum, op) => sum + op.bytes, 0),
    );
    await context.sync();
    syncs += 1;
  }
  return { syncs, largestRequestBytes: largest };
}

/** A block of values written with one `range.values`, split in bands of rows if it is too big. */
export function valuesOperations(
  sheet: () => Excel.Worksheet,
  row: number,
  column: number,
  values: string[][],
  numberFormat?: string,
): Operation[] {
  let offset = 0;
  return splitRows(values).map((band) => {
    const start = row + offset;
    offset += band.length;
    const columns = band[0]?.length ?? 0;
    const formats = numberFormat ? band.map((r) => r.map(() => numberFormat)) : null;
    return {
      bytes: valuesBytes(band) + (formats ? valuesBytes(formats) : 0) + OPERATION_BYTES,
      queue: () => {
        const range = sheet().getRangeByIndexes(start, column, band.length, columns);
        if (formats) range.numberFormat = formats;
        range.values = band;
      },
    };
  });
}

/** Cells as blocks, one `range.values` each. */
function blockOperations(sheet: Excel.Worksheet, writes: CellWrite[]): Operation[] {
  return blocksOf(writes).flatMap((block) =>
    valuesOperations(() => sheet, block.row, block.column, block.values),
  );
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

/** Where each row ends up once removals and inserts are done, by id. */
export function finalRows(read: PlanTableRead, outcome: SyncOutcome, shifts = true): Map<string, number> {
  const { patch } = outcome;
  const idAt = read.state.rows.map((row, i) => patch.ids.find((p) => p.row === i)?.id ?? row.id);
  const removed = shifts
    ? [...new Set(patch.removals.map((r) => read.sheetRows[r] as number))].sort((a, b) => a - b)
    : [];
  const shift = (sheetRow: number) => removed.filter((r) => r < sheetRow).length;
  const where = new Map<string, number>();
  read.state.rows.forEach((_, i) => {
    const id = idAt[i];
    if (!id || patch.removals.includes(i)) return;
    const sheetRow = read.sheetRows[i] as number;
    where.set(id, sheetRow - shift(sheetRow));
  });
  const firstNew = read.nextRow - removed.length;
  patch.inserts.forEach((row, i) => {
    where.set(row.id, firstNew + i);
  });
  return where;
}

/** The cell a conflict is marked on as the sheet was read: where an old mark may be. */
function readCellOf(read: PlanTableRead, conflict: Conflict): { row: number; column: number } | null {
  const index = read.state.rows.findIndex((row) => row.id === conflict.id);
  const column = conflictColumn(read.table, conflict);
  if (index < 0 || column === null) return null;
  return { row: read.sheetRows[index] as number, column: read.firstColumn + column };
}

const commentAt = (read: PlanTableRead, row: number, column: number) =>
  read.comments.find(
    (c) => c.row === row && c.column === column && (c.sheet ?? read.meta.sheet) === read.meta.sheet,
  );

const isOwnMark = isConflictMark;

/** Each conflicted cell is filled, in the main write: a fill never fails. */
function fillOperations(
  sheet: Excel.Worksheet,
  read: PlanTableRead,
  outcome: SyncOutcome,
  shifts: boolean,
): Operation[] {
  const rows = finalRows(read, outcome, shifts);
  return outcome.conflicts.flatMap((conflict) => {
    const row = rows.get(conflict.id);
    const index = conflictColumn(read.table, conflict);
    if (row === undefined || index === null) return [];
    const column = read.firstColumn + index;
    return [
      {
        bytes: OPERATION_BYTES,
        queue: () => {
          sheet.getRangeByIndexes(row, column, 1, 1).format.fill.color = CONFLICT_FILL;
        },
      },
    ];
  });
}

/**
 * Each conflicted cell's mark saying both values: a note where the host has notes, else a threaded
 * comment. An earlier mark of the add-in's on the cell (note or comment) is replaced; a cell with a
 * note or comment of the officer's own keeps it and gets none. Looking the notes up takes one
 * request; if it fails, the marks are the fills alone (a mark must never fail a sync).
 */
async function markTextOperations(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  read: PlanTableRead,
  outcome: SyncOutcome,
  shifts: boolean,
  notes: boolean,
): Promise<{ operations: Operation[]; syncs: number; leftToTheOfficer: number }> {
  const rows = finalRows(read, outcome, shifts);
  const cells = outcome.conflicts.flatMap((conflict) => {
    const row = rows.get(conflict.id);
    const index = conflictColumn(read.table, conflict);
    if (row === undefined || index === null) return [];
    const before = readCellOf(read, conflict);
    const existing = before ? commentAt(read, before.row, before.column) : undefined;
    return [{ conflict, row, column: read.firstColumn + index, existing }];
  });
  const foundNotes =
    notes && cells.length > 0 ? cells.map((c) => queueNoteAt(context, read.meta.sheet, c.row, c.column)) : [];
  if (foundNotes.length > 0) {
    try {
      await context.sync();
    } catch {
      return { operations: [], syncs: 1, leftToTheOfficer: cells.length };
    }
  }
  let leftToTheOfficer = 0;
  const operations = cells.flatMap(({ conflict, row, column, existing }, i) => {
    const note = foundNotes[i] ?? null;
    if ((existing && !isOwnMark(existing.content)) || isOfficersNote(note)) {
      leftToTheOfficer += 1;
      return [];
    }
    const text = conflictMarkText(conflict);
    return [
      {
        bytes: OPERATION_BYTES * 2 + text.length,
        queue: () => {
          if (existing) context.workbook.comments.getItem(existing.id).delete();
          if (note && isOwnNote(note)) note.delete();
          const cell = sheet.getRangeByIndexes(row, column, 1, 1);
          if (notes) context.workbook.notes.add(cell, text);
          else context.workbook.comments.add(cell, text);
        },
      },
    ];
  });
  return { operations, syncs: foundNotes.length > 0 ? 1 : 0, leftToTheOfficer };
}

/**
 * The base snapshot into PlansSync, as text (a JSON chunk must never turn into a number, a date or
 * a formula), only the rows that differ from what is there; rows no longer needed are cleared.
 */
export function baseSheetOperations(
  context: Excel.RequestContext,
  meta: SyncMeta,
  base: SyncBase,
  oldCells: string[][],
  exists: boolean,
): Operation[] {
  return baseCellsOperations(context, encodeBaseSheet(meta, base), oldCells, exists);
}

/** The PlansSync cells as given, only the rows that differ from `oldCells`; rows beyond cleared. */
export function baseCellsOperations(
  context: Excel.RequestContext,
  fresh: string[][],
  oldCells: string[][],
  exists: boolean,
): Operation[] {
  const oldWidth = Math.max(0, ...oldCells.map((r) => r.length));
  const width = Math.max(oldWidth, ...fresh.map((r) => r.length));
  const rows = rectangle(fresh, width);
  const same = (i: number) => {
    const old = oldCells[i];
    return old !== undefined && (rows[i] as string[]).every((cell, c) => (old[c] ?? '') === cell);
  };
  const operations: Operation[] = [];
  let sheet: Excel.Worksheet | null = null;
  const baseSheet = () => {
    sheet ??= context.workbook.worksheets.getItem(BASE_SHEET);
    return sheet;
  };
  if (!exists) {
    operations.push({
      bytes: OPERATION_BYTES,
      queue: () => {
        sheet = context.workbook.worksheets.add(BASE_SHEET);
      },
    });
  }
  let start = -1;
  const flush = (end: number) => {
    if (start < 0) return;
    const from = start;
    const band = rows.slice(from, end);
    let offset = 0;
    for (const part of splitRows(band, (MAX_SYNC_BYTES - OPERATION_BYTES) / 2)) {
      const at = from + offset;
      offset += part.length;
      const formats = part.map((r) => r.map(() => '@'));
      operations.push({
        bytes: valuesBytes(part) + valuesBytes(formats) + OPERATION_BYTES,
        queue: () => {
          const range = baseSheet().getRangeByIndexes(at, 0, part.length, width);
          range.numberFormat = formats;
          range.values = part;
        },
      });
    }
    start = -1;
  };
  rows.forEach((_, i) => {
    if (same(i)) flush(i);
    else if (start < 0) start = i;
  });
  flush(rows.length);
  if (oldCells.length > rows.length) {
    const from = rows.length;
    const count = oldCells.length - rows.length;
    operations.push({
      bytes: OPERATION_BYTES,
      queue: () => baseSheet().getRangeByIndexes(from, 0, count, Math.max(1, width)).clear('Contents'),
    });
  }
  operations.push({
    bytes: OPERATION_BYTES,
    queue: () => {
      baseSheet().visibility = 'VeryHidden';
    },
  });
  return operations;
}
