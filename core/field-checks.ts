/**
 * ActionFields' rules (core/plan.ts) as plain checks, for the two places that build a row's fields
 * without zod on every sync: a table row (core/row-fields.ts) and a base row (core/base-row-fields.ts).
 * Each check is exactly the schema's rule, never looser; tests/core/base-row-fields.test.ts holds
 * the limits equal to the schema's, and both callers' tests prove their fields equal zod's.
 */
import {
  ISO_DATE_PATTERN,
  isCalendarDate,
  isCleanText,
  MAX_CELL_TEXT,
  MAX_DIRECTORATE,
  STATUSES,
} from './plan.js';

/** ActionFields' limits, field by field. */
export const FIELD_LIMITS = {
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

/** What zod's z.object takes for an object. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length <= max && isCleanText(value);

export const isStatus: (value: unknown) => boolean = Set.prototype.has.bind(new Set<unknown>(STATUSES));

/**
 * Dates already found real: a plan's due dates are a few hundred days at most, and the calendar
 * check (two Date parses) cost more than every other field together. Bounded, since the
 * workbook decides what is asked.
 */
const calendarDates = new Set<string>();
const MAX_REMEMBERED_DATES = 10_000;

/** IsoDate's rule, or null. */
export const isDateOrNull = (value: unknown): value is string | null => {
  if (value === null) return true;
  if (typeof value !== 'string') return false;
  if (calendarDates.has(value)) return true;
  if (!ISO_DATE_PATTERN.test(value) || !isCalendarDate(value)) return false;
  if (calendarDates.size < MAX_REMEMBERED_DATES) calendarDates.add(value);
  return true;
};

/** A recommendation list's rules. */
export const isRecommendationList = (value: unknown): value is string[] =>
  Array.isArray(value) &&
  value.length <= FIELD_LIMITS.recommendations &&
  value.every((item) => isText(item, FIELD_LIMITS.recommendation));

/** ExtraFields' rules (its transform copies the object, keys in the same order). */
export const isExtra = (value: unknown): value is Record<string, string> => {
  if (!isObject(value)) return false;
  for (const heading in value) {
    if (
      heading.length === 0 ||
      heading.length > FIELD_LIMITS.extraHeading ||
      !isText(value[heading], FIELD_LIMITS.extraText)
    )
      return false;
  }
  return true;
};
