import { dueSetByHand } from '../../core/derived-dates.js';
import type { Action, Milestone, Status } from '../../core/plan.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = <T>(value: unknown) => (Array.isArray(value) ? (value as T[]) : []);

/**
 * A stored row without its keys and index attributes: the Action the API returns. Rows were
 * checked by zod when they were written, so reading them back only fills what an older row
 * lacks; parsing each one again cost roll-ups over thousands of rows a third of their time.
 */
export function toAction(item: Record<string, unknown>): Action {
  return withOverrideShown({
    theme: text(item.theme),
    action: text(item.action),
    recommendations: list<string>(item.recommendations),
    directorate: text(item.directorate),
    lead: text(item.lead),
    timescale: text(item.timescale),
    due: typeof item.due === 'string' ? item.due : null,
    milestones: list<Milestone>(item.milestones),
    status: typeof item.status === 'string' ? (item.status as Status) : null,
    progress: text(item.progress),
    order: typeof item.order === 'number' ? item.order : Number(item.order ?? 0),
    extra: extraFromItem(item.extra),
    id: String(item.id),
    version: Number(item.version),
    revision: Number(item.revision),
    updatedAt: String(item.updatedAt),
    updatedBy: String(item.updatedBy),
    deleted: item.deleted === true,
  });
}

/** Whether the due date is an override is read from the row, never stored (see core/derived-dates). */
export function withOverrideShown(action: Action): Action {
  return { ...action, dueSetByHand: dueSetByHand(action) };
}

/**
 * Extra fields are stored as [heading, text] pairs: a heading is an officer's text, and DynamoDB's
 * marshalling drops a `__proto__` key and fails on a `constructor` one. Rows written before are maps.
 */
export function extraToItem(extra: Record<string, string>): [string, string][] {
  return Object.entries(extra);
}

export function extraFromItem(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    const pairs = value.filter(
      (pair): pair is [string, string] =>
        Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string',
    );
    return Object.fromEntries(pairs);
  }
  return value && typeof value === 'object' ? Object.fromEntries(Object.entries(value)) : {};
}
