/**
 * `plans sync FILE`: one headless sync of a plan workbook with the central plan, as the Excel
 * add-in does with a workbook open in Excel. The file is replaced only when the sync succeeded.
 * One sync of a file at a time (a lock beside it), and what it sends is journalled beside it first,
 * so a sync killed or refused its save after the server applied it is recognised by the next.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { PlansClient } from '../../core/client.js';
import { type SyncSummary, syncSheet } from '../../core/sync-run.js';
import {
  type ApiOptions,
  configuredApi,
  connect,
  DEFAULT_API,
  explainApiError,
  TOKEN_OPTION_HELP,
} from '../api.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';
import { CliError } from '../run.js';
import { openJournal, type WorkbookJournal } from '../workbook-journal.js';
import { lockWorkbook } from '../workbook-lock.js';
import { openPlanWorkbook, type PlanWorkbook } from '../workbook-sync.js';
import { conflictLine, refusalLine } from '../workbook-wording.js';

interface SyncOptions extends ApiOptions {
  council?: string;
  plan?: string;
  sheet?: string;
  json?: boolean;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Sync a plan workbook (.xlsx) both ways with the central plan, without Excel open')
    .argument('<file>', 'the plan workbook; on its first sync it takes a hidden Id column')
    .option(
      '--council <council>',
      'the council the plan belongs to, e.g. chorley (first sync only: a synced workbook says it)',
    )
    .option('--plan <id>', 'the plan the workbook syncs with (first sync only, as --council)')
    .option('--sheet <name>', 'the worksheet with the plan table (default: the first with one)')
    .option(
      '--api <url>',
      `the plans API (default: PLANS_API, then ${DEFAULT_API}; never one the workbook names)`,
    )
    .option('--token <token>', TOKEN_OPTION_HELP)
    .option('--json', 'print the result as one JSON object; an error as one JSON object on stderr')
    .addHelpText('after', exitCodesHelp('sync'))
    .action(async (file: string, options: SyncOptions) => {
      const { client, api } = connect(options);
      // Taken before the workbook is read: a second sync must not read what the first is about to replace.
      const lock = await lockWorkbook(file);
      try {
        await syncFile(file, options, client, api);
      } finally {
        await lock.release();
      }
    });
}

async function syncFile(file: string, options: SyncOptions, client: PlansClient, api: string): Promise<void> {
  const workbook = await openPlanWorkbook(file, {
    council: options.council,
    plan: options.plan,
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
    api: configuredApi(options),
  });
  if (workbook.meta.api !== null && !sameApi(workbook.meta.api, api)) {
    process.stderr.write(
      `plans: this workbook names the plans API ${shown(workbook.meta.api)}, but syncs with ${api} (from --api, PLANS_API or the default): a workbook never chooses where your token is sent\n`,
    );
  }
  const journal = await openJournal(file, workbook.meta);
  const summary = await syncWorkbook(client, workbook, journal).catch(async (error: unknown) => {
    // New rows' ids, and whatever did land, are kept even when the sync stops part way; the
    // journal stays too, so the next sync replays a request whose answer was lost.
    if (workbook.written) await workbook.save();
    return explainApiError(error, api);
  });
  await workbook.save().catch((error: unknown) => {
    if (!(error instanceof CliError)) throw error;
    throw new CliError(
      `${error.message} (the plan already has what this sync sent, and the next sync brings it into the file without adding anything twice)`,
    );
  });
  await journal.clear();
  if (options.json) process.stdout.write(`${JSON.stringify(toJson(workbook, summary))}\n`);
  else process.stdout.write(describe(workbook, summary));
  if (options.json && workbook.warnings.length > 0)
    process.stderr.write(`${workbook.warnings.map((w) => `plans: ${w}`).join('\n')}\n`);
  if (summary.conflicts.length > 0 || summary.refused.length > 0) process.exitCode = EXIT.NEEDS_A_PERSON;
}

async function syncWorkbook(
  client: PlansClient,
  workbook: PlanWorkbook,
  journal: WorkbookJournal,
): Promise<SyncSummary> {
  const { council, plan } = workbook.meta;
  // A first sync interrupted after sending made the plan's actions itself: its journal finds them again.
  const resumes = (journal.earlier?.sent.length ?? 0) > 0;
  if (workbook.adopted && !resumes) await refuseIfPlanHasActions(client, workbook);
  const bar = progressBar();
  try {
    return await syncSheet(
      workbook,
      {
        async sync(request) {
          const reply = await client.sync(council, plan, request);
          workbook.apiAnswered();
          return reply;
        },
      },
      { onProgress: bar.onProgress, journal },
    );
  } finally {
    bar.stop();
  }
}

/** URLs that reach the same API: `http://127.0.0.1:8787/` and `http://127.0.0.1:8787`. */
function sameApi(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      return new URL(url).href.replace(/\/+$/, '');
    } catch {
      return url.trim().replace(/\/+$/, '');
    }
  };
  return normal(a) === normal(b);
}

