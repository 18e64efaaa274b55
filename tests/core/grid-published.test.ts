/**
 * Plans as they were published (issue 18), transcribed into workbooks by
 * tests/fixtures/make-published-plans.ts (sources in tests/fixtures/SOURCES.md): the expected
 * reading, field by field. Their layouts are unlike the seeds': recommendations written "R1: …"
 * with bulleted actions and dates, themes merged down beside numbered peer-team suggestions, a
 * reference column beside the inspector's recommendation under headings repeated on each page.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWorkbookCells } from '../../cli/workbook-read.js';
import type { GridReading } from '../../core/grid.js';
import { readWorkbookGrids } from '../../core/grid-workbook.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const read = async (name: string): Promise<GridReading> =>
  readWorkbookGrids(await readWorkbookCells(fixture(name)));
const fields = (reading: GridReading) =>
  reading.actions.map((a) => ({
    row: a.row,
    theme: a.theme,
    action: a.action,
    recommendations: a.recommendations,
    lead: a.lead,
    timescale: a.timescale,
    due: a.due,
    status: a.status,
    extra: a.extra,
  }));

describe('LGA Corporate Peer Challenge action plan (2023)', () => {
  it('when recommendations are written "R1: …" beside bulleted actions and dates, then each dated bullet is an action of its recommendation', async () => {
    const reading = await read('lga-cpc-2023-action-plan.xlsx');
    expect(reading.tables.map((t) => [t.sheet, t.range, t.plan])).toEqual([['Action plan', 'A4:C8', true]]);
    expect(reading.recommendations.map((r) => [r.number, r.text.slice(0, 40)])).toEqual([
      ['1', 'Develop a closer working relationship wi'],
      ['2', 'Lead the design of a reshaped sector sup'],
      ['3', 'Tighten the networks around sector suppo'],
      ['4', 'Use the Business Plan and the priorities'],
    ]);
    const none = { theme: '', lead: '', extra: {} };
    expect(fields(reading)).toEqual([
      {
        ...none,
        row: 5,
        action: 'continue discussions with CAs, M10 Mayors and Chief Executives',
        recommendations: ['1'],
        timescale: 'Ongoing',
        due: null,
        status: 'Ongoing',
      },
      {
        ...none,
        row: 5,
        action: 'develop detailed action plan, informed by discussions.',
        recommendations: ['1'],
        timescale: 'December 2023',
        due: '2023-12-31',
        status: null,
      },
      {
        ...none,
        row: 6,
        action:
          'Develop detailed action and engagement plans to:\n• define the elements that currently could be part of a sector assurance framework\n• identify areas for improvement\n• consider drafting a sector support and improvement framework.',
        recommendations: ['2'],
        // A date cell shown as "June 2023": the month as shown, due at its end.
        timescale: 'June 2023',
        due: '2023-06-30',
        status: null,
      },
      {
        ...none,
        row: 7,
        action: 'To be addressed through 2, above.',
        recommendations: ['3'],
        timescale: '',
        due: null,
        status: null,
      },
      {
        ...none,
        row: 8,
        action: 'boards review business plan',
        recommendations: ['4'],
        timescale: 'Complete',
        due: null,
        status: 'Complete',
      },
      {
        ...none,
        row: 8,
        action: 'implement new arrangements for performance reporting',
        recommendations: ['4'],
        timescale: 'July 2023',
        due: '2023-07-31',
        status: null,
      },
      {
        ...none,
        row: 8,
        action: 'business plan embedded in internal communications and board report templates',
        recommendations: ['4'],
        timescale: 'July 2023',
        due: '2023-07-31',
        status: null,
      },
      {
        ...none,
        row: 8,
        action: 'adopt new income generation strategy',
        recommendations: ['4'],
        timescale: 'September 2023',
        due: '2023-09-30',
        status: null,
      },
      {
        ...none,
        row: 8,
        action: 'quarterly review of resource alignment.',
        recommendations: ['4'],
        timescale: 'July 2023 and ongoing',
        due: '2023-07-31',
        status: 'Ongoing',
      },
    ]);
    expect(reading.skipped).toEqual([]);
  });
});

describe('LGA CPC progress review action plan (January 2024)', () => {
  it('when themes are merged down beside numbered peer-team suggestions, then each suggestion is a recommendation and its row the action', async () => {
    const reading = await read('lga-cpc-progress-review-2024.xlsx');
    expect(reading.columns).toEqual({
      'Original recommendation': 'theme',
      'Peer team suggestion': 'detail',
      Action: 'action',
    });
    expect(reading.recommendations.map((r) => r.number)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3']);
    expect(reading.recommendations[1]?.text).toBe(
      '[The LGA may wish to consider more] the approach that the LGA takes, or doesn’t, in supporting councils who are developing local devolution deals',
    );
    const business = 'Continue to consider as part of Business as Usual';
    const oneLga = 'Consider as part of One LGA, One Voice programme';
    expect(fields(reading).map((a) => [a.row, a.theme, a.action, a.recommendations, a.extra])).toEqual([
      [3, 'Relationship with devolution', business, ['1.1'], {}],
      [4, 'Relationship with devolution', business, ['1.2'], {}],
      [5, 'Relationship with devolution', business, ['1.3'], {}],
      [6, 'Organisational development', oneLga, ['2.1'], {}],
      [7, 'Organisational development', oneLga, ['2.2'], {}],
      [8, 'Organisational development', oneLga, ['2.3'], {}],
    ]);
  });
});

describe('Benefit Fraud Inspection action plan (security)', () => {
  it('when a "No." column sits beside the inspector\'s recommendation under headings repeated on each page, then the number is the reference and each row one action', async () => {
    const reading = await read('bfi-security-action-plan.xlsx');
    expect(reading.tables[0]?.columns.map((c) => [c.column, c.heading, c.role])).toEqual([
      ['A', 'No.', 'reference'],
      ['B', 'BFI Recommendation - Security', 'recommendation'],
      ['C', 'Report Para', 'extra'],
      ['D', 'Priority', 'extra'],
      ['E', 'Action', 'action'],
      ['F', 'Who', 'lead'],
      ['G', 'By When', 'timescale'],
    ]);
    expect(reading.recommendations.map((r) => [r.number, r.text.slice(0, 30)])).toEqual([
      ['1', 'Ensure, through management che'],
      ['2', 'Introduce arrangements to moni'],
      ['3', 'Take action to ensure all inve'],
      ['4', 'Take urgent action to introduc'],
      ['5', 'Ensures that only staff approv'],
    ]);
    const extra = (para: string) => ({ 'Report Para': para, Priority: 'High' });
    expect(
      fields(reading).map((a) => [
        a.row,
        a.action.split('\n').length,
        a.recommendations,
        a.lead,
        a.timescale,
        a.due,
        a.status,
        a.extra,
      ]),
    ).toEqual([
      [4, 3, ['1'], '', 'Ongoing. Revised date 31/10/06', '2006-10-31', 'Ongoing', extra('2.34')],
      [6, 3, ['2'], '', 'Complete', null, 'Complete', extra('2.57')],
      [7, 1, ['3'], 'Fraud Manager', 'Complete', null, 'Complete', extra('2.67')],
      [8, 1, ['4'], 'Revenue Services Manager', 'Complete', null, 'Complete', extra('2.84')],
      [10, 1, ['5'], 'Fraud Manager', 'Complete', null, 'Complete', extra('2.85')],
    ]);
    expect(reading.skipped).toEqual([]);
  });
});
