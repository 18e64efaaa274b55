import { describe, expect, it } from 'vitest';
import { withDerivedDates } from '../../core/derived-dates.js';
import { type Action, deriveDeadlines, type Plan } from '../../core/plan.js';
import { buildReport, renderReportMarkdown } from '../../core/report.js';
import { missedMilestonesText } from '../../core/report-wording.js';
import { summarise } from '../../core/summary.js';
import { buildAction } from '../support/factories.js';

const PLAN = '01JD0000000000000000000P07';
const plan: Plan = {
  id: PLAN,
  council: 'chorley',
  title: 'CPC 2021',
  reportReceived: '2021-06-01',
  onSiteFrom: null,
  onSiteTo: null,
  themes: [],
  actionPlanPublished: null,
  checkInHeld: null,
  deadlines: deriveDeadlines('2021-06-01'),
  recommendations: [],
  revision: 2,
  createdAt: '2021-06-01T09:00:00.000Z',
  createdBy: 'policy',
};

let n = 0;
function row(action: string, timescale: string, status: Action['status']): Action & { plan: string } {
  n += 1;
  return {
    ...withDerivedDates(null, buildAction({ action, timescale, due: null, status, recommendations: [] })),
    id: `01JD${String(n).padStart(22, '0')}`,
    version: 1,
    revision: n,
    updatedAt: '2022-01-01T09:00:00.000Z',
    updatedBy: 'officer',
    deleted: false,
    plan: PLAN,
  };
}

describe('missed milestones', () => {
  const actions = [
    row('Set up the member panel', 'Establish Dec 21 / Report April 22', 'On track'),
    row('Staff survey', 'Design Nov 21 / Run Jan 22 / Report March 22', 'At risk'),
    row('Done early', 'Establish Dec 21 / Report April 22', 'Complete'),
  ];

  it('when milestones the timescale set have passed on actions not complete, then the summary lists them, earliest first', () => {
    const summary = summarise([plan], actions, [], '2022-01-31');
    // "Run Jan 22" is due on the day itself, so not yet missed; the completed action's milestones do not count.
    expect(summary.missedMilestones.map((m) => [m.action, m.label, m.due])).toEqual([
      ['Staff survey', 'Design', '2021-11-30'],
      ['Set up the member panel', 'Establish', '2021-12-31'],
    ]);
  });

  it('when the committee report is written, then it names the missed milestones in a sentence of its own', () => {
    const markdown = renderReportMarkdown(
      buildReport({ council: 'chorley', plans: [plan], actions, asOf: '2022-01-31' }),
    );
    expect(markdown).toContain(
      '2.2 Two milestones have passed without their actions being complete: "Design" (30 Nov 2021) of "Staff survey"; "Establish" (31 Dec 2021) of "Set up the member panel".',
    );
  });

  it('when one milestone or none has passed, then the sentence agrees or is left out', () => {
    const one = summarise([plan], actions.slice(0, 1), [], '2022-01-31');
    expect(missedMilestonesText(one)).toBe(
      'One milestone has passed without its action being complete: "Establish" (31 Dec 2021) of "Set up the member panel".',
    );
    expect(missedMilestonesText(summarise([plan], actions, [], '2021-06-30'))).toBeNull();
  });
});

describe('a due date typed by hand in the report', () => {
  it('when an action has a due date its timescale does not give, then the report says it was set by hand; a derived one says nothing', () => {
    const typed = { ...row('Typed date', 'Q3 2025/26', 'On track'), due: '2025-10-15' };
    const derived = row('Derived date', 'Q3 2025/26', 'On track');
    const report = buildReport({
      council: 'chorley',
      plans: [plan],
      actions: [typed, derived],
      asOf: '2025-09-30',
    });
    const markdown = renderReportMarkdown(report);
    expect(markdown).toMatch(/\| Typed date \|.*\| 15 Oct 2025 \(set by hand\) \|/);
    expect(markdown).toMatch(/\| Derived date \|.*\| 31 Dec 2025 \|/);
  });
});
