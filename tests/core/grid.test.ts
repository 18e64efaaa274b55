import { describe, expect, it } from 'vitest';
import { type Cell, GridError, readGrid } from '../../core/grid.js';

const HEADER = ['Theme', 'Proposed action', 'Recommendation', 'Lead', 'Timescale'];

function read(rows: Cell[][]) {
  return readGrid(rows, { sheet: 'Action plan' });
}

describe('finding the header row', () => {
  it('when titles and blank rows come before the headings, then the header is found below them', () => {
    const reading = read([
      ['Action plan 2024'],
      [],
      [null, null],
      HEADER,
      ['People', 'Refresh the OD strategy'],
    ]);
    expect(reading.headerRow).toBe(4);
    expect(reading.columns).toEqual({
      Theme: 'theme',
      'Proposed action': 'action',
      Recommendation: 'recommendation',
      Lead: 'lead',
      Timescale: 'timescale',
    });
    expect(reading.actions).toHaveLength(1);
  });

  it('when the sheet has no values, then it is a GridError saying the sheet is empty', () => {
    expect(() => read([])).toThrow(GridError);
    expect(() => read([[null, ''], ['  ']])).toThrow(/sheet "Action plan" is empty/);
  });

  it('when no row has recognisable headings, then it is a GridError saying what was expected', () => {
    expect(() => read([['Budget'], ['Income', 'Spend'], ['1', '2']])).toThrow(
      'no header row found in sheet "Action plan": expected a row with column headings such as "Proposed action" and "Timescale"',
    );
  });
});

describe('columns the plan does not know', () => {
  it('when a column is not one the plan knows, then its cells are kept in extra under its heading', () => {
    const reading = read([
      ['Proposed action', 'Timescale', 'Outcome', null],
      ['Publish the plan', 'Dec 2024', 'A published plan', 'note in an unheaded column'],
    ]);
    expect(reading.columns).toEqual({
      'Proposed action': 'action',
      Timescale: 'timescale',
      Outcome: 'extra',
      'Column D': 'extra',
    });
    expect(reading.actions[0]?.extra).toEqual({
      Outcome: 'A published plan',
      'Column D': 'note in an unheaded column',
    });
  });

  it('when two columns hold the same kind of thing, then the second is kept as extra', () => {
    const reading = read([
      ['Action', 'Timescale', 'Timescale'],
      ['Publish the plan', 'Dec 2024', 'Mar 2025'],
    ]);
    expect(reading.columns).toEqual({
      Action: 'action',
      Timescale: 'timescale',
      'Timescale (column C)': 'extra',
    });
    expect(reading.actions[0]).toMatchObject({
      due: '2024-12-31',
      extra: { 'Timescale (column C)': 'Mar 2025' },
    });
  });
});

describe('the peer team comment (detail) beside the action', () => {
  const header = ['Detail of comment', 'Proposals', 'Timescale'];

  it('when both are filled, then the action is the proposal and the comment is the recommendation it answers', () => {
    const reading = read([header, ['Strengthen relationships.', 'Work with the member panel', 'Dec 21']]);
    expect(reading.actions[0]).toMatchObject({
      action: 'Work with the member panel',
      recommendations: ['1'],
      extra: {},
    });
    expect(reading.recommendations).toEqual([{ number: '1', text: 'Strengthen relationships.', code: null }]);
  });

  it('when the plan numbers its recommendations in a column of their own, then the comment is kept in extra', () => {
    const [action] = read([
      ['Detail of comment', 'Proposals', 'Recommendation', 'Timescale'],
      ['Strengthen relationships.', 'Work with the member panel', 'R2', 'Dec 21'],
    ]).actions;
    expect(action).toMatchObject({
      recommendations: ['2'],
      extra: { 'Detail of comment': 'Strengthen relationships.' },
    });
  });

  it('when the proposal is blank, then the comment is the action', () => {
    const [action] = read([header, ['Needs political consideration.', null, 'Dec 21']]).actions;
    expect(action?.action).toBe('Needs political consideration.');
  });

  it('when there is no action column, then the comment is the action', () => {
    const reading = read([
      ['Peer team suggestion', 'Lead'],
      ['Celebrate achievements', 'Chief Executive'],
    ]);
    expect(reading.actions[0]).toMatchObject({
      action: 'Celebrate achievements',
      lead: 'Chief Executive',
      extra: {},
    });
  });
});

