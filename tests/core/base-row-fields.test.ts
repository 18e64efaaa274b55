import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE_ROW_FIELDS, fieldsAsSyncWrote } from '../../core/base-row-fields.js';
import { FIELD_LIMITS } from '../../core/field-checks.js';
import { ActionFields, STATUSES, toIsoDate } from '../../core/plan.js';
import { BaseSheetError, decodeBaseSheet, encodeBaseSheet } from '../../core/sync-base-sheet.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);

/** Characters that matter to the text rules: plain, allowed white space, refused controls, broken Unicode. */
const CHARS = [
  'a',
  'Z',
  ' ',
  '£',
  'é',
  '"',
  '\\',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u2028',
  '😀',
  '\ud800',
  '\udfff',
];

const CLEAN = CHARS.filter((c) => ActionFields.shape.theme.safeParse(c).success);

const textOf = (chars: string[]) =>
  fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((cs) => cs.join(''));

/** Mostly what sync writes; now and then what it never would. */
const mostly = <T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 20, arbitrary: usual }, { weight: 1, arbitrary: unusual });

const someText = mostly(textOf(CLEAN), textOf(CHARS));

/** Text of any kind, now and then right at a limit or one past it. */
const textNear = (max: number) =>
  fc.oneof(
    { weight: 6, arbitrary: someText },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: max - 2, max: max + 1 }), fc.constantFrom(...CHARS))
        .map(([n, last]) => 'x'.repeat(Math.max(0, n - last.length)).concat(last)),
    },
  );

/** Dates written YYYY-MM-DD, real or not, and things that only look like them. */
const dateLookalike = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
    )
    .map(
      ([y, m, d]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    ),
  fc.constantFrom(
    '2024-02-29',
    '2025-02-29',
    '1900-02-29',
    '2000-02-29',
    '2025-04-31',
    '2025-1-01',
    '2025-01-01\n',
    ' 2025-01-01',
    '2025-01-01T00:00:00Z',
    '２０２５-01-01',
    '+02025-01-01',
    '',
  ),
);

const realDate = fc
  .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map(toIsoDate);

const someDate = mostly(
  fc.constantFrom('2025-03-31', '2025-09-30', '2024-12-31'),
  fc.oneof(realDate, dateLookalike),
);

const nullOr = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(null), arb);

const L = FIELD_LIMITS;

/** Each field as sync writes it, often at its limits: zod accepts most of these, not all. */
const fieldValues = {
  theme: textNear(L.theme),
  action: textNear(L.action),
  recommendations: fc.array(textNear(L.recommendation), { maxLength: 3 }),
  directorate: textNear(L.directorate),
  lead: textNear(L.lead),
  timescale: textNear(L.timescale),
  due: nullOr(someDate),
  milestones: fc.array(fc.record({ label: textNear(L.milestoneLabel), due: nullOr(someDate) }), {
    maxLength: 3,
  }),
  status: mostly(nullOr(fc.constantFrom(...STATUSES)), fc.constantFrom('on track', 'Purple', '', 1)),
  progress: textNear(L.progress),
  order: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0)),
  extra: fc.dictionary(
    fc.oneof(someText, textNear(L.extraHeading), fc.constantFrom('__proto__', 'constructor')),
    textNear(L.extraText),
    { maxKeys: 2 },
  ),
};

const rowFields = fc.record(fieldValues);

const cleanText = textOf(CLEAN);
/** Rows as sync writes them, every value within the rules. */
const syncFields = fc.record({
  theme: cleanText,
  action: cleanText,
  recommendations: fc.array(cleanText, { maxLength: 3 }),
  directorate: cleanText,
  lead: cleanText,
  timescale: cleanText,
  due: nullOr(realDate),
  milestones: fc.array(fc.record({ label: cleanText, due: nullOr(realDate) }), { maxLength: 2 }),
  status: nullOr(fc.constantFrom(...STATUSES)),
  progress: cleanText,
  order: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), cleanText, { maxKeys: 2 }),
});

/** What someone editing the hidden sheet, or a bug, might do to a row's JSON. */
type Row = Record<string, unknown>;

