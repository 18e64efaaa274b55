/**
 * A base row's fields accepted without zod when they are exactly as sync writes them.
 *
 * The base sheet holds every row of the plan, and a 10,000-row sync spent most of decoding it in
 * `ActionFields.safeParse`. The sheet lives in the workbook, which anyone can edit, so every row must
 * still meet ActionFields' rules. This check accepts a row only when zod would accept it and give
 * back an equal object: every field present, of its exact type, within the same limits, and nothing
 * zod would fill in, change or strip. Anything else returns null, and zod decides as before
 * (tests/core/base-row-fields.test.ts proves the implication on random and tampered rows, and fails
 * when ActionFields gains a field or changes a limit this check does not know).
 */
import {
  type ActionFields,
  ISO_DATE_PATTERN,
  isCalendarDate,
  isCleanText,
  MAX_CELL_TEXT,
  MAX_DIRECTORATE,
  type Milestone,
  STATUSES,
} from './plan.js';

/** ActionFields' limits, field by field: the test holds them equal to the schema's. */
export const BASE_ROW_LIMITS = {
  theme: MAX_CELL_TEXT,
  action: MAX_CELL_TEXT,
  recommendations: 50,
  recommendation: 100,
  directorate: MAX_DIRECTORATE,
  lead: 200,
  timescale: 1_000,
  milestones: 50,
  milestoneLabel: 1_000,
  progress: MAX_CELL_TEXT,
  extraHeading: 200,
  extraText: MAX_CELL_TEXT,
} as const;

/** The fields this check knows, in ActionFields' order (the order zod writes them in). */
export const BASE_ROW_FIELDS = [
  'theme',
  'action',
  'recommendations',
  'directorate',
  'lead',
  'timescale',
  'due',
  'milestones',
  'status',
  'progress',
  'order',
  'extra',
] as const;

const L = BASE_ROW_LIMITS;
const STATUS_SET: ReadonlySet<unknown> = new Set(STATUSES);

/** What zod's z.object takes for an object. */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasKeys = (value: Record<string, unknown>, count: number) => {
  let keys = 0;
  for (const key in value) if (Object.hasOwn(value, key)) keys++;
  return keys === count;
};

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length <= max && isCleanText(value);

/**
 * Dates already found real: a plan's due dates are a few hundred days at most, and the calendar
 * check (two Date parses) cost more than every other field together. Bounded, since the
 * workbook decides what is asked.
 */
const calendarDates = new Set<string>();
const MAX_REMEMBERED_DATES = 10_000;

const isDateOrNull = (value: unknown): value is string | null => {
  if (value === null) return true;
  if (typeof value !== 'string') return false;
  if (calendarDates.has(value)) return true;
  if (!ISO_DATE_PATTERN.test(value) || !isCalendarDate(value)) return false;
  if (calendarDates.size < MAX_REMEMBERED_DATES) calendarDates.add(value);
  return true;
};

const isTextList = (value: unknown): value is string[] =>
  Array.isArray(value) &&
  value.length <= L.recommendations &&
  value.every((item) => isText(item, L.recommendation));

/** A fresh list of milestones as zod builds them, or null. */
function milestonesOf(value: unknown): Milestone[] | null {
  if (!Array.isArray(value) || value.length > L.milestones) return null;
  const milestones: Milestone[] = [];
  for (const item of value) {
    if (!isObject(item) || !hasKeys(item, 2)) return null;
    const { label, due } = item;
    if (!isText(label, L.milestoneLabel) || !isDateOrNull(due)) return null;
    milestones.push({ label, due });
  }
  return milestones;
}

/** The unknown columns, copied as ExtraFields' transform copies them, or null. */
function extraOf(value: unknown): Record<string, string> | null {
  if (!isObject(value)) return null;
  const entries = Object.entries(value);
  for (const [heading, text] of entries) {
    if (heading.length === 0 || heading.length > L.extraHeading || !isText(text, L.extraText)) return null;
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * The fields of one base row (a value JSON.parse made) when zod would accept them unchanged, as a
 * fresh object in ActionFields' order; null when they are not exactly so and zod must decide.
 */
export function fieldsAsSyncWrote(value: unknown): ActionFields | null {
  if (!isObject(value) || !hasKeys(value, BASE_ROW_FIELDS.length)) return null;
  const { theme, action, recommendations, directorate, lead, timescale, due, status, progress, order } =
    value;
  if (
    !isText(theme, L.theme) ||
    !isText(action, L.action) ||
    !isTextList(recommendations) ||
    !isText(directorate, L.directorate) ||
    !isText(lead, L.lead) ||
    !isText(timescale, L.timescale) ||
    !isDateOrNull(due) ||
    !(status === null || STATUS_SET.has(status)) ||
    !isText(progress, L.progress) ||
    typeof order !== 'number' ||
    !Number.isFinite(order)
  )
    return null;
  const milestones = milestonesOf(value.milestones);
  const extra = extraOf(value.extra);
  if (milestones === null || extra === null) return null;
  return {
    theme,
    action,
    recommendations: [...recommendations],
    directorate,
    lead,
    timescale,
    due,
    milestones,
    status: status as ActionFields['status'],
    progress,
    order,
    extra,
  };
}
