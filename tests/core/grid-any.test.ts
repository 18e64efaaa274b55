/**
 * Plans laid out unlike the seeds (issue 18): unknown headings, references, display formats,
 * full-width rows, second tables, "ditto", and the officer's own mapping.
 */
import { describe, expect, it } from 'vitest';
import { type Cell, readGrid } from '../../core/grid.js';
import { readWorkbookGrids } from '../../core/grid-workbook.js';

const at = (date: string) => new Date(`${date}T00:00:00Z`);

describe('headings the reader did not know', () => {
  it('when the headings are "What? / How? / Who by? / When?", then the what is the theme, the how the action, who by the lead', () => {
    const reading = readGrid([
      ['What?', 'How?', 'Who by?', 'When?'],
      [
        'Improve member development',
        'Run a member induction programme',
        'Head of Democratic Services',
        'May 2025',
      ],
      [null, 'Offer mentoring to new members', 'Leader', 'July 2025'],
    ]);
    expect(reading.columns).toEqual({
      'What?': 'theme',
      'How?': 'action',
      'Who by?': 'lead',
      'When?': 'timescale',
    });
    expect(reading.actions.map((a) => [a.theme, a.action, a.lead, a.due])).toEqual([
      [
        'Improve member development',
        'Run a member induction programme',
        'Head of Democratic Services',
        '2025-05-31',
      ],
      ['Improve member development', 'Offer mentoring to new members', 'Leader', '2025-07-31'],
    ]);
  });

  it('when "IMPROVEMENTS PLANNED" sits beside the recommendation under a "BFI REF." column, then it is the action and the ref the number', () => {
    const reading = readGrid([
      ['BFI REF.', 'RECOMMENDATION', 'IMPROVEMENTS PLANNED', 'Who', 'TARGET DATE'],
      [
        2.23,
        'Introduce a fraud referral form',
        'Design and issue a referral form to all staff',
        'J Smith',
        'Jun-04',
      ],
      [5.3, 'Review sanctions policy', 'Take a revised policy to Cabinet', 'Benefits Manager', 'Sep-04'],
    ]);
    expect(reading.actions.map((a) => [a.action, a.recommendations, a.lead])).toEqual([
      ['Design and issue a referral form to all staff', ['2.23'], 'J Smith'],
      ['Take a revised policy to Cabinet', ['5.3'], 'Benefits Manager'],
    ]);
    expect(reading.recommendations).toEqual([
      { number: '2.23', text: 'Introduce a fraud referral form', code: null },
      { number: '5.3', text: 'Review sanctions policy', code: null },
    ]);
  });

  it('when a "BFI REF." number comes again with other recommendation words, then those words are kept with the row and warned about', () => {
    // Found by the never-loses-a-cell property: the register keeps the first words for 2.23, and
    // the second row's were dropped without a word.
    const reading = readGrid([
      ['BFI REF.', 'RECOMMENDATION', 'IMPROVEMENTS PLANNED', 'Who'],
      [2.23, 'Introduce a fraud referral form', 'Design and issue a referral form to all staff', 'J Smith'],
      [2.23, 'Train staff to use the referral form', 'Run briefings for benefits staff', 'J Smith'],
    ]);
    expect(reading.recommendations).toEqual([
      { number: '2.23', text: 'Introduce a fraud referral form', code: null },
    ]);
    expect(reading.actions[1]).toMatchObject({
      action: 'Run briefings for benefits staff',
      recommendations: ['2.23'],
      extra: { RECOMMENDATION: 'Train staff to use the referral form' },
    });
    expect(reading.warnings).toContainEqual({
      row: 3,
      column: 'RECOMMENDATION',
      message:
        "recommendation 2.23 is worded differently from an earlier row; the first wording is the recommendation's text and this one was kept as written",
    });
  });

  it('when a reference number comes again with other words and those words are the action, then the action keeps them and the difference is warned about', () => {
    const reading = readGrid([
      ['Ref', 'Recommendation', 'Lead officer'],
      ['R2', 'Introduce a fraud referral form', 'J Smith'],
      ['R2', 'Train staff to use the referral form', 'J Smith'],
    ]);
    expect(reading.actions.map((a) => [a.action, a.recommendations])).toEqual([
      ['Introduce a fraud referral form', ['2']],
      ['Train staff to use the referral form', ['2']],
    ]);
    expect(reading.warnings).toContainEqual({
      row: 3,
      column: 'Recommendation',
      message:
        "recommendation 2 is worded differently from an earlier row; the first wording is the recommendation's text",
    });
  });

  it('when header cells are blank over a recommendation column and a responsible-body column, then their contents place them', () => {
    const reading = readGrid([
      ['Inspection action plan'],
      [null, 'Action', null, 'Timescale'],
      ['Recommendation 1', 'Audit every open case', 'Head of Service', 'March 2025'],
      ['Recommendation 2', 'Publish the practice standards', 'Principal Social Worker', 'June 2025'],
      ['Recommendation 3', 'Recruit two team managers', 'Service Manager', 'April 2025'],
    ]);
    expect(reading.columns).toEqual({
      'Column A': 'recommendation',
      Action: 'action',
      'Column C': 'lead',
      Timescale: 'timescale',
    });
    expect(reading.actions.map((a) => [a.recommendations, a.lead])).toEqual([
      [['1'], 'Head of Service'],
      [['2'], 'Principal Social Worker'],
      [['3'], 'Service Manager'],
    ]);
  });

  it('when no heading names the action, then the column of long text is the action and the mapping says why, with a confidence', () => {
    const reading = readGrid([
      ['Ref', 'Area', 'Lead', 'Date'],
      [
        '1',
        'We will review how complaints are handled and report the findings to the committee',
        'Jo Bloggs',
        'Dec 2025',
      ],
      [
        '2',
        'We will publish a new customer charter setting out the standards residents can expect',
        'Sam Lee',
        'Jan 2026',
      ],
    ]);
    const area = reading.tables[0]?.columns.find((c) => c.heading === 'Area');
    expect(area?.role).toBe('action');
    expect(area?.confidence).toBeLessThan(0.9);
    expect(area?.why).toMatch(/longest text/);
    expect(reading.actions).toHaveLength(2);
  });

  it('when a row has no action, then the warning names the action column, and the row is listed as not taken with its cells', () => {
    const reading = readGrid([
      ['No', 'Action', 'Lead'],
      ['1', 'Agree the plan', 'Chief Executive'],
      ['2', null, 'Leader'],
    ]);
    expect(reading.warnings.map((w) => w.message)).toEqual([
      'row skipped: "Action" is blank; it has No "2", Lead "Leader"',
    ]);
    expect(reading.skipped).toEqual([
      { row: 3, reason: '"Action" is blank', cells: { No: '2', Lead: 'Leader' } },
    ]);
  });
});

