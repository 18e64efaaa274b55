/**
 * The one-off correction of rows written before the server derived due dates: each live row whose
 * due date or milestones are not what its timescale says, and whose due date was not typed by hand,
 * is written again with the derived ones, as a system change in its history. Running it again
 * changes nothing.
 */
import { fieldChanges, pickFields, type RowWrite } from '../../core/changes.js';
import { withDerivedDates } from '../../core/derived-dates.js';
import { listActions } from './actions.js';
import { commitWrites } from './commit.js';
import type { Store } from './dynamodb.js';
import type { PlanRef } from './keys.js';

/** Who the history names for the change. */
export const SYSTEM_ACTOR = 'System: due dates derived from timescales';

export interface Rederived {
  /** Rows written again. */
  corrected: number;
  /** Rows whose stored version moved meanwhile: run it again to correct them. */
  skipped: number;
}

export async function deriveDatesOnce(
  store: Store,
  ref: PlanRef,
  at = new Date().toISOString(),
): Promise<Rederived> {
  const writes: RowWrite[] = [];
  for (const row of await listActions(store, ref)) {
    if (row.deleted) continue;
    const current = pickFields(row);
    // Before and after are the same row: due is re-derived only where it is empty or not typed by hand.
    const fields = withDerivedDates(current, current);
    const changes = fieldChanges(current, fields);
    if (changes.length === 0) continue;
    writes.push({
      id: row.id,
      expectedVersion: row.version,
      fields,
      deleted: false,
      changes,
      kind: 'system',
    });
  }
  if (writes.length === 0) return { corrected: 0, skipped: 0 };
  const { committed, stale } = await commitWrites(store, ref, writes, { by: SYSTEM_ACTOR, at });
  return { corrected: committed.length, skipped: stale.length };
}