/** Text from a workbook, printed to a terminal: no control characters, not too long. */
function shown(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly what must not reach a terminal
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/**
 * A workbook that never synced holds no ids, so every row would be added again beside the plan's
 * own: two copies of every action. It must start from the plan's own export instead.
 */
async function refuseIfPlanHasActions(client: PlansClient, workbook: PlanWorkbook): Promise<void> {
  const { council, plan } = workbook.meta;
  const { actions } = await client.listActions(council, plan);
  if (actions.length > 0) {
    throw new CliError(
      `plan ${plan} already has ${actions.length} actions and this workbook has never synced: export the plan with \`plans export\` and work in that file, or sync into an empty plan`,
    );
  }
}

/** A bar only where someone watches (a terminal) and only when the sync takes several requests. */
function progressBar() {
  let bar: SingleBar | null = null;
  return {
    onProgress(sent: number, total: number) {
      if (!bar && sent < total && process.stderr.isTTY) {
        bar = new SingleBar(
          { format: 'Syncing {bar} {value}/{total} changes', stream: process.stderr },
          Presets.shades_classic,
        );
        bar.start(total, sent);
      } else bar?.update(sent);
    },
    stop() {
      bar?.stop();
    },
  };
}

/** The published JSON shape: scripts depend on it, so it is spelled out. */
function toJson(workbook: PlanWorkbook, summary: SyncSummary) {
  return {
    pushed: summary.pushed,
    pulled: summary.pulled,
    conflicts: summary.conflicts.map((conflict) => ({
      ...conflict,
      ...workbook.placeOf(conflict.id, conflict.kind === 'deleted' ? 'action' : conflict.field),
    })),
    refused: summary.refused.map((refusal) => ({
      ...refusal,
      row: workbook.placeOf(refusal.id, 'action').row,
    })),
    cursor: summary.cursor,
  };
}

function describe(workbook: PlanWorkbook, summary: SyncSummary): string {
  const lines = [
    `Synced ${workbook.file} with plan ${workbook.meta.plan}: pushed ${summary.pushed}, pulled ${summary.pulled}; cursor ${summary.cursor}`,
  ];
  if (workbook.adopted) {
    lines.push(
      `  first sync: sheet "${workbook.meta.sheet}" (headings on row ${workbook.meta.headerRow}) now has a hidden Id column`,
    );
  }
  for (const conflict of summary.conflicts) {
    const { row, column } = workbook.placeOf(
      conflict.id,
      conflict.kind === 'deleted' ? 'action' : conflict.field,
    );
    lines.push(`  ${conflictLine(conflict, row, column)}`);
  }
  for (const refusal of summary.refused) {
    const columnOf = (field: string) => workbook.placeOf(refusal.id, field).column;
    lines.push(`  ${refusalLine(refusal, workbook.placeOf(refusal.id, 'action').row, columnOf)}`);
  }
  for (const warning of summary.warnings ?? [])
    lines.push(`  row ${workbook.placeOf(warning.id, 'recommendations').row ?? '?'}: ${warning.message}`);
  for (const warning of workbook.warnings) lines.push(`  ${warning}`);
  return `${lines.join('\n')}\n`;
}
