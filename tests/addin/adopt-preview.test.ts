import { describe, expect, it } from 'vitest';
import { adoptPreview, confirmedMap, doubtfulColumns } from '../../addin/adopt-preview.js';

const SHEET = [
  ['Improvement plan'],
  ['What?', 'How?', 'Who by?', 'When?', null],
  [
    'Improve member development',
    'Run an induction programme',
    'Head of Democratic Services',
    'May 2025',
    'J Smith',
  ],
  [null, 'Offer mentoring', 'Leader', 'July 2025', 'A Khan'],
];

describe('the Adopt this sheet preview', () => {
  it('when the sheet has a plan table, then each column is listed with how it would be read and why', () => {
    const preview = adoptPreview('Sheet1', SHEET);
    expect(preview?.headerRow).toBe(2);
    expect(preview?.columns.map((c) => [c.column, c.heading, c.role])).toEqual([
      ['A', 'What?', 'theme'],
      ['B', 'How?', 'action'],
      ['C', 'Who by?', 'lead'],
      ['D', 'When?', 'timescale'],
      ['E', 'Column E', 'extra'],
    ]);
  });

  it('when the officer changes a drop-down, then the adoption uses their choice for that column and the shown reading for the rest', () => {
    const preview = adoptPreview('Sheet1', SHEET);
    if (!preview) throw new Error('no preview');
    expect(confirmedMap(preview, { A: 'action', B: 'detail' })).toEqual({
      'What?': 'action',
      'How?': 'detail',
      'Who by?': 'lead',
      'When?': 'timescale',
    });
  });

  it('when the reader is unsure of a column, then the preview names it for the officer to check', () => {
    const preview = adoptPreview('Sheet1', [
      ['Ref', 'Area', 'Lead', 'Date'],
      [
        '1',
        'We will review how complaints are handled and report the findings to committee',
        'Jo Bloggs',
        'Dec 2025',
      ],
    ]);
    if (!preview) throw new Error('no preview');
    expect(doubtfulColumns(preview)).toEqual([
      'B "Area": Action? the longest text in the table, and no heading names the action',
    ]);
  });

  it('when a column has no heading, then the preview says it is kept as its own column, whatever its cells look like', () => {
    const preview = adoptPreview('Sheet1', [
      ['Action', null, 'Timescale'],
      ['Publish the plan', 'Head of Policy', 'March 2025'],
      ['Train the staff', 'HR Manager', 'May 2025'],
    ]);
    expect(preview?.columns[1]).toMatchObject({ heading: 'Column B', role: 'extra', confidence: 1 });
  });

  it('when the sheet has no plan table, then there is nothing to preview', () => {
    expect(
      adoptPreview('Budget', [
        ['Income', 'Spend'],
        [1, 2],
      ]),
    ).toBeNull();
  });
});
