/**
 * The base snapshot into the very hidden PlansSync sheet, as operations: only the rows that
 * differ from what is there are written, and rows no longer needed are cleared.
 */

import { BASE_SHEET, encodeBaseSheet, type SyncMeta } from '../core/sync-base-sheet.js';
import type { SyncBase } from '../core/sync-sheet.js';
import {
  MAX_SYNC_BYTES,
  OPERATION_BYTES,
  type Operation,
  rectangle,
  splitRows,
  valuesBytes,
} from './excel-batches.js';

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
