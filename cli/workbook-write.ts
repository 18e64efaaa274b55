/**
 * Applies a sync outcome to the worksheet: ids, changed cells, removed and added rows, the themes
 * a merged or "once per group" theme column shows, and the conflict and refusal notes. It writes
 * only what changed, never over a formula, and leaves the workbook's own look alone.
 */
import type ExcelJS from 'exceljs';
import { writePath } from '../core/field-paths.js';
import { type Cell, columnLetter, readCell } from '../core/grid-cell.js';
import { ActionFields } from '../core/plan.js';
import { fieldToCell, rowToCells, type TableColumn, tableWidth } from '../core/sheet-table.js';
import type { Conflict } from '../core/sync-protocol.js';
import type { SyncOutcome } from '../core/sync-run.js';
import { themeWrites } from '../core/theme-writes.js';
import { clearMarks, isMarked, type MarkedCell, markCells } from './workbook-marks.js';
import { freeCell, isCovered } from './workbook-merges.js';
import { lookOf, removeRows } from './workbook-rows.js';
import { VALUE_TYPE } from './workbook-sheet-rows.js';
import {
  cellValue,
  type GridTable,
  lastTableRow,
  type SheetTable,
  sheetColumnOf,
  type TableReading,
} from './workbook-table.js';
import { conflictNote, refusalNote, refusedEditNote, shown } from './workbook-wording.js';

export interface WriteResult {
  /** The sheet row each action shows on after the write. */
  rows: Map<string, number>;
  warnings: string[];
  /** The sheet rows (as read) that were removed; the rows below moved up. */
  removed: number[];
}

/** Builtin format 14: Excel shows it as the reader's own short date (dd/mm/yyyy in the UK). */
const SHORT_DATE = 'mm-dd-yy';
const EMPTY_FIELDS = ActionFields.parse({});

export function writeOutcome(
  workbook: ExcelJS.Workbook,
  table: SheetTable,
  reading: TableReading,
  outcome: SyncOutcome,
): WriteResult {
  const { worksheet, layout } = table;
  const { patch } = outcome;
  const warnings: string[] = unsentWarnings(table, reading);
  const cellAt = (sheetRow: number, column: TableColumn | number) =>
    worksheet.getCell(sheetRow, sheetColumnOf(table, typeof column === 'number' ? column : column.index));
  const columnOf = (path: string) => layout.columns.find((c) => c.path === path);

  clearMarks(workbook, markedCells(table, reading, cellAt));
  for (const sheetRow of reading.blankRowsWithId) put(worksheet, cellAt(sheetRow, layout.idColumn), null);

  const ids = reading.rows.map((r) => r.row.id);
  for (const { row, id } of patch.ids) {
    const read = reading.rows[row];
    if (!read) continue;
    put(worksheet, cellAt(read.sheetRow, layout.idColumn), id);
    ids[row] = id;
  }

  // Themes are written after rows are removed: which cells carry which theme depends on the rows left.
  const themes = reading.rows.map((r) => r.row.fields.theme);
  for (const update of patch.updates) {
    const read = reading.rows[update.row];
    if (!read) continue;
    for (const { path, value } of update.values) {
      const column = columnOf(path);
      if (path === 'theme') themes[update.row] = fieldToCell(writePath(EMPTY_FIELDS, path, value), path);
      else if (column) writeField(worksheet, cellAt(read.sheetRow, column), path, value, warnings);
    }
  }

  const removed = new Set(patch.removals);
  const removedRows = patch.removals.flatMap((index) => reading.rows[index]?.sheetRow ?? []);
  const moved = removeRows(worksheet, removedRows);
  const survivors = reading.rows.flatMap((read, index) =>
    removed.has(index)
      ? []
      : [{ sheetRow: moved(read.sheetRow), id: ids[index] ?? null, theme: themes[index] ?? '' }],
  );
  const themeColumn = columnOf('theme');
  if (themeColumn) {
    const themeCells = survivors.map((s) => ({ cell: cellAt(s.sheetRow, themeColumn), theme: s.theme }));
    showThemes(worksheet, themeCells, warnings);
  }

  const rows = new Map<string, number>();
  for (const s of survivors) if (s.id) rows.set(s.id, s.sheetRow);
  const template = survivors.at(-1)?.sheetRow ?? null;
  let sheetRow = lastTableRow(table);
  for (const insert of patch.inserts) {
    sheetRow += 1;
    const texts = rowToCells(insert.id, insert.fields, layout);
    for (const column of layout.columns) {
      const cell = cellAt(sheetRow, column);
      if (template !== null) cell.style = lookOf(cellAt(template, column));
      put(worksheet, cell, null);
      setContent(cell, column.path ?? 'id', texts[column.index] ?? '');
    }
    rows.set(insert.id, sheetRow);
  }

  markOutcome(workbook, table, outcome, rows, cellAt);
  warnings.push(...unwrittenWarnings(table, reading, ids, outcome, rows));
  return { rows, warnings, removed: removedRows };
}

