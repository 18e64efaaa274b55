/**
 * Reading a block of cells in bands of rows, each `context.sync()` response under the limit:
 * Excel on the web refuses a response over 5 MB as it refuses a request
 * (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins),
 * so a plan that opened fine must not fail its first Sync because its sheet grew. A band's size
 * comes from the widest rows read so far (the first, from a generous guess); a band Excel still
 * refuses is halved and read again, so only a sheet far larger than the guess costs a refused request.
 */
import { MAX_SYNC_BYTES } from './excel-batches.js';

/** What a cell is guessed to cost before any has been read: generous for a plan's short cells. */
const FIRST_GUESS_PER_CELL = 100;

export const isPayloadTooLarge = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === 'RequestPayloadSizeLimitExceeded';

export interface BandReader {
  /** The largest response one band needed, as the JSON of its values. */
  largestBandBytes: number;
  bands: number;
  /** Bands Excel refused as too large, read again halved. */
  refused: number;
  /** The widest row read so far, in bytes: the next block's first band is sized on it. */
  widestRow: number;
}

export const newBandReader = (): BandReader => ({ largestBandBytes: 0, bands: 0, refused: 0, widestRow: 0 });

/**
 * The values of `rows` x `columns` cells from (`row`, `column`), 0-based, in as few bands as fit
 * in `budget` bytes each. `alongside` queues other loads that ride with the first band's sync.
 */
export async function readInBands(
  context: Excel.RequestContext,
  sheet: () => Excel.Worksheet,
  block: { row: number; column: number; rows: number; columns: number },
  report: BandReader = newBandReader(),
  alongside: () => void = () => undefined,
  budget = MAX_SYNC_BYTES,
): Promise<unknown[][]> {
  const out: unknown[][] = [];
  if (block.rows <= 0 || block.columns <= 0) {
    alongside();
    await context.sync();
    return out;
  }
  // A plan sheet's row is about as wide as its row in the snapshot, read just before it.
  let perRow = Math.max(1, report.widestRow * 1.5 || block.columns * FIRST_GUESS_PER_CELL);
  let next = 0;
  while (next < block.rows) {
    const count = Math.max(1, Math.min(block.rows - next, Math.floor(budget / perRow)));
    const range = sheet().getRangeByIndexes(block.row + next, block.column, count, block.columns);
    range.load('values');
    // Loads that need the same round trip go with the first band (again, if it is refused).
    if (next === 0) alongside();
    try {
      await context.sync();
    } catch (error) {
      if (!isPayloadTooLarge(error) || count === 1) throw error;
      report.refused += 1;
      perRow = Math.ceil(budget / Math.floor(count / 2));
      continue;
    }
    const values = range.values as unknown[][];
    let widest = 0;
    for (const cells of values) widest = Math.max(widest, JSON.stringify(cells).length + 1);
    report.largestBandBytes = Math.max(report.largestBandBytes, JSON.stringify(values).length);
    report.bands += 1;
    report.widestRow = Math.max(report.widestRow, widest);
    // The next band is sized on the widest row of this one, with room for one wider still.
    perRow = Math.ceil(widest * 1.5);
    for (const cells of values) out.push(cells);
    next += count;
  }
  return out;
}