const mutation: fc.Arbitrary<(row: Row) => void> = fc.oneof<fc.Arbitrary<(row: Row) => void>[]>(
  fc.tuple(fc.constantFrom(...BASE_ROW_FIELDS), fc.jsonValue()).map(([field, value]) => (row: Row) => {
    row[field] = value;
  }),
  fc.constantFrom(...BASE_ROW_FIELDS).map((field) => (row: Row) => {
    delete row[field];
  }),
  fc
    .tuple(fc.constantFrom('note', 'id', 'version', '__proto__', 'constructor'), fc.jsonValue())
    .map(([key, value]) => (row: Row) => {
      Object.defineProperty(row, key, { value, enumerable: true, writable: true, configurable: true });
    }),
  fc.constantFrom(...BASE_ROW_FIELDS).map((field) => (row: Row) => {
    row[field] = row[field] === null ? undefined : [row[field]];
  }),
  fc.jsonValue().map((value) => (row: Row) => {
    const milestones = row.milestones;
    if (Array.isArray(milestones)) milestones.push({ label: 'Review', due: null, extra: value });
  }),
  fc.constantFrom('recommendations', 'milestones').map((field) => (row: Row) => {
    const list = row[field];
    if (Array.isArray(list)) row[field] = Array.from({ length: 51 }, () => list[0] ?? 'x');
  }),
  fc.constant((row: Row) => {
    row.extra = [row.extra];
  }),
  // The same fields in another order: zod gives them back in its own.
  fc.constantFrom(...BASE_ROW_FIELDS).map((field) => (row: Row) => {
    const value = row[field];
    delete row[field];
    row[field] = value;
  }),
  fc.constant((row: Row) => {
    const milestones = row.milestones;
    if (Array.isArray(milestones)) milestones.unshift({ due: null, label: 'Review' });
  }),
  fc.constant((row: Row) => {
    row.extra = { '': 'no heading' };
  }),
);

