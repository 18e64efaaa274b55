import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ulid } from 'ulid';
import type { PlansClient } from '../../core/client.js';
import { readGrid } from '../../core/grid.js';
import type { GridReading, ReadAction } from '../../core/grid-types.js';
import { eachInParallel } from '../../core/parallel.js';
import { ActionFields } from '../../core/plan.js';
import type { SyncChange } from '../../core/sync-protocol.js';
import { batches } from '../../core/sync-run.js';
import { type ApiOptions, connect, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';
import { CliError } from '../run.js';
import { readSheetCells } from '../workbook-read.js';

/** Small enough that the server reads one batch while it writes another. */
const IMPORT_BATCH = 1_000;
const IN_FLIGHT = 3;

interface ImportOptions extends ApiOptions {
  council: string;
  plan?: string;
  title?: string;
  sheet?: string;
  json?: boolean;
}

export interface ImportSummary {
  plan: string;
  created: number;
  recommendations: number;
  refused: { row: number; reason: string }[];
  warnings: { row: number | null; column: string | null; message: string }[];
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Bring a plan spreadsheet (.xlsx or .csv) into the central store, creating the plan if asked',
    )
    .argument('<file>', 'the plan workbook or CSV file')
    .requiredOption('--council <council>', 'the council the plan belongs to')
    .option('--plan <id>', 'add the actions to this existing plan')
    .option('--title <title>', 'create a new plan with this title')
    .option('--sheet <name>', 'the worksheet to read (default: the first with a plan grid)')
    .option('--api <url>', 'the plans API (default: PLANS_API or http://127.0.0.1:8787)')
    .option('--token <token>', TOKEN_OPTION_HELP)
    .option('--json', 'print the result as JSON; an error as one JSON object on stderr')
    .addHelpText('after', exitCodesHelp('import'))
    .action(async (file: string, options: ImportOptions) => {
      if (Boolean(options.plan) === Boolean(options.title)) {
        throw new CliError('give either --plan ID (an existing plan) or --title "…" (a new plan)');
      }
      const { sheet, cells } = await readSheetCells(file, options.sheet);
      const reading = readGrid(cells, { sheet });
      const { client, api } = connect(options);
      const summary = await importReading(client, options, reading).catch((error: unknown) =>
        explainApiError(error, api),
      );
      if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else printSummary(file, summary);
      if (summary.refused.length > 0) process.exitCode = EXIT.NEEDS_A_PERSON;
    });
}

export async function importReading(
  client: PlansClient,
  options: ImportOptions,
  reading: GridReading,
): Promise<ImportSummary> {
  const plan = options.title
    ? await client.createPlan(options.council, { title: options.title })
    : await client.getPlan(options.council, options.plan as string);
  await eachInParallel(reading.recommendations, IN_FLIGHT, async (recommendation) => {
    await client.addRecommendation(options.council, plan.id, {
      number: recommendation.number,
      text: recommendation.text,
      ...(recommendation.code ? { code: recommendation.code } : {}),
    });
  });
  const rowOf = new Map<string, number>();
  const changes: SyncChange[] = reading.actions.map((read, index) => {
    const id = ulid();
    rowOf.set(id, read.row);
    return { op: 'create', id, fields: fieldsOf(read, plan.revision + index + 1) };
  });
  const summary: ImportSummary = {
    plan: plan.id,
    created: 0,
    recommendations: reading.recommendations.length,
    refused: [],
    warnings: reading.warnings,
  };
  const bar =
    changes.length > 1_000 && process.stderr.isTTY
      ? new SingleBar({ format: 'Importing {bar} {value}/{total} actions' }, Presets.shades_classic)
      : null;
  bar?.start(changes.length, 0);
  const sends = batches(changes, IMPORT_BATCH).filter((batch) => batch.length > 0);
  await eachInParallel(sends, IN_FLIGHT, async (batch) => {
    // Push only: each batch's reply carries its own outcome, and the cursor does not move.
    const reply = await client.sync(options.council, plan.id, {
      cursor: plan.revision,
      changes: batch,
      idempotencyKey: ulid(),
      pull: false,
    });
    summary.created += reply.applied.filter((a) => a.op === 'create').length;
    summary.refused.push(...reply.refused.map((r) => ({ row: rowOf.get(r.id) ?? 0, reason: r.reason })));
    bar?.increment(batch.length);
  });
  summary.refused.sort((a, b) => a.row - b.row);
  bar?.stop();
  return summary;
}

/** The fields `plans import` sends for a row it read. */
export function fieldsOf(read: ReadAction, order: number): ActionFields {
  return ActionFields.parse({
    theme: read.theme,
    action: read.action,
    recommendations: read.recommendations,
    directorate: read.directorate,
    lead: read.lead,
    timescale: read.timescale,
    due: read.due,
    milestones: read.milestones,
    status: read.status,
    progress: read.progress,
    extra: read.extra,
    order,
  });
}

function printSummary(file: string, summary: ImportSummary): void {
  const lines = [
    `Imported ${file} into plan ${summary.plan}: ${summary.created} actions, ${summary.recommendations} recommendations.`,
    ...summary.refused.map((r) => `  row ${r.row}: not imported: ${r.reason}`),
    ...summary.warnings.map(
      (w) => `  ${w.row ? `row ${w.row}` : 'sheet'}${w.column ? `, ${w.column}` : ''}: ${w.message}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