describe('carrying values down', () => {
  it('when theme, recommendation and lead cells are blank under filled ones, then they carry down', () => {
    const reading = read([
      HEADER,
      ['Change management', 'Create an Investment Strategy', 'Recommendation 3', 'Mike', 'Dec 2020'],
      [null, 'Refresh the Digital Strategy', null, null, 'Mar 2021'],
    ]);
    expect(reading.actions[1]).toMatchObject({
      theme: 'Change management',
      recommendations: ['3'],
      lead: 'Mike',
    });
  });

  it('when the theme changes, then the recommendation and lead above belong to the old theme', () => {
    const reading = read([
      HEADER,
      ['Change management', 'Create an Investment Strategy', 'Recommendation 3', 'Mike', 'Dec 2020'],
      ['Partnership working', 'Revisit the terms of reference', null, null, 'Mar 2021'],
    ]);
    expect(reading.actions[1]).toMatchObject({ theme: 'Partnership working', recommendations: [], lead: '' });
  });

  it('when a section row comes between, then nothing carries across it', () => {
    const reading = read([
      HEADER,
      ['Change management', 'Create an Investment Strategy', 'Recommendation 3', 'Mike', 'Dec 2020'],
      ['SRO: Laura Sales'],
      [null, 'Refresh the Digital Strategy', null, null, 'Mar 2021'],
    ]);
    expect(reading.actions[1]).toMatchObject({ theme: '', recommendations: [], lead: 'Laura Sales' });
  });
});

describe('section rows and repeated headers', () => {
  it('when a row says "SRO: name", then that person leads the rows below, with a warning naming the row', () => {
    const reading = read([
      ['Detail of comment', 'Proposals', 'Timescale'],
      ['SRO: Laura Sales'],
      ['Detail of comment', 'Proposals', 'Timescale'],
      ['Strengthen relationships.', 'Work with the member panel', 'Dec 21'],
      ['Lead: Mike Kirby'],
      ['Develop collaboration.', 'Staff development programme', 'Review April 22'],
    ]);
    expect(reading.actions.map((a) => [a.row, a.lead])).toEqual([
      [4, 'Laura Sales'],
      [6, 'Mike Kirby'],
    ]);
    expect(reading.warnings).toEqual([
      { row: 2, column: null, message: expect.stringContaining('"SRO: Laura Sales" as a section heading') },
      { row: 5, column: null, message: expect.stringContaining('"Lead: Mike Kirby" as a section heading') },
    ]);
  });

  it('when the header is repeated under a section, then it is skipped without a warning', () => {
    const reading = read([
      HEADER,
      ['People', 'Refresh the OD strategy'],
      HEADER,
      ['Place', 'Agree a county deal'],
    ]);
    expect(reading.actions.map((a) => a.action)).toEqual(['Refresh the OD strategy', 'Agree a county deal']);
    expect(reading.warnings).toEqual([]);
  });

  it('when a row has one short cell in the first column, then it is a theme heading for the rows below', () => {
    const reading = read([
      ['Action', 'Lead', 'Timescale'],
      ['Governance and culture'],
      ['Refresh the constitution', 'Monitoring Officer', 'Mar 2025'],
      ['Review scrutiny', null, 'Jun 2025'],
    ]);
    expect(reading.actions.map((a) => [a.theme, a.action, a.lead])).toEqual([
      ['Governance and culture', 'Refresh the constitution', 'Monitoring Officer'],
      ['Governance and culture', 'Review scrutiny', 'Monitoring Officer'],
    ]);
    expect(reading.warnings).toEqual([
      {
        row: 2,
        column: null,
        message: expect.stringContaining('"Governance and culture" as a theme heading'),
      },
    ]);
  });
});

