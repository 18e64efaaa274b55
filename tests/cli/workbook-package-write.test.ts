import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameValue, valueKeyOf } from '../../cli/workbook-package-write.js';

/** Cell values as ExcelJS gives them, and strings that look like another value's JSON. */
const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
const value = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('null', '3', 'true', '"x"', '{"formula":"A1"}', '2026-03-31T00:00:00.000Z', ''),
  date.map((d) => d.toISOString()),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  date,
  fc.record({
    formula: fc.constantFrom('A1', 'B2'),
    result: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 2 })),
  }),
  fc.record({ richText: fc.array(fc.record({ text: fc.string({ maxLength: 3 }) }), { maxLength: 2 }) }),
  fc.record({ error: fc.constantFrom('#REF!', '#N/A') }),
);

describe('the save compares cell values', () => {
  it('when two cell values are compared, then they are the same exactly when their JSON is', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(value, value),
          date.map((d) => [d, d.toISOString()]),
        ),
        ([a, b]) => {
          const asJson = JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
          expect(sameValue(valueKeyOf(a), valueKeyOf(b))).toBe(asJson);
          expect(sameValue(valueKeyOf(b), valueKeyOf(a))).toBe(asJson);
          expect(sameValue(valueKeyOf(a), valueKeyOf(a))).toBe(true);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('when a date and its ISO text are compared, then they are the same, as their JSON is', () => {
    const at = new Date('2026-03-31T00:00:00.000Z');
    expect(sameValue(valueKeyOf(at), valueKeyOf('2026-03-31T00:00:00.000Z'))).toBe(true);
    expect(sameValue(valueKeyOf('2026-03-31T00:00:00.000Z'), valueKeyOf(at))).toBe(true);
    expect(sameValue(valueKeyOf('null'), valueKeyOf(null))).toBe(false);
    expect(sameValue(valueKeyOf(3), valueKeyOf('3'))).toBe(false);
  });
});
