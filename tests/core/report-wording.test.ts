import { describe, expect, it } from 'vitest';
import type { PlanProgress, ReportAction } from '../../core/report.js';
import { financialQuarterOf } from '../../core/report-period.js';
import { actionCounts, backgroundParagraphs, progressIntro } from '../../core/report-wording.js';

const rows = (n: number) => Array.from({ length: n }, () => ({}) as ReportAction);
const counts = (live: number, complete: number, overdue: number, rolledForward: number) => ({
  live,
  complete: rows(complete),
  overdue: rows(overdue),
  rolledForward: rows(rolledForward),
});

describe('the count sentences of the report, for none, one and many', () => {
  it.each([
    [counts(0, 0, 0, 0), 'The plan has no actions yet.'],
    [counts(1, 1, 0, 0), 'The plan has one action, and it is complete.'],
    [counts(1, 0, 0, 0), 'The plan has one action, which is not complete: it is not overdue.'],
    [
      counts(1, 0, 1, 1),
      'The plan has one action, which is not complete: it is overdue and it was rolled forward from an earlier year.',
    ],
    [
      counts(10, 0, 4, 0),
      "Of the plan's ten actions, none is complete, four are overdue and none was rolled forward from an earlier year.",
    ],
    [
      counts(10, 1, 1, 1),
      "Of the plan's ten actions, one is complete, one is overdue and one was rolled forward from an earlier year.",
    ],
    [
      counts(25, 13, 2, 3),
      "Of the plan's 25 actions, 13 are complete, two are overdue and three were rolled forward from an earlier year.",
    ],
  ])('when the plan has %o, then it says "%s"', (plan, sentence) => {
    expect(actionCounts(plan)).toBe(sentence);
  });

  it('when the intro is written, then it never says "no are" or "one actions"', () => {
    const period = financialQuarterOf('2020-09-30');
    for (const [live, done, late, rolled] of [
      [0, 0, 0, 0],
      [1, 0, 1, 0],
      [1, 1, 0, 0],
      [2, 0, 0, 0],
      [10, 1, 4, 1],
    ] as const) {
      const text = progressIntro(counts(live, done, late, rolled) as unknown as PlanProgress, period);
      expect(text).not.toMatch(/\bno (are|is|was|were)\b|\bone actions\b|\bno rolled\b/);
    }
  });

  it.each([
    [0, 'Its recommendations are not recorded in the plan yet.'],
    [1, 'The report set out one recommendation.'],
    [8, 'The report set out eight recommendations.'],
  ])('when the plan records %i recommendations, then the background says "%s"', (n, sentence) => {
    const plan = {
      ...counts(0, 0, 0, 0),
      completeRecommendations: [],
      background: {
        recommendations: n,
        reportReceived: null,
        onSiteFrom: null,
        onSiteTo: null,
        actionPlanDue: null,
        actionPlanPublished: null,
        actionPlan: 'unknown',
        sixMonthCheckIn: null,
        checkInHeld: null,
        checkIn: 'unknown',
      },
    } as unknown as PlanProgress;
    expect(backgroundParagraphs(plan, financialQuarterOf('2020-09-30')).join(' ')).toContain(sentence);
  });

  it.each([
    [
      1,
      1,
      'One of the recommendations has been completed, namely R1. One action due in an earlier year is not complete and has been rolled forward to 2020/21.',
    ],
    [
      2,
      3,
      'Two of the recommendations have been completed, namely R1; R2. Three actions due in an earlier year are not complete and have been rolled forward to 2020/21.',
    ],
  ])(
    'when %i recommendations are complete and %i actions rolled forward, then the background agrees in number',
    (done, rolled, sentence) => {
      const plan = {
        ...counts(5, 0, 0, rolled),
        completeRecommendations: Array.from({ length: done }, (_, i) => ({ label: `R${i + 1}` })),
        background: { recommendations: 0, actionPlan: 'unknown', checkIn: 'unknown' },
      } as unknown as PlanProgress;
      expect(backgroundParagraphs(plan, financialQuarterOf('2020-09-30'))).toContain(sentence);
    },
  );
});
