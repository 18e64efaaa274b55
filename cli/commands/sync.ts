/**
 * `plans sync FILE`: one headless sync of a plan workbook with the central plan, as the Excel
 * add-in does with a workbook open in Excel. The file is replaced only when the sync succeeded.
 * One sync of a file at a time (a lock beside it), and what it sends is journalled beside it first,
 * so a sync killed or refused its save after the server applied it is recognised by the next.
 */
import type { Command } from 'commander';
import { type ApiOptions, configuredApi, connect, DEFAULT_API, TOKEN_OPTION_HELP } from '../api.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';
import { connectGraph, isWorkbookUrl } from '../graph-config.js';
import type { MsalOptions } from '../microsoft.js';
import { describeSync, needsAPerson, type SyncedFile, syncJson, syncPlanFile } from '../sync-file.js';
import { savedMeanwhile, syncPlanUrl } from '../sync-url.js';
import { MAP_OPTION_HELP, readMapOption } from './plan-options.js';

interface SyncOptions extends ApiOptions {
  council?: string;
  plan?: string;
  sheet?: string;
  map?: string;
  json?: boolean;
}

export function registerSync(program: Command, msal: MsalOptions = {}): void {
  program
    .command('sync')
    .description('Sync a plan workbook (.xlsx) both ways with the central plan, without Excel open')
    .argument(
      '<workbook>',
      'the plan workbook: a path, or its SharePoint or OneDrive https:// address (through Microsoft Graph: PLANS_GRAPH_URL, PLANS_GRAPH_TOKEN); on its first sync it takes a hidden Id column',
    )
    .option(
      '--council <council>',
      'the council the plan belongs to, e.g. chorley (first sync only: a synced workbook says it)',
    )
    .option('--plan <id>', 'the plan the workbook syncs with (first sync only, as --council)')
    .option('--sheet <name>', 'the worksheet with the plan table (default: the first with one)')
    .option('--map <columns>', `on the first sync only: ${MAP_OPTION_HELP}; the workbook remembers it`)
    .option(
      '--api <url>',
      `the plans API (default: PLANS_API, then ${DEFAULT_API}; never one the workbook names)`,
    )
    .option('--token <token>', TOKEN_OPTION_HELP)
    .option('--json', 'print the result as one JSON object; an error as one JSON object on stderr')
    .addHelpText('after', exitCodesHelp('sync'))
    .action(async (file: string, options: SyncOptions) => {
      const { client, api } = connect(options);
      const fileOptions = {
        ...(options.council === undefined ? {} : { council: options.council }),
        ...(options.plan === undefined ? {} : { plan: options.plan }),
        ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
        map: readMapOption(options.map),
        configuredApi: configuredApi(options),
      };
      if (isWorkbookUrl(file)) {
        const synced = await syncPlanUrl(
          file,
          fileOptions,
          client,
          api,
          connectGraph(process.env, { api, msal }),
        );
        const again = synced.rounds > 1 ? [`  ${savedMeanwhile(synced.rounds)}`] : [];
        report(synced, options, { name: synced.url, json: { rounds: synced.rounds }, lines: again });
      } else report(await syncPlanFile(file, fileOptions, client, api), options);
    });
}

function report(
  synced: SyncedFile,
  options: SyncOptions,
  more: { name?: string; json?: object; lines?: string[] } = {},
): void {
  const { workbook, summary } = synced;
  if (options.json) process.stdout.write(`${JSON.stringify({ ...syncJson(synced), ...more.json })}\n`);
  else {
    const [first, ...rest] = describeSync(synced, more.name);
    process.stdout.write(`${[first, ...(more.lines ?? []), ...rest].join('\n')}\n`);
  }
  if (options.json && workbook.warnings.length > 0)
    process.stderr.write(`${workbook.warnings.map((w) => `plans: ${w}`).join('\n')}\n`);
  if (needsAPerson(summary)) process.exitCode = EXIT.NEEDS_A_PERSON;
}
