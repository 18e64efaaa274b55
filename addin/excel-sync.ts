/**
 * A sync that starts again when the officer moved the sheet under it (excel-check.ts), and whose
 * requests a failed sync leaves for the next one (the same pane, the same plan). The first
 * attempt's requests have reached the plan, but its new rows' ids were never written: a journal
 * kept in memory gives them back to the next attempt, which replays those requests under their own
 * idempotency keys (core/sync-journal.ts), so no row is created twice and no edit is sent as new.
 */
import type { PendingSync, SentRequest, SyncJournal } from '../core/sync-journal.js';
import {
  type SheetPort,
  type SheetState,
  type SyncOptions,
  type SyncResult,
  type SyncTransport,
  syncSheet,
} from '../core/sync-run.js';
import { SheetMovedError } from './excel-check.js';

/** How many times a sync starts again before it asks the officer to pause. */
export const MAX_ATTEMPTS = 4;

export class SheetKeptMovingError extends Error {
  constructor() {
    super(
      'The plan sheet kept changing while it synced (sorted, filtered or typed into), so nothing was written to it. Nothing is lost: pause for a moment, then Sync again.',
    );
    this.name = 'SheetKeptMovingError';
  }
}

/** What a sync sent, until the sheet shows it: held in memory, per plan, for this task pane. */
class MemoryJournal implements SyncJournal {
  earlier: PendingSync | null = null;
  private current: PendingSync | null = null;

  async begin(pending: PendingSync): Promise<void> {
    this.current = { newRows: [...pending.newRows], sent: [...pending.sent] };
  }

  async sent(entry: SentRequest): Promise<void> {
    this.current ??= { newRows: [], sent: [] };
    this.current.sent.push(entry);
  }

  /** The write did not happen: the next attempt finishes what this one sent. */
  carry(): void {
    if (this.current) this.earlier = this.current;
    this.current = null;
  }
}

const journals = new Map<string, MemoryJournal>();

/**
 * syncSheet, again while the sheet moved under it. `plan` keys the journal, so a sync given up
 * on is still recognised by the next Sync of the same plan in this task pane.
 */
export async function syncKeepingUp<Read extends SheetState>(
  port: SheetPort<Read>,
  transport: SyncTransport,
  plan: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const journal = journals.get(plan) ?? new MemoryJournal();
  journals.set(plan, journal);
  for (let attempt = 1; ; attempt++) {
    try {
      const summary = await syncSheet(port, transport, { ...options, journal });
      journals.delete(plan);
      return summary;
    } catch (error) {
      // Whatever failed (the network, Excel part way through the write), what was sent is replayed
      // by the next Sync: a request whose answer was lost, or whose ids never reached the sheet,
      // is recognised instead of sent as new.
      journal.carry();
      if (!(error instanceof SheetMovedError)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new SheetKeptMovingError();
    }
  }
}
