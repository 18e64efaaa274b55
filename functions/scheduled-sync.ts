/**
 * The scheduled sync, in the cloud: EventBridge Scheduler names a council; its sync list is read
 * from the API, every SharePoint/OneDrive workbook of it is synced by the same code as
 * `plans sync-all` (cli/sync-many.ts), and each outcome is recorded in the council's sync-run log.
 * It signs in as the sync application (cli/app-credential.ts), for the API and for Graph alike, and
 * reaches the API through its public URL like any client: it holds no table rights of its own.
 *
 * A Lambda has no network drive: a path in the list is recorded as failed, saying where it can be
 * synced instead, and the others go on.
 */
import { ulid } from 'ulid';
import { z } from 'zod';
import { apiResource, appCredentialFromEnv } from '../cli/app-credential-config.js';
import type { GraphClient } from '../cli/graph.js';
import { connectGraph } from '../cli/graph-config.js';
import { CliError } from '../cli/run.js';
import { entriesFromApi, type SyncListEntry } from '../cli/sync-list.js';
import { logEntryOf, type OutcomeStatus, type SyncOutcome, syncMany } from '../cli/sync-many.js';
import { createPlansClient } from '../core/client.js';

/** What the schedule sends: the council whose list to sync (set per schedule in infra/scheduled-sync.ts). */
export const ScheduledSyncEvent = z.strictObject({ council: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) });

export interface ScheduledSyncResult {
  council: string;
  run: string;
  counts: Record<OutcomeStatus, number>;
}

/** As `plans sync-all`: a few at once, for Graph's and the API's throttling. */
const CONCURRENCY = 4;

export const NO_DRIVE_IN_THE_CLOUD = {
  message: 'the scheduled sync in the cloud reaches only SharePoint and OneDrive, not a file path',
  fix: 'give the workbook its SharePoint or OneDrive address in the sync list, or sync it with `plans sync-all` on a machine that sees the drive',
};

export async function runScheduledSync(
  event: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScheduledSyncResult> {
  const { council } = ScheduledSyncEvent.parse(event);
  const api = env.PLANS_API;
  if (!api) throw new CliError('PLANS_API is not set', { fix: 'set it to the plans API URL' });
  const credential = appCredentialFromEnv(env);
  if (!credential)
    throw new CliError('the scheduled sync has no application credential', {
      fix: 'set PLANS_CLIENT_ID, PLANS_TENANT_ID and PLANS_CLIENT_FEDERATION (or PLANS_CLIENT_CERT)',
    });
  const client = createPlansClient({ baseUrl: api, token: credential.tokenFor(apiResource(env)) });
  const entries = entriesFromApi(council, await client.getSyncList(council));
  const inGraph = entries.filter((entry) => entry.url);
  let graph: GraphClient | null = null;
  const synced = await syncMany(
    inGraph,
    { client, api, configuredApi: api, graph: () => (graph ??= connectGraph(env)) },
    { concurrency: CONCURRENCY },
  );
  const outcomes = entries.map((entry) => synced[inGraph.indexOf(entry)] ?? notReachable(entry));
  // Each recorded on its own: a refused entry must not hide the others from policy users.
  const run = ulid();
  const recorded = await Promise.allSettled(
    outcomes.map((outcome) => client.recordSyncRun(council, logEntryOf(outcome, run))),
  );
  const unrecorded = recorded.filter((result) => result.status === 'rejected').length;
  if (unrecorded > 0)
    // The function fails, so its Errors alarm tells someone the log is incomplete.
    throw new Error(`${unrecorded} of ${outcomes.length} sync outcomes of run ${run} could not be recorded`);
  const count = (status: OutcomeStatus) => outcomes.filter((outcome) => outcome.status === status).length;
  return {
    council,
    run,
    counts: {
      synced: count('synced'),
      'needs-a-person': count('needs-a-person'),
      'retry-later': count('retry-later'),
      failed: count('failed'),
    },
  };
}

function notReachable(entry: SyncListEntry): SyncOutcome {
  return {
    workbook: entry.workbook,
    council: entry.council,
    plan: entry.plan,
    status: 'failed',
    summary: null,
    result: null,
    lines: [`${NO_DRIVE_IN_THE_CLOUD.message}: ${NO_DRIVE_IN_THE_CLOUD.fix}`],
    error: NO_DRIVE_IN_THE_CLOUD,
  };
}