describe('status', () => {
  const header = ['Action', 'Timescale', 'RAG status'];

  it.each([
    ['Green', 'On track'],
    ['A', 'At risk'],
    ['Red', 'Off track'],
    ['Completed', 'Complete'],
  ])('when the status cell says "%s", then the status is %s', (written, status) => {
    expect(read([header, ['Publish the plan', 'Dec 2024', written]]).actions[0]?.status).toBe(status);
  });

  it('when the status is not one the plan knows, then it is null, kept in extra and warned about', () => {
    const reading = read([header, ['Publish the plan', 'Dec 2024', 'Purple']]);
    expect(reading.actions[0]).toMatchObject({ status: null, extra: { 'RAG status': 'Purple' } });
    expect(reading.warnings).toEqual([
      { row: 2, column: 'RAG status', message: expect.stringContaining('"Purple" is not a status') },
    ]);
  });

  it('when the status cell is empty, then the status comes from the timescale', () => {
    expect(read([header, ['Publish the plan', 'Underway', null]]).actions[0]?.status).toBe('Ongoing');
  });
});

describe('cell values', () => {
  const header = ['Action', 'Recommendation', 'Target date', 'Notes'];

  it('when the target date is a Date, then it is the due date', () => {
    const [action] = read([header, ['Publish', 3, new Date(Date.UTC(2023, 2, 31)), null]]).actions;
    expect(action).toMatchObject({ recommendations: ['3'], timescale: '2023-03-31', due: '2023-03-31' });
  });

  it('when the target date is an Excel serial number, then it is read as that date', () => {
    const [action] = read([header, ['Publish', 'R1:', 45016, 12.0]]).actions;
    expect(action).toMatchObject({ timescale: '2023-03-31', due: '2023-03-31', extra: { Notes: '12' } });
  });

  it('when cells are rich text, hyperlinks or formulas, then their shown text is read', () => {
    const [action] = read([
      header,
      [
        { richText: [{ text: 'Publish ' }, { text: 'the plan' }] },
        { formula: '"Rec "&3', result: 'Rec 3' },
        { formula: 'DATE(2023,6,30)', result: new Date(Date.UTC(2023, 5, 30)) },
        { text: 'see site', hyperlink: 'https://example.org' },
      ],
    ]).actions;
    expect(action).toMatchObject({
      action: 'Publish the plan',
      recommendations: ['3'],
      due: '2023-06-30',
      extra: { Notes: 'see site' },
    });
  });

  it('when a cell shows an error, then it reads blank and the warning names the row and column', () => {
    const reading = read([header, ['Publish', { error: '#REF!' }, 'Dec 2024', null]]);
    expect(reading.actions[0]?.recommendations).toEqual([]);
    expect(reading.warnings).toEqual([
      { row: 2, column: 'Recommendation', message: 'the cell shows the error #REF!; read as blank' },
    ]);
    expect(reading.actions[0]?.warnings).toEqual([
      'Recommendation: the cell shows the error #REF!; read as blank',
    ]);
  });
});

describe('rows that give no action', () => {
  it('when a row has values but no action, then it is skipped with a warning that names the row and keeps the values', () => {
    const reading = read([
      HEADER,
      ['People', 'Refresh the OD strategy'],
      [null, null, null, 'Policy team', 'Dec 21'],
    ]);
    expect(reading.actions).toHaveLength(1);
    expect(reading.warnings).toEqual([
      {
        row: 3,
        column: null,
        message: 'row skipped: "Proposed action" is blank; it has Lead "Policy team", Timescale "Dec 21"',
      },
    ]);
  });

  it('when a row is totally blank, then it is ignored without a warning', () => {
    const reading = read([HEADER, [], [null, '', '  '], ['People', 'Refresh the OD strategy']]);
    expect(reading.actions).toHaveLength(1);
    expect(reading.warnings).toEqual([]);
  });
});

