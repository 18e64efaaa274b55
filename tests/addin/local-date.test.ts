import { describe, expect, it } from 'vitest';
import { localIsoDate } from '../../addin/local-date.js';

describe("the summary's date", () => {
  it("when it is 00:30 on the officer's clock, then the date sent is the officer's own calendar date", () => {
    expect(localIsoDate(new Date(2026, 5, 1, 0, 30))).toBe('2026-06-01');
  });
});
