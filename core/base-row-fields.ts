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
  FIELD_LIMITS,
  isDateOrNull,
  isExtra,
  isObject,
  isRecommendationList,
  isStatus,
  isText,
} from './field-checks.js';
import type { ActionFields, Milestone } from './plan.js';
import { EDITABLE_FIELDS } from './sync-protocol.js';

/** The fields this check knows, in ActionFields' order (the order zod writes them in). */
export const BASE_ROW_FIELDS = [...EDITABLE_FIELDS, 'extra'] as const;

const L = FIELD_LIMITS;

/** Exactly these keys, in this order: the order zod writes them in, so the value can stand for zod's. */
const hasKeysInOrder = (value: Record<string, unknown>, keys: readonly string[]) => {
  let i = 0;
  for (const key in value) if (key !== keys[i++]) return false;
  return i === keys.length;
};

const MILESTONE_KEYS = ['label', 'due'] as const;

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
    isRecommendationList(value.recommendations) &&
    isText(value.directorate, L.directorate) &&
    isText(value.lead, L.lead) &&
    isText(value.timescale, L.timescale) &&
    isDateOrNull(value.due) &&
    isMilestoneList(value.milestones) &&
    (value.status === null || isStatus(value.status)) &&
    isText(value.progress, L.progress) &&
    typeof value.order === 'number' &&
    Number.isFinite(value.order) &&
    isExtra(value.extra);
  return ok ? (value as ActionFields) : null;
}
