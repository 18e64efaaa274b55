/** Conflicts go into the row's history (both values) without taking a revision: they changed nothing. */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Conflict } from '../../core/sync-protocol.js';
import type { StoreClients } from './client.js';
import { conflictKey, type PlanRef } from './keys.js';
import { withBackoff } from './retry.js';

export async function recordConflicts(
  store: StoreClients,
  ref: PlanRef,
  conflicts: Conflict[],
  actor: { by: string; at: string },
): Promise<void> {
  const items = conflicts.map((c) => ({
    ...conflictKey(ref, c.id, ulid()),
    actionId: c.id,
    revision: null,
    kind: 'conflict',
    changes: [{ field: c.field, before: c.theirs, after: c.mine }],
    conflictKind: c.kind,
    by: actor.by,
    at: actor.at,
  }));
  for (let start = 0; start < items.length; start += 25) {
    let requests: Record<string, unknown>[] = items
      .slice(start, start + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const batch = requests;
      const reply = await withBackoff(() =>
        store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: batch as never } })),
      );
      requests = (reply.UnprocessedItems?.[store.tableName] as Record<string, unknown>[] | undefined) ?? [];
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 25));
    }
  }
}