describe('a recommendation column beside a blank one and a reference column', () => {
  it('when a blank-headed column sits before the recommendation column and a "BFI REF." column follows, then the recommendation column keeps its role and no cell is lost', () => {
    // Found by the never-loses-a-cell property: the blank column was made the recommendation too,
    // only one recommendation column is read, and "Aaa ae" vanished.
    const reading = readGrid([
      ['Action plan'],
      ['Proposed action', 'Timescales', '', 'Link to peer challenge recommendation', 'BFI REF.'],
      ['Refresh the Digital Strategy', null, null, 'Aaa ae', null],
      ['Train the board', null, '0', null, null],
    ]);
    const roles = reading.tables[0]?.columns.map((c) => [c.heading, c.role]);
    expect(roles).toContainEqual(['Link to peer challenge recommendation', 'recommendation']);
    expect(roles?.filter(([, role]) => role === 'recommendation')).toHaveLength(1);
    expect(JSON.stringify(reading).toLowerCase()).toContain('aaa ae');
  });
});

describe('references', () => {
  it('when a recommendation starts with a three-level number, then the whole number is the reference', () => {
    const reading = readGrid([
      ['Recommendation', 'Action'],
      ['3.1.17 Submit the review to the board', 'Take the review to the June board'],
    ]);
    expect(reading.actions[0]?.recommendations).toEqual(['3.1.17']);
    expect(reading.recommendations[0]?.text).toBe('Submit the review to the board');
  });

  it('when references carry a prefix such as "ap1.", then it is read as the reference', () => {
    const reading = readGrid([
      ['Recommendation', 'Action'],
      ['ap1. Strengthen scrutiny', 'Train scrutiny chairs'],
    ]);
    expect(reading.actions[0]?.recommendations).toEqual(['ap1']);
    expect(reading.recommendations[0]?.text).toBe('Strengthen scrutiny');
  });
});

