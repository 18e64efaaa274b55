/**
 * The domain model: a council's peer-challenge plans, their recommendations and actions.
 * zod schemas are the single source of truth; types are inferred from them.
 */
import { z } from 'zod';

/** Cell text is capped so one officer's paste cannot blow DynamoDB's 400 KB item limit. */
export const MAX_CELL_TEXT = 10_000;

/** Control characters other than tab and line breaks, and lone UTF-16 surrogates: never meant text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is refused
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Surrogate}/u;

const EVERY_NOT_TEXT = new RegExp(NOT_TEXT.source, 'gu');

/**
 * Removes what `text()` refuses: adapters clean cells with it, so one stray character never blocks
 * a sync. Every cell of a sheet passes here: the pattern is made once, and clean text is not copied.
 */
export const withoutControlCharacters = (value: string) =>
  NOT_TEXT.test(value) ? value.replace(EVERY_NOT_TEXT, '') : value;

/** The rule `text()` applies besides its length; core/field-checks.ts applies the same one. */
export const isCleanText = (value: string) => !NOT_TEXT.test(value);

const text = (max = MAX_CELL_TEXT) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine(isCleanText, { message: 'must not contain control characters or broken Unicode' });

export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD that names a day of the calendar (not 2025-02-30). */
export const isCalendarDate = (s: string) =>
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && toIsoDate(new Date(`${s}T00:00:00Z`)) === s;

export const IsoDate = z
  .string()
  .regex(ISO_DATE_PATTERN, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, { message: 'must be a real calendar date' });
export type IsoDate = z.infer<typeof IsoDate>;

/** A council (tenant) id: lower-case slug, as it appears in URLs and tokens. */
export const COUNCIL_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const COUNCIL_MESSAGE = 'must be 1-63 lower-case letters, digits or dashes';
export const CouncilId = z.string().regex(COUNCIL_PATTERN, COUNCIL_MESSAGE);
export type CouncilId = z.infer<typeof CouncilId>;

/** Crockford base32 ULID: sortable, and a client can make one offline. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const ULID_MESSAGE = 'must be a ULID (26 characters, Crockford base32)';
export const Ulid = z.string().regex(ULID_PATTERN, ULID_MESSAGE);
export type Ulid = z.infer<typeof Ulid>;

export const STATUSES = ['Not started', 'On track', 'At risk', 'Off track', 'Complete', 'Ongoing'] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const ROLES = ['viewer', 'officer', 'policy', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The five core components of every Corporate Peer Challenge; councils may add their own. */
export const CORE_THEMES = [
  'Local priorities and outcomes',
  'Organisational and place leadership',
  'Governance and culture',
  'Financial planning and management',
  'Capacity for improvement',
] as const;

/**
 * A directorate is part of a DynamoDB sort key (byCouncil, see functions/store/keys.ts), whose limit
 * is 1,024 UTF-8 bytes: 200 UTF-16 units are at most 600 bytes, even lower-cased.
 */
export const MAX_DIRECTORATE = 200;

/** The text under one column heading the product does not know. */
export const ExtraText = text();
// An empty heading cannot be a stored attribute name (DynamoDB refuses it): 400, not 500.
const ExtraHeading = z.string().min(1, 'needs a column heading').max(200);

/**
 * Columns the product does not know, kept by heading so nothing typed in is lost. A heading is the
 * officer's text, and `__proto__` or `constructor` are headings like any other: zod's own record
 * drops a `__proto__` key (assigned to a plain object it would set the prototype), so each entry is
 * checked here and the record rebuilt with Object.fromEntries, which defines keys, never assigns.
 */
const ExtraFields = z
  .custom<Record<string, string>>()
  .superRefine((input, ctx) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'must be an object of column headings to text' });
      return;
    }
    for (const [heading, value] of Object.entries(input)) {
      for (const issue of ExtraHeading.safeParse(heading).error?.issues ?? [])
        ctx.addIssue({ code: 'custom', message: `the heading ${issue.message}`, path: [heading] });
      for (const issue of ExtraText.safeParse(value).error?.issues ?? [])
        ctx.addIssue({ code: 'custom', message: issue.message, path: [heading, ...issue.path] });
    }
  })
  .transform((input) => Object.fromEntries(Object.entries(input)) as Record<string, string>)
  .meta({ type: 'object', additionalProperties: { type: 'string', maxLength: MAX_CELL_TEXT } });

export const Milestone = z.object({ label: text(1_000), due: IsoDate.nullable() });
export type Milestone = z.infer<typeof Milestone>;

const actionFieldShape = {
  theme: text(),
  action: text(),
  recommendations: z.array(text(100)).max(50),
  directorate: text(MAX_DIRECTORATE),
  lead: text(200),
  timescale: text(1_000),
  due: IsoDate.nullable(),
  milestones: z.array(Milestone).max(50),
  status: Status.nullable(),
  progress: text(),
  order: z.number().finite(),
  extra: ExtraFields,
};

