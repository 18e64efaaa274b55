import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunksUnder } from '../../core/chunks.js';

const limits = fc.record({
  maxBytes: fc.integer({ min: 1, max: 200 }),
  maxItems: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  emptyBytes: fc.integer({ min: 0, max: 5 }),
});

describe('chunksUnder', () => {
  it('keeps every item once, in order, in chunks that are never empty', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 })), limits, (sizes, limit) => {
        const chunks = chunksUnder(sizes, { ...limit, bytesOf: (size) => size });
        expect(chunks.flat()).toEqual(sizes);
        for (const chunk of chunks) expect(chunk.length).toBeGreaterThan(0);
      }),
    );
  });

  it('keeps each chunk within its limits, unless one item alone is over them', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 })), limits, (sizes, limit) => {
        for (const chunk of chunksUnder(sizes, { ...limit, bytesOf: (size) => size })) {
          if (chunk.length === 1) continue;
          const bytes = (limit.emptyBytes ?? 0) + chunk.reduce((sum, size) => sum + size, 0);
          expect(bytes).toBeLessThanOrEqual(limit.maxBytes);
          expect(chunk.length).toBeLessThanOrEqual(limit.maxItems ?? Number.POSITIVE_INFINITY);
        }
      }),
    );
  });

  it('starts a new chunk only when the next item would not fit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 })), limits, (sizes, limit) => {
        const chunks = chunksUnder(sizes, { ...limit, bytesOf: (size) => size });
        for (const [i, before] of chunks.slice(0, -1).entries()) {
          const next = chunks[i + 1]?.[0] ?? 0;
          const bytes = (limit.emptyBytes ?? 0) + [...before, next].reduce((sum, size) => sum + size, 0);
          const full = before.length >= (limit.maxItems ?? Number.POSITIVE_INFINITY);
          expect(full || bytes > limit.maxBytes).toBe(true);
        }
      }),
    );
  });

  it('gives no chunk for no items', () => {
    expect(chunksUnder([], { bytesOf: () => 1, maxBytes: 10 })).toEqual([]);
  });

  it('sends an item over the limit alone rather than dropping it', () => {
    expect(chunksUnder([5, 50, 5], { bytesOf: (n) => n, maxBytes: 10 })).toEqual([[5], [50], [5]]);
  });
});
