/**
 * Roll-ups for central policy teams, as of a date: what the chief executive and Overview and
 * Scrutiny ask. Pure. Every live action is counted exactly once in each breakdown, so the
 * numbers always add up to the number of live actions.
 */

import { byCodeUnits } from './order.js';
import { type Action, addDays, type Plan, type Recommendation, STATUSES, type Status } from './plan.js';
import { danglingLinks, registerKeys } from './recommendation-links.js';

export const NO_STATUS = 'No status';
export const NO_DIRECTORATE = '(no directorate)';
export type StatusKey = Status | typeof NO_STATUS;
export const STATUS_KEYS: StatusKey[] = [...STATUSES, NO_STATUS];

/** Days ahead that count as "due soon", and days without a change that count as "stale". */
export const DUE_SOON_DAYS = 30;
export const STALE_DAYS = 90;

export type PlanInfo = Pick<
  Plan,
  'id' | 'title' | 'reportReceived' | 'deadlines' | 'actionPlanPublished' | 'checkInHeld'
>;
export type PlannedAction = Action & { plan: string };
export type PlanRecommendation = Recommendation & { plan: string };

export interface ActionRef {
  plan: string;
  id: string;
  action: string;
  directorate: string;
  lead: string;
  due: string | null;
  status: Status | null;
  updatedAt: string;
}

export interface MissedMilestone {
  plan: string;
  id: string;
  action: string;
  directorate: string;
  label: string;
  due: string;
}

export interface DirectorateRow {
  directorate: string;
  counts: Record<StatusKey, number>;
  total: number;
}

/** "met" or "late" once it happened; "due" or "overdue" until it does; "unknown" without a report date. */
export type MilestoneState = 'met' | 'late' | 'due' | 'overdue' | 'unknown';

export interface PlanLifecycle {
  plan: string;
  title: string;
  reportReceived: string | null;
  actionPlanDue: string | null;
  actionPlanPublished: string | null;
  actionPlan: MilestoneState;
  sixMonthCheckIn: string | null;
  checkInHeld: string | null;
  checkIn: MilestoneState;
}

export interface Summary {
  asOf: string;
  live: number;
  byStatus: Record<StatusKey, number>;
  byDirectorate: DirectorateRow[];
  overdue: ActionRef[];
  dueSoon: ActionRef[];
  noLead: ActionRef[];
  noDueDate: ActionRef[];
  stale: ActionRef[];
  /**
   * Recommendations no live action answers. Only a view of the whole council can say so: in a view
   * of some directorates (an officer's) it is empty, as `scope` says, since the action may sit in a
   * directorate the view does not hold.
   */
  unlinkedRecommendations: { plan: string; number: string; text: string }[];
  /**
   * Milestones the timescale set that have passed on actions not complete (the last, the due date
   * itself, is in `overdue`): a missed milestone is news to scrutiny before the action is overdue.
   */
  missedMilestones: MissedMilestone[];
  /** Live actions linked to recommendation numbers their plan's register does not have. */
  danglingLinks: { plan: string; id: string; action: string; numbers: string[] }[];
  plans: PlanLifecycle[];
  /** The directorates the view holds, or null for the whole council. */
  scope: { directorates: string[] } | null;
}

const emptyCounts = (): Record<StatusKey, number> =>
  Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) as Record<StatusKey, number>;

export const isOverdue = (a: Pick<Action, 'due' | 'status'>, asOf: string) =>
  a.due !== null && a.due < asOf && a.status !== 'Complete';

