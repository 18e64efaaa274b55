/**
 * Reading a synced plan out of Excel: the base snapshot from the very hidden PlansSync sheet and
 * the plan's rows from its sheet, in two `context.sync()` calls whatever the size of the plan.
 */
import { type Cell, readCell } from '../core/grid-cell.js';
import { COLUMNS_SHEET, decodeColumnMap } from '../core/grid-mapping.js';
import {
  layoutFromHeadings,
  readTableRow,
  sheetLayoutOf,
  type TableLayout,
  tableWidth,
} from '../core/sheet-table.js';
import { BASE_SHEET, decodeBaseSheet, type SyncMeta } from '../core/sync-base-sheet.js';
import type { SheetState } from '../core/sync-run.js';
import type { SheetRow } from '../core/sync-sheet.js';
import { scanTable, type TableRowCells } from '../core/table-scan.js';
import { parseAddresses } from './excel-cells.js';
import { settlePending } from './excel-pending.js';
import { type BandReader, newBandReader, readInBands } from './excel-read-bands.js';
import { NotSyncedError, PlanSheetMissingError } from './workbook-errors.js';

/** A comment in the workbook, where it is, and whether the add-in wrote it. */
export interface CellComment {
  id: string;
  content: string;
  sheet: string | null;
  row: number;
  column: number;
}

/** Everything a sync read, and where it sits in the sheet, so the write lands on the same cells. */
export interface PlanTableRead {
  state: SheetState;
  meta: SyncMeta;
  table: TableLayout;
  /** 0-based sheet row of the headings. */
  headerRow: number;
  /** 0-based sheet column of the table's first column. */
  firstColumn: number;
  /** 0-based sheet row of each row in `state.rows`. */
  sheetRows: number[];
  /** What each row's theme cell itself holds (blank where the theme is carried down). */
  ownThemes: string[];
  /** Sheet rows emptied by hand that still hold an id: the id is cleared, the row was deleted. */
  blankRowsWithId: number[];
  /** The first sheet row below the table: where new rows go. */
  nextRow: number;
  /** Cells holding a formula, as `row:column` (0-based): read for the diff, never overwritten. */
  formulaCells: Set<string>;
  /** The Excel table the headings belong to, when the plan is one (opened by the add-in). */
  tableName: string | null;
  /** 0-based sheet row of the table's last row (blank or not), when there is a table. */
  tableEnd: number | null;
  /** The plan sheet's values as read (`null` outside its used range): the write checks them again. */
  valueAt(row: number, column: number): unknown;
  /** The PlansSync cells as read, so only rows that changed are written back. */
  baseCells: string[][];
  comments: CellComment[];
}

/** A row the shared mapping cannot read (say, a directorate longer than the plan allows). */
export class RowReadError extends Error {
  constructor(
    readonly sheetRow: number,
    detail: string,
  ) {
    super(`Row ${sheetRow + 1} of the plan sheet cannot be read: ${detail}. Correct it, then sync.`);
    this.name = 'RowReadError';
  }
}

const isItemNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ItemNotFound';

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

const HEAD_ROWS = 9;

/**
 * Reads the plan table for a sync, every response under the limit. Sync 1: the PlansSync sheet's
 * head (which plan, which sheet, where its headings are) and size, and the workbook's comments.
 * Sync 2: the snapshot's first band, with the plan sheet's size, where its formulas are, the Excel
 * table at the headings and where each comment sits. Then the plan's cells: one band for an
 * ordinary plan, more only when its bytes need them.
 */