describe('display formats', () => {
  it('when a date cell is shown as mmm-yy, then it is due at the end of that month and the timescale is as shown', () => {
    const reading = readGrid(
      [
        ['Action', 'Target date'],
        ['Issue the referral form', at('2004-06-01')],
        ['Train staff', at('2004-09-15')],
      ],
      { formats: [[], [null, 'mmm-yy'], [null, 'd mmmm yyyy']] },
    );
    expect(reading.actions.map((a) => [a.timescale, a.due])).toEqual([
      ['Jun-04', '2004-06-30'],
      ['15 September 2004', '2004-09-15'],
    ]);
  });

  it('when Office.js gives a month-formatted date as a serial number, then it is read as that month', () => {
    const reading = readGrid(
      [
        ['Action', 'Due'],
        ['Train staff', 45444],
      ],
      { formats: [[], [null, 'mmm yyyy']] },
    );
    expect(reading.actions.map((a) => [a.timescale, a.due])).toEqual([['Jun 2024', '2024-06-30']]);
  });
});

describe('rows written across the table', () => {
  it('when a recommendation is written across the table above its actions, then it is their recommendation, not an action, and no lead carries over it', () => {
    const reading = readGrid(
      [
        ['Action', 'Lead', 'By when'],
        ['Recommendation 1: Strengthen the governance of the council companies', null, null],
        ['Review the shareholder agreement', 'Monitoring Officer', 'March 2025'],
        ['Appoint independent directors', null, 'June 2025'],
        [
          'The council should set a balanced medium term financial strategy with realistic savings plans',
          null,
          null,
        ],
        ['Agree savings plans with each directorate', null, 'Sept 2025'],
      ],
      { merges: ['A2:C2', 'A5:C5'] },
    );
    expect(reading.actions.map((a) => [a.row, a.action, a.recommendations, a.lead])).toEqual([
      [3, 'Review the shareholder agreement', ['1'], 'Monitoring Officer'],
      [4, 'Appoint independent directors', ['1'], 'Monitoring Officer'],
      [6, 'Agree savings plans with each directorate', ['2'], ''],
    ]);
    expect(reading.recommendations.map((r) => [r.number, r.text])).toEqual([
      ['1', 'Strengthen the governance of the council companies'],
      ['2', 'The council should set a balanced medium term financial strategy with realistic savings plans'],
    ]);
  });

  it('when a recommendation written across the table repeats a number the plan already has with other words, then a warning keeps its words whole', () => {
    // Found by the never-loses-a-cell property: the register keeps the first words for 1, and the
    // warning cut the second's at 60 characters, so "the budget gap" was nowhere.
    const second =
      "Recommendation 1: Review the council's medium term financial strategy to close the budget gap";
    const reading = readGrid([
      ['Action', 'Lead', 'By when'],
      ['Recommendation 1: Strengthen the governance of the council companies'],
      ['Appoint independent directors', 'Monitoring Officer', 'June 2025'],
      [second],
      ['Agree savings plans with each directorate', 'Section 151 Officer', 'Sept 2025'],
    ]);
    expect(reading.recommendations.map((r) => [r.number, r.text])).toEqual([
      ['1', 'Strengthen the governance of the council companies'],
    ]);
    expect(reading.actions.map((a) => [a.row, a.recommendations])).toEqual([
      [3, ['1']],
      [5, ['1']],
    ]);
    expect(reading.warnings).toContainEqual({
      row: 4,
      column: null,
      message: `read "${second}" as recommendation 1, written across the table: the rows below answer it; recommendation 1 is worded differently from an earlier row, whose words are the recommendation's text, so these are kept here as written`,
    });
  });
});