/** A value `plainWrites` puts into a cell, and what the cell held before. */
export interface PlainWrite {
  row: number;
  column: number;
  value: string | Date | null;
  was: Cell;
  /** The cell takes the short date format (a date into a cell with none, as `setContent` does). */
  shortDate: boolean;
}

/** What `plainWrites` needs of a sheet read from its XML (cli/workbook-plan-grid.ts). */
export interface PlainCells {
  valueAt(row: number, column: number): Cell;
  /**
   * Whether a cell in these rows and columns may carry an earlier sync's mark: a note in sync's
   * words, or a format whose fill is a mark's colour. Erring towards yes only costs the full reading.
   */
  mayBeMarked(top: number, left: number, bottom: number, right: number): boolean;
  /** A cell inside a merge that is not its top-left cell. */
  isCovered(row: number, column: number): boolean;
  /** A cell holding a formula (its value is `{ formula, result }` as in ExcelJS). */
  isFormula(row: number, column: number): boolean;
  /**
   * The cell's number format as ExcelJS gives it: 'plain' (none, General or text), 'other', or
   * null where the reading cannot say (an empty cell of a row or column with a format of its own).
   */
  formatAt(row: number, column: number): 'plain' | 'other' | null;
}

/**
 * The cells writeOutcome would write when all it does is put ids and the plan's values into plain
 * cells (no row to remove or add, mark to make or clear, theme to show again, merge to free):
 * then a later sync read from the sheet's XML writes them into the XML without ExcelJS's model.
 * Null when writeOutcome must run. `mayBeMarked` errs towards yes, and `formatAt` says null when
 * unsure: either only costs the full reading.
 */
export function plainWrites(
  table: GridTable,
  reading: TableReading,
  outcome: SyncOutcome,
  cells: PlainCells,
): PlainWrite[] | null {
  const { patch } = outcome;
  const others = patch.removals.length + patch.inserts.length;
  if (others > 0 || outcome.conflicts.length > 0 || outcome.refused.length > 0) return null;
  if (reading.blankRowsWithId.length > 0) return null;
  const right = sheetColumnOf(table, tableWidth(table.layout) - 1);
  if (cells.mayBeMarked(table.headerRow + 1, table.firstColumn, reading.lastRow, right)) return null;
  // The cell's format when writeOutcome would only put a value in it; null when it must run (it
  // unmerges a covered cell, leaves a formula with a warning and writes an id over one).
  const plainFormat = (row: number, column: number) =>
    cells.isCovered(row, column) || cells.isFormula(row, column) ? null : cells.formatAt(row, column);
  const writes: PlainWrite[] = [];
  // The ids of rows the officer added: text, as writeOutcome puts them.
  const idColumn = sheetColumnOf(table, table.layout.idColumn);
  for (const { row, id } of patch.ids) {
    const read = reading.rows[row];
    if (!read) continue;
    if (plainFormat(read.sheetRow, idColumn) === null) return null;
    writes.push({
      row: read.sheetRow,
      column: idColumn,
      value: id,
      was: cells.valueAt(read.sheetRow, idColumn),
      shortDate: false,
    });
  }
  for (const update of patch.updates) {
    const read = reading.rows[update.row];
    if (!read) continue;
    for (const { path, value } of update.values) {
      const column = table.layout.columns.find((c) => c.path === path);
      if (path === 'theme') return null;
      if (!column) continue;
      const at = sheetColumnOf(table, column.index);
      const format = plainFormat(read.sheetRow, at);
      if (format === null) return null;
      const text = fieldToCell(writePath(EMPTY_FIELDS, path, value), path);
      const content = contentOf(path, text);
      const shortDate = content instanceof Date && format === 'plain';
      writes.push({
        row: read.sheetRow,
        column: at,
        value: content,
        was: cells.valueAt(read.sheetRow, at),
        shortDate,
      });
    }
  }
  const themeColumn = table.layout.columns.find((c) => c.path === 'theme');
  if (!themeColumn) return writes;
  const column = sheetColumnOf(table, themeColumn.index);
  const themes = reading.rows.map((r) => ({
    own: readCell(cells.valueAt(r.sheetRow, column)).text,
    wanted: r.row.fields.theme,
    writable: !cells.isFormula(r.sheetRow, column),
  }));
  return themeWrites(themes).length === 0 ? writes : null;
}