describe('several proposals in one cell', () => {
  const header = ['Action', 'Timescale'];

  it('when lettered actions have lettered dates, then each becomes its own action with its own due date', () => {
    const reading = read([
      header,
      ['a. Review X b. Consult Y c. Publish Z', 'a. July 2025 b and c. April 2026'],
    ]);
    expect(reading.actions.map((a) => [a.row, a.action, a.timescale, a.due])).toEqual([
      [2, 'Review X', 'July 2025', '2025-07-31'],
      [2, 'Consult Y', 'April 2026', '2026-04-30'],
      [2, 'Publish Z', 'April 2026', '2026-04-30'],
    ]);
  });

  it('when one proposal has several dated steps, then it stays one action with milestones', () => {
    const [action, ...rest] = read([
      header,
      ['Undertake awareness raising', '• Dec 21\n• Check progress Feb 22'],
    ]).actions;
    expect(rest).toEqual([]);
    expect(action).toMatchObject({
      action: 'Undertake awareness raising',
      timescale: '• Dec 21\n• Check progress Feb 22',
      due: '2022-02-28',
      milestones: [
        { label: 'Dec 21', due: '2021-12-31' },
        { label: 'Check progress', due: '2022-02-28' },
      ],
    });
  });

  it('when the counts differ, then the proposals stay one action with their text as written', () => {
    const [action, ...rest] = read([
      header,
      ['• Drop-in sessions\n• Monitor response times', '• Dec 21 onwards'],
    ]).actions;
    expect(rest).toEqual([]);
    expect(action?.action).toBe('• Drop-in sessions\n• Monitor response times');
  });

  it('when the row has an id (a synced row), then it is never split', () => {
    const reading = read([
      ['Id', 'Action', 'Timescale'],
      ['01J0000000000000000000000A', '• One\n• Two', '• Dec 21\n• Feb 22'],
    ]);
    expect(reading.actions).toHaveLength(1);
    expect(reading.actions[0]?.id).toBe('01J0000000000000000000000A');
  });
});

describe('recommendations', () => {
  it('when recommendation cells give numbers and words, then the plan lists each number once with the first words', () => {
    const reading = read([
      ['Recommendation', 'Action'],
      ['Recommendation 2: that a narrative of place be developed', 'Write the place narrative'],
      ['Recommendation 2', 'Market the borough'],
      ['Recommendations 1 and 4', 'Celebrate and publish'],
    ]);
    expect(reading.recommendations).toEqual([
      { number: '2', text: 'that a narrative of place be developed', code: null },
      { number: '1', text: '', code: null },
      { number: '4', text: '', code: null },
    ]);
    expect(reading.actions.map((a) => a.recommendations)).toEqual([['2'], ['2'], ['1', '4']]);
  });

  it('when a recommendation cell has no number, then its words are kept in extra and warned about', () => {
    const reading = read([
      ['Recommendation', 'Action'],
      ['Celebrate achievements', 'Hold an awards evening'],
    ]);
    expect(reading.actions[0]).toMatchObject({
      recommendations: [],
      extra: { Recommendation: 'Celebrate achievements' },
    });
    expect(reading.warnings[0]).toMatchObject({ row: 2, column: 'Recommendation' });
  });

  it('when the theme column is headed "Original recommendation", then the theme links its recommendation', () => {
    const reading = read([
      ['Original recommendation', 'Associated actions', 'Timescale'],
      ['Recommendation 1: celebrate achievements', 'Hold an awards evening', 'Dec 2023'],
      [null, 'Publish case studies', 'Mar 2024'],
    ]);
    expect(reading.actions.map((a) => a.recommendations)).toEqual([['1'], ['1']]);
    expect(reading.recommendations).toEqual([{ number: '1', text: 'celebrate achievements', code: null }]);
  });
});
