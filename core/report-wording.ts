/**
 * The report's sentences, as plain text: the HTML and Markdown renderers escape and lay out the
 * same words, so the two never tell a committee different things. Wording follows the councils'
 * own quarterly reports to Overview and Scrutiny.
 */

import type { PlanBackground, PlanProgress, ProgressReport, ReportAction } from './report.js';
import { dateSpan, type FinancialQuarter, longDate, shortDate } from './report-period.js';
import { NO_STATUS } from './summary.js';

export const SECTION = {
  background: '1. Background',
  progress: '2. Progress on the action plan',
  complete: 'Complete',
  rolledForward: (period: FinancialQuarter) => `Rolled forward to ${period.year}`,
  overdue: 'Overdue',
  unlinked: 'Recommendations with no action',
  otherActions: 'Actions not linked to a recommendation',
} as const;

/** Table captions: what each table lists, as a reader of the printed page needs it. */
export const CAPTION = {
  complete: (asOf: string) => `Actions complete as at ${longDate(asOf)}`,
  rolledForward: (period: FinancialQuarter) =>
    `Actions due before ${period.year} and not complete, carried into ${period.year}`,
  overdue: (asOf: string) => `Actions overdue as at ${longDate(asOf)}, longest overdue first`,
  unlinked: 'Recommendations that no action answers yet',
  otherActions: "Actions that answer none of the plan's recommendations",
} as const;

export const ACTION_COLUMNS = ['Action', 'Directorate', 'Lead', 'Due', 'Status', 'Latest progress'] as const;
export const LIST_COLUMNS = ['Action', 'Recommendation', 'Directorate', 'Lead', 'Due', 'Status'] as const;

const WORDS = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

/** "eight", as reports write small numbers; digits from 13 on. */
export const numberWord = (n: number) => WORDS[n] ?? String(n);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const statusText = (a: Pick<ReportAction, 'status'>) => a.status ?? NO_STATUS;
export const dueText = (a: Pick<ReportAction, 'due'>) => (a.due ? shortDate(a.due) : 'No date');

/** A due date typed by hand says so: it is not what the plan's timescale says. */
export const DUE_SET_BY_HAND = 'set by hand';

export function reportSubtitle(report: ProgressReport): string {
  return `As at ${longDate(report.asOf)} · ${report.councilName}`;
}

export function backgroundParagraphs(plan: PlanProgress, period: FinancialQuarter): string[] {
  const b = plan.background;
  return [visit(b), feedbackReport(b), actionPlan(b), checkIn(b), ...completed(plan, period)];
}

function visit(b: PlanBackground): string {
  if (b.onSiteFrom && b.onSiteTo)
    return `The Council's Corporate Peer Challenge took place ${dateSpan(b.onSiteFrom, b.onSiteTo)}.`;
  if (b.onSiteFrom) return `The Council's Corporate Peer Challenge began on ${longDate(b.onSiteFrom)}.`;
  return 'The plan does not record when the peer team were on site.';
}

function feedbackReport(b: PlanBackground): string {
  const n = b.recommendations;
  const received = b.reportReceived
    ? `The Council received the peer team's feedback report on ${longDate(b.reportReceived)}.`
    : 'The plan does not record when the feedback report was received.';
  const set =
    n > 0
      ? `The report set out ${numberWord(n)} ${plural(n, 'recommendation', 'recommendations')}.`
      : 'Its recommendations are not recorded in the plan yet.';
  return `${received} ${set}`;
}

function actionPlan(b: PlanBackground): string {
  const published = b.actionPlanPublished ? longDate(b.actionPlanPublished) : '';
  if (!b.actionPlanDue) {
    return published
      ? `The action plan was published on ${published}.`
      : 'The action plan has no deadline until the date of the feedback report is recorded.';
  }
  const deadline = `The LGA asks for an action plan to be published within eight weeks of the feedback report, here by ${longDate(b.actionPlanDue)}.`;
  switch (b.actionPlan) {
    case 'met':
      return `${deadline} It was published on ${published}, on time.`;
    case 'late':
      return `${deadline} It was published on ${published}, after that deadline.`;
    case 'overdue':
      return `${deadline} It has not been published yet, and that deadline has passed.`;
    default:
      return `${deadline} It has not been published yet.`;
  }
}

