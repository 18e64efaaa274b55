/**
 * Sending queued Excel operations: each says what it queues and how many bytes it adds to the
 * request, and they go in as few `context.sync()` calls as the request limit allows (one for any
 * ordinary plan, whatever its length). The patch, the PlansSync sheet, opening a plan and the
 * Summary sheet all write through these.
 */

import {
  blocksOf,
  type CellWrite,
  MAX_SYNC_BYTES,
  OPERATION_BYTES,
  type Operation,
  packChunks,
  splitRows,
  valuesBytes,
} from './excel-batches.js';

export interface WriteReport {
  /** How many `context.sync()` calls the write took. */
  syncs: number;
  /** The largest request, as estimated: always under MAX_SYNC_BYTES. */
  largestRequestBytes: number;
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
export function blockOperations(sheet: Excel.Worksheet, writes: CellWrite[]): Operation[] {
  return blocksOf(writes).flatMap((block) =>
    valuesOperations(() => sheet, block.row, block.column, block.values),
  );
}
