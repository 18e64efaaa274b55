import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/csv.js';
import {
  exportRows,
  fileNameOf,
  milestonesText,
  neutraliseFormula,
  sheetNameOf,
  startsLikeFormula,
  toCsv,
} from '../../core/export.js';
import type { Action } from '../../core/plan.js';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { buildAction } from '../support/factories.js';

let counter = 0;
function stored(overrides: Partial<Action> = {}): Action {
  counter += 1;
  return {
    ...buildAction(),
    id: `01JD${String(counter).padStart(22, '0')}`,
    order: counter,
    version: 1,
    revision: counter,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'x',
    deleted: false,
    ...overrides,
  };
}

/** What a spreadsheet would run: the first character after any leading whitespace. */
const TRIGGERS = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];
const runsAsFormula = (text: string) => {
  const lead = /^\s*/u.exec(text)?.[0] ?? '';
  return /[\t\r]/.test(lead) || TRIGGERS.some((t) => text.slice(lead.length).startsWith(t));
};

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['=1+1', `'=1+1`],
    ['+44 1257 515151', `'+44 1257 515151`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['\t=1+1', `'\t=1+1`],
    ['\tindented', `'\tindented`],
    ['\rcarried', `'\rcarried`],
    ['  =cmd|"/c calc"!A1', `'  =cmd|"/c calc"!A1`],
    ['\n@SUM(1)', `'\n@SUM(1)`],
    ['\u00a0-1', `'\u00a0-1`],
    ['＝1+1', `'＝1+1`],
    ['＋1', `'＋1`],
    ['－1', `'－1`],
    ['＠SUM(1)', `'＠SUM(1)`],
    ['Develop an Internal Communications Strategy', 'Develop an Internal Communications Strategy'],
    ['2020/21 – by March 2021', '2020/21 – by March 2021'],
    ['Q3 = done', 'Q3 = done'],
    ["'already quoted", "'already quoted"],
    ['', ''],
  ])('when the text is %j, then it is written as %j', (text, written) => {
    expect(neutraliseFormula(text)).toBe(written);
  });

  it('when any text is neutralised, then it never starts a formula, and dropping the added apostrophe gives it back', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc
            .tuple(
              fc.constantFrom('', ' ', '  ', '\t', '\r', '\n', '\u00a0', '\u3000'),
              fc.constantFrom(...TRIGGERS, '', 'a', "'"),
              fc.string(),
            )
            .map((parts) => parts.join('')),
        ),
        (text) => {
          const written = neutraliseFormula(text);
          expect(runsAsFormula(written)).toBe(false);
          expect(startsLikeFormula(written)).toBe(false);
          if (written !== text) expect(written).toBe(`'${text}`);
          else expect(runsAsFormula(text)).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('exportRows', () => {
  it('when a plan is exported, then the header is PLAN_HEADINGS with Id, milestones, then extra columns by heading', () => {
    const rows = exportRows([
      stored({ extra: { 'RAG note': 'fine', Budget: '£10k' } }),
      stored({ extra: { Actions: 'x' } }),
    ]);
    expect(rows[0]).toEqual([
      ...PLAN_HEADINGS,
      'Milestones',
      'Due set by hand',
      'Actions',
      'Budget',
      'RAG note',
    ]);
  });

  it('when a due date was typed by hand, then "Due set by hand" says Yes, and is blank for a due the timescale gives or none', () => {
    const rows = exportRows([
      stored({ timescale: '2020/21 – by March 2021', due: '2025-10-15', order: 1 }),
      stored({ timescale: '2020/21 – by March 2021', due: '2021-03-31', order: 2 }),
      stored({ timescale: 'Ongoing', due: null, order: 3 }),
    ]);
    const column = rows[0]?.indexOf('Due set by hand') ?? -1;
    expect(rows.slice(1).map((row) => row[column])).toEqual(['Yes', '', '']);
  });

  it('when an action is exported, then every field is in its column, lists joined and milestones "label: date"', () => {
    const action = stored({
      theme: 'Organisational development',
      action: 'Develop an Internal Communications Strategy',
      recommendations: ['4', '7'],
      directorate: 'Policy and Governance',
      lead: 'Head of Policy',
      timescale: 'Draft Dec 20, adopt Mar 21',
      due: '2021-03-31',
      milestones: [
        { label: 'Draft', due: '2020-12-31' },
        { label: 'Adopt', due: '2021-03-31' },
        { label: 'Review', due: null },
      ],
      status: 'On track',
      progress: 'Consultation under way, £2k spent – on budget',
      extra: { Budget: '£10k' },
    });
    expect(exportRows([action])[1]).toEqual([
      'Organisational development',
      'Develop an Internal Communications Strategy',
      '4, 7',
      'Policy and Governance',
      'Head of Policy',
      'Draft Dec 20, adopt Mar 21',
      '2021-03-31',
      'On track',
      'Consultation under way, £2k spent – on budget',
      action.id,
      'Draft: 2020-12-31; Adopt: 2021-03-31; Review',
      '',
      '£10k',
    ]);
  });

  it('when cells start like formulas, then each is neutralised, headings of extra columns too', () => {
    const rows = exportRows([
      stored({
        action: '=HYPERLINK("http://x")',
        lead: '@boss',
        progress: '-5 days',
        extra: { '=evil': '+1' },
      }),
    ]);
    expect(rows[0]?.at(-1)).toBe("'=evil");
    expect(rows[1]).toEqual(expect.arrayContaining([`'=HYPERLINK("http://x")`, "'@boss", "'-5 days", "'+1"]));
  });

  it('when rows are deleted or out of order, then only live rows come out, in row order', () => {
    const rows = exportRows([
      stored({ action: 'second', order: 2 }),
      stored({ action: 'gone', order: 0, deleted: true }),
      stored({ action: 'first', order: 1 }),
    ]);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['first', 'second']);
  });

  it('when an extra column is named like a fixed one, then it keeps its values under its own heading', () => {
    const rows = exportRows([stored({ extra: { Milestones: 'typed by hand' } })]);
    expect(rows[0]?.slice(-3)).toEqual(['Milestones', 'Due set by hand', 'Milestones (extra)']);
    expect(rows[1]?.at(-1)).toBe('typed by hand');
  });
});

