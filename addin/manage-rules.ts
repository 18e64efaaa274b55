/**
 * What the pane's management screens may show, and how what is typed there becomes a request.
 * The server enforces who may change plans and people; the pane only hides what it would refuse.
 * Pure: no DOM, no client.
 */
import type { Me } from '../core/client.js';
import type { Action, Person, Plan, PlanInput, Recommendation } from '../core/plan.js';
import { danglingLinks, registerKeys } from '../core/recommendation-links.js';

/** Policy and admin users manage plans and people (functions/caller.ts: plan and people managers). */
export function managing(me: Me): { plans: boolean; people: boolean } {
  const manager = me.kind === 'person' && (me.role === 'policy' || me.role === 'admin');
  return { plans: manager, people: manager };
}

export type PlanDateField =
  | 'reportReceived'
  | 'onSiteFrom'
  | 'onSiteTo'
  | 'actionPlanPublished'
  | 'checkInHeld';

/** The plan's own dates, in the order a peer challenge lives them, with the words the pane labels them by. */
export const PLAN_DATES: readonly (readonly [PlanDateField, string])[] = [
  ['onSiteFrom', 'Peer team on site from'],
  ['onSiteTo', 'Peer team on site to'],
  ['reportReceived', 'Feedback report received'],
  ['actionPlanPublished', 'Action plan published'],
  ['checkInHeld', 'Six-month check-in held'],
];

export interface TypedPlanDetails {
  title: string;
  dates: Record<PlanDateField, string>;
}

/**
 * Only what the user changed, so a save never rewrites a date someone else set meanwhile.
 * An emptied date is null (not recorded); the server checks the shape of the rest.
 */
export function planChanges(plan: Plan, typed: TypedPlanDetails): Partial<PlanInput> {
  const changes: Partial<PlanInput> = {};
  if (typed.title.trim() !== plan.title) changes.title = typed.title.trim();
  for (const [field] of PLAN_DATES) {
    const value = typed.dates[field].trim();
    const now = value === '' ? null : value;
    if (now !== (plan[field] ?? null)) changes[field] = now;
  }
  return changes;
}

/** The deadlines the server derives from the feedback report, in words. */
export function deadlinesLine(plan: Pick<Plan, 'deadlines'>): string {
  const { actionPlanDue, sixMonthCheckIn } = plan.deadlines;
  if (!actionPlanDue) return 'Deadlines: set the date the feedback report was received to see them.';
  return `Deadlines: action plan due ${actionPlanDue}; six-month check-in due ${sixMonthCheckIn ?? 'not known'}.`;
}

/** "Housing, Resources" (or one a line) as the list PUT /people takes: trimmed, no blanks, no repeats. */
export function directoratesFrom(text: string): string[] {
  const names = text
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return [...new Set(names)];
}

/** "Olivia Officer (officer@chorley): edits Housing, Resources". */
export function personLine(person: Pick<Person, 'id' | 'name' | 'directorates'>): string {
  const edits = person.directorates.length > 0 ? person.directorates.join(', ') : 'no directorate';
  return `${person.name} (${person.id}): edits ${edits}`;
}

/**
 * The numbers live actions link to that the register does not have (issue 15's dangling links),
 * in words for the register screen, or null when every link is there.
 */
export function missingFromRegister(
  actions: readonly Pick<Action, 'recommendations' | 'deleted'>[],
  register: readonly Pick<Recommendation, 'number' | 'code'>[],
): string | null {
  const keys = registerKeys(register);
  const missing = [
    ...new Set(actions.filter((a) => !a.deleted).flatMap((a) => danglingLinks(a.recommendations, keys))),
  ].sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true }));
  if (missing.length === 0) return null;
  if (missing.length === 1)
    return `Actions link to recommendation ${missing[0]}, which this register does not have: add it, or correct the link in the plan.`;
  const list = `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  return `Actions link to recommendations ${list}, which this register does not have: add them, or correct the links in the plan.`;
}
