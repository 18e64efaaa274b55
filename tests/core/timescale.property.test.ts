import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsoDate, STATUSES } from '../../core/plan.js';
import { readTimescale } from '../../core/timescale.js';

/** Pieces officers write in timescale cells, so generated text often looks like a real one. */
const FRAGMENTS = [
  'Dec',
  'December',
  'Sept',
  'May',
  'Mar',
  'Feb.',
  '21',
  '2022',
  '2020/21',
  '2021-22',
  '2024/2025',
  'FY',
  'Q3',
  'quarter',
  'one',
  'of',
  '1st',
  '31st',
  '29',
  'winter',
  'summer',
  'by',
  'end',
  'no later than',
  'onwards',
  'ongoing',
  'underway',
  'complete',
  'TBC',
  'review',
  '/',
  ' / ',
  '-',
  '–',
  ';',
  '.',
  ',',
  '\n',
  '• ',
  '16/06/2022',
  '2022-06-16',
  '\u0000',
];

const timescaleLike = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.nat(3000).map(String), fc.string({ maxLength: 4 })), {
    maxLength: 30,
  })
  .chain((pieces) => fc.constantFrom(' ', '', '\t').map((gap) => pieces.join(gap)));

/** Cells with several dated parts, so the milestone properties are exercised often. */
const severalDates = fc
  .array(
    fc.tuple(
      fc.constantFrom('', 'Review', 'Draft proposals', 'by end'),
      fc.constantFrom(
        'Dec 21',
        'Feb 22',
        '2020/21',
        'Q3 2023/24',
        'summer 2022',
        '16/06/2022',
        'Jan/Feb 2023',
        '2021',
      ),
    ),
    { minLength: 2, maxLength: 6 },
  )
  .chain((parts) =>
    fc.constantFrom('\n', '; ', ' / ', '\n• ').map((gap) => parts.map((part) => part.join(' ')).join(gap)),
  );

const anyText = fc.oneof(
  timescaleLike,
  severalDates,
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);

const isRealDate = (due: string | null) => due === null || IsoDate.safeParse(due).success;

describe('readTimescale, for any text', () => {
  it('never throws, and every due date is null or a real YYYY-MM-DD date', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const reading = readTimescale(text);
        expect(isRealDate(reading.due)).toBe(true);
        for (const milestone of reading.milestones)
          expect(IsoDate.safeParse(milestone.due).success).toBe(true);
        if (reading.status !== undefined) expect(STATUSES).toContain(reading.status);
        expect(reading.warnings.every((warning) => typeof warning === 'string')).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('when there are milestones, then there are at least two and due is the latest of them', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { due, milestones } = readTimescale(text);
        if (milestones.length === 0) return;
        expect(milestones.length).toBeGreaterThan(1);
        const latest = milestones
          .map((m) => m.due ?? '')
          .sort()
          .at(-1);
        expect(due).toBe(latest);
      }),
      { numRuns: 2_000 },
    );
  });

  it('when the text is blank, then there is no date and no warning', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ \t\r\n]{0,20}$/), (text) => {
        expect(readTimescale(text)).toEqual({ due: null, milestones: [], warnings: [] });
      }),
    );
  });
});

describe('readTimescale, for generated dates', () => {
  const MONTHS = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const lastDay = (year: number, month: number) =>
    new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

  it('when a month and year are written in any common form, then due is the last day of that month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2000, max: 2099 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('', 'by ', 'end of ', 'by end ', 'Review '),
        (month, year, abbreviated, twoDigitYear, lead) => {
          const name = MONTHS[month - 1] ?? '';
          const written = `${lead}${abbreviated ? name.slice(0, 3) : name} ${twoDigitYear ? String(year).slice(2) : year}`;
          expect(readTimescale(written).due).toBe(lastDay(year, month));
        },
      ),
    );
  });

  it('when a financial year is written, then due is 31 March of its second year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2098 }),
        fc.constantFrom('/', '-'),
        fc.boolean(),
        (year, sep, full) => {
          const second = full ? String(year + 1) : String(year + 1).slice(2);
          expect(readTimescale(`${year}${sep}${second}`).due).toBe(`${year + 1}-03-31`);
        },
      ),
    );
  });

  it('when a financial quarter is written, then due is the last day of its three months from April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2098 }), fc.integer({ min: 1, max: 4 }), (year, quarter) => {
        const financialYear = `${year}/${String(year + 1).slice(2)}`;
        const endMonth = quarter * 3 + 3;
        const expected = endMonth > 12 ? lastDay(year + 1, endMonth - 12) : lastDay(year, endMonth);
        expect(readTimescale(`Q${quarter} ${financialYear}`).due).toBe(expected);
      }),
    );
  });
});
