import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPath } from '../../core/field-paths.js';
import { readCell } from '../../core/grid-cell.js';
import { type ActionFields, ActionFields as ActionFieldsSchema, STATUSES } from '../../core/plan.js';
import { readRecommendationRefs } from '../../core/recommendation-ref.js';
import {
  fieldToCell,
  isBlankRow,
  layoutFromHeadings,
  PLAN_HEADINGS,
  readTableRow,
  rowToCells,
  sheetLayoutOf,
} from '../../core/sheet-table.js';
import { sameMeaning } from '../../core/sync-sheet.js';
import { readTimescale } from '../../core/timescale.js';

/** The headings of tests/fixtures/peer-challenge-2019-grid.xlsx, row 3. */
const FIXTURE_HEADINGS = [
  'Theme',
  'Proposed action',
  'Link to peer challenge recommendation',
  'Directorate',
  'Timescales',
];
const ID = '01HZY3M8Q4V6W7X8Y9Z0ABCDEF';

const pathsOf = (headings: readonly string[]) =>
  layoutFromHeadings(headings).columns.map((c) => [c.heading, c.path]);

describe('layoutFromHeadings', () => {
  it('when given the 2019 fixture headings, then each maps to its field and a hidden Id column comes after them', () => {
    const layout = layoutFromHeadings(FIXTURE_HEADINGS);
    expect(pathsOf(FIXTURE_HEADINGS)).toEqual([
      ['Theme', 'theme'],
      ['Proposed action', 'action'],
      ['Link to peer challenge recommendation', 'recommendations'],
      ['Directorate', 'directorate'],
      ['Timescales', 'timescale'],
      ['Id', null],
    ]);
    expect(layout.idColumn).toBe(5);
    expect(sheetLayoutOf(layout).paths).toEqual([
      'theme',
      'action',
      'recommendations',
      'directorate',
      'timescale',
    ]);
  });

  it("when given the product's own headings, then the Id column is the one already there and Due syncs the due date", () => {
    const layout = layoutFromHeadings(PLAN_HEADINGS);
    expect(layout.idColumn).toBe(PLAN_HEADINGS.indexOf('Id'));
    expect(layout.columns).toHaveLength(PLAN_HEADINGS.length);
    expect(sheetLayoutOf(layout).paths).toEqual([
      'theme',
      'action',
      'recommendations',
      'directorate',
      'lead',
      'timescale',
      'due',
      'status',
      'progress',
    ]);
  });

  it('when a column has a heading the product does not know, then it syncs as an extra field under that heading', () => {
    expect(pathsOf(['Proposed action', 'Budget', 'Timescale'])).toContainEqual(['Budget', 'extra.Budget']);
  });

  it('when a heading is blank between others, then its column is kept as an extra field named by position', () => {
    expect(pathsOf(['Proposed action', '', 'Timescale'])).toContainEqual(['', 'extra.Column 2']);
  });

  it('when two columns have the same role, then the first syncs the field and the second is an extra', () => {
    expect(pathsOf(['Proposed action', 'Lead officer', 'SRO'])).toEqual([
      ['Proposed action', 'action'],
      ['Lead officer', 'lead'],
      ['SRO', 'extra.SRO'],
      ['Id', null],
    ]);
  });

  it('when a column is headed "Due" or "Due date", then it syncs the due date rather than the timescale', () => {
    expect(pathsOf(['Proposed action', 'Timescale', 'Due date'])).toContainEqual(['Due date', 'due']);
    expect(pathsOf(['Proposed action', 'Due'])).toContainEqual(['Due', 'due']);
  });

  it('when trailing headings are blank, then the table ends at the last heading', () => {
    const layout = layoutFromHeadings(['Proposed action', 'Timescale', '', null]);
    expect(layout.idColumn).toBe(2);
  });
});

