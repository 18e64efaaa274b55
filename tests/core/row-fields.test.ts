import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ZodError } from 'zod';
import { ActionFields, MAX_CELL_TEXT, STATUSES } from '../../core/plan.js';
import { builtFields, rowFields } from '../../core/row-fields.js';

/** Text near every limit the schema sets, now and then with a character it refuses. */
const text = (max: number) =>
  fc.oneof(
    { arbitrary: fc.string({ maxLength: 12 }), weight: 20 },
    fc.string({ minLength: max - 2, maxLength: max + 2 }),
    fc.constantFrom('\u0000', 'a\u000bb', 'line\nbreak\ttab', '\ud800', 'emoji 😀', '  padded  '),
  );
const date = fc.oneof(
  { arbitrary: fc.constant('2026-03-31'), weight: 5 },
  fc.constantFrom('2026-03-31', '2024-02-29', '2023-02-29', '2026-13-01', '2026-3-1', 'March 2026', ''),
  fc
    .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constant(null),
);
const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });

/** What readTableRow hands over, and values it never does (wrong types, too many, bad keys). */
const input = fc.record(
  {
    theme: optional(text(MAX_CELL_TEXT)),
    action: optional(fc.oneof({ arbitrary: text(MAX_CELL_TEXT), weight: 20 }, fc.integer())),
    recommendations: optional(
      fc.oneof(
        { arbitrary: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), weight: 20 },
        fc.array(text(100), { maxLength: 52 }),
      ),
    ),
    directorate: optional(text(200)),
    lead: optional(text(200)),
    timescale: optional(text(1_000)),
    due: optional(fc.oneof({ arbitrary: date, weight: 20 }, fc.integer())),
    milestones: optional(
      fc.array(
        fc.oneof(
          { arbitrary: fc.record({ label: text(1_000), due: date }), weight: 30 },
          fc.record({ label: text(20), due: date, more: fc.string() }),
          fc.record({ label: text(20) }),
          fc.constant(null),
        ),
        { maxLength: 3 },
      ),
    ),
    status: optional(
      fc.oneof(
        { arbitrary: fc.constantFrom(...STATUSES, null), weight: 20 },
        fc.constantFrom('Green', ''),
        fc.integer(),
      ),
    ),
    progress: optional(text(MAX_CELL_TEXT)),
    order: optional(
      fc.oneof(
        { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 20 },
        fc.double(),
        fc.string(),
      ),
    ),
    extra: optional(
      fc.oneof(
        {
          arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), {
            maxKeys: 3,
          }),
          weight: 20,
        },
        fc.dictionary(
          fc.oneof(fc.string({ maxLength: 8 }), fc.string({ minLength: 199, maxLength: 201 })),
          text(MAX_CELL_TEXT),
          {
            maxKeys: 3,
          },
        ),
        fc.constant({ ['__proto__']: 'kept', constructor: 'kept too' }),
        fc.constant(JSON.parse('{"__proto__": "own key"}') as Record<string, string>),
        fc.constant(['not', 'an', 'object']),
      ),
    ),
    stray: optional(fc.string()),
  },
  { requiredKeys: [] },
);

describe('rowFields', () => {
  it('when a row is built without zod, then its fields are exactly what the schema makes of it, key for key', () => {
    let built = 0;
    fc.assert(
      fc.property(input, (row) => {
        const fields = builtFields(row);
        const parsed = ActionFields.safeParse(row);
        if (fields === null) return;
        built++;
        expect(parsed.success).toBe(true);
        // JSON keeps key order: a base written from either must be the same text.
        expect(JSON.stringify(fields)).toBe(JSON.stringify(parsed.data));
        expect(Object.keys(fields.extra)).toEqual(Object.keys(parsed.data?.extra ?? {}));
      }),
      { numRuns: 2_000 },
    );
    expect(built).toBeGreaterThan(100);
  });

  it('when a value breaks the plan rules, then the row fails with the schema own reason', () => {
    fc.assert(
      fc.property(input, (row) => {
        const parsed = ActionFields.safeParse(row);
        if (parsed.success) expect(rowFields(row)).toEqual(parsed.data);
        else {
          let thrown: unknown;
          try {
            rowFields(row);
          } catch (error) {
            thrown = error;
          }
          expect((thrown as ZodError).issues).toEqual(parsed.error.issues);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('when rows share a timescale reading, then each gets milestones of its own', () => {
    const milestones = [{ label: 'By March 2026', due: '2026-03-31' }];
    const a = rowFields({ milestones });
    const b = rowFields({ milestones });
    expect(a.milestones).toEqual(milestones);
    expect(a.milestones[0]).not.toBe(milestones[0]);
    expect(a.milestones[0]).not.toBe(b.milestones[0]);
  });
});
