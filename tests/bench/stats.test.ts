import { describe, expect, it } from 'vitest';
import { formatValue } from '../../bench/report.js';
import {
  booleanTarget,
  figure,
  median,
  numericTarget,
  pairedRatios,
  quantile,
  ratio,
  ratioOfMedians,
  round,
  spread,
} from '../../bench/stats.js';

describe('bench statistics', () => {
  it('when there is an odd number of runs, then the median is the middle one, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([42])).toBe(42);
  });

  it('when there is an even number of runs, then the median is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('when quartiles fall between runs, then they interpolate between the closest ranks', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
  });

  it('when asked for the spread, then it gives min, max, quartiles and IQR', () => {
    expect(spread([9, 1, 5, 3, 7])).toEqual({ min: 1, max: 9, q1: 3, q3: 7, iqr: 4 });
    expect(spread([2, 2, 2])).toEqual({ min: 2, max: 2, q1: 2, q3: 2, iqr: 0 });
  });

  it('when there are no runs or a run is not a number, then it refuses rather than report nonsense', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => spread([1, Number.NaN])).toThrow(RangeError);
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
  });

  it('when the runs are summarised, then the input array is left as it was', () => {
    const runs = [3, 1, 2];
    figure('x', 'ms', runs);
    median(runs);
    expect(runs).toEqual([3, 1, 2]);
  });

  it('when a ratio has a zero or non-finite side, then it is null', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
    expect(ratio(1, Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('when two sets of runs are compared, then the ratio is of their medians, with the extreme pairings', () => {
    expect(ratioOfMedians([10, 20, 30], [5, 10, 20])).toEqual({ value: 2, low: 0.5, high: 6 });
  });

  it('when a figure is made, then it carries runs, median, spread, samples and inputs', () => {
    expect(figure('sync', 'ms', [3, 1, 2], { rows: 100 })).toEqual({
      label: 'sync',
      unit: 'ms',
      runs: 3,
      median: 2,
      spread: { min: 1, max: 3, q1: 1.5, q3: 2.5, iqr: 1 },
      samples: [3, 1, 2],
      inputs: { rows: 100 },
    });
  });

  it('when a numeric target is checked, then it is met only as its comparison says', () => {
    expect(numericTarget('t', '<=', 1.5, 1.5, '').met).toBe(true);
    expect(numericTarget('t', '<=', 1.5, 1.51, '').met).toBe(false);
    expect(numericTarget('t', '>=', 50, 49.9, '').met).toBe(false);
    expect(numericTarget('t', '<', 100, 100, '').met).toBe(false);
    expect(numericTarget('t', '==', 9, 9, '').met).toBe(true);
    expect(numericTarget('t', '<=', 1.5, null, '')).toMatchObject({
      met: false,
      value: null,
      target: '<= 1.5',
    });
  });

  it('when a yes/no target could not be checked, then it is not met', () => {
    expect(booleanTarget('t', 'same', true, '').met).toBe(true);
    expect(booleanTarget('t', 'same', false, '').met).toBe(false);
    expect(booleanTarget('t', 'same', null, '').met).toBe(false);
  });

  it('when a value is rounded for the report, then it keeps three significant figures and whole numbers whole', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(0.0012345)).toBe(0.00123);
    expect(round(12345.6)).toBe(12346);
    expect(round(0)).toBe(0);
  });

  it('when values are printed, then times, sizes and counts read as a person writes them', () => {
    expect(formatValue(12_345, 'ms')).toBe('12.3 s');
    expect(formatValue(1_234, 'ms')).toBe('1.23 s');
    expect(formatValue(123.4, 'ms')).toBe('123 ms');
    expect(formatValue(1.234, 'ms')).toBe('1.23 ms');
    expect(formatValue(999_821, 'bytes')).toBe('976.4 KB');
    expect(formatValue(5 * 1024 * 1024, 'bytes')).toBe('5.00 MB');
    expect(formatValue(9, 'requests')).toBe('9 requests');
    expect(formatValue(10_000, 'rows')).toBe('10,000 rows');
  });

  it('when runs were made in rounds, then paired ratios divide within each round, so a busy round does not widen them', () => {
    // Round 2 ran on a busy machine: both doubled, the ratio did not.
    const ratios = pairedRatios([300, 600, 310], [100, 200, 100]);
    expect(ratios).toEqual([3, 3, 3.1]);
    expect(spread(ratios).max - spread(ratios).min).toBeCloseTo(0.1);
    expect(() => pairedRatios([1, 2], [1])).toThrow(RangeError);
  });
});