export function summarise(
  plans: PlanInfo[],
  actions: PlannedAction[],
  recommendations: PlanRecommendation[],
  asOf: string,
  scope: { directorates: string[] } | null = null,
): Summary {
  const live = actions.filter((a) => !a.deleted);
  const byStatus = emptyCounts();
  const directorates = new Map<string, DirectorateRow>();
  const soon = addDays(asOf, DUE_SOON_DAYS);
  const staleBefore = addDays(asOf, -STALE_DAYS);
  const lists: Pick<Summary, 'overdue' | 'dueSoon' | 'noLead' | 'noDueDate' | 'stale'> = {
    overdue: [],
    dueSoon: [],
    noLead: [],
    noDueDate: [],
    stale: [],
  };
  // One pass, and one reference per action however many lists it is in: roll-ups of thousands of
  // rows spent most of their time making the same reference again for each list.
  for (const action of live) {
    const status: StatusKey = action.status ?? NO_STATUS;
    byStatus[status] += 1;
    const name = action.directorate.trim() || NO_DIRECTORATE;
    const row = directorates.get(name) ?? { directorate: name, counts: emptyCounts(), total: 0 };
    row.counts[status] += 1;
    row.total += 1;
    directorates.set(name, row);
    if (action.status === 'Complete') continue;
    let ref: ActionRef | undefined;
    const add = (list: ActionRef[]) => {
      ref ??= refOf(action);
      list.push(ref);
    };
    const { due } = action;
    if (due !== null && due < asOf) add(lists.overdue);
    if (due !== null && due >= asOf && due <= soon) add(lists.dueSoon);
    if (action.lead.trim() === '') add(lists.noLead);
    if (due === null) add(lists.noDueDate);
    if (action.updatedAt.slice(0, 10) < staleBefore) add(lists.stale);
  }
  const byDue = (a: ActionRef, b: ActionRef) =>
    byCodeUnits(a.due ?? '9999', b.due ?? '9999') || byCodeUnits(a.id, b.id);
  return {
    asOf,
    live: live.length,
    byStatus,
    byDirectorate: [...directorates.values()].sort((a, b) => a.directorate.localeCompare(b.directorate)),
    overdue: lists.overdue.sort(byDue),
    dueSoon: lists.dueSoon.sort(byDue),
    noLead: lists.noLead,
    noDueDate: lists.noDueDate,
    stale: lists.stale.sort((a, b) => byCodeUnits(a.updatedAt, b.updatedAt)),
    unlinkedRecommendations: scope ? [] : unlinked(recommendations, live),
    missedMilestones: missed(live, asOf),
    danglingLinks: dangling(recommendations, live),
    plans: plans.map((plan) => lifecycleOf(plan, asOf)),
    scope,
  };
}

function refOf(a: PlannedAction): ActionRef {
  return {
    plan: a.plan,
    id: a.id,
    action: a.action,
    directorate: a.directorate,
    lead: a.lead,
    due: a.due,
    status: a.status,
    updatedAt: a.updatedAt,
  };
}

/** A recommendation with no live action linked to it: the gap scrutiny asks about first. */
function unlinked(recommendations: PlanRecommendation[], live: PlannedAction[]) {
  const linked = new Set(live.flatMap((a) => a.recommendations.map((n) => `${a.plan}#${n.toLowerCase()}`)));
  return recommendations
    .filter(
      (r) =>
        !linked.has(`${r.plan}#${r.number.toLowerCase()}`) &&
        !(r.code && linked.has(`${r.plan}#${r.code.toLowerCase()}`)),
    )
    .map((r) => ({ plan: r.plan, number: r.number, text: r.text }));
}

function missed(live: PlannedAction[], asOf: string): MissedMilestone[] {
  return live
    .filter((a) => a.status !== 'Complete')
    .flatMap((a) =>
      a.milestones
        .filter((m): m is { label: string; due: string } => m.due !== null && m.due < asOf && m.due !== a.due)
        .map((m) => ({
          plan: a.plan,
          id: a.id,
          action: a.action,
          directorate: a.directorate,
          label: m.label,
          due: m.due,
        })),
    )
    .sort((a, b) => byCodeUnits(a.due, b.due) || byCodeUnits(a.id, b.id));
}

function dangling(recommendations: PlanRecommendation[], live: PlannedAction[]): Summary['danglingLinks'] {
  const registers = new Map<string, PlanRecommendation[]>();
  for (const r of recommendations) registers.set(r.plan, [...(registers.get(r.plan) ?? []), r]);
  const keys = new Map([...registers].map(([plan, register]) => [plan, registerKeys(register)]));
  // In each plan's row order, whatever order the rows were read in.
  const inRowOrder = [...live].sort(
    (a, b) => byCodeUnits(a.plan, b.plan) || a.order - b.order || byCodeUnits(a.id, b.id),
  );
  return inRowOrder.flatMap((a) => {
    const numbers = danglingLinks(a.recommendations, keys.get(a.plan) ?? new Set());
    return numbers.length > 0 ? [{ plan: a.plan, id: a.id, action: a.action, numbers }] : [];
  });
}

export function milestoneState(due: string | null, happened: string | null, asOf: string): MilestoneState {
  if (happened) return due === null || happened <= due ? 'met' : 'late';
  if (due === null) return 'unknown';
  return asOf > due ? 'overdue' : 'due';
}

export function lifecycleOf(plan: PlanInfo, asOf: string): PlanLifecycle {
  return {
    plan: plan.id,
    title: plan.title,
    reportReceived: plan.reportReceived,
    actionPlanDue: plan.deadlines.actionPlanDue,
    actionPlanPublished: plan.actionPlanPublished ?? null,
    actionPlan: milestoneState(plan.deadlines.actionPlanDue, plan.actionPlanPublished ?? null, asOf),
    sixMonthCheckIn: plan.deadlines.sixMonthCheckIn,
    checkInHeld: plan.checkInHeld ?? null,
    checkIn: milestoneState(plan.deadlines.sixMonthCheckIn, plan.checkInHeld ?? null, asOf),
  };
}
