/**
 * Adopt this sheet in Excel: the plan grid already on the active sheet becomes a synced table, read
 * with the columns the officer confirmed (kept in the very hidden PlansColumns sheet). Opening a
 * plan into a new sheet is excel-open.ts, whose look at the workbook's names this shares.
 */
import { type Cell, columnLetter, readCell } from '../core/grid-cell.js';
import { findHeaderRow } from '../core/grid-header.js';
import { COLUMNS_SHEET, type ColumnMap, encodeColumnMap } from '../core/grid-mapping.js';
import { layoutFromHeadings, type TableLayout } from '../core/sheet-table.js';
import { BASE_SHEET, type SyncMeta } from '../core/sync-base-sheet.js';
import { emptyBase } from '../core/sync-sheet.js';
import { baseSheetOperations } from './excel-base-sheet.js';
import { OPERATION_BYTES, type Operation } from './excel-batches.js';
import { type PlacedPlan, workbookNames } from './excel-open.js';
import { runInChunks } from './excel-operations.js';
import { AlreadySyncedError, IdColumnTakenError, NoPlanHeadingsError } from './workbook-errors.js';
import type { AdoptTarget } from './workbook-host.js';

/** The officer's confirmed mapping into the very hidden PlansColumns sheet, which every sync reads. */
function columnsOperations(context: Excel.RequestContext, map: ColumnMap, exists: boolean): Operation[] {
  const rows = encodeColumnMap(map);
  if (rows.length === 0) return [];
  return [
    {
      bytes: OPERATION_BYTES * 3 + JSON.stringify(rows).length,
      queue: () => {
        const sheet = exists
          ? context.workbook.worksheets.getItem(COLUMNS_SHEET)
          : context.workbook.worksheets.add(COLUMNS_SHEET);
        if (exists) sheet.getRange().clear('Contents');
        sheet.getRangeByIndexes(0, 0, rows.length, 2).values = rows;
        sheet.visibility = 'VeryHidden';
      },
    },
  ];
}

/** The active sheet's values from A1 (the used range padded out), for the adoption preview. */
export async function activeSheetCells(context: Excel.RequestContext): Promise<Cell[][]> {
  const used = context.workbook.worksheets.getActiveWorksheet().getUsedRange(true);
  used.load('values,rowIndex,columnIndex');
  await context.sync();
  const pad = (n: number) => Array.from({ length: n }, () => null);
  return [
    ...Array.from({ length: used.rowIndex }, () => []),
    ...(used.values as Cell[][]).map((row) => [...pad(used.columnIndex), ...row]),
  ];
}

/**
 * Makes the plan grid on the active sheet a synced table: the headings are found in the first 30
 * rows; an Id column is added after the last heading and hidden; the base is empty, so the first
 * Sync sends every row as a new action. One or two syncs to look, one to write.
 */
export async function adoptSheet(context: Excel.RequestContext, target: AdoptTarget): Promise<PlacedPlan> {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load('name');
  const used = sheet.getUsedRange(true);
  used.load('values,rowIndex,columnIndex');
  const names = await workbookNames(context);
  if (names.synced) throw new AlreadySyncedError(names.synced);

  const grid = used.values as Cell[][];
  const texts = grid.map((row) => row.map((cell) => readCell(cell).text));
  const header = findHeaderRow(texts);
  if (header === null) throw new NoPlanHeadingsError(sheet.name);
  const headerTexts = texts[header] ?? [];
  const lead = Math.max(
    0,
    headerTexts.findIndex((t) => t !== ''),
  );
  const table: TableLayout = layoutFromHeadings((grid[header] ?? []).slice(lead), target.map ?? {});
  const headerRow = used.rowIndex + header;
  const firstColumn = used.columnIndex + lead;
  const hasId = (headerTexts[lead + table.idColumn] ?? '') !== '';
  const idSheetColumn = firstColumn + table.idColumn;
  if (!hasId) {
    const below = texts.slice(header + 1).some((row) => (row[lead + table.idColumn] ?? '') !== '');
    if (below) throw new IdColumnTakenError(columnLetter(idSheetColumn));
  }
  const rows = texts
    .slice(header + 1)
    .filter((row) => table.columns.some((c) => c.path && (row[lead + c.index] ?? '') !== '')).length;

  const meta: SyncMeta = {
    council: target.council,
    plan: target.plan,
    sheet: sheet.name,
    headerRow: headerRow + 1,
    firstColumn: firstColumn + 1,
    api: target.api,
  };
  const activeSheet = context.workbook.worksheets.getItem(sheet.name);
  const operations: Operation[] = [
    ...(hasId
      ? []
      : [
          {
            bytes: OPERATION_BYTES * 2,
            queue: () => {
              const heading = activeSheet.getRangeByIndexes(headerRow, idSheetColumn, 1, 1);
              heading.values = [['Id']];
              heading.getEntireColumn().columnHidden = true;
            },
          },
        ]),
    ...(names.hasBase
      ? [
          {
            bytes: OPERATION_BYTES,
            queue: () => context.workbook.worksheets.getItem(BASE_SHEET).getRange().clear('Contents'),
          },
        ]
      : []),
    ...baseSheetOperations(context, meta, emptyBase(), [], names.hasBase),
    ...columnsOperations(context, target.map ?? {}, names.sheetNames.includes(COLUMNS_SHEET)),
  ];
  const report = await runInChunks(context, operations);
  return { meta, rows, report };
}