/** The fields an officer edits in the grid: what sync diffs, merges and reports conflicts on. */
export const ActionFields = z.object({
  theme: actionFieldShape.theme.default(''),
  action: actionFieldShape.action.default(''),
  recommendations: actionFieldShape.recommendations.default([]),
  directorate: actionFieldShape.directorate.default(''),
  lead: actionFieldShape.lead.default(''),
  timescale: actionFieldShape.timescale.default(''),
  due: actionFieldShape.due.default(null),
  milestones: actionFieldShape.milestones.default([]),
  status: actionFieldShape.status.default(null),
  progress: actionFieldShape.progress.default(''),
  order: actionFieldShape.order.default(0),
  extra: actionFieldShape.extra.default({}),
});
export type ActionFields = z.infer<typeof ActionFields>;
export type ActionField = keyof ActionFields;
export const ACTION_FIELDS = Object.keys(ActionFields.shape) as ActionField[];

/** A change to some fields of a row: absent fields are left as they are. */
export const ActionPatch = z.object(actionFieldShape).partial().strict();
export type ActionPatch = z.infer<typeof ActionPatch>;

export const Action = ActionFields.extend({
  id: Ulid,
  version: z.number().int().positive(),
  /** The plan revision that last changed this row: what "changed since" queries by. */
  revision: z.number().int().nonnegative(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  deleted: z.boolean(),
  /** The due date was typed by hand: it differs from the timescale's (see core/derived-dates). Read, never written. */
  dueSetByHand: z.boolean().optional(),
});
export type Action = z.infer<typeof Action>;

export const Recommendation = z.object({
  number: z
    .string()
    .min(1)
    .max(50)
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/,
      'must be the recommendation number as the plan writes it, e.g. 3 or CRD3',
    ),
  text: text().default(''),
  theme: text(200).nullable().default(null),
  /** Another code the plan gives the same recommendation, e.g. CRD3 for REC 3. */
  code: z.string().max(50).nullable().default(null),
});
export type Recommendation = z.infer<typeof Recommendation>;

export const PlanInput = z.object({
  title: text(300)
    .transform((s) => s.trim())
    .refine((s) => s !== '', { message: 'is required' }),
  reportReceived: IsoDate.nullable().optional(),
  onSiteFrom: IsoDate.nullable().optional(),
  onSiteTo: IsoDate.nullable().optional(),
  themes: z.array(text(200)).max(50).optional(),
  /** When the action plan was published: judged against the 8-week deadline. */
  actionPlanPublished: IsoDate.nullable().optional(),
  /** When the six-month check-in with the peer team was held. */
  checkInHeld: IsoDate.nullable().optional(),
});
export type PlanInput = z.infer<typeof PlanInput>;

export const PlanDeadlines = z.object({
  /** The LGA asks for the action plan to be published within 8 weeks of the feedback report. */
  actionPlanDue: IsoDate.nullable(),
  /** The peer team returns about six months on to check progress. */
  sixMonthCheckIn: IsoDate.nullable(),
});
export type PlanDeadlines = z.infer<typeof PlanDeadlines>;

export const Plan = z.object({
  id: Ulid,
  council: CouncilId,
  title: z.string(),
  reportReceived: IsoDate.nullable(),
  onSiteFrom: IsoDate.nullable(),
  onSiteTo: IsoDate.nullable(),
  themes: z.array(z.string()),
  actionPlanPublished: IsoDate.nullable().default(null),
  checkInHeld: IsoDate.nullable().default(null),
  deadlines: PlanDeadlines,
  recommendations: z.array(Recommendation),
  /** The plan's revision counter: every accepted change takes the next number. */
  revision: z.number().int().nonnegative(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Plan = z.infer<typeof Plan>;

/**
 * One field of one action changed at one revision: nothing is overwritten without a trace.
 * A "conflict" record changed nothing: `before` is the value kept, `after` the one offered and not
 * taken, so both values stay in the history until someone chooses.
 */
export const ChangeRecord = z.object({
  actionId: Ulid,
  /** The plan revision of the change; null for a conflict, which took none. */
  revision: z.number().int().positive().nullable(),
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  by: z.string(),
  at: z.string(),
  /** "system": made by the product itself (a migration), not by a person. */
  kind: z.enum(['create', 'update', 'delete', 'restore', 'conflict', 'system']),
});
export type ChangeRecord = z.infer<typeof ChangeRecord>;

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

/** Adds calendar months, clamping to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return toIsoDate(target);
}

/** Deadlines the LGA sets from the feedback report: publish within 8 weeks; check in at six months. */
export function deriveDeadlines(reportReceived: string | null | undefined): PlanDeadlines {
  if (!reportReceived) return { actionPlanDue: null, sixMonthCheckIn: null };
  return { actionPlanDue: addDays(reportReceived, 56), sixMonthCheckIn: addMonths(reportReceived, 6) };
}

/** A person the product assigns to directorates (their id: the Entra object id, or a local token's subject). */
export interface Person {
  id: string;
  name: string;
  directorates: string[];
  updatedBy: string;
  updatedAt: string;
}
