/**
 * Many workbooks synced in one run, a few at a time, each on its own: one that fails (a corrupt
 * file, a refused token for its council, Graph down) is recorded with its reason and the others
 * go on. What each came to is an outcome a scheduler can act on.
 */
import type { PlansClient } from '../core/client.js';
import type { SyncResult } from '../core/sync-run.js';
import type { SyncRunInput } from '../core/sync-run-log.js';
import { EXIT } from './exit-codes.js';
import type { GraphClient } from './graph.js';
import { CliError } from './run.js';
import { describeSync, needsAPerson, type SyncedFile, syncJson, syncPlanFile } from './sync-file.js';
import type { SyncListEntry } from './sync-list.js';
import { savedMeanwhile, syncPlanUrl } from './sync-url.js';

export type OutcomeStatus = 'synced' | 'needs-a-person' | 'retry-later' | 'failed';

export interface SyncOutcome {
  workbook: string;
  council: string;
  plan: string;
  status: OutcomeStatus;
  summary: SyncResult | null;
  /** The published JSON of a sync (as `plans sync --json`), when it ran. */
  result: ReturnType<typeof syncJson> | null;
  /** For a person: what the sync did (conflicts, refusals, warnings), or why it did not. */
  lines: string[];
  error: { message: string; fix?: string } | null;
  rounds?: number;
}

export interface SyncManyDeps {
  client: PlansClient;
  api: string;
  configuredApi: string | null;
  graph: () => GraphClient;
}

export async function syncMany(
  entries: SyncListEntry[],
  deps: SyncManyDeps,
  options: { concurrency: number; onDone?: (outcome: SyncOutcome, done: number) => void },
): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = new Array(entries.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < entries.length; index = next++) {
      const outcome = await syncOne(entries[index] as SyncListEntry, deps);
      outcomes[index] = outcome;
      options.onDone?.(outcome, ++done);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, entries.length)) }, worker),
  );
  return outcomes;
}

async function syncOne(entry: SyncListEntry, deps: SyncManyDeps): Promise<SyncOutcome> {
  const base = { workbook: entry.workbook, council: entry.council, plan: entry.plan };
  const options = {
    council: entry.council,
    plan: entry.plan,
    ...(entry.sheet === undefined ? {} : { sheet: entry.sheet }),
    configuredApi: deps.configuredApi,
    progress: false,
  };
  try {
    let synced: SyncedFile;
    let rounds: number | undefined;
    if (entry.url) {
      const fromUrl = await syncPlanUrl(entry.where, options, deps.client, deps.api, deps.graph());
      synced = fromUrl;
      rounds = fromUrl.rounds;
    } else synced = await syncPlanFile(entry.where, options, deps.client, deps.api);
    const [, ...described] = describeSync(synced, entry.workbook);
    const lines = rounds !== undefined && rounds > 1 ? [savedMeanwhile(rounds), ...described] : described;
    return {
      ...base,
      status: needsAPerson(synced.summary) ? 'needs-a-person' : 'synced',
      summary: synced.summary,
      result: syncJson(synced),
      lines,
      error: null,
      ...(rounds === undefined ? {} : { rounds }),
    };
  } catch (error) {
    // One workbook's failure, whatever it is, is its own: the run goes on with the others.
    const failure =
      error instanceof CliError
        ? { message: error.message, ...(error.fix ? { fix: error.fix } : {}) }
        : { message: `unexpected error: ${(error as Error)?.message ?? String(error)}` };
    const later = error instanceof CliError && error.exitCode === EXIT.RETRY_LATER;
    return {
      ...base,
      status: later ? 'retry-later' : 'failed',
      summary: null,
      result: null,
      lines: [failure.fix ? `${failure.message}: ${failure.fix}` : failure.message],
      error: failure,
    };
  }
}

/** An outcome as the council's sync-run log keeps it (core/sync-run-log.ts): counts, never rows. */
export function logEntryOf(outcome: SyncOutcome, run: string): SyncRunInput {
  const cut = (text: string) => (text.length > 2000 ? `${text.slice(0, 1999)}…` : text);
  const { summary, error } = outcome;
  return {
    run,
    workbook: cut(outcome.workbook),
    plan: outcome.plan,
    status: outcome.status,
    ...(summary
      ? {
          pushed: summary.pushed,
          pulled: summary.pulled,
          conflicts: summary.conflicts.length,
          refused: summary.refused.length,
        }
      : {}),
    ...(outcome.rounds === undefined ? {} : { rounds: outcome.rounds }),
    ...(error
      ? { error: { message: cut(error.message), ...(error.fix ? { fix: cut(error.fix) } : {}) } }
      : {}),
  };
}

/**
 * The run's exit code: a failure first (someone must fix something), then a person's decision
 * (conflicts, refusals), then "try later" (the next run does it by itself), else 0.
 */
export function exitCodeOf(outcomes: SyncOutcome[]): number {
  const any = (status: OutcomeStatus) => outcomes.some((outcome) => outcome.status === status);
  if (any('failed')) return EXIT.FAILED;
  if (any('needs-a-person')) return EXIT.NEEDS_A_PERSON;
  if (any('retry-later')) return EXIT.RETRY_LATER;
  return EXIT.SYNCED;
}
