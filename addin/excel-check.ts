/**
 * Before a sync writes, it looks again. The read and the write are two `Excel.run` calls with the
 * HTTP round trip between them, and Excel does not lock the grid: an officer may sort, type or
 * filter meanwhile. Written at the row numbers of the read, ids, pulled values and deletions would
 * land on the wrong actions, and a cell typed into would be overwritten. So in the write's own
 * `Excel.run`, the Id column, every cell about to be written, the rows about to be deleted and the
 * rows new ones go into are read again and compared with the read; if anything moved or changed,
 * nothing is written and the sync starts again (excel-sync.ts). One request for an ordinary plan.
 *
 * What remains: the officer's edits in the single round trip between this check and the write
 * (milliseconds, not the seconds of the HTTP call) are not seen. Excel offers no conditional write.
 */

import { BASE_SHEET } from '../core/sync-base-sheet.js';
import type { SyncOutcome } from '../core/sync-run.js';
import { blocksOf, MAX_SYNC_BYTES, packChunks } from './excel-batches.js';
import { readLease, WorkbookBusyError } from './excel-lease.js';
import type { PlanTableRead } from './excel-read.js';
import { cellWrites } from './excel-write.js';

export class SheetMovedError extends Error {
  constructor(readonly where: string) {
    super(
      `The plan sheet changed while it synced (${where}), so nothing was written; the sync starts again.`,
    );
    this.name = 'SheetMovedError';
  }
}

interface Region {
  row: number;
  column: number;
  rows: number;
  columns: number;
  what: string;
}

const regionBytes = (read: PlanTableRead, region: Region) => {
  let bytes = 2;
  for (let r = 0; r < region.rows; r++)
    for (let c = 0; c < region.columns; c++)
      bytes += JSON.stringify(read.valueAt(region.row + r, region.column + c) ?? '').length + 1;
  return bytes;
};

/** The cells whose values the write depends on. */
function regionsToCheck(read: PlanTableRead, outcome: SyncOutcome): Region[] {
  const width = Math.max(...read.table.columns.map((c) => c.index)) + 1;
  const first = read.headerRow + 1;
  const last = Math.max(read.nextRow - 1, ...read.sheetRows, ...read.blankRowsWithId);
  const regions: Region[] = [];
  if (last >= first)
    regions.push({
      row: first,
      column: read.firstColumn + read.table.idColumn,
      rows: last - first + 1,
      columns: 1,
      what: 'the rows were sorted, moved, added or deleted',
    });
  for (const block of blocksOf(cellWrites(read, outcome)))
    regions.push({
      row: block.row,
      column: block.column,
      rows: block.values.length,
      columns: block.values[0]?.length ?? 0,
      what: 'a cell the sync was about to write was typed into',
    });
  for (const index of outcome.patch.removals)
    regions.push({
      row: read.sheetRows[index] as number,
      column: read.firstColumn,
      rows: 1,
      columns: width,
      what: 'a row the sync was about to delete was typed into',
    });
  if (outcome.patch.inserts.length > 0)
    regions.push({
      row: read.nextRow,
      column: read.firstColumn,
      rows: outcome.patch.inserts.length,
      columns: width,
      what: 'rows were typed where the new ones go',
    });
  return regions;
}

export interface SheetNow {
  syncs: number;
  /** A filter hides rows of the plan (the sheet's AutoFilter or its table's): rows cannot shift up. */
  filtered: boolean;
}

/**
 * Reads the regions again (in requests under the limit) and throws if any differs from the read;
 * says whether the plan is filtered now, when rows are to be deleted (ExcelApi 1.9 AutoFilter).
 */
export async function checkUnmoved(
  context: Excel.RequestContext,
  read: PlanTableRead,
  outcome: SyncOutcome,
  pane: string,
): Promise<SheetNow> {
  const sheet = context.workbook.worksheets.getItem(read.meta.sheet);
  // The lease taken at the read must still be this pane's: a co-author's pane may have taken it.
  const lease = context.workbook.worksheets.getItem(BASE_SHEET).getRange('C2');
  lease.load('values');
  const regions = regionsToCheck(read, outcome).map((region) => ({
    region,
    bytes: regionBytes(read, region),
  }));
  const filters =
    outcome.patch.removals.length === 0
      ? []
      : [
          sheet.autoFilter,
          ...(read.tableName ? [context.workbook.tables.getItem(read.tableName).autoFilter] : []),
        ];
  for (const filter of filters) filter.load('isDataFiltered');
  let syncs = 0;
  for (const chunk of packChunks(regions, MAX_SYNC_BYTES)) {
    if (chunk.length === 0 && syncs > 0) continue;
    const ranges = chunk.map(({ region }) => {
      const range = sheet.getRangeByIndexes(region.row, region.column, region.rows, region.columns);
      range.load('values');
      return range;
    });
    await context.sync();
    syncs += 1;
    chunk.forEach(({ region }, i) => {
      const now = (ranges[i] as Excel.Range).values as unknown[][];
      for (let r = 0; r < region.rows; r++)
        for (let c = 0; c < region.columns; c++) {
          const was = read.valueAt(region.row + r, region.column + c) ?? '';
          const is = now[r]?.[c] ?? '';
          if (was !== is) throw new SheetMovedError(region.what);
        }
    });
  }
  if (syncs === 0) {
    await context.sync();
    syncs += 1;
  }
  if (readLease(String(lease.values[0]?.[0] ?? ''))?.pane !== pane) throw new WorkbookBusyError();
  return { syncs, filtered: filters.some((filter) => filter.isDataFiltered) };
}
