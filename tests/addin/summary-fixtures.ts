/** Council summaries for the add-in's summary tests, made by core's own `summarise`. */
import { deriveDeadlines, type Status } from '../../core/plan.js';
import { type PlannedAction, type PlanRecommendation, type Summary, summarise } from '../../core/summary.js';
import { buildAction } from '../support/factories.js';

export const AS_OF = '2026-06-01';
export const DIRECTORATES = ['Resources', 'Policy and Governance', 'Place', '=SUM(A1)'];
const STATUSES: (Status | null)[] = ['On track', 'At risk', 'Off track', 'Complete', 'Not started', null];

let counter = 0;
export function planned(overrides: Partial<PlannedAction> = {}): PlannedAction {
  counter += 1;
  return {
    ...buildAction(),
    id: `01JD${String(counter).padStart(22, '0')}`,
    version: 1,
    revision: counter,
    updatedAt: '2026-05-01T10:00:00.000Z',
    updatedBy: 'x',
    deleted: false,
    plan: 'P1',
    ...overrides,
  };
}

export const PLANS = [
  {
    id: 'P1',
    title: 'Chorley peer challenge 2025',
    reportReceived: '2025-02-03',
    deadlines: deriveDeadlines('2025-02-03'),
    actionPlanPublished: null,
    checkInHeld: null,
  },
];

/** `count` live actions spread over the directorates and statuses; every third one overdue. */
export function summaryOf(count: number, recommendations: PlanRecommendation[] = []): Summary {
  const actions = Array.from({ length: count }, (_, i) =>
    planned({
      action: `Action ${i + 1}`,
      directorate: DIRECTORATES[i % DIRECTORATES.length] as string,
      status: STATUSES[i % STATUSES.length] ?? null,
      due: i % 3 === 0 ? '2026-03-31' : '2026-12-31',
      recommendations: ['1'],
    }),
  );
  return summarise(PLANS, actions, recommendations, AS_OF);
}
