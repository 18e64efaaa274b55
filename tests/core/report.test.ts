import { describe, expect, it } from 'vitest';
import { type Action, deriveDeadlines, type Plan } from '../../core/plan.js';
import { buildReport, type ReportInput, renderReportHtml, renderReportMarkdown } from '../../core/report.js';
import { financialQuarterOf } from '../../core/report-period.js';
import { summarise } from '../../core/summary.js';
import { buildAction } from '../support/factories.js';

const PLAN_ID = '01JD0000000000000000000P02';

/** Seed 002: the council's 2019 peer challenge, eight recommendations coded CRD1-CRD8. */
const RECOMMENDATIONS: [string, string][] = [
  ['1', 'Restructure the senior leadership team.'],
  ['2', 'Adopt a Corporate Delivery Plan to May 2020.'],
  [
    '3',
    'Ensure the integrity of the current IT system. Review the progress and suitability of current plans, capability and capacity in respect of this.',
  ],
  [
    '4',
    'Work with all key stakeholders over the next year to develop a clear vision and priorities for the council aligned to our Medium Term Financial Plan (MTFP).',
  ],
  ['5', 'Hold regular meetings between senior officers and members.'],
  [
    '6',
    'Establish effective workforce planning and performance management arrangements. The Council should:\n• Review its future staffing arrangements\n• Establish appropriate pay and reward arrangements for staff',
  ],
  [
    '7',
    'Building on its relatively strong financial position, review how its investment and commercial plans could be enhanced.',
  ],
  ['8', 'Consider reviewing governance arrangements to ensure better decision making.'],
  ['9', 'Set out a climate change strategy.'],
];

function seedPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: PLAN_ID,
    council: 'test-council',
    title: 'Corporate Peer Challenge March 2019',
    reportReceived: '2019-05-16',
    onSiteFrom: '2019-03-26',
    onSiteTo: '2019-03-29',
    themes: [],
    actionPlanPublished: '2019-07-01',
    checkInHeld: null,
    deadlines: deriveDeadlines('2019-05-16'),
    recommendations: RECOMMENDATIONS.map(([number, text]) => ({
      number,
      text,
      theme: null,
      code: `CRD${number}`,
    })),
    revision: 20,
    createdAt: '2019-06-01T09:00:00.000Z',
    createdBy: 'policy',
    ...overrides,
  };
}

let counter = 0;
function action(overrides: Partial<Action> & Pick<Action, 'action'>): Action & { plan: string } {
  counter += 1;
  return {
    ...buildAction({ progress: '', ...overrides }),
    id: `01JD${String(counter).padStart(22, '0')}`,
    order: counter,
    version: 1,
    revision: counter,
    updatedAt: '2020-09-01T09:00:00.000Z',
    updatedBy: 'officer',
    deleted: false,
    plan: PLAN_ID,
    ...overrides,
  };
}

function seedActions(): (Action & { plan: string })[] {
  return [
    action({ action: 'Restructure SLT', recommendations: ['1'], status: 'Complete', due: '2019-12-31' }),
    action({ action: 'Adopt the Corporate Delivery Plan', recommendations: ['2'], status: 'Complete' }),
    action({
      action: 'Replace servers, storage and disaster recovery infrastructure',
      recommendations: ['3'],
      directorate: 'ICT',
      lead: 'Head of ICT',
      due: '2020-08-31',
      status: 'On track',
      progress:
        "Excellent progress has been made on replacing and updating the Council's servers, storage and disaster recovery infrastructure.",
    }),
    action({
      action: 'Alliance Member workshops on strategic priorities',
      recommendations: ['4'],
      directorate: 'Chief Executive',
      lead: 'Chief Executive',
      due: '2021-03-31',
      status: 'On track',
      progress: 'Workshops were held on 12 November and 1 December and will inform the budget.',
    }),
    action({ action: 'Regular officer and member meetings', recommendations: ['CRD5'], status: 'Complete' }),
    action({
      action: 'Organisational Development programme: values and behaviours',
      recommendations: ['6'],
      directorate: 'HR',
      lead: 'Head of HR',
      due: '2020-03-31',
      status: 'At risk',
      progress: 'An agreed action plan has been produced with the Organisational Development Consultants.',
    }),
    action({
      action: 'Further investment in Multi-Asset funds',
      recommendations: ['crd7'],
      directorate: 'Finance',
      lead: 'Section 151 Officer',
      due: '2021-03-31',
      status: 'On track',
      progress: 'The Council has completed a further £1m investment in Multi-Asset funds.',
    }),
    action({
      action: 'CE and Leader meet Group Leaders and Policy Committee Chairs',
      recommendations: ['8'],
      due: null,
      status: 'Ongoing',
      progress: 'The Strategic Leadership Team meets at least weekly.',
    }),
    action({
      action: 'Set out implications clearly in reports',
      recommendations: ['8'],
      due: '2020-12-31',
      status: 'On track',
      progress: 'Reports set out operational, financial and legal implications.',
    }),
    action({ action: 'Refresh the website', recommendations: [], due: '2021-01-31', status: 'Not started' }),
    action({ action: 'A row someone deleted', recommendations: ['9'], deleted: true }),
  ];
}

