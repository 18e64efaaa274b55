/**
 * How writes are grouped for Excel, pure: single cells into rectangular blocks (one `values`
 * write each), blocks into requests under the payload limit.
 *
 * Excel on the web refuses a request over 5 MB; each `context.sync()` is one request. Writes are
 * packed into chunks of at most MAX_SYNC_BYTES (JSON length of the values, plus a fixed overhead
 * per operation), each chunk one sync: 5,000 ordinary rows fit in one.
 */
import { chunksUnder } from '../core/chunks.js';
import { MAX_EXCEL_REQUEST_BYTES } from '../core/limits.js';

export const MAX_SYNC_BYTES = MAX_EXCEL_REQUEST_BYTES;
/** What one queued operation costs in the request besides its values: ids, method, address. */
export const OPERATION_BYTES = 200;

export interface CellWrite {
  /** 0-based sheet row and column. */
  row: number;
  column: number;
  value: string;
}

export interface Block {
  row: number;
  column: number;
  values: string[][];
}

/**
 * Groups cells into as few rectangles as simply found: runs of neighbouring cells in a row, then
 * runs with the same columns on consecutive rows. A whole column of changed statuses is one block.
 */
export function blocksOf(cells: readonly CellWrite[]): Block[] {
  const sorted = [...cells].sort((a, b) => a.row - b.row || a.column - b.column);
  const runs: Block[] = [];
  for (const cell of sorted) {
    const last = runs[runs.length - 1];
    const row = last?.values[0];
    if (last && row && last.row === cell.row && last.column + row.length === cell.column) {
      row.push(cell.value);
    } else if (last && row && last.row === cell.row && last.column + row.length - 1 === cell.column) {
      row[row.length - 1] = cell.value; // the same cell twice: the later write wins
    } else {
      runs.push({ row: cell.row, column: cell.column, values: [[cell.value]] });
    }
  }
  const blocks: Block[] = [];
  const open = new Map<string, Block>();
  for (const run of runs) {
    const width = (run.values[0] as string[]).length;
    const key = `${run.column}:${width}`;
    const block = open.get(key);
    if (block && block.row + block.values.length === run.row) {
      block.values.push(run.values[0] as string[]);
    } else {
      const fresh = { row: run.row, column: run.column, values: [...run.values] };
      blocks.push(fresh);
      open.set(key, fresh);
    }
  }
  return blocks;
}

export const valuesBytes = (values: readonly (readonly unknown[])[]): number => JSON.stringify(values).length;

/** Splits a block into chunks of whole rows, each under the limit (a row is far below it). */
export function splitRows<T>(rows: readonly T[][], maxBytes = MAX_SYNC_BYTES - OPERATION_BYTES): T[][][] {
  // 2 for the brackets of the values array, 1 for each row's comma.
  return chunksUnder(rows, { bytesOf: (row) => JSON.stringify(row).length + 1, maxBytes, emptyBytes: 2 });
}

/** Something to queue on the context, with what it adds to the request. */
export interface Operation {
  bytes: number;
  queue(): void;
}

/** Packs operations, in order, into chunks under the limit: one `context.sync()` per chunk. */
export function packChunks<T extends { bytes: number }>(
  operations: readonly T[],
  maxBytes = MAX_SYNC_BYTES,
): T[][] {
  const chunks = chunksUnder(operations, { bytesOf: (operation) => operation.bytes, maxBytes });
  return chunks.length > 0 ? chunks : [[]];
}

/** Consecutive numbers as runs, highest first: rows are deleted bottom-up so indexes stay true. */
export function runsBottomUp(rows: readonly number[]): { start: number; count: number }[] {
  const sorted = [...new Set(rows)].sort((a, b) => b - a);
  const runs: { start: number; count: number }[] = [];
  for (const row of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.start - 1 === row) {
      last.start = row;
      last.count += 1;
    } else runs.push({ start: row, count: 1 });
  }
  return runs;
}

/** Pads ragged rows to one width with blanks: `range.values` must be a rectangle. */
export function rectangle(rows: readonly (readonly string[])[], width?: number): string[][] {
  const w = width ?? Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: w }, (_, i) => r[i] ?? ''));
}