describe('readTableRow', () => {
  const fixture = layoutFromHeadings(FIXTURE_HEADINGS);
  const plan = layoutFromHeadings(PLAN_HEADINGS);

  it.each([
    ['an error value', { error: '#REF!' }, 'the cell shows the error #REF!'],
    ['an error as Office.js gives it', '#N/A', 'the cell shows the error #N/A'],
    [
      'a formula never calculated',
      { formula: 'A1*2' },
      'the formula =A1*2 has no saved result (open and save it in Excel)',
    ],
    [
      'more text than the plan keeps',
      'x'.repeat(10_001),
      'it holds 10,001 characters and the plan keeps at most 10,000 (nothing was cut)',
    ],
  ])(
    'when the Progress cell holds %s, then it is listed as unsent with why, not read as blank or cut',
    (_, cell, why) => {
      const cells = ['Governance', 'Invest', '', 'Legal', '', '', '', '', cell, ''];
      const row = readTableRow(cells, plan);
      expect(row.unsent).toEqual([{ path: 'progress', why }]);
      expect(row.fields.progress).toBe('');
    },
  );

  it('when many rows share a timescale, then each row has its own due date and milestones, read the same way', () => {
    const timescale = 'Establish Dec 21 / Report April 22';
    const first = readTableRow(['Governance', 'Invest', '', 'Legal', timescale], fixture);
    const second = readTableRow(['Governance', 'Review', '', 'Legal', timescale], fixture);
    expect(second.fields.milestones).toEqual(readTimescale(timescale).milestones);
    expect(second.fields.milestones).toHaveLength(2);
    // A row's fields are its own: changing one row's milestones leaves the next row's reading alone.
    first.fields.milestones.pop();
    (first.fields.milestones as unknown[]).push({ label: 'changed', due: null });
    const third = readTableRow(['Governance', 'Scope', '', 'Legal', timescale], fixture);
    expect(third.fields.milestones).toEqual(readTimescale(timescale).milestones);
    expect(second.fields.due).toBe(readTimescale(timescale).due);
  });

  it('when a cell holds a formula with a result, then its value is read and the cell is listed as a formula', () => {
    const cells = ['Governance', 'Invest', '', { formula: 'Contacts!B2', result: 'Head of Legal' }, ''];
    const row = readTableRow(cells, fixture);
    expect(row.fields.directorate).toBe('Head of Legal');
    expect(row.formulas).toEqual(['directorate']);
    const excel = readTableRow(['Governance', 'Invest', '', 'Legal', ''], fixture, '', (i) => i === 1);
    expect(excel.formulas).toEqual(['action']);
  });

  it('when extra columns are headed __proto__ and constructor, then both are own extra fields', () => {
    const table = layoutFromHeadings(['Proposed action', '__proto__', 'constructor', 'Other']);
    const row = readTableRow(['Invest', 'a', 'b', ''], table);
    expect(Object.entries(row.fields.extra)).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b'],
    ]);
    expect(fieldToCell(row.fields, 'extra.Other')).toBe('');
    expect(fieldToCell(ActionFieldsSchema.parse({}), 'extra.constructor')).toBe('');
  });

  it('when a recommendation is written "Recommendation 3", then the row links number 3', () => {
    const row = readTableRow(['Change', 'Invest', 'Recommendation 3', 'Commercial', ''], fixture);
    expect(row.fields.recommendations).toEqual(['3']);
  });

  it('when the status says "Green", then it reads as On track', () => {
    const cells = rowToCells(ID, ActionFieldsSchema.parse({ action: 'Invest' }), plan);
    cells[PLAN_HEADINGS.indexOf('Status')] = 'Green';
    expect(readTableRow(cells, plan).fields.status).toBe('On track');
  });

  it('when the table has no Due column, then the due date comes from the timescale text', () => {
    const row = readTableRow(['', 'Invest', '', '', '2020/21 – by December 2020'], fixture);
    expect(row.fields.due).toBe('2020-12-31');
  });

  it('when a Due cell holds an Excel serial number or a date, then it reads as that day', () => {
    const at = PLAN_HEADINGS.indexOf('Due');
    const cells: unknown[] = rowToCells(ID, ActionFieldsSchema.parse({ action: 'Invest' }), plan);
    cells[at] = 46_022;
    expect(readTableRow(cells as string[], plan).fields.due).toBe('2025-12-31');
    cells[at] = new Date(Date.UTC(2021, 2, 31));
    expect(readTableRow(cells as string[], plan).fields.due).toBe('2021-03-31');
  });

  it('when the theme cell is blank under a filled one, then the carried theme is the row theme', () => {
    const row = readTableRow(['', 'Refresh the Digital Strategy', '', '', ''], fixture, 'Change management');
    expect(row.fields.theme).toBe('Change management');
    expect(readTableRow(['Own theme', 'x', '', '', ''], fixture, 'Change management').fields.theme).toBe(
      'Own theme',
    );
  });

  it('when the id cell is blank or filled, then the row has no id or that id', () => {
    expect(readTableRow(['', 'Invest', '', '', ''], fixture).id).toBeNull();
    expect(readTableRow(['', 'Invest', '', '', '', ID], fixture).id).toBe(ID);
  });

  it('when a row holds only an id, then it is blank', () => {
    expect(isBlankRow(['', '', '', '', '', ID], fixture)).toBe(true);
    expect(isBlankRow(['', 'Invest', '', '', '', ID], fixture)).toBe(false);
  });
});

