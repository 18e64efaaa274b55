/**
 * The scheduled-sync Lambda's entry (infra/scheduled-sync.ts): EventBridge Scheduler invokes it with
 * `{ "council": "…" }`. A run that cannot start (no credential, the list unreadable) or cannot record
 * its outcomes throws, so the function's Errors alarm fires; a workbook that fails is in the log.
 */
import { logger } from './logger.js';
import { runScheduledSync, type ScheduledSyncResult } from './scheduled-sync.js';

export async function handler(event: unknown): Promise<ScheduledSyncResult> {
  const result = await runScheduledSync(event, process.env);
  logger.info('scheduled sync done', { ...result });
  return result;
}
