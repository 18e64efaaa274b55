/**
 * `plans sync-all LIST`: every workbook of a sync list (cli/sync-list.ts), on disk, on a network
 * drive or in SharePoint/OneDrive, synced independently and a few at a time, for a scheduled task:
 * a progress bar on a terminal, a summary table (or `--json`), and an exit code saying whether
 * anything failed, needs a person, or waits for the next run.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ulid } from 'ulid';
import { ApiError, type PlansClient } from '../../core/client.js';
import {
  type ApiOptions,
  configuredApi,
  connect,
  DEFAULT_API,
  explainApiError,
  TOKEN_OPTION_HELP,
} from '../api.js';
import { exitCodesHelp } from '../exit-codes.js';
import type { GraphClient } from '../graph.js';
import { connectGraph } from '../graph-config.js';
import { CliError } from '../run.js';
import { entriesFromApi, readSyncList } from '../sync-list.js';
import { exitCodeOf, logEntryOf, type OutcomeStatus, type SyncOutcome, syncMany } from '../sync-many.js';
import { integerOption } from './options.js';

interface SyncAllOptions extends ApiOptions {
  council?: string;
  json?: boolean;
  log: boolean;
  concurrency: number;
}

/** A few at once: the API and Graph throttle a client that sends many more. */
const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 16;

const LIST_HELP = `
The sync list (YAML or JSON): each workbook's path (relative to the list) or SharePoint/OneDrive
address, with its council and plan (and, if need be, sheet):

  "https://chorley.sharepoint.com/sites/Policy/Shared Documents/Action plan.xlsx":
    council: chorley
    plan: 01JD3ZQ5X4W6N8Q0R2S4T6V8X0
  Corporate plan.xlsx: { council: chorley, plan: 01JD3ZQ5X4W6N8Q0R2S4T6V8X1 }

The API and its token are the run's (--api, PLANS_API, PLANS_TOKEN, plans login); Graph's are
PLANS_GRAPH_URL and PLANS_GRAPH_TOKEN: a list never says where a token goes.`;

export function registerSyncAll(program: Command): void {
  program
    .command('sync-all')
    .description(
      'Sync every workbook of a sync list (paths, network drives, SharePoint/OneDrive), each on its own',
    )
    .argument(
      '[list]',
      "the sync list, YAML or JSON (default: the council's list kept in the API, with --council)",
    )
    .option(
      '--council <council>',
      'sync the list this council keeps in the API (`plans sync-list`) instead of a file',
    )
    .option(
      '--concurrency <n>',
      `how many workbooks sync at once (1 to ${MAX_CONCURRENCY})`,
      integerOption('--concurrency'),
      DEFAULT_CONCURRENCY,
    )
    .option(
      '--api <url>',
      `the plans API (default: PLANS_API, then ${DEFAULT_API}; never one a workbook names)`,
    )
    .option('--token <token>', TOKEN_OPTION_HELP)
    .option('--no-log', "do not record the run in the council's sync-run log (GET /councils/C/sync-runs)")
    .option('--json', 'print every outcome as one JSON object; an error as one JSON object on stderr')
    .addHelpText('after', `${LIST_HELP}\n${exitCodesHelp('sync-all')}`)
    .action(async (list: string | undefined, options: SyncAllOptions) => {
      if ((list === undefined) === (options.council === undefined))
        throw new CliError('give either a sync list file or --council', {
          fix: 'plans sync-all LIST, or plans sync-all --council C for the list kept in the API',
        });
      const { client, api } = connect(options);
      const entries =
        list !== undefined
          ? await readSyncList(list)
          : await client.getSyncList(options.council as string).then(
              (kept) => entriesFromApi(options.council as string, kept),
              (error: unknown) => explainApiError(error, api),
            );
      let graph: GraphClient | null = null;
      const bar = progressBar(entries.length);
      const log = runLog(client, options.log);
      const outcomes = await syncMany(
        entries,
        {
          client,
          api,
          configuredApi: configuredApi(options),
          graph: () => (graph ??= connectGraph(process.env, { api })),
        },
        {
          concurrency: Math.min(Math.max(options.concurrency, 1), MAX_CONCURRENCY),
          onDone: (outcome, done) => {
            log.record(outcome);
            bar?.update(done);
          },
        },
      );
      bar?.stop();
      await log.flush();
      if (options.json) process.stdout.write(`${JSON.stringify(toJson(outcomes))}\n`);
      else process.stdout.write(describe(outcomes));
      process.exitCode = exitCodeOf(outcomes);
    });
}