/** writeOutcome's result when it makes only `plainWrites`: every row stays where it was. */
export function resultOfPlainWrites(
  table: GridTable,
  reading: TableReading,
  outcome: SyncOutcome,
): WriteResult {
  const ids = reading.rows.map((r) => r.row.id);
  for (const { row, id } of outcome.patch.ids) if (reading.rows[row]) ids[row] = id;
  const rows = new Map<string, number>();
  reading.rows.forEach((read, index) => {
    const id = ids[index];
    if (id) rows.set(id, read.sheetRow);
  });
  const warnings = [
    ...unsentWarnings(table, reading),
    ...unwrittenWarnings(table, reading, ids, outcome, rows),
  ];
  return { rows, warnings, removed: [] };
}

const placeOf = (table: GridTable, sheetRow: number, column: TableColumn) =>
  `row ${sheetRow} column ${columnLetter(sheetColumnOf(table, column.index) - 1)}`;

/** Cells the sync did not send, each named: never read as blank, never cut without a word. */
function unsentWarnings(table: GridTable, reading: TableReading): string[] {
  return reading.rows.flatMap(({ sheetRow, row }) =>
    (row.unsent ?? []).flatMap(({ path, why }) => {
      const column = table.layout.columns.find((c) => c.path === path);
      return column
        ? [
            `${placeOf(table, sheetRow, column)} (${column.heading}) was not sent: ${why}; correct it and sync again`,
          ]
        : [];
    }),
  );
}

/** Plan values a formula or an unsent cell stands in the way of. */
function unwrittenWarnings(
  table: GridTable,
  reading: TableReading,
  ids: (string | null)[],
  outcome: SyncOutcome,
  rows: Map<string, number>,
): string[] {
  const readById = new Map(reading.rows.map((read, index) => [ids[index], read.row]));
  return outcome.unwritten.flatMap(({ id, path, value }) => {
    const sheetRow = rows.get(id);
    const column = table.layout.columns.find((c) => c.path === path);
    if (sheetRow === undefined || !column) return [];
    const where = placeOf(table, sheetRow, column);
    const text = shown(fieldToCell(writePath(EMPTY_FIELDS, path, value), path));
    return readById.get(id)?.formulas?.includes(path)
      ? [`${where} holds a formula; the plan's value ${text} was not written`]
      : [`${where} was not sent, and the plan's value ${text} was not written over it`];
  });
}

/** The column a conflict or refusal is shown on: its field's, else the action's. */
export function columnForField(table: GridTable, field: string): TableColumn | undefined {
  const find = (path: string) => table.layout.columns.find((c) => c.path === path);
  const derived = field === 'due' || field === 'milestones' ? find('timescale') : undefined;
  return find(field) ?? derived ?? find('action') ?? table.layout.columns.find((c) => c.path !== null);
}

