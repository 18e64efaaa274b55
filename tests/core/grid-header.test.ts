import { describe, expect, it } from 'vitest';
import { findHeaderRow, isHeaderRow, roleOfHeading } from '../../core/grid-header.js';

describe('roleOfHeading', () => {
  it.each([
    ['Theme', 'theme'],
    ['Original recommendation', 'theme'],
    // Issue 18: headings of published inspection, audit and peer-challenge plans.
    ['Key line of enquiry', 'theme'],
    ['What?', 'action'],
    ['How?', 'action'],
    ['Who by?', 'lead'],
    ['Who', 'lead'],
    ['When?', 'timescale'],
    ['IMPROVEMENTS PLANNED', 'action'],
    ['Management response', 'action'],
    ['BFI REF.', 'recommendation'],
    ['Area for improvement', 'detail'],
    ['Success criteria', null],
    ['Performance indicator', null],
    ['Proposed action', 'action'],
    ['Action', 'action'],
    ['Action(s)', 'action'],
    ['Actions(s)', 'action'],
    ['Proposals', 'action'],
    ['Associated actions', 'action'],
    ['Link to peer challenge recommendation', 'recommendation'],
    ['Recommendation', 'recommendation'],
    ['Ref', 'recommendation'],
    ['No.', 'recommendation'],
    ['Detail of comment', 'detail'],
    ['Details', 'detail'],
    ['Peer team suggestion', 'detail'],
    ['Directorate', 'directorate'],
    ['Input / service area(s)', 'directorate'],
    ['Service area', 'directorate'],
    ['Lead', 'lead'],
    ['Lead officer', 'lead'],
    ['Lead Officer(s)', 'lead'],
    ['SRO', 'lead'],
    ['Owner', 'lead'],
    ['Action owner', 'lead'],
    ['Timescale(s)', 'timescale'],
    ['Timescales', 'timescale'],
    ['Target date', 'timescale'],
    ['Target Date', 'timescale'],
    ['Due by', 'timescale'],
    ['Deadline', 'timescale'],
    ['Timescale for completion', 'timescale'],
    ['Status', 'status'],
    ['RAG', 'status'],
    ['RAG status', 'status'],
    ['Progress', 'progress'],
    ['Summary update', 'progress'],
    ['Update', 'progress'],
    ['Progress update', 'progress'],
    ['Id', 'id'],
    ['ID', 'id'],
  ])('when a column is headed "%s", then it holds the %s', (heading, role) => {
    expect(roleOfHeading(heading)).toBe(role);
  });

  it.each(['Notes', 'Outcome', 'Success measures', 'Last updated', 'Start date', ''])(
    'when a column is headed "%s", then it is not one the plan knows',
    (heading) => {
      expect(roleOfHeading(heading)).toBeNull();
    },
  );

  it('when a cell is a long sentence that mentions an action, then it is not a heading', () => {
    expect(
      roleOfHeading('Review the action plan with members and agree the next steps for delivery'),
    ).toBeNull();
  });
});

describe('findHeaderRow', () => {
  it('when titles and blank rows come first, then the first row of headings is the header', () => {
    const rows = [
      ['Corporate Peer Challenge (October 2019) – action plan'],
      [],
      ['Theme', 'Proposed action', 'Link to peer challenge recommendation', 'Directorate', 'Timescales'],
      [
        'Change management',
        'Creation of an Investment Strategy',
        'Recommendation 3',
        'Commercial Services',
        '2020/21',
      ],
    ];
    expect(findHeaderRow(rows)).toBe(2);
  });

  it('when a row names only one known heading, then it is not the header', () => {
    expect(isHeaderRow(['Action plan'])).toBe(false);
    expect(isHeaderRow(['Directorate', 'Lead'])).toBe(false);
  });

  it('when a progress report has only Recommendation and Progress, then that is a header', () => {
    expect(isHeaderRow(['Recommendation', 'Progress'])).toBe(true);
  });

  it('when the headings sit below the first 30 rows, then no header is found', () => {
    const rows = [...Array.from({ length: 30 }, () => ['note']), ['Proposed action', 'Timescale']];
    expect(findHeaderRow(rows)).toBeNull();
  });
});