describe('fieldToCell and rowToCells', () => {
  const plan = layoutFromHeadings([...PLAN_HEADINGS.slice(0, -1), 'Budget', 'Id']);
  const fields = ActionFieldsSchema.parse({
    theme: 'Organisational development',
    action: 'Develop an Internal Communications Strategy',
    recommendations: ['4', '7'],
    directorate: 'Policy and Governance',
    lead: 'Head of Policy',
    timescale: '2020/21 – by March 2021',
    due: '2021-03-31',
    status: 'At risk',
    progress: 'Draft with SLT',
    extra: { Budget: '£20k' },
  });

  it('when a row is written, then lists are joined, the date is ISO and the id sits in the Id column', () => {
    expect(rowToCells(ID, fields, plan)).toEqual([
      'Organisational development',
      'Develop an Internal Communications Strategy',
      '4, 7',
      'Policy and Governance',
      'Head of Policy',
      '2020/21 – by March 2021',
      '2021-03-31',
      'At risk',
      'Draft with SLT',
      '£20k',
      ID,
    ]);
    expect(fieldToCell(ActionFieldsSchema.parse({}), 'due')).toBe('');
  });

  it('when a written row is read back, then it has the same fields and id', () => {
    const back = readTableRow(rowToCells(ID, fields, plan), plan);
    expect(back.id).toBe(ID);
    expect(back.fields).toMatchObject({ ...fields, milestones: expect.any(Array) });
  });
});

/** Text as officers type it in these columns: words, digits, punctuation that means nothing special. */
const words = fc
  .array(fc.constantFrom('Review', 'the', 'OD', 'Strategy', 'Members', '2021', 'and', '&', 'plan', '—'), {
    maxLength: 8,
  })
  .map((parts) => parts.join(' '));
const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const actionFields: fc.Arbitrary<ActionFields> = fc
  .record({
    theme: words,
    action: words,
    recommendations: fc.uniqueArray(fc.integer({ min: 1, max: 40 }).map(String), { maxLength: 5 }),
    directorate: words,
    lead: words,
    timescale: words,
    due: fc.option(isoDate, { nil: null }),
    status: fc.option(fc.constantFrom(...STATUSES), { nil: null }),
    progress: words,
    budget: words,
  })
  .map(({ budget, ...fields }) =>
    ActionFieldsSchema.parse({ ...fields, extra: budget ? { Budget: budget } : {} }),
  );

describe('a row written and read back (property)', () => {
  it('when any action is written into a row and read back, then every column the sheet has means the same', () => {
    const table = layoutFromHeadings([...PLAN_HEADINGS.slice(0, -1), 'Budget', 'Id']);
    const { paths } = sheetLayoutOf(table);
    fc.assert(
      fc.property(actionFields, (fields) => {
        const back = readTableRow(rowToCells(ID, fields, table), table);
        expect(back.id).toBe(ID);
        for (const path of paths) {
          expect(
            sameMeaning(readPath(back.fields, path), readPath(fields, path)),
            `${path}: ${JSON.stringify(readPath(back.fields, path))} vs ${JSON.stringify(readPath(fields, path))}`,
          ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a recommendations cell (property)', () => {
  // Up to 60, evenly: past 50 the plan keeps no more.
  const numbers = fc
    .integer({ min: 0, max: 60 })
    .chain((length) =>
      fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: 999 }).map(String),
          fc.constantFrom('3.1', '12.4.2a', 'R7', 'Rec 2'),
        ),
        { minLength: length, maxLength: length },
      ),
    );
  const cell = fc.oneof(
    numbers.map((ns) => ns.join(', ')),
    numbers.map((ns) => ns.join('\n')),
    fc.constantFrom('', 'see note', '#REF!', 'Recommendations 3 to 5'),
    fc.constant({ error: '#N/A' }),
  );

  it('when any recommendations cell is read, then the row links the numbers it names, or it is unsent saying why', () => {
    const table = layoutFromHeadings(['Proposed action', 'Recommendation', 'Progress']);
    fc.assert(
      fc.property(cell, fc.constantFrom(0, 1, 3), (value, formulaAt) => {
        const row = readTableRow(['Invest', value, 'Begun'], table, '', (i) => i === formulaAt);
        const read = readCell(value);
        const linked = readRecommendationRefs(read.text).flatMap((ref) => ref.numbers);
        const why =
          read.problem ??
          (linked.length > 50
            ? `it links ${linked.length.toLocaleString('en-GB')} recommendations and the plan keeps at most 50 (nothing was cut)`
            : linked.some((n) => n.length > 100)
              ? 'a recommendation in it is longer than the 100 characters the plan keeps (nothing was cut)'
              : null);
        expect(row.unsent).toEqual(why === null ? undefined : [{ path: 'recommendations', why }]);
        expect(row.fields.recommendations).toEqual(why === null ? linked : []);
        expect(row.formulas).toEqual(
          formulaAt === 3 ? undefined : [['action', 'recommendations'][formulaAt]],
        );
        expect(row.fields.progress).toBe('Begun');
      }),
      { numRuns: 500 },
    );
  });
});