export async function readPlanTable(
  context: Excel.RequestContext,
  report: BandReader = newBandReader(),
): Promise<PlanTableRead> {
  const baseSheet = () => context.workbook.worksheets.getItem(BASE_SHEET);
  const baseUsed = baseSheet().getUsedRange(true);
  baseUsed.load('rowIndex,rowCount,columnIndex,columnCount');
  const head = baseSheet().getRange('A1:C9');
  head.load('values');
  const comments = context.workbook.comments;
  comments.load('items/id,items/content');
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  try {
    await context.sync();
  } catch (error) {
    if (isItemNotFound(error)) throw new NotSyncedError();
    throw error;
  }
  const headCells = (head.values as unknown[][]).map((row) => row.map(asText));
  const meta = headCells[0]?.[0] ? decodeBaseSheet([...headCells.slice(0, 8), ['rows', '0']])?.meta : null;
  if (!meta) throw new NotSyncedError();

  const sheet = () => context.workbook.worksheets.getItem(meta.sheet);
  const used = sheet().getUsedRange(true);
  const mapped = sheets.items.some((item) => item.name === COLUMNS_SHEET);
  const formulas = used.getSpecialCellsOrNullObject('Formulas');
  const tablesAtHeadings = sheet()
    .getRangeByIndexes(meta.headerRow - 1, meta.firstColumn - 1, 1, 1)
    .getTables(false);
  // The mapping the officer confirmed when adopting the sheet, read with the snapshot's first band.
  const columnsUsed = mapped ? context.workbook.worksheets.getItem(COLUMNS_SHEET).getUsedRange(true) : null;
  const locations = comments.items.map((comment) => comment.getLocation());
  const baseWidth = Math.max(3, baseUsed.columnIndex + baseUsed.columnCount);
  let snapshot: unknown[][];
  try {
    snapshot = await readInBands(
      context,
      baseSheet,
      {
        row: HEAD_ROWS,
        column: 0,
        rows: baseUsed.rowIndex + baseUsed.rowCount - HEAD_ROWS,
        columns: baseWidth,
      },
      report,
      () => {
        used.load('rowIndex,columnIndex,rowCount,columnCount');
        formulas.load('address');
        tablesAtHeadings.load('items/name');
        columnsUsed?.load('values');
        for (const location of locations) location.load('address');
      },
    );
  } catch (error) {
    if (isItemNotFound(error)) throw new PlanSheetMissingError(meta.sheet);
    throw error;
  }
  const baseCells = [
    ...headCells.map((row) => Array.from({ length: baseWidth }, (_, i) => row[i] ?? '')),
    ...snapshot.map((row) => row.map(asText)),
  ];
  const decoded = decodeBaseSheet(baseCells);
  if (!decoded) throw new NotSyncedError();
  const { base } = decoded;

  // The table may end below the last row with text (a plan opened empty has one blank row).
  const tableRange = tablesAtHeadings.items[0]?.getRange() ?? null;
  const cells = await readInBands(
    context,
    sheet,
    { row: used.rowIndex, column: used.columnIndex, rows: used.rowCount, columns: used.columnCount },
    report,
    () => tableRange?.load('rowIndex,rowCount'),
  );

  const grid = cells as Cell[][];
  const at = (row: number, column: number): Cell =>
    grid[row - used.rowIndex]?.[column - used.columnIndex] ?? null;
  const headerRow = meta.headerRow - 1;
  const firstColumn = meta.firstColumn - 1;
  const lastColumn = used.columnIndex + used.columnCount - 1;
  const lastRow = used.rowIndex + used.rowCount - 1;
  const rowCells = (row: number, width: number) =>
    Array.from({ length: width }, (_, i) => at(row, firstColumn + i));

  const headings = rowCells(headerRow, Math.max(0, lastColumn - firstColumn + 1));
  const table = layoutFromHeadings(headings, columnsUsed ? decodeColumnMap(columnsUsed.values) : {});
  const width = tableWidth(table);

  const formulaCells = new Set<string>();
  if (!formulas.isNullObject) {
    for (const block of parseAddresses(formulas.address)) {
      for (let r = 0; r < block.rows; r++)
        for (let c = 0; c < block.columns; c++) formulaCells.add(`${block.row + r}:${block.column + c}`);
    }
  }

  let nextRow = headerRow + 1;
  function* dataRows(): Generator<TableRowCells> {
    for (let row = headerRow + 1; row <= lastRow; row++) {
      const cells = rowCells(row, width);
      if (cells.some((c) => readCell(c).text !== '')) nextRow = row + 1;
      yield { at: row, cells };
    }
  }
  const scan = scanTable(table, dataRows(), (cells, carriedTheme, row) => {
    try {
      // Excel gives a formula's result in `values`: which cells hold one comes apart.
      return readTableRow(cells, table, carriedTheme, (i) => formulaCells.has(`${row}:${firstColumn + i}`));
    } catch (error) {
      throw new RowReadError(row, describeReadError(error, table));
    }
  });
  const rows: SheetRow[] = scan.rows.map((r) => r.row);

  const layout = sheetLayoutOf(table);
  return {
    // A write that stopped part way left a marker: the base is the one the sheet shows.
    state: { rows, base: settlePending(baseCells, base, rows, layout), layout },
    meta,
    table,
    headerRow,
    firstColumn,
    sheetRows: scan.rows.map((r) => r.at),
    ownThemes: scan.rows.map((r) => r.ownTheme),
    blankRowsWithId: scan.blankRowsWithId,
    nextRow,
    formulaCells,
    tableName: tablesAtHeadings.items[0]?.name ?? null,
    tableEnd: tableRange ? tableRange.rowIndex + tableRange.rowCount - 1 : null,
    valueAt: (row, column) => grid[row - used.rowIndex]?.[column - used.columnIndex] ?? '',
    baseCells,
    comments: comments.items.flatMap((comment, i) => {
      const where = parseAddresses(locations[i]?.address ?? '')[0];
      return where
        ? [
            {
              id: comment.id,
              content: comment.content,
              sheet: where.sheet,
              row: where.row,
              column: where.column,
            },
          ]
        : [];
    }),
  };
}

/** Which column was wrong, in the heading the officer sees, when the schema says so. */
function describeReadError(error: unknown, table: TableLayout): string {
  const issues = (error as { issues?: { path?: unknown[]; message?: string }[] }).issues;
  const first = Array.isArray(issues) ? issues[0] : undefined;
  if (!first) return error instanceof Error ? error.message : String(error);
  const field = String(first.path?.[0] ?? '');
  const heading = table.columns.find((c) => c.path === field)?.heading ?? field;
  return `the ${heading} cell ${first.message ?? 'is not valid'}`;
}

/**
 * Just the meta of the synced plan, or null when the workbook syncs none (or the plan's sheet has
 * been deleted, so another plan may be opened): two small syncs.
 */
export async function readSyncMeta(context: Excel.RequestContext): Promise<SyncMeta | null> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const names = sheets.items.map((s) => s.name);
  if (!names.includes(BASE_SHEET)) return null;
  const head = sheets.getItem(BASE_SHEET).getRange('A1:B9');
  head.load('values');
  await context.sync();
  // The first nine rows say which plan and sheet; the snapshot rows are not needed here.
  const cells = (head.values as unknown[][]).map((row) => row.map(asText));
  if (cells[0]?.[0] === '') return null;
  const meta = decodeBaseSheet([...cells.slice(0, 8), ['rows', '0']])?.meta ?? null;
  return meta && names.includes(meta.sheet) ? meta : null;
}