/** The JSON of a row as the base sheet holds it: sync's own, tampered with, or not a row at all. */
const rowJson = fc.oneof(
  { weight: 2, arbitrary: syncFields.map((row) => JSON.stringify(row)) },
  { weight: 3, arbitrary: rowFields.map((row) => JSON.stringify(row)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.oneof(syncFields, rowFields), fc.array(mutation, { minLength: 1, maxLength: 2 }))
      .map(([row, changes]) => {
        const tampered: Row = structuredClone(row);
        for (const change of changes) change(tampered);
        return JSON.stringify(tampered);
      }),
  },
  {
    weight: 2,
    // One date of a row sync wrote made to look like a date and not be one.
    arbitrary: fc
      .tuple(syncFields, fc.boolean(), dateLookalike)
      .map(([row, inMilestone, due]) =>
        JSON.stringify(inMilestone ? { ...row, milestones: [{ label: 'Review', due }] } : { ...row, due }),
      ),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null') },
  {
    weight: 1,
    // JSON.parse makes what JSON.stringify never writes: 1e400 is Infinity, and own __proto__ keys.
    arbitrary: fc
      .tuple(
        fc.oneof(syncFields, rowFields),
        fc.constantFrom('"order":1e400', '"order":-0', '"__proto__":{"theme":"x"}'),
      )
      .map(([row, text]) =>
        JSON.stringify(row).replace(/"order":[^,]*/, text.startsWith('"order"') ? text : `$&,${text}`),
      ),
  },
);

/** A base's rows: mostly sync's own, so that many bases decode whole. */
const mostlySync = fc.oneof(
  { weight: 4, arbitrary: syncFields.map((row) => JSON.stringify(row)) },
  { weight: 1, arbitrary: rowJson },
);

describe('a base row accepted without zod', () => {
  it("when ActionFields' fields are listed, then the fast check knows exactly those, in the schema's order", () => {
    // A field added to ActionFields fails here until core/base-row-fields.ts checks it too.
    expect([...BASE_ROW_FIELDS]).toEqual(Object.keys(ActionFields.shape));
  });

  const valid = ActionFields.parse({
    recommendations: ['3'],
    milestones: [{ label: 'Review', due: '2026-03-31' }],
    extra: { Budget: '£1m' },
  });
  const atLimits: [string, number, (n: number) => unknown][] = [
    ['theme', L.theme, (n) => ({ ...valid, theme: 'x'.repeat(n) })],
    ['action', L.action, (n) => ({ ...valid, action: 'x'.repeat(n) })],
    ['recommendations', L.recommendations, (n) => ({ ...valid, recommendations: Array(n).fill('3') })],
    ['recommendation', L.recommendation, (n) => ({ ...valid, recommendations: ['x'.repeat(n)] })],
    ['directorate', L.directorate, (n) => ({ ...valid, directorate: 'x'.repeat(n) })],
    ['lead', L.lead, (n) => ({ ...valid, lead: 'x'.repeat(n) })],
    ['timescale', L.timescale, (n) => ({ ...valid, timescale: 'x'.repeat(n) })],
    ['milestones', L.milestones, (n) => ({ ...valid, milestones: Array(n).fill({ label: 'R', due: null }) })],
    [
      'milestoneLabel',
      L.milestoneLabel,
      (n) => ({ ...valid, milestones: [{ label: 'x'.repeat(n), due: null }] }),
    ],
    ['progress', L.progress, (n) => ({ ...valid, progress: 'x'.repeat(n) })],
    ['extraHeading', L.extraHeading, (n) => ({ ...valid, extra: { ['x'.repeat(n)]: 'y' } })],
    ['extraText', L.extraText, (n) => ({ ...valid, extra: { Notes: 'x'.repeat(n) } })],
  ];

  it.each(atLimits)(
    "when %s is at ActionFields' limit, then both accept it, and one past it, neither does",
    (_, limit, at) => {
      expect(ActionFields.safeParse(at(limit)).success).toBe(true);
      expect(fieldsAsSyncWrote(at(limit))).toEqual(ActionFields.parse(at(limit)));
      expect(ActionFields.safeParse(at(limit + 1)).success).toBe(false);
      expect(fieldsAsSyncWrote(at(limit + 1))).toBeNull();
    },
  );

  it('when a row is as sync writes it, then it is accepted without zod, as zod gives it', () => {
    expect(fieldsAsSyncWrote(JSON.parse(JSON.stringify(valid)))).toStrictEqual(valid);
  });

  it('when a row, random or tampered with, is accepted, then zod accepts it too and gives back the same fields', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(rowJson, (json) => {
        const value: unknown = JSON.parse(json);
        const fast = fieldsAsSyncWrote(value);
        if (fast === null) {
          refused++;
          return;
        }
        accepted++;
        const zod = ActionFields.safeParse(value);
        expect(zod.success, `zod refused a row the fast check accepted: ${json}`).toBe(true);
        expect(fast).toStrictEqual(zod.data);
        // In the same order too: a base written back is the same text.
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }),
      { numRuns: RUNS },
    );
    // The property proves nothing if every row went one way.
    expect(accepted).toBeGreaterThan(RUNS / 20);
    expect(refused).toBeGreaterThan(RUNS / 20);
  });

  it('when a base holds such rows, then decoding it gives what zod alone gives, or refuses when zod refuses one', () => {
    const PLAN = '01HZY3M8Q4V6W7X8Y9Z0ABCDEF';
    const meta = {
      council: 'chorley',
      plan: PLAN,
      sheet: 'Action plan',
      headerRow: 1,
      firstColumn: 1,
      api: null,
    };
    let decoded = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mostlySync, { minLength: 1, maxLength: 4 }), (jsons) => {
        const ids = jsons.map((_, i) => `01HZY3M8Q4V6W7X8Y9Z0ABC${String(i).padStart(3, '0')}`);
        const cells = encodeBaseSheet(meta, { cursor: 7, rows: {} });
        cells[8] = ['rows', String(jsons.length)];
        jsons.forEach((json, i) => {
          cells.push([ids[i] as string, '2', json.slice(0, 5), json.slice(5)]);
        });
        // The decode before the fast path: every row through zod.
        const byZod = jsons.map((json) => ActionFields.safeParse(JSON.parse(json)));
        if (byZod.some((parsed) => !parsed.success)) {
          refused++;
          expect(() => decodeBaseSheet(cells)).toThrow(BaseSheetError);
          return;
        }
        decoded++;
        const rows = decodeBaseSheet(cells)?.base.rows ?? {};
        expect(Object.keys(rows)).toEqual(ids);
        ids.forEach((id, i) => {
          expect(rows[id]).toStrictEqual({ id, version: 2, fields: byZod[i]?.data });
          expect(JSON.stringify(rows[id]?.fields)).toBe(JSON.stringify(byZod[i]?.data));
        });
      }),
      { numRuns: RUNS / 2 },
    );
    expect(decoded).toBeGreaterThan(RUNS / 40);
    expect(refused).toBeGreaterThan(RUNS / 40);
  });
});