function checkIn(b: PlanBackground): string {
  const held = b.checkInHeld ? longDate(b.checkInHeld) : '';
  if (!b.sixMonthCheckIn) {
    return held
      ? `The six-month check-in with the peer team was held on ${held}.`
      : 'The six-month check-in has no date until the date of the feedback report is recorded.';
  }
  const due = `The six-month check-in with the peer team is due by ${longDate(b.sixMonthCheckIn)}.`;
  switch (b.checkIn) {
    case 'met':
      return `${due} It was held on ${held}.`;
    case 'late':
      return `${due} It was held on ${held}, later than that.`;
    case 'overdue':
      return `${due} It has not been held yet, and that date has passed.`;
    default:
      return `${due} It has not been held yet.`;
  }
}

function completed(plan: PlanProgress, period: FinancialQuarter): string[] {
  const done = plan.completeRecommendations;
  const rolled = plan.rolledForward.length;
  const sentences: string[] = [];
  if (done.length > 0) {
    sentences.push(
      `${capitalised(numberWord(done.length))} of the recommendations ${plural(done.length, 'has', 'have')} been completed, namely ${done.map((r) => r.label).join('; ')}.`,
    );
  }
  if (rolled > 0) {
    sentences.push(
      `${capitalised(numberWord(rolled))} ${plural(rolled, 'action', 'actions')} due in an earlier year ${plural(rolled, 'is', 'are')} not complete and ${plural(rolled, 'has', 'have')} been rolled forward to ${period.year}.`,
    );
  }
  return sentences.length > 0 ? [sentences.join(' ')] : [];
}

export function progressIntro(plan: PlanProgress, period: FinancialQuarter): string {
  return `A summary of progress made in the ${period.label} is set out below. ${actionCounts(plan)}`;
}

/**
 * How many of the plan's actions are complete, overdue and rolled forward, written for none, one
 * and many ("none is complete", "one is overdue", "four are overdue").
 */
export function actionCounts(
  plan: Pick<PlanProgress, 'live' | 'complete' | 'overdue' | 'rolledForward'>,
): string {
  const n = plan.live;
  if (n === 0) return 'The plan has no actions yet.';
  const complete = plan.complete.length;
  const overdue = plan.overdue.length;
  const rolled = plan.rolledForward.length;
  if (n === 1) {
    if (complete === 1) return 'The plan has one action, and it is complete.';
    const state = [overdue ? 'it is overdue' : 'it is not overdue'];
    if (rolled) state.push('it was rolled forward from an earlier year');
    return `The plan has one action, which is not complete: ${state.join(' and ')}.`;
  }
  const are = (k: number, what: string) =>
    k === 0 ? `none is ${what}` : `${numberWord(k)} ${plural(k, 'is', 'are')} ${what}`;
  const rolledText =
    rolled === 0
      ? 'none was rolled forward from an earlier year'
      : `${numberWord(rolled)} ${plural(rolled, 'was', 'were')} rolled forward from an earlier year`;
  return `Of the plan's ${numberWord(n)} actions, ${are(complete, 'complete')}, ${are(overdue, 'overdue')} and ${rolledText}.`;
}

/** The milestones passed on actions not complete, in one sentence; null when none has. */
export function missedMilestonesText(plan: Pick<PlanProgress, 'missedMilestones'>): string | null {
  const missed = plan.missedMilestones;
  if (missed.length === 0) return null;
  const items = missed.map((m) => `"${m.label}" (${shortDate(m.due)}) of "${m.action}"`).join('; ');
  return missed.length === 1
    ? `One milestone has passed without its action being complete: ${items}.`
    : `${capitalised(numberWord(missed.length))} milestones have passed without their actions being complete: ${items}.`;
}

/** What an empty list says, instead of an empty table. */
export function noneText(list: 'complete' | 'rolledForward' | 'overdue' | 'unlinked', asOf: string): string {
  switch (list) {
    case 'complete':
      return 'No actions are complete yet.';
    case 'rolledForward':
      return 'No actions were rolled forward from an earlier year.';
    case 'overdue':
      return `No actions are overdue as at ${longDate(asOf)}.`;
    case 'unlinked':
      return 'Every recommendation has at least one action.';
  }
}

export const chartTitle = (plan: PlanProgress) => `Status of actions by recommendation: ${plan.title}`;
