/** Field-level comparison of action rows: what changed, from what, to what. */
import { withDerivedDates } from './derived-dates.js';
import { extraValue } from './field-paths.js';
import { ACTION_FIELDS, type ActionField, type ActionFields } from './plan.js';
import { extraPath } from './sync-protocol.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Deep equality over JSON values; key order in objects does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/**
 * The fields that differ; for a new row, every field that is not empty. Extra fields are compared
 * heading by heading (`extra.Budget`), as sync edits them: a change record then never holds an
 * object keyed by an officer's heading, which DynamoDB's marshalling cannot take for `__proto__`
 * or `constructor`.
 */
export function fieldChanges(before: ActionFields | null, after: ActionFields): FieldChange[] {
  return ACTION_FIELDS.flatMap((field: ActionField) => {
    if (field === 'extra') return extraChanges(before?.extra ?? {}, after.extra);
    const was = before ? before[field] : null;
    const now = after[field];
    if (sameValue(was, now)) return [];
    if (!before && isEmpty(now)) return [];
    return [{ field, before: was, after: now }];
  });
}

function extraChanges(before: Record<string, string>, after: Record<string, string>): FieldChange[] {
  const headings = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return headings.flatMap((heading) => {
    const was = extraValue(before, heading);
    const now = extraValue(after, heading);
    return was === now ? [] : [{ field: extraPath(heading), before: was, after: now }];
  });
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === '' || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

export function pickFields(row: ActionFields): ActionFields {
  return Object.fromEntries(ACTION_FIELDS.map((f) => [f, row[f]])) as ActionFields;
}

export type ChangeKind = 'create' | 'update' | 'delete' | 'restore' | 'system';

/** One row's accepted change: its full new state, and what changed from the version it was made on. */
export interface RowWrite {
  id: string;
  /** The version the change was made on; null for a new row, which must not exist yet. */
  expectedVersion: number | null;
  fields: ActionFields;
  deleted: boolean;
  changes: FieldChange[];
  kind: ChangeKind;
}

/** A new row: every field it has is a change from nothing, its due date and milestones derived. */
export function newRowWrite(id: string, given: ActionFields): RowWrite {
  const fields = withDerivedDates(null, given);
  return {
    id,
    expectedVersion: null,
    fields,
    deleted: false,
    changes: fieldChanges(null, fields),
    kind: 'create',
  };
}
