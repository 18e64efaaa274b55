/**
 * `plans sync-list --council C [--set FILE]`: the sync list a council keeps in the API, shown as a
 * list file (YAML) or replaced from one (admin). What `plans sync-all --council C` and a schedule sync.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { type ApiOptions, connect, DEFAULT_API, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { readSyncList, toApiList } from '../sync-list.js';

interface SyncListOptions extends ApiOptions {
  council: string;
  set?: string;
  json?: boolean;
}

export function registerSyncList(program: Command): void {
  program
    .command('sync-list')
    .description("Show the council's sync list kept in the API, or replace it from a list file (admin)")
    .requiredOption('--council <council>', 'the council whose list it is')
    .option(
      '--set <file>',
      'replace the list with this sync list file (YAML or JSON, as plans sync-all reads)',
    )
    .option('--api <url>', `the plans API (default: PLANS_API, then ${DEFAULT_API})`)
    .option('--token <token>', TOKEN_OPTION_HELP)
    .option('--json', 'print the list as the API keeps it, as JSON')
    .action(async (options: SyncListOptions) => {
      const { client, api } = connect(options);
      const list =
        options.set === undefined
          ? await client.getSyncList(options.council).catch((error: unknown) => explainApiError(error, api))
          : await client
              .putSyncList(
                options.council,
                toApiList(await readSyncList(options.set), options.council, options.set),
              )
              .catch((error: unknown) => explainApiError(error, api));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      const file = Object.fromEntries(
        list.workbooks.map(({ workbook, plan, sheet }) => [
          workbook,
          { council: list.council, plan, ...(sheet === undefined ? {} : { sheet }) },
        ]),
      );
      const by = list.updatedAt
        ? `# set by ${list.updatedBy} at ${list.updatedAt}\n`
        : '# no sync list yet\n';
      process.stdout.write(`${by}${list.workbooks.length > 0 ? stringify(file) : ''}`);
    });
}
