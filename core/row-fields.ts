/**
 * An action's fields from one table row, as the ActionFields schema would make them. Every sync
 * reads every row, and zod's parse of each was the largest single part of reading a 10,000-row
 * table: a row whose values already meet the schema's rules (nearly all: cells are cleaned as they
 * are read) is built directly, and any other goes through zod, which gives the reason it fails.
 * tests/core/row-fields.test.ts proves both ways give the same fields.
 */
import {
  isDateOrNull,
  isExtra,
  isObject,
  isRecommendationList,
  isStatus,
  isText,
  FIELD_LIMITS as L,
} from './field-checks.js';
import { type ActionFields, ActionFields as ActionFieldsSchema } from './plan.js';

/** The fields of a row; throws zod's error when a value breaks the plan's rules. */
export function rowFields(input: Record<string, unknown>): ActionFields {
  return builtFields(input) ?? ActionFieldsSchema.parse(input);
}

/**
 * The fields built without zod, or null when a value is not plainly valid (zod decides then).
 * Each check is at least as strict as the schema's (core/plan.ts); output keys in its order.
 */
export function builtFields(input: Record<string, unknown>): ActionFields | null {
  const theme = textOr(input.theme, L.theme);
  const action = textOr(input.action, L.action);
  const recommendations = recommendationsOf(input.recommendations);
  const directorate = textOr(input.directorate, L.directorate);
  const lead = textOr(input.lead, L.lead);
  const timescale = textOr(input.timescale, L.timescale);
  const due = input.due === undefined ? null : dateOr(input.due);
  const milestones = milestonesOf(input.milestones);
  const status = input.status === undefined || input.status === null ? null : statusOf(input.status);
  const progress = textOr(input.progress, L.progress);
  const order = input.order === undefined ? 0 : input.order;
  const extra = extraOf(input.extra);
  if (
    theme === null ||
    action === null ||
    recommendations === null ||
    directorate === null ||
    lead === null ||
    timescale === null ||
    due === undefined ||
    milestones === null ||
    status === undefined ||
    progress === null ||
    typeof order !== 'number' ||
    !Number.isFinite(order) ||
    extra === null
  )
    return null;
  return {
    theme,
    action,
    recommendations,
    directorate,
    lead,
    timescale,
    due,
    milestones,
    status,
    progress,
    order,
    extra,
  };
}

/** The text, '' when absent (the schema's default), null when not plainly valid. */
const textOr = (value: unknown, max: number): string | null =>
  value === undefined ? '' : isText(value, max) ? value : null;

const recommendationsOf = (value: unknown): string[] | null =>
  value === undefined ? [] : isRecommendationList(value) ? value.slice() : null;

/** The date, null for none, undefined when not plainly valid. */
const dateOr = (value: unknown): string | null | undefined => (isDateOrNull(value) ? value : undefined);

function milestonesOf(value: unknown): ActionFields['milestones'] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > L.milestones) return null;
  const milestones: ActionFields['milestones'] = [];
  for (const item of value) {
    if (!isObject(item)) return null;
    const { label, due } = item;
    if (!isText(label, L.milestoneLabel) || !isDateOrNull(due)) return null;
    // A new object, as zod makes: a timescale's reading is shared by every row that has its text.
    milestones.push({ label, due });
  }
  return milestones;
}

const statusOf = (value: unknown) => (isStatus(value) ? (value as ActionFields['status']) : undefined);

/** A copy, as ExtraFields' transform makes. */
const extraOf = (value: unknown): Record<string, string> | null =>
  value === undefined ? {} : isExtra(value) ? { ...value } : null;
