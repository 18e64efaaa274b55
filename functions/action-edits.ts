/** Single-row edits from the API (create, change, delete, restore), each checked against the caller's rights. */
import { ulid } from 'ulid';
import { fieldChanges, newRowWrite, pickFields } from '../core/changes.js';
import { withDerivedDates } from '../core/derived-dates.js';
import type { Action, ActionFields, ActionPatch } from '../core/plan.js';
import { type Caller, refusalFor } from './caller.js';
import { problems } from './problem.js';
import { getAction } from './store/actions.js';
import { type ChangeKind, commitWrites } from './store/commit.js';
import type { Store } from './store/dynamodb.js';
import type { PlanRef } from './store/keys.js';

const actorOf = (caller: Caller) => ({ by: caller.name, at: new Date().toISOString() });

export async function createAction(
  store: Store,
  ref: PlanRef,
  caller: Caller,
  fields: ActionFields,
  id: string = ulid(),
): Promise<Action> {
  const refusal = refusalFor(caller, null, fields.directorate);
  if (refusal) throw problems.forbidden(`You cannot add this action: ${refusal}.`);
  const { committed, stale } = await commitWrites(store, ref, [newRowWrite(id, fields)], actorOf(caller));
  if (stale.length > 0 || !committed[0]) {
    throw problems.alreadyExists(
      `An action with id ${id} already exists in this plan. Leave the id out to make a new one.`,
    );
  }
  return committed[0];
}

async function rewriteAction(
  store: Store,
  ref: PlanRef,
  caller: Caller,
  id: string,
  expectedVersion: number,
  change: (current: Action) => { fields: ActionFields; deleted: boolean; kind: ChangeKind },
): Promise<Action> {
  const current = await getAction(store, ref, id);
  if (!current) throw problems.notFound(`There is no action ${id} in this plan.`);
  // Rights first, against the row as stored: a caller who may not change it learns nothing more.
  const next = change(current);
  const refusal = refusalFor(caller, current.directorate, next.fields.directorate);
  if (refusal) throw problems.forbidden(`You cannot change this action: ${refusal}.`);
  if (current.version !== expectedVersion) {
    throw problems.preconditionFailed(
      `You edited version ${expectedVersion}, but the row is now at version ${current.version}. Reload it and apply your change again.`,
      current,
    );
  }
  const changes = fieldChanges(pickFields(current), next.fields);
  if (next.deleted !== current.deleted)
    changes.push({ field: 'deleted', before: current.deleted, after: next.deleted });
  if (changes.length === 0) return current;
  const { committed, stale } = await commitWrites(
    store,
    ref,
    [{ id, expectedVersion, fields: next.fields, deleted: next.deleted, changes, kind: next.kind }],
    actorOf(caller),
  );
  if (stale[0] || !committed[0]) {
    throw problems.preconditionFailed(
      'Someone else changed the row at the same moment. Reload it and apply your change again.',
      stale[0]?.current ?? null,
    );
  }
  return committed[0];
}

export function updateAction(
  store: Store,
  ref: PlanRef,
  caller: Caller,
  id: string,
  expectedVersion: number,
  patch: ActionPatch,
): Promise<Action> {
  return rewriteAction(store, ref, caller, id, expectedVersion, (current) => ({
    fields: withDerivedDates(current, { ...pickFields(current), ...patch }),
    deleted: current.deleted,
    kind: 'update',
  }));
}

/** A delete is a tombstone: the row stays, marked deleted, and the same call with false restores it. */
export function setDeleted(
  store: Store,
  ref: PlanRef,
  caller: Caller,
  id: string,
  expectedVersion: number,
  deleted: boolean,
) {
  return rewriteAction(store, ref, caller, id, expectedVersion, (current) => ({
    fields: pickFields(current),
    deleted,
    kind: deleted ? 'delete' : 'restore',
  }));
}