describe('a second table under the plan', () => {
  it('when a table of performance indicators follows a blank row, then its rows are not actions and it is reported as not a plan', () => {
    const reading = readGrid([
      ['Action', 'Lead', 'Timescale'],
      ['Reduce the backlog of claims', 'Benefits Manager', 'March 2025'],
      [],
      ['Performance indicator', 'Baseline', 'Target'],
      ['Average days to process a new claim', 32, 22],
      ['Claims outstanding', 1200, 600],
    ]);
    expect(reading.actions.map((a) => a.action)).toEqual(['Reduce the backlog of claims']);
    expect(reading.tables.map((t) => [t.range, t.plan])).toEqual([
      ['A1:C2', true],
      ['A4:C6', false],
    ]);
    expect(reading.skipped.map((s) => s.row)).toEqual([5, 6]);
    expect(reading.skipped[0]?.reason).toMatch(/table .* on row 4, which is not an action plan/);
  });

  it('when a row holding only an error value sits under a blank row above the second table, then a warning names its cell', () => {
    // Found by the never-loses-a-cell property: the row was listed as a title with no cells, and
    // the #REF! the officer sees there was mentioned nowhere.
    const reading = readGrid([
      ['Action', 'Lead', 'Timescale'],
      ['Reduce the backlog of claims', 'Benefits Manager', 'March 2025'],
      [],
      [null, { error: '#REF!' }],
      ['Performance indicator', 'Baseline', 'Target'],
      ['Claims outstanding', 1200, 600],
    ]);
    expect(reading.warnings).toContainEqual({
      row: 4,
      column: 'Column B',
      message: 'the cell shows the error #REF!',
    });
    expect(reading.skipped.map((s) => s.row)).toEqual([4, 6]);
  });
});

describe('a blank row inside the plan', () => {
  it('when the row after a blank row has heading-like words but a date where the plan keeps its dates, then it is still an action', () => {
    const reading = readGrid([
      ['Theme', 'Action', 'Lead', 'Timescale'],
      ['Finance', 'Set a balanced budget', 'Section 151 Officer', 'February 2025'],
      [],
      ['Finance', 'Progress update to Audit Committee', 'Section 151 Officer', 'Quarterly'],
    ]);
    expect(reading.actions.map((a) => a.action)).toEqual([
      'Set a balanced budget',
      'Progress update to Audit Committee',
    ]);
    expect(reading.tables).toHaveLength(1);
  });
});

describe('rows whose short cells happen to name columns', () => {
  it('when data rows say "Action 1", "Lead", "Progress 1", with or without a blank row, then each is an action, not a new table', () => {
    const row = (i: number) => [
      'Governance',
      `Action ${i}`,
      i,
      'Policy and Governance',
      'Lead',
      'March 2025',
      null,
      'On track',
      `Progress ${i}`,
    ];
    const reading = readGrid([
      [
        'Theme',
        'Proposed action',
        'Recommendation',
        'Directorate',
        'Lead officer',
        'Timescale',
        'Due',
        'Status',
        'Progress',
      ],
      row(1),
      row(2),
      [],
      row(3),
    ]);
    expect(reading.actions.map((a) => a.action)).toEqual(['Action 1', 'Action 2', 'Action 3']);
    expect(reading.tables).toHaveLength(1);
  });
});

