/**
 * One sync, from the Sync button to the pane's message: may this workbook sync here, the round
 * trips through the workbook's port (started again if the officer moves the cells meanwhile), then
 * what the pane shows of the result.
 */
import type { SyncMeta } from '../core/sync-base-sheet.js';
import type { SyncResult } from '../core/sync-run.js';
import {
  type ConflictItem,
  conflictItems,
  type RefusalItem,
  refusalItems,
  summaryLine,
} from './conflict-items.js';
import { syncKeepingUp } from './excel-sync.js';
import type { Session } from './pane-session.js';
import { mayWorkbookSyncHere } from './sync-guard.js';
import type { SyncCounts } from './taskpane-view.js';
import type { WorkbookHost } from './workbook-host.js';

export interface SyncRequest {
  session: Session;
  host: WorkbookHost;
  /** The API the pane is connected to. */
  api: string;
  /** The plan the pane knows the workbook syncs, if it knows; else the workbook is asked. */
  synced: SyncMeta | null;
  /** How far the sync is, in percent: first 0, as the requests start. */
  onProgress(percent: number): void;
}

export async function syncWorkbook({
  session,
  host,
  api,
  synced,
  onProgress,
}: SyncRequest): Promise<SyncResult> {
  const verdict = mayWorkbookSyncHere(synced ?? (await host.syncedPlan()), {
    council: session.me.council,
    api,
  });
  if (!verdict.may) throw new Error(verdict.reason);
  const { meta } = verdict;
  const port = host.port();
  onProgress(0);
  return syncKeepingUp(
    port,
    { sync: (request) => session.client.sync(meta.council, meta.plan, request) },
    meta.plan,
    {
      onProgress: (sent, total) => onProgress(progressPercent(sent, total)),
    },
  );
}

/** Changes sent of all to send, in whole percent; a sync with nothing to send is done. */
export function progressPercent(sent: number, total: number): number {
  return total === 0 ? 100 : Math.round((sent / total) * 100);
}

export interface SyncShown {
  /** The conflicts listed after this sync: this one's, and earlier ones it did not meet again. */
  conflicts: ConflictItem[];
  counts: SyncCounts;
  refusals: RefusalItem[];
  /** One line for the live region. */
  message: string;
}

/** What the pane shows after a sync, given the conflicts it listed before. */
export function syncShown(result: SyncResult, listed: readonly ConflictItem[]): SyncShown {
  const fresh = conflictItems(result.conflicts, result.base);
  return {
    conflicts: [...listed.filter((c) => !fresh.some((f) => f.key === c.key)), ...fresh],
    counts: {
      pushed: result.pushed,
      pulled: result.pulled,
      conflicts: result.conflicts.length,
      refused: result.refused.length,
    },
    refusals: refusalItems(result.refused, result.base),
    message: summaryLine(result),
  };
}
