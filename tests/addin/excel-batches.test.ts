import { describe, expect, it } from 'vitest';
import {
  blocksOf,
  packChunks,
  rectangle,
  runsBottomUp,
  splitRows,
  valuesBytes,
} from '../../addin/excel-batches.js';

describe('blocksOf', () => {
  it('when a whole column changes, then it is one block', () => {
    const cells = Array.from({ length: 500 }, (_, i) => ({ row: i + 1, column: 7, value: 'Complete' }));
    const blocks = blocksOf(cells);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ row: 1, column: 7 });
    expect(blocks[0]?.values).toHaveLength(500);
  });

  it('when neighbouring cells change in a row, then they are one run; a gap starts another', () => {
    const blocks = blocksOf([
      { row: 3, column: 2, value: 'b' },
      { row: 3, column: 1, value: 'a' },
      { row: 3, column: 5, value: 'e' },
    ]);
    expect(blocks).toEqual([
      { row: 3, column: 1, values: [['a', 'b']] },
      { row: 3, column: 5, values: [['e']] },
    ]);
  });

  it('when runs of the same columns are on consecutive rows, then they stack into one rectangle', () => {
    const blocks = blocksOf([
      { row: 1, column: 1, value: 'a1' },
      { row: 1, column: 2, value: 'b1' },
      { row: 2, column: 1, value: 'a2' },
      { row: 2, column: 2, value: 'b2' },
      { row: 4, column: 1, value: 'a4' },
    ]);
    expect(blocks).toEqual([
      {
        row: 1,
        column: 1,
        values: [
          ['a1', 'b1'],
          ['a2', 'b2'],
        ],
      },
      { row: 4, column: 1, values: [['a4']] },
    ]);
  });
});

describe('packChunks and splitRows', () => {
  it('when operations fit, then they go in one chunk; when they do not, then no chunk passes the limit', () => {
    expect(packChunks([{ bytes: 10 }, { bytes: 20 }], 100)).toHaveLength(1);
    const chunks = packChunks(
      Array.from({ length: 10 }, () => ({ bytes: 30 })),
      100,
    );
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 3, 1]);
  });

  it('when there is nothing to send, then there is still one (empty) request', () => {
    expect(packChunks([], 100)).toEqual([[]]);
  });

  it('when rows are split into bands, then each band is under the limit and nothing is lost', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => [`row ${i}`, 'x'.repeat(100)]);
    const bands = splitRows(rows, 10_000);
    expect(bands.length).toBeGreaterThan(1);
    for (const band of bands) expect(valuesBytes(band)).toBeLessThanOrEqual(10_000);
    expect(bands.flat()).toEqual(rows);
  });
});

describe('runsBottomUp and rectangle', () => {
  it('when rows are removed, then neighbours make one run and the lowest run comes first', () => {
    expect(runsBottomUp([2, 3, 7, 4, 9])).toEqual([
      { start: 9, count: 1 },
      { start: 7, count: 1 },
      { start: 2, count: 3 },
    ]);
  });

  it('when rows are ragged, then they are padded with blanks', () => {
    expect(rectangle([['a'], ['b', 'c']])).toEqual([
      ['a', ''],
      ['b', 'c'],
    ]);
  });
});
