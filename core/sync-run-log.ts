/**
 * The run log of automated syncing: one entry per workbook per `plans sync-all` run, so policy
 * users can see which workbooks synced, which need a person, wait for the next run or failed, and
 * why, without reading a scheduled task's output.
 */
import { z } from 'zod';
import { Ulid } from './plan.js';

export const SYNC_RUN_STATUSES = ['synced', 'needs-a-person', 'retry-later', 'failed'] as const;

const count = () => z.number().int().nonnegative().max(1_000_000);

/** What the syncing client reports of one workbook; the API adds who, when and an id. */
export const SyncRunInput = z.strictObject({
  /** One `plans sync-all` run: every workbook of it carries the same id. */
  run: Ulid,
  /** The workbook as the sync list names it: a path or a SharePoint/OneDrive address. */
  workbook: z.string().min(1).max(2000),
  plan: Ulid,
  status: z.enum(SYNC_RUN_STATUSES),
  pushed: count().optional(),
  pulled: count().optional(),
  conflicts: count().optional(),
  refused: count().optional(),
  /** Downloads and syncs of a SharePoint workbook that someone saved meanwhile. */
  rounds: z.number().int().min(1).max(100).optional(),
  error: z.strictObject({ message: z.string().max(2000), fix: z.string().max(2000).optional() }).optional(),
});
export type SyncRunInput = z.infer<typeof SyncRunInput>;

/**
 * The council's sync list as the API keeps it (for a schedule, or `plans sync-all --council C`):
 * each workbook, by path or SharePoint/OneDrive address, with its plan. Kept in one item, so it
 * is bounded: 300 workbooks of at most 800 characters stay well under DynamoDB's 400 KB.
 */
export const SyncListEntryInput = z.strictObject({
  workbook: z.string().min(1).max(800),
  plan: Ulid,
  sheet: z.string().min(1).max(200).optional(),
});
export const SyncListInput = z.strictObject({ workbooks: z.array(SyncListEntryInput).max(300) });
export type SyncListInput = z.infer<typeof SyncListInput>;

export interface StoredSyncList extends SyncListInput {
  council: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SyncRun extends SyncRunInput {
  id: string;
  council: string;
  at: string;
  by: string;
}