describe('toCsv', () => {
  it('when fields hold commas, quotes and line breaks, then they are quoted (RFC 4180) with CRLF line ends and a BOM', () => {
    const csv = toCsv([
      ['plain', 'a, b', 'say "hi"', 'two\nlines', '£10 – 20'],
      ['\'=HYPERLINK("http://x")', '', 'x'],
    ]);
    expect(csv).toBe(
      '\uFEFFplain,"a, b","say ""hi""","two\nlines",£10 – 20\r\n"\'=HYPERLINK(""http://x"")",,x\r\n',
    );
    expect(parseCsv(csv)).toEqual([
      ['plain', 'a, b', 'say "hi"', 'two\nlines', '£10 – 20'],
      ['\'=HYPERLINK("http://x")', '', 'x'],
    ]);
  });

  it('when any rows are written, then reading the CSV back gives the same rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          // A row of one empty field is an empty line, which any CSV reader takes for no row at all.
          fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
          expect(parseCsv(toCsv(rows))).toEqual(rows);
        },
      ),
    );
  });
});

describe('names for files and sheets', () => {
  it.each([
    ['CPC October 2019', 'CPC October 2019'],
    ['Peer review 2021/22: action plan', 'Peer review 2021-22 action plan'],
    ['"Quoted" \\ <plan>', 'Quoted - plan'],
    ['Café Plan', 'Cafe Plan'],
    ['///', 'plan'],
    ['CON', 'plan-CON'],
  ])('when the plan title is %j, then the file is named %j', (title, name) => {
    expect(fileNameOf(title)).toBe(name);
  });

  it.each([
    ['CPC October 2019', 'CPC October 2019'],
    ['Peer review [2021/22]: actions * all', 'Peer review 2021 22 actions all'],
    ['A very long plan title that goes on and on', 'A very long plan title that goe'],
    ['PlansSync', 'Plan'],
    ['History', 'Plan'],
    ["'quoted'", 'quoted'],
  ])('when the plan title is %j, then the sheet is named %j', (title, name) => {
    expect(sheetNameOf(title, ['PlansSync'])).toBe(name);
  });

  it('when milestones have no date, then they are written as their label alone', () => {
    expect(milestonesText([{ label: 'Survey', due: null }])).toBe('Survey');
  });
});
