/**
 * Splitting a list under a size limit, in one place. A sync request, a DynamoDB transaction, a run
 * of new rows and an Excel request are each a "chunk" here: consecutive items, in order, none
 * empty, each within `maxItems` and `maxBytes` unless one item alone is over (it still goes, alone,
 * and the receiver refuses it by name rather than the splitter losing it).
 */
export interface ChunkLimits<T> {
  /** What one item adds to its chunk, in bytes as the receiver counts them. */
  bytesOf: (item: T) => number;
  maxBytes: number;
  maxItems?: number;
  /** What an empty chunk already weighs (the brackets of a JSON array, say). */
  emptyBytes?: number;
}

export function chunksUnder<T>(items: readonly T[], limits: ChunkLimits<T>): T[][] {
  const { bytesOf, maxBytes, maxItems = Number.POSITIVE_INFINITY, emptyBytes = 0 } = limits;
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = emptyBytes;
  for (const item of items) {
    const size = bytesOf(item);
    if (chunk.length > 0 && (chunk.length >= maxItems || bytes + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = emptyBytes;
    }
    chunk.push(item);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