describe('ditto', () => {
  it('when a cell says "ditto", 〃 or "as above", then it has the value of the cell above', () => {
    const reading = readGrid([
      ['Action', 'Lead', 'Timescale'],
      ['Refresh the workforce strategy', 'HR Director', 'March 2025'],
      ['Launch the staff survey', 'ditto', '〃'],
      ['Publish the pay policy', 'as above', 'Ditto'],
    ]);
    expect(reading.actions.map((a) => [a.lead, a.timescale])).toEqual([
      ['HR Director', 'March 2025'],
      ['HR Director', 'March 2025'],
      ['HR Director', 'March 2025'],
    ]);
  });

  it('when a ditto mark has nothing above it in a reference column, then it is warned about and read as blank, not as a recommendation numbered 〃', () => {
    // Found by the never-loses-a-cell property: the first 〃 became recommendation "〃", the next
    // 〃 repeated it, and the other words beside the second were set aside as a rewording.
    const reading = readGrid([
      ['BFI REF.', 'RECOMMENDATION', 'IMPROVEMENTS PLANNED'],
      ['〃', 'Introduce a fraud referral form', 'Design and issue a referral form'],
      ['〃', 'Train staff to use the referral form', 'Run briefings for benefits staff'],
    ]);
    expect(reading.recommendations).toEqual([]);
    const nothingAbove = '"〃" means the cell above, but nothing is above it in this table: read as blank';
    expect(reading.warnings).toContainEqual({ row: 2, column: 'BFI REF.', message: nothingAbove });
    expect(reading.warnings).toContainEqual({ row: 3, column: 'BFI REF.', message: nothingAbove });
    expect(reading.actions.map((a) => [a.action, a.extra])).toEqual([
      ['Design and issue a referral form', { RECOMMENDATION: 'Introduce a fraud referral form' }],
      ['Run briefings for benefits staff', { RECOMMENDATION: 'Train staff to use the referral form' }],
    ]);
  });
});

describe('the officer confirms the mapping', () => {
  it('when the officer maps columns, then their mapping wins over the headings and the contents', () => {
    const reading = readGrid(
      [
        ['What?', 'How?', 'Who by?', 'When?'],
        [
          'Improve member development',
          'Run a member induction programme',
          'Head of Democratic Services',
          'May 2025',
        ],
      ],
      { map: { 'what?': 'action', 'How?': 'detail', D: 'extra' } },
    );
    expect(reading.columns).toEqual({
      'What?': 'action',
      'How?': 'detail',
      'Who by?': 'lead',
      'When?': 'extra',
    });
    const what = reading.tables[0]?.columns.find((c) => c.heading === 'What?');
    expect(what).toMatchObject({ role: 'action', confidence: 1, why: 'set by the officer' });
  });
});

describe('every sheet of a workbook', () => {
  const area = (actions: string[]): Cell[][] => [
    ['Action', 'Lead', 'Timescale'],
    ...actions.map((action) => [action, 'Director', 'March 2025']),
  ];

  it('when each inspection area has its own sheet, then every sheet is read and the sheet name is the theme', () => {
    const reading = readWorkbookGrids([
      { name: 'Cover', cells: [['Improvement plan 2025'], ['Approved by Cabinet']] },
      { name: 'Leadership', cells: area(['Appoint a DCS', 'Refresh the board']) },
      { name: 'Practice', cells: area(['Audit cases']) },
    ]);
    expect(reading.actions.map((a) => [a.sheet, a.theme, a.action])).toEqual([
      ['Leadership', 'Leadership', 'Appoint a DCS'],
      ['Leadership', 'Leadership', 'Refresh the board'],
      ['Practice', 'Practice', 'Audit cases'],
    ]);
    expect(reading.tables.map((t) => [t.sheet, t.range, t.plan])).toEqual([
      ['Leadership', 'A1:C3', true],
      ['Practice', 'A1:C2', true],
    ]);
  });

  it('when sheets are named, then only those are read', () => {
    const reading = readWorkbookGrids(
      [
        { name: 'Leadership', cells: area(['Appoint a DCS']) },
        { name: 'Practice', cells: area(['Audit cases']) },
      ],
      { sheets: ['practice'] },
    );
    expect(reading.actions.map((a) => a.action)).toEqual(['Audit cases']);
  });
});
