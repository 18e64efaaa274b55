/**
 * An action's fields from one table row, as the ActionFields schema would make them. Every sync
 * reads every row, and zod's parse of each was the largest single part of reading a 10,000-row
 * table: a row whose values already meet the schema's rules (nearly all: cells are cleaned as they
 * are read) is built directly, and any other goes through zod, which gives the reason it fails.
 * tests/core/row-fields.test.ts proves both ways give the same fields.
 */
import {
  type ActionFields,
  ActionFields as ActionFieldsSchema,
  IsoDate,
  MAX_CELL_TEXT,
  MAX_DIRECTORATE,
  STATUSES,
  withoutControlCharacters,
} from './plan.js';

/** The fields of a row; throws zod's error when a value breaks the plan's rules. */
export function rowFields(input: Record<string, unknown>): ActionFields {
  return builtFields(input) ?? ActionFieldsSchema.parse(input);
}

/**
 * The fields built without zod, or null when a value is not plainly valid (zod decides then).
 * Each check is at least as strict as the schema's (core/plan.ts); output keys in its order.
 */
export function builtFields(input: Record<string, unknown>): ActionFields | null {
  const theme = textOr(input.theme, MAX_CELL_TEXT);
  const action = textOr(input.action, MAX_CELL_TEXT);
  const recommendations = recommendationsOf(input.recommendations);
  const directorate = textOr(input.directorate, MAX_DIRECTORATE);
  const lead = textOr(input.lead, 200);
  const timescale = textOr(input.timescale, 1_000);
  const due = input.due === undefined ? null : dateOr(input.due);
  const milestones = milestonesOf(input.milestones);
  const status = input.status === undefined || input.status === null ? null : statusOf(input.status);
  const progress = textOr(input.progress, MAX_CELL_TEXT);
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

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length <= max && withoutControlCharacters(value) === value;

/** The text, '' when absent (the schema's default), null when not plainly valid. */
const textOr = (value: unknown, max: number): string | null =>
  value === undefined ? '' : isText(value, max) ? value : null;

function recommendationsOf(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 50) return null;
  for (const number of value) if (!isText(number, 100)) return null;
  return value.slice();
}

/** Distinct dates kept at once: a plan has few, and each is checked once by the schema's own rule. */
const MAX_DATES_KEPT = 10_000;
const checkedDates = new Map<string, boolean>();

/** The date, null for none, undefined when not plainly valid. */
function dateOr(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string') return undefined;
  let valid = checkedDates.get(value);
  if (valid === undefined) {
    if (checkedDates.size >= MAX_DATES_KEPT) checkedDates.clear();
    valid = IsoDate.safeParse(value).success;
    checkedDates.set(value, valid);
  }
  return valid ? value : undefined;
}

function milestonesOf(value: unknown): ActionFields['milestones'] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 50) return null;
  const milestones: ActionFields['milestones'] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
    const { label, due } = item as Record<string, unknown>;
    const date = dateOr(due);
    if (!isText(label, 1_000) || date === undefined) return null;
    // A new object, as zod makes: a timescale's reading is shared by every row that has its text.
    milestones.push({ label, due: date });
  }
  return milestones;
}

const statuses: ReadonlySet<unknown> = new Set(STATUSES);
const statusOf = (value: unknown) => (statuses.has(value) ? (value as ActionFields['status']) : undefined);

function extraOf(value: unknown): Record<string, string> | null {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  for (const [heading, text] of entries) {
    if (heading.length < 1 || heading.length > 200 || !isText(text, MAX_CELL_TEXT)) return null;
  }
  return Object.fromEntries(entries);
}
