/**
 * `plans sync FILE`: one headless sync of a plan workbook with the central plan, as the Excel
 * add-in does with a workbook open in Excel. The file is replaced only when the sync succeeded.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { PlansClient } from '../../core/client.js';
import { type SyncSummary, syncSheet } from '../../core/sync-run.js';
import { type ApiOptions, connect, explainApiError } from '../api.js';
import { CliError } from '../run.js';
import { openPlanWorkbook, type PlanWorkbook } from '../workbook-sync.js';
import { conflictLine, refusalLine } from '../workbook-wording.js';

interface SyncOptions extends ApiOptions {
  council: string;
  plan: string;
  sheet?: string;
  json?: boolean;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Sync a plan workbook (.xlsx) both ways with the central plan, without Excel open')
    .argument('<file>', 'the plan workbook; on its first sync it takes a hidden Id column')
    .requiredOption('--council <council>', 'the council the plan belongs to, e.g. chorley')
    .requiredOption('--plan <id>', 'the plan the workbook syncs with')
    .option('--sheet <name>', 'the worksheet with the plan table (default: the first with one)')
    .option('--api <url>', 'the plans API (default: PLANS_API, then the one the workbook last used)')
    .option('--token <token>', 'bearer token (default: PLANS_TOKEN)')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, options: SyncOptions) => {
      const given = options.api ?? process.env.PLANS_API ?? null;
      const workbook = await openPlanWorkbook(file, {
        council: options.council,
        plan: options.plan,
        ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
        api: given,
      });
      const { client, api } = connect(options, workbook.meta.api);
      const summary = await syncWorkbook(client, workbook).catch(async (error: unknown) => {
        // New rows' ids, and whatever did land, are kept even when the sync stops part way.
        if (workbook.written) await workbook.save();
        return explainApiError(error, api);
      });
      await workbook.save();
      if (options.json) process.stdout.write(`${JSON.stringify(toJson(workbook, summary))}\n`);
      else process.stdout.write(describe(workbook, summary));
      if (options.json && workbook.warnings.length > 0)
        process.stderr.write(`${workbook.warnings.map((w) => `plans: ${w}`).join('\n')}\n`);
    });
}

async function syncWorkbook(client: PlansClient, workbook: PlanWorkbook): Promise<SyncSummary> {
  const { council, plan } = workbook.meta;
  if (workbook.adopted) await refuseIfPlanHasActions(client, workbook);
  const bar = progressBar();
  try {
    return await syncSheet(
      workbook,
      { sync: (request) => client.sync(council, plan, request) },
      { onProgress: bar.onProgress },
    );
  } finally {
    bar.stop();
  }
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
  for (const warning of workbook.warnings) lines.push(`  ${warning}`);
  return `${lines.join('\n')}\n`;
}
