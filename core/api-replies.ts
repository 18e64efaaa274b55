/**
 * What the API answers, as zod schemas the client parses every reply with: a reply that does not
 * match is refused whole (ApiReplyError), never used half-read. Objects strip members they do not
 * know, so a newer server may add fields; it may not change or drop one this version reads.
 * The request schemas (PlanInput, SyncRequest…) are where the server validates them.
 */
import { z } from 'zod';
import { Action, ChangeRecord, Plan, Recommendation, STATUSES } from './plan.js';
import { NO_STATUS, type Summary } from './summary.js';
import { SyncReply } from './sync-protocol.js';
import { SyncListEntryInput, SyncRunInput } from './sync-run-log.js';

export { Council } from './council.js';
export { Action, ChangeRecord, Plan, Recommendation };

/**
 * A row as the server sends it, checked for its shape only: the bounds and text rules of
 * plan.ts's Action are the server's to apply on the way in, and checked again on 10,000 rows
 * they cost the officer most of a second. The annotation keeps it the same shape as Action.
 */
const ExtraReply = z.custom<Record<string, string>>(
  // A custom check, not z.record: that drops a `__proto__` heading, and a row would lose its text.
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((text) => typeof text === 'string'),
  { message: 'must be an object of column headings to text' },
);
export const ActionReply: z.ZodType<Action> = z.object({
  theme: z.string(),
  action: z.string(),
  recommendations: z.array(z.string()),
  directorate: z.string(),
  lead: z.string(),
  timescale: z.string(),
  due: z.string().nullable(),
  milestones: z.array(z.object({ label: z.string(), due: z.string().nullable() })),
  status: z.enum(STATUSES).nullable(),
  progress: z.string(),
  order: z.number(),
  extra: ExtraReply,
  id: z.string(),
  version: z.number(),
  revision: z.number(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  deleted: z.boolean(),
  dueSetByHand: z.boolean().optional(),
});
export const SyncReplyOf: z.ZodType<SyncReply> = SyncReply.extend({ changes: z.array(ActionReply) });

/** A plan without its recommendations: what a list of plans holds. */
export const PlanEntry = Plan.omit({ recommendations: true });
export type PlanEntry = z.infer<typeof PlanEntry>;

export const PlanList = z.object({ plans: z.array(PlanEntry) });
export const ActionList = z.object({ cursor: z.number().int().nonnegative(), actions: z.array(ActionReply) });
export const ChangesSince = z.object({
  cursor: z.number().int().nonnegative(),
  changes: z.array(ActionReply),
});
export const ActionHistory = z.object({ history: z.array(ChangeRecord) });

/** The one-off due-date correction: rows corrected, and rows that moved meanwhile (run it again). */
export const DeriveDatesReply = z.object({ corrected: z.number().int(), skipped: z.number().int() });

/** GET /me: the caller as the server sees them, and where each part came from. */
export const Me = z
  .object({
    id: z.string().meta({ description: 'The Entra object id (oid), or the local token subject' }),
    kind: z.enum(['person', 'application']),
    name: z.string(),
    council: z.string(),
    councilName: z.string(),
    role: z.enum(['viewer', 'officer', 'policy', 'admin', 'sync']),
    directorates: z
      .array(z.string())
      .meta({ description: 'What an officer may edit, as the server applies it' }),
    tokenDirectorates: z.array(z.string()),
    sources: z.object({
      council: z.enum(['token', 'tenant', 'deployment']),
      role: z.enum(['token']),
      name: z.enum(['people', 'token']),
      directorates: z.enum(['people', 'token', 'none']),
    }),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

/** A person the product assigns to directorates (core/plan's Person). */
export const Person = z
  .object({
    id: z.string(),
    name: z.string(),
    directorates: z.array(z.string()),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Person' });
export const PersonWithHistory = Person.extend({
  history: z.array(
    z.object({
      at: z.string(),
      by: z.string(),
      change: z.enum(['assigned', 'removed']),
      name: z.string(),
      directorates: z.array(z.string()),
    }),
  ),
});
export type PersonWithHistory = z.infer<typeof PersonWithHistory>;
export const PeopleList = z.object({ people: z.array(Person) });

/** The run log and the sync list, as stored: what the client sent, and who, when and an id. */
export const SyncRun = z.object({
  ...SyncRunInput.shape,
  id: z.string(),
  council: z.string(),
  at: z.string(),
  by: z.string(),
});
export const SyncRunPage = z.object({ runs: z.array(SyncRun), next: z.string().nullable() });
export const StoredSyncList = z.object({
  workbooks: z.array(z.object(SyncListEntryInput.shape)),
  council: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

const ActionRef = z.object({
  plan: z.string(),
  id: z.string(),
  action: z.string(),
  directorate: z.string(),
  lead: z.string(),
  due: z.string().nullable(),
  status: z.enum(STATUSES).nullable(),
  updatedAt: z.string(),
});
const Counts = z.record(z.enum([...STATUSES, NO_STATUS]), z.number());
const MilestoneState = z.enum(['met', 'late', 'due', 'overdue', 'unknown']);

/** GET /councils/{council}/summary: core/summary's Summary, checked whole before a sheet is written. */
export const CouncilSummary: z.ZodType<Summary> = z.object({
  asOf: z.string(),
  live: z.number(),
  byStatus: Counts,
  byDirectorate: z.array(z.object({ directorate: z.string(), counts: Counts, total: z.number() })),
  overdue: z.array(ActionRef),
  dueSoon: z.array(ActionRef),
  noLead: z.array(ActionRef),
  noDueDate: z.array(ActionRef),
  stale: z.array(ActionRef),
  unlinkedRecommendations: z.array(z.object({ plan: z.string(), number: z.string(), text: z.string() })),
  missedMilestones: z.array(
    z.object({
      plan: z.string(),
      id: z.string(),
      action: z.string(),
      directorate: z.string(),
      label: z.string(),
      due: z.string(),
    }),
  ),
  danglingLinks: z.array(
    z.object({ plan: z.string(), id: z.string(), action: z.string(), numbers: z.array(z.string()) }),
  ),
  plans: z.array(
    z.object({
      plan: z.string(),
      title: z.string(),
      reportReceived: z.string().nullable(),
      actionPlanDue: z.string().nullable(),
      actionPlanPublished: z.string().nullable(),
      actionPlan: MilestoneState,
      sixMonthCheckIn: z.string().nullable(),
      checkInHeld: z.string().nullable(),
      checkIn: MilestoneState,
    }),
  ),
  scope: z.object({ directorates: z.array(z.string()) }).nullable(),
});