function markOutcome(
  workbook: ExcelJS.Workbook,
  table: SheetTable,
  outcome: SyncOutcome,
  rows: Map<string, number>,
  cellAt: (sheetRow: number, column: TableColumn) => ExcelJS.Cell,
): void {
  const markAt = (id: string, field: string) => {
    const sheetRow = rows.get(id);
    const column = columnForField(table, field);
    return sheetRow === undefined || !column?.path
      ? null
      : { id, path: column.path, cell: cellAt(sheetRow, column) };
  };
  const fieldOf = (c: Conflict) => (c.kind === 'deleted' ? 'action' : c.field);
  const marks = [
    ...outcome.conflicts.flatMap((conflict) => {
      const at = markAt(conflict.id, fieldOf(conflict));
      return at ? [{ ...at, note: conflictNote(conflict), highlight: true }] : [];
    }),
    ...outcome.refused.flatMap((refusal) => {
      // Each refused edit's text goes on its own cell; a due date or milestones read from the
      // timescale were not typed, and a row with none is marked on its action.
      const typed = refusal.edits.filter(({ field }) => columnForField(table, field)?.path === field);
      const marks = typed.map(({ field, mine }) => {
        const at = markAt(refusal.id, field);
        return at && { ...at, note: refusedEditNote(refusal, mine), highlight: false };
      });
      if (typed.length === 0) {
        const at = markAt(refusal.id, 'action');
        marks.push(at && { ...at, note: refusalNote(refusal), highlight: false });
      }
      return marks.flatMap((mark) => (mark ? [mark] : []));
    }),
  ];
  markCells(workbook, marks);
}

/** The cells of the plan table that an earlier sync marked. */
function markedCells(
  table: SheetTable,
  reading: TableReading,
  cellAt: (sheetRow: number, column: TableColumn) => ExcelJS.Cell,
): MarkedCell[] {
  // Only the marked ones: an entry for every cell of the plan was 100,000 objects at 10,000 rows.
  const marked: MarkedCell[] = [];
  for (const { sheetRow, row } of reading.rows) {
    for (const column of table.layout.columns) {
      if (!column.path) continue;
      const cell = cellAt(sheetRow, column);
      if (isMarked(cell)) marked.push({ id: row.id, path: column.path, cell });
    }
  }
  return marked;
}

/** The theme cells to write among the rows that stay, by the rule every adapter shares. */
function showThemes(
  worksheet: ExcelJS.Worksheet,
  cells: { cell: ExcelJS.Cell; theme: string }[],
  warnings: string[],
): void {
  const themes = cells.map(({ cell, theme }) => ({
    own: readCell(cellValue(cell)).text,
    wanted: theme,
    writable: !isFormula(cell),
  }));
  for (const { index, theme, blocked } of themeWrites(themes)) {
    const { cell } = cells[index] as { cell: ExcelJS.Cell };
    if (blocked) warnings.push(formulaWarning(cell, theme));
    else put(worksheet, cell, theme === '' ? null : theme);
  }
}

function writeField(
  worksheet: ExcelJS.Worksheet,
  cell: ExcelJS.Cell,
  path: string,
  value: unknown,
  warnings: string[],
): void {
  const text = fieldToCell(writePath(EMPTY_FIELDS, path, value), path);
  if (isFormula(cell)) {
    warnings.push(formulaWarning(cell, text));
    return;
  }
  put(worksheet, cell, null);
  setContent(cell, path, text);
}

/** Dates go in as dates so Excel shows and sorts them as dates, with a date format if the cell has none. */
function setContent(cell: ExcelJS.Cell, path: string, text: string): void {
  const content = contentOf(path, text);
  cell.value = content;
  if (!(content instanceof Date)) return;
  const format = cell.style.numFmt;
  if (!format || format === 'General' || format === '@') cell.style = { ...cell.style, numFmt: SHORT_DATE };
}

/** A field's text as the cell's value: a due date a date, blank nothing, everything else text. */
function contentOf(path: string, text: string): string | Date | null {
  if (text === '') return null;
  if (path === 'due' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(`${text}T00:00:00Z`);
  return text;
}

/** A covered cell of a merge would pass its value to the master: it is unmerged first. */
function put(worksheet: ExcelJS.Worksheet, cell: ExcelJS.Cell, value: ExcelJS.CellValue): void {
  if (isCovered(cell)) freeCell(worksheet, cell);
  cell.value = value;
}

const isFormula = (cell: ExcelJS.Cell) => cell.type === VALUE_TYPE.Formula;

/** A safety net: core never patches a cell it read as a formula, so this is for cells made one since. */
function formulaWarning(cell: ExcelJS.Cell, value: string): string {
  return `row ${cell.row} column ${columnLetter(Number(cell.col) - 1)} holds a formula; the plan's value ${shown(value)} was not written`;
}
