/**
 * May this workbook sync here? A workbook remembers the plan, council and API it syncs with; the
 * pane is signed in for one council and connected to one API. Pure: the pane says the reason.
 */
import type { SyncMeta } from '../core/sync-base-sheet.js';

export interface SyncPlace {
  /** The council the server says the user is signed in for (GET /me). */
  council: string;
  /** The API the pane is connected to, with no trailing slash. */
  api: string;
}

export type SyncVerdict<M> = { may: true; meta: M } | { may: false; reason: string };

/** Whether the workbook's plan may sync from this pane, and if not, why in the pane's words. */
export function mayWorkbookSyncHere<M extends Pick<SyncMeta, 'council' | 'api'>>(
  meta: M | null,
  here: SyncPlace,
): SyncVerdict<M> {
  if (!meta)
    return {
      may: false,
      reason: 'This workbook is not synced with a plan yet: open a plan, or adopt this sheet, first.',
    };
  if (meta.council !== here.council)
    return {
      may: false,
      reason: `This workbook's plan belongs to ${meta.council}; you are signed in for ${here.council}.`,
    };
  // A workbook written with a trailing slash on its API address still syncs with the same API.
  if (meta.api && meta.api.replace(/\/+$/, '') !== here.api)
    return {
      may: false,
      reason: `This workbook syncs with ${meta.api}, but the add-in is connected to ${here.api}.`,
    };
  return { may: true, meta };
}
