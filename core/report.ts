/**
 * The committee progress report ("Corporate Peer Challenge progress, 2nd Quarter 2020/21") as a
 * model: what Overview and Scrutiny reads each quarter. Pure. The renderers (HTML, Markdown) only
 * lay this out, so both say the same thing.
 */

import { dueSetByHand } from './derived-dates.js';
import { byCodeUnits, bySheetOrder } from './order.js';
import type { Action, Plan, Recommendation, Status } from './plan.js';
import { type FinancialQuarter, financialQuarterOf } from './report-period.js';
import {
  isOverdue,
  lifecycleOf,
  type MissedMilestone,
  NO_STATUS,
  type PlanLifecycle,
  STATUS_KEYS,
  type StatusKey,
  summarise,
} from './summary.js';

export { renderReportHtml } from './report-html.js';
export { renderReportMarkdown } from './report-markdown.js';

export interface ReportInput {
  council: string;
  /** The council's display name ("Chorley Council"); the id when it has none. */
  councilName?: string;
  /** The plans to report on, each with its recommendations. */
  plans: Plan[];
  /** Their actions, each naming its plan; deleted rows are left out. */
  actions: (Action & { plan: string })[];
  /** The day the report is as of, YYYY-MM-DD. */
  asOf: string;
}

export type StatusCounts = Record<StatusKey, number>;

export interface ReportAction {
  id: string;
  action: string;
  theme: string;
  /** The recommendation numbers as the action gives them. */
  recommendations: string[];
  /** The recommendations it answers as the report heads them ("REC 3 (CRD3)"); unknown numbers as given. */
  answers: string[];
  directorate: string;
  lead: string;
  timescale: string;
  due: string | null;
  /** The due date was typed by hand rather than read from the timescale. */
  dueSetByHand: boolean;
  status: Status | null;
  /** The progress note as it stands: the latest word on the action. */
  progress: string;
  overdue: boolean;
  /** Not complete and due in an earlier financial year: carried into this one. */
  rolledForward: boolean;
}

export interface RecommendationProgress {
  number: string;
  code: string | null;
  /** As the seed reports head it: "REC 3 (CRD3)". */
  label: string;
  text: string;
  theme: string | null;
  actions: ReportAction[];
  counts: StatusCounts;
  /** Every action linked to it is complete (and it has at least one). */
  complete: boolean;
}

/** The plan's dates and where it stands against its deadlines, as the summary works them out. */
export interface PlanBackground extends Omit<PlanLifecycle, 'plan' | 'title'> {
  onSiteFrom: string | null;
  onSiteTo: string | null;
  recommendations: number;
}

export interface RecommendationRefLine {
  number: string;
  code: string | null;
  label: string;
  text: string;
}

export interface PlanProgress {
  id: string;
  title: string;
  background: PlanBackground;
  recommendations: RecommendationProgress[];
  /** Live actions that answer none of the plan's recommendations, so nothing drops out of the report. */
  otherActions: ReportAction[];
  completeRecommendations: RecommendationRefLine[];
  complete: ReportAction[];
  rolledForward: ReportAction[];
  overdue: ReportAction[];
  /** Recommendations no live action answers: the gap scrutiny asks about first. */
  unlinked: RecommendationRefLine[];
  /** Milestones passed on actions not complete, earliest first. */
  missedMilestones: MissedMilestone[];
  live: number;
  counts: StatusCounts;
  /** For the chart: each recommendation's actions by status, and a bar for the unlinked ones if any. */
  statusByRecommendation: { label: string; counts: StatusCounts }[];
}

export interface ProgressReport {
  council: string;
  councilName: string;
  asOf: string;
  period: FinancialQuarter;
  title: string;
  plans: PlanProgress[];
}

export function buildReport(input: ReportInput): ProgressReport {
  const period = financialQuarterOf(input.asOf);
  return {
    council: input.council,
    councilName: input.councilName ?? input.council,
    asOf: input.asOf,
    period,
    title: `CORPORATE PEER CHALLENGE PROGRESS — ${period.label}`,
    plans: input.plans.map((plan) =>
      planProgress(
        plan,
        input.actions.filter((a) => a.plan === plan.id && !a.deleted),
        input.asOf,
        period,
      ),
    ),
  };
}