const seedInput = (overrides: Partial<ReportInput> = {}): ReportInput => ({
  council: 'test-council',
  plans: [seedPlan()],
  actions: seedActions(),
  asOf: '2020-09-30',
  ...overrides,
});

describe('financialQuarterOf', () => {
  it.each([
    ['2020-04-01', '1st Quarter 2020/21'],
    ['2020-09-30', '2nd Quarter 2020/21'],
    ['2020-10-01', '3rd Quarter 2020/21'],
    ['2021-01-01', '4th Quarter 2020/21'],
    ['2021-03-31', '4th Quarter 2020/21'],
    ['2021-04-01', '1st Quarter 2021/22'],
    ['1999-12-31', '3rd Quarter 1999/00'],
  ])('when the date is %s, then the quarter is the %s', (asOf, label) => {
    expect(financialQuarterOf(asOf).label).toBe(label);
  });
});

describe('buildReport', () => {
  const report = buildReport(seedInput());
  const plan = report.plans[0]!;
  const names = (list: { action: string }[]) => list.map((a) => a.action);

  it('when the report is as of 30 September 2020, then it is the 2nd Quarter 2020/21 report', () => {
    expect(report.title).toBe('CORPORATE PEER CHALLENGE PROGRESS — 2nd Quarter 2020/21');
    expect(report.period).toMatchObject({ quarter: 2, year: '2020/21', yearStarts: '2020-04-01' });
  });

  it('when the plan has review dates, then the background gives them with the deadlines met or missed', () => {
    expect(plan.background).toEqual({
      onSiteFrom: '2019-03-26',
      onSiteTo: '2019-03-29',
      reportReceived: '2019-05-16',
      recommendations: 9,
      actionPlanDue: '2019-07-11',
      actionPlanPublished: '2019-07-01',
      actionPlan: 'met',
      sixMonthCheckIn: '2019-11-16',
      checkInHeld: null,
      checkIn: 'overdue',
    });
  });

  it('when actions answer recommendations by number or code, then each recommendation lists its actions with their latest note', () => {
    const rec3 = plan.recommendations.find((r) => r.number === '3')!;
    expect(rec3.label).toBe('REC 3 (CRD3)');
    expect(rec3.actions).toEqual([
      expect.objectContaining({
        action: 'Replace servers, storage and disaster recovery infrastructure',
        directorate: 'ICT',
        lead: 'Head of ICT',
        due: '2020-08-31',
        status: 'On track',
        progress: expect.stringContaining('Excellent progress'),
      }),
    ]);
    expect(plan.recommendations.map((r) => [r.label, r.actions.length])).toEqual([
      ['REC 1 (CRD1)', 1],
      ['REC 2 (CRD2)', 1],
      ['REC 3 (CRD3)', 1],
      ['REC 4 (CRD4)', 1],
      ['REC 5 (CRD5)', 1],
      ['REC 6 (CRD6)', 1],
      ['REC 7 (CRD7)', 1],
      ['REC 8 (CRD8)', 2],
      ['REC 9 (CRD9)', 0],
    ]);
  });

  it('when CRD1, 2 and 5 have only complete actions, then they are the completed recommendations', () => {
    expect(plan.completeRecommendations.map((r) => r.label)).toEqual([
      'REC 1 (CRD1)',
      'REC 2 (CRD2)',
      'REC 5 (CRD5)',
    ]);
    expect(names(plan.complete)).toEqual([
      'Restructure SLT',
      'Adopt the Corporate Delivery Plan',
      'Regular officer and member meetings',
    ]);
  });

  it('when an open action was due in 2019/20, then it is rolled forward to 2020/21 (and overdue)', () => {
    expect(names(plan.rolledForward)).toEqual([
      'Organisational Development programme: values and behaviours',
    ]);
    // longest overdue first
    expect(names(plan.overdue)).toEqual([
      'Organisational Development programme: values and behaviours',
      'Replace servers, storage and disaster recovery infrastructure',
    ]);
    expect(plan.overdue.map((a) => a.answers)).toEqual([['REC 6 (CRD6)'], ['REC 3 (CRD3)']]);
  });

  it('when a recommendation has no live action, then it is listed as unlinked, as the council summary says', () => {
    expect(plan.unlinked.map((r) => r.label)).toEqual(['REC 9 (CRD9)']);
    const input = seedInput();
    const summary = summarise(
      input.plans,
      input.actions,
      input.plans[0]!.recommendations.map((r) => ({ ...r, plan: PLAN_ID })),
      input.asOf,
    );
    expect(summary.unlinkedRecommendations.map((u) => u.number)).toEqual(plan.unlinked.map((u) => u.number));
  });

  it('when an action answers no recommendation, then it is reported on its own and charted as "Not linked"', () => {
    expect(names(plan.otherActions)).toEqual(['Refresh the website']);
    expect(plan.statusByRecommendation.at(-1)).toMatchObject({
      label: 'Not linked',
      counts: { 'Not started': 1 },
    });
  });

  it('when a row was deleted, then it appears nowhere and is not counted', () => {
    expect(plan.live).toBe(10);
    expect(JSON.stringify(report)).not.toContain('A row someone deleted');
    expect(Object.values(plan.counts).reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('when the council has two plans, then each has its own section with only its actions', () => {
    const other = seedPlan({ id: '01JD0000000000000000000P03', title: 'CPC 2023', recommendations: [] });
    const two = buildReport(seedInput({ plans: [seedPlan(), other] }));
    expect(two.plans.map((p) => [p.title, p.live])).toEqual([
      ['Corporate Peer Challenge March 2019', 10],
      ['CPC 2023', 0],
    ]);
    const html = renderReportHtml(two);
    expect(html).toContain('<h2 id="plan-0">Corporate Peer Challenge March 2019</h2>');
    expect(html).toContain('<h2 id="plan-1">CPC 2023</h2>');
  });
});

describe('renderReportHtml', () => {
  const html = renderReportHtml(buildReport(seedInput()));

  it('when rendered, then it is one self-contained page: inline CSS for A4, an SVG chart, no scripts or external assets', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<h1>CORPORATE PEER CHALLENGE PROGRESS — 2nd Quarter 2020/21</h1>');
    expect(html).toContain('@page { size: A4; margin: 15mm }');
    expect(html).toContain('break-inside: avoid');
    expect(html).toMatch(/<svg [^>]*role="img"/);
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\((?!#)/i);
  });

  it('when rendered, then the tables are semantic: caption, column and row headers', () => {
    expect(html).toContain('<caption>Actions for REC 3 (CRD3)</caption>');
    expect(html).toContain('<th scope="col">Latest progress</th>');
    expect(html).toContain(
      '<th scope="row">Replace servers, storage and disaster recovery infrastructure</th>',
    );
    expect(html).toContain('<h2>1. Background</h2>');
    expect(html).toContain('took place between 26 and 29 March 2019');
    expect(html).toContain(
      'Three of the recommendations have been completed, namely REC 1 (CRD1); REC 2 (CRD2); REC 5 (CRD5).',
    );
    expect(html).toContain('rolled forward to 2020/21');
  });

  it('when officers typed markup and ampersands, then every piece of text is escaped', () => {
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const input = seedInput();
    input.plans[0]!.title = `Plan ${hostile}`;
    input.plans[0]!.recommendations[0]!.text = hostile;
    input.actions.push(
      action({
        action: hostile,
        recommendations: ['1'],
        directorate: hostile,
        lead: hostile,
        progress: hostile,
      }),
    );
    const page = renderReportHtml(buildReport(input));
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    );
  });
});

describe('renderReportMarkdown', () => {
  const input = seedInput();
  input.actions.push(
    action({
      action: 'Pipes | and <b>tags</b> & such',
      recommendations: ['4'],
      progress: 'line one\nline two',
    }),
  );
  const markdown = renderReportMarkdown(buildReport(input));
  const lines = markdown.split('\n');

  it('when rendered, then it has the report headings and a table per recommendation', () => {
    expect(lines[0]).toBe('# CORPORATE PEER CHALLENGE PROGRESS — 2nd Quarter 2020/21');
    expect(lines).toContain('## 1. Background');
    expect(lines).toContain('## 2. Progress on the action plan');
    expect(lines).toContain('### REC 3 (CRD3)');
    expect(lines).toContain('### Rolled forward to 2020/21');
    expect(lines).toContain('| Action | Directorate | Lead | Due | Status | Latest progress |');
    expect(lines).toContain('| --- | --- | --- | --- | --- | --- |');
  });

  it('when a cell holds pipes, tags and line breaks, then every table row keeps its columns and no HTML gets through', () => {
    const unescapedPipes = (line: string) => line.split(/(?<!\\)\|/).length - 2;
    for (const line of lines.filter((l) => l.startsWith('| Action | Directorate'))) {
      expect(unescapedPipes(line)).toBe(6);
    }
    const row = lines.find((l) => l.includes('Pipes'))!;
    expect(unescapedPipes(row)).toBe(6);
    expect(row).toContain('Pipes \\| and \\<b>tags\\</b> & such');
    expect(row).toContain('line one / line two');
    expect(markdown).not.toMatch(/(^|[^\\])</m);
  });
});
