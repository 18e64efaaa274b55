/** Conflicts go into the row's history (both values) without taking a revision: they changed nothing. */
import { ulid } from 'ulid';
import type { Conflict } from '../../core/sync-protocol.js';
import { writeAll } from './batch.js';
import type { Store } from './dynamodb.js';
import { conflictKey, type PlanRef } from './keys.js';

/**
 * Pure: one history item per conflict, the server's value as `before` and the officer's as
 * `after`, under an id of its own (a ULID, so a row's conflicts sort by time after its changes).
 */
export function conflictItems(
  ref: PlanRef,
  conflicts: Conflict[],
  actor: { by: string; at: string },
  newId: () => string = ulid,
) {
  return conflicts.map((c) => ({
    ...conflictKey(ref, c.id, newId()),
    actionId: c.id,
    revision: null,
    kind: 'conflict',
    changes: [{ field: c.field, before: c.theirs, after: c.mine }],
    conflictKind: c.kind,
    by: actor.by,
    at: actor.at,
  }));
}

export async function recordConflicts(
  store: Store,
  ref: PlanRef,
  conflicts: Conflict[],
  actor: { by: string; at: string },
): Promise<void> {
  await writeAll(
    store,
    conflictItems(ref, conflicts, actor).map((Item) => ({ PutRequest: { Item } })),
  );
}