function planProgress(
  plan: Plan,
  live: (Action & { plan: string })[],
  asOf: string,
  period: FinancialQuarter,
): PlanProgress {
  const inOrder = [...live].sort(bySheetOrder);
  const lines = inOrder.map((a) => reportAction(a, plan.recommendations, asOf, period));
  const lineOf = new Map(lines.map((l) => [l.id, l]));
  const linesOf = (actions: Action[]) => actions.flatMap((a) => lineOf.get(a.id) ?? []);

  const recommendations = plan.recommendations.map((r) => {
    const actions = linesOf(inOrder.filter((a) => answers(a, r)));
    const counts = countStatuses(actions);
    return {
      number: r.number,
      code: r.code,
      label: recommendationLabel(r),
      text: r.text,
      theme: r.theme,
      actions,
      counts,
      complete: actions.length > 0 && counts.Complete === actions.length,
    };
  });
  const linked = new Set(recommendations.flatMap((r) => r.actions.map((a) => a.id)));
  // The same rule as the council summary, so the report and the dashboard name the same gaps.
  const summary = summarise(
    [plan],
    live,
    plan.recommendations.map((r) => ({ ...r, plan: plan.id })),
    asOf,
  );
  const unlinkedNumbers = new Set(summary.unlinkedRecommendations.map((u) => u.number));
  const { plan: _id, title: _title, ...lifecycle } = lifecycleOf(plan, asOf);
  const otherActions = lines.filter((l) => !linked.has(l.id));

  return {
    id: plan.id,
    title: plan.title,
    background: {
      ...lifecycle,
      onSiteFrom: plan.onSiteFrom,
      onSiteTo: plan.onSiteTo,
      recommendations: plan.recommendations.length,
    },
    recommendations,
    otherActions,
    completeRecommendations: recommendations.filter((r) => r.complete).map(refLine),
    complete: lines.filter((l) => l.status === 'Complete'),
    rolledForward: lines.filter((l) => l.rolledForward).sort(byDue),
    overdue: lines.filter((l) => l.overdue).sort(byDue),
    unlinked: recommendations.filter((r) => unlinkedNumbers.has(r.number)).map(refLine),
    missedMilestones: summary.missedMilestones,
    live: lines.length,
    counts: countStatuses(lines),
    statusByRecommendation: [
      ...recommendations.map((r) => ({ label: r.label, counts: r.counts })),
      ...(otherActions.length > 0 ? [{ label: 'Not linked', counts: countStatuses(otherActions) }] : []),
    ],
  };
}

/** The names an action may give a recommendation by: its number or its other code, case aside. */
const namesOf = (r: Recommendation) =>
  [r.number, r.code ?? ''].filter((n) => n !== '').map((n) => n.toLowerCase());

function answers(action: Action, recommendation: Recommendation): boolean {
  const names = namesOf(recommendation);
  return action.recommendations.some((n) => names.includes(n.toLowerCase()));
}

/** Longest overdue first, as the council summary lists them; row order breaks ties. */
const byDue = (a: ReportAction, b: ReportAction) => byCodeUnits(a.due ?? '9999', b.due ?? '9999');

function reportAction(
  a: Action,
  recommendations: readonly Recommendation[],
  asOf: string,
  period: FinancialQuarter,
): ReportAction {
  const answered = recommendations.filter((r) => answers(a, r));
  const unknown = a.recommendations.filter(
    (n) => !answered.some((r) => namesOf(r).includes(n.toLowerCase())),
  );
  return {
    id: a.id,
    action: a.action,
    theme: a.theme,
    recommendations: a.recommendations,
    answers: [...answered.map(recommendationLabel), ...unknown],
    directorate: a.directorate,
    lead: a.lead,
    timescale: a.timescale,
    due: a.due,
    dueSetByHand: dueSetByHand(a),
    status: a.status,
    progress: a.progress,
    overdue: isOverdue(a, asOf),
    rolledForward: a.status !== 'Complete' && a.due !== null && a.due < period.yearStarts,
  };
}

export function countStatuses(actions: readonly Pick<ReportAction, 'status'>[]): StatusCounts {
  const counts = Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) as StatusCounts;
  for (const a of actions) counts[a.status ?? NO_STATUS] += 1;
  return counts;
}

/** "REC 3 (CRD3)" for a bare number, the plan's own wording ("PCR1") otherwise. */
export function recommendationLabel(r: Pick<Recommendation, 'number' | 'code'>): string {
  const name = /^\d/.test(r.number) ? `REC ${r.number}` : r.number;
  return r.code && r.code.toLowerCase() !== r.number.toLowerCase() ? `${name} (${r.code})` : name;
}

function refLine(r: RecommendationProgress): RecommendationRefLine {
  return { number: r.number, code: r.code, label: r.label, text: r.text };
}