/**
 * Each workbook's outcome, recorded in the council's sync-run log as it finishes, so policy users
 * see it without the task's output. The log is a report, not the sync: if it cannot be written,
 * one warning says why and the exit code still says how the syncs went.
 */
function runLog(client: PlansClient, enabled: boolean) {
  const run = ulid();
  const writes: Promise<void>[] = [];
  let warned = false;
  return {
    record(outcome: SyncOutcome) {
      if (!enabled) return;
      writes.push(
        client.recordSyncRun(outcome.council, logEntryOf(outcome, run)).then(
          () => undefined,
          (error: unknown) => {
            if (warned) return;
            warned = true;
            const why =
              error instanceof ApiError ? `${error.status}: ${error.problem.detail}` : String(error);
            process.stderr.write(
              `plans: the sync-run log was not written (${why}); the syncs themselves are as reported\n`,
            );
          },
        ),
      );
    },
    flush: async () => {
      await Promise.all(writes);
    },
  };
}

/** Only where someone watches: a scheduled task's log gets the table, not a bar's redraws. */
function progressBar(total: number): SingleBar | null {
  if (!process.stderr.isTTY || total === 0) return null;
  const bar = new SingleBar(
    { format: 'Syncing workbooks {bar} {value}/{total}', stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

const WORDS: Record<OutcomeStatus, string> = {
  synced: 'synced',
  'needs-a-person': 'needs a person',
  'retry-later': 'next run',
  failed: 'FAILED',
};

function counts(outcomes: SyncOutcome[]) {
  const count = (status: OutcomeStatus) => outcomes.filter((outcome) => outcome.status === status).length;
  return {
    synced: count('synced'),
    needsAPerson: count('needs-a-person'),
    retryLater: count('retry-later'),
    failed: count('failed'),
  };
}

/** The published JSON shape: schedulers and dashboards depend on it, so it is spelled out. */
function toJson(outcomes: SyncOutcome[]) {
  return {
    workbooks: outcomes.map((outcome) => ({
      workbook: outcome.workbook,
      council: outcome.council,
      plan: outcome.plan,
      status: outcome.status,
      ...(outcome.result ?? {}),
      ...(outcome.rounds === undefined ? {} : { rounds: outcome.rounds }),
      ...(outcome.error ? { error: outcome.error } : {}),
    })),
    counts: counts(outcomes),
  };
}

/** A table a person reads in the task's log, then what each workbook that is not simply synced says. */
function describe(outcomes: SyncOutcome[]): string {
  const rows = outcomes.map((outcome) => [
    WORDS[outcome.status],
    String(outcome.summary?.pushed ?? '-'),
    String(outcome.summary?.pulled ?? '-'),
    String(outcome.summary?.conflicts.length ?? '-'),
    String(outcome.summary?.refused.length ?? '-'),
    outcome.workbook,
  ]);
  const head = ['status', 'pushed', 'pulled', 'conflicts', 'refused', 'workbook'];
  const widths = head.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] as number)))
      .join('  ');
  const c = counts(outcomes);
  const lines = [
    line(head),
    ...rows.map(line),
    '',
    `${outcomes.length} workbooks: ${c.synced} synced, ${c.needsAPerson} need a person, ${c.retryLater} wait for the next run, ${c.failed} failed`,
  ];
  for (const outcome of outcomes) {
    if (outcome.lines.length === 0) continue;
    lines.push(`${outcome.workbook}:`, ...outcome.lines.map((text) => `  ${text.trimStart()}`));
  }
  return `${lines.join('\n')}\n`;
}
