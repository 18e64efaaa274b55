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

/** Exactly these keys, in this order: the order zod writes them in, so the value can stand for zod's. */
const hasKeysInOrder = (value: Record<string, unknown>, keys: readonly string[]) => {
  let i = 0;
  for (const key in value) if (key !== keys[i++]) return false;
  return i === keys.length;
};

const MILESTONE_KEYS = ['label', 'due'] as const;

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

const isMilestoneList = (value: unknown): value is Milestone[] =>
  Array.isArray(value) &&
  value.length <= L.milestones &&
  value.every(
    (item) =>
      isObject(item) &&
      hasKeysInOrder(item, MILESTONE_KEYS) &&
      isText(item.label, L.milestoneLabel) &&
      isDateOrNull(item.due),
  );

/** ExtraFields' rules; its transform copies the object, keys in the same order. */
const isExtra = (value: unknown): value is Record<string, string> => {
  if (!isObject(value)) return false;
  for (const heading in value) {
    if (heading.length === 0 || heading.length > L.extraHeading || !isText(value[heading], L.extraText))
      return false;
  }
  return true;
};

/**
 * The fields of one base row (a value JSON.parse made), as they are, when zod would accept them and
 * give back an equal object with its keys in the same order; null when they are not exactly so and
 * zod must decide. The value is used as it is: JSON.parse made it for this row alone.
 */
export function fieldsAsSyncWrote(value: unknown): ActionFields | null {
  if (!isObject(value) || !hasKeysInOrder(value, BASE_ROW_FIELDS)) return null;
  const ok =
    isText(value.theme, L.theme) &&
    isText(value.action, L.action) &&
    isTextList(value.recommendations) &&
    isText(value.directorate, L.directorate) &&
    isText(value.lead, L.lead) &&
    isText(value.timescale, L.timescale) &&
    isDateOrNull(value.due) &&
    isMilestoneList(value.milestones) &&
    (value.status === null || STATUS_SET.has(value.status)) &&
    isText(value.progress, L.progress) &&
    typeof value.order === 'number' &&
    Number.isFinite(value.order) &&
    isExtra(value.extra);
  return ok ? (value as ActionFields) : null;
}
