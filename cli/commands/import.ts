import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ulid } from 'ulid';
import type { PlanEntry, PlansClient } from '../../core/client.js';
import type { GridReading, ReadAction } from '../../core/grid-types.js';
import { eachInParallel } from '../../core/parallel.js';
import { type Action, ActionFields } from '../../core/plan.js';
import type { SyncChange, SyncRequest } from '../../core/sync-protocol.js';
import { batches } from '../../core/sync-run.js';
import { type ApiOptions, apiErrorLine, connect, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';
import { type MatchedRow, matchRows, orderStart } from '../import-match.js';
import { CliError } from '../run.js';
import { readPlanFile } from './parse.js';
import { collect, MAP_OPTION_HELP, SHEET_OPTION_HELP } from './plan-options.js';

/** Small enough that the server reads one batch while it writes another. */
const IMPORT_BATCH = 1_000;
const IN_FLIGHT = 3;

export interface ImportOptions extends ApiOptions {
  council: string;
  plan?: string;
  title?: string;
  sheet?: string[];
  map?: string;
  json?: boolean;
}

export interface ImportSummary {
  plan: string;
  created: number;
  /** Rows the plan already had (an earlier run of the same file): not added again. */
  matched: Omit<MatchedRow, 'index'>[];
  recommendations: number;
  /** Recommendations the plan already had: left as they are. */
  recommendationsMatched: number;
  refused: { row: number; reason: string }[];
  warnings: { row: number | null; column: string | null; message: string; sheet?: string }[];
  /** Rows of the file that gave no action, each with why: nothing is dropped without a reason. */
  skipped: GridReading['skipped'];
}

export interface ImportProgress {
  onProgress(sent: number, total: number): void;
  stop(): void;
}

export interface ImportHooks {
  /** Told the plan before anything is sent to it, so an interrupted import can be finished. */
  onPlan?(plan: PlanEntry, created: boolean, rows: number): void;
  progress?: ImportProgress;
}

/** The import stopped after its plan existed: running it again with `--plan` finishes it. */
export class ImportInterruptedError extends Error {
  constructor(
    readonly plan: string,
    readonly reason: unknown,
  ) {
    super(`the import into plan ${plan} stopped part way`, { cause: reason });
    this.name = 'ImportInterruptedError';
  }
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Bring a plan spreadsheet (.xlsx or .csv) into the central store, creating the plan if asked; run again, it adds only what the plan lacks',
    )
    .argument('<file>', 'the plan workbook or CSV file')
    .requiredOption('--council <council>', 'the council the plan belongs to')
    .option('--plan <id>', 'add the actions to this existing plan')
    .option('--title <title>', 'create a new plan with this title')
    .option('--sheet <name>', SHEET_OPTION_HELP, collect)
    .option('--map <columns>', MAP_OPTION_HELP)
    .option('--api <url>', 'the plans API (default: PLANS_API or http://127.0.0.1:8787)')
    .option('--token <token>', TOKEN_OPTION_HELP)
    .option('--json', 'print the result as JSON; an error as one JSON object on stderr')
    .addHelpText('after', exitCodesHelp('import'))
    .action(async (file: string, options: ImportOptions) => {
      if (Boolean(options.plan) === Boolean(options.title)) {
        throw new CliError('give either --plan ID (an existing plan) or --title "…" (a new plan)');
      }
      // Every sheet's plan tables go into the one plan, unless --sheet names the ones to take.
      const reading = await readPlanFile(file, options);
      const { client, api } = connect(options);
      // With --json, stdout is the result alone; the plan line goes where progress goes.
      const say = options.json ? process.stderr : process.stdout;
      const summary = await importReading(client, options, reading, {
        onPlan: (plan, created, rows) =>
          say.write(
            `${created ? 'Created plan' : 'Plan'} ${plan.id} ("${plan.title}"): importing ${rows} rows of ${file}\n`,
          ),
        progress: progressBar(),
      }).catch((error: unknown) => {
        if (!(error instanceof ImportInterruptedError)) return explainApiError(error, api);
        throw new CliError(
          `${error.message}: ${interruption(error.reason, api)}; run it again to finish (rows already in the plan are not added twice): ${rerunCommand(file, options, error.plan)}`,
        );
      });
      if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else printSummary(file, summary);
      if (summary.refused.length > 0) process.exitCode = EXIT.NEEDS_A_PERSON;
    });
}

export async function importReading(
  client: PlansClient,
  options: ImportOptions,
  reading: GridReading,
  hooks: ImportHooks = {},
): Promise<ImportSummary> {
  const created = Boolean(options.title);
  const plan = options.title
    ? await client.createPlan(options.council, { title: options.title })
    : await client.getPlan(options.council, options.plan as string);
  hooks.onPlan?.(plan, created, reading.actions.length);
  try {
    return await fillPlan(client, options, reading, plan, created, hooks.progress);
  } catch (error) {
    throw new ImportInterruptedError(plan.id, error);
  } finally {
    // A bar left running keeps the terminal at 0/N and the process alive.
    hooks.progress?.stop();
  }
}

async function fillPlan(
  client: PlansClient,
  options: ImportOptions,
  reading: GridReading,
  plan: Awaited<ReturnType<PlansClient['getPlan']>>,
  created: boolean,
  progress: ImportProgress | undefined,
): Promise<ImportSummary> {
  const known = new Set(plan.recommendations.map((r) => r.number));
  const recommendations = reading.recommendations.filter((r) => !known.has(r.number));
  await eachInParallel(recommendations, IN_FLIGHT, async (recommendation) => {
    await client.addRecommendation(options.council, plan.id, {
      number: recommendation.number,
      text: recommendation.text,
      ...(recommendation.code ? { code: recommendation.code } : {}),
    });
  });
  // Deleted rows count: an action someone deleted is not brought back by importing its file again.
  const existing: Action[] = created
    ? []
    : (await client.listActions(options.council, plan.id, true)).actions;
  const rows = reading.actions.map((read) => ({ row: read.row, fields: fieldsOf(read, 0) }));
  const { matched, create } = matchRows(plan.id, rows, existing);
  const start = orderStart(matched, existing, plan.revision);
  const rowOf = new Map(create.map((r) => [r.id, r.row]));
  const changes: SyncChange[] = create.map((r) => ({
    op: 'create',
    id: r.id,
    fields: { ...r.fields, order: start + r.index + 1 },
  }));
  const summary: ImportSummary = {
    plan: plan.id,
    created: 0,
    matched: matched.map(({ index: _, ...m }) => m),
    recommendations: recommendations.length,
    recommendationsMatched: reading.recommendations.length - recommendations.length,
    refused: [],
    warnings: reading.warnings,
    skipped: reading.skipped,
  };
  // Each batch's key is chosen once: the client's retries of it send the same key. A rerun uses
  // new keys (a crashed server's claim on an old one would hold it back for the lease), and its
  // rows' ids are the same, so a batch of a stalled run landing meanwhile is never added twice.
  const sends = batches(changes, IMPORT_BATCH)
    .filter((batch) => batch.length > 0)
    .map(
      (batch): SyncRequest => ({
        cursor: plan.revision,
        changes: batch,
        idempotencyKey: ulid(),
        pull: false,
      }),
    );
  let sent = 0;
  progress?.onProgress(0, changes.length);
  await eachInParallel(sends, IN_FLIGHT, async (request) => {
    // Push only: each batch's reply carries its own outcome, and the cursor does not move.
    const reply = await client.sync(options.council, plan.id, request);
    const batch = request.changes;
    // A create whose id the plan already had (a stalled run landed it meanwhile) is matched, not added.
    const applied = new Set(reply.applied.filter((a) => a.op === 'create').map((a) => a.id));
    const refused = new Set(reply.refused.map((r) => r.id));
    summary.created += applied.size;
    summary.refused.push(...reply.refused.map((r) => ({ row: rowOf.get(r.id) ?? 0, reason: r.reason })));
    for (const change of batch)
      if (!applied.has(change.id) && !refused.has(change.id))
        summary.matched.push({ row: rowOf.get(change.id) ?? 0, id: change.id, by: 'id', deleted: false });
    sent += batch.length;
    progress?.onProgress(sent, changes.length);
  });
  summary.refused.sort((a, b) => a.row - b.row);
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

/** Why it stopped, in words that do not promise what a stalled server cannot know. */
function interruption(reason: unknown, api: string): string {
  const status = (reason as { status?: number }).status;
  if (status === 503 || status === 409)
    return 'the plans API did not confirm every batch in time (some rows may have landed)';
  return apiErrorLine(reason, api) ?? String(reason);
}

/** The command that finishes this import: the same file and sheet, into the plan it made. */
function rerunCommand(file: string, options: ImportOptions, plan: string): string {
  const args = ['npx', 'plans', 'import', file, '--council', options.council, '--plan', plan];
  for (const sheet of options.sheet ?? []) args.push('--sheet', sheet);
  if (options.map) args.push('--map', options.map);
  if (options.api) args.push('--api', options.api);
  if (options.json) args.push('--json');
  return args.map(shellWord).join(' ');
}

const shellWord = (word: string) =>
  /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/** A bar only where someone watches (a terminal) and only when there are several batches. */
function progressBar(): ImportProgress {
  let bar: SingleBar | null = null;
  return {
    onProgress(sent, total) {
      if (!bar && total > IMPORT_BATCH && process.stderr.isTTY) {
        bar = new SingleBar(
          { format: 'Importing {bar} {value}/{total} actions', stream: process.stderr },
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

function printSummary(file: string, summary: ImportSummary): void {
  const lines = [
    `Imported ${file} into plan ${summary.plan}: ${summary.created} actions added, ${summary.recommendations} recommendations added.`,
    ...(summary.matched.length > 0 ? [`  ${matchedLine(summary.matched)}`] : []),
    ...(summary.recommendationsMatched > 0
      ? [`  ${summary.recommendationsMatched} recommendations already in the plan, left as they are`]
      : []),
    ...summary.refused.map((r) => `  row ${r.row}: not imported: ${r.reason}`),
    ...summary.skipped.map((s) => `  ${placeOf(s.sheet, s.row)}: not taken: ${s.reason}`),
    ...summary.warnings.map(
      (w) => `  ${placeOf(w.sheet, w.row)}${w.column ? `, ${w.column}` : ''}: ${w.message}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** 'row 4', or 'sheet "Practice" row 4' when the file's sheets were read together. */
function placeOf(sheet: string | undefined, row: number | null): string {
  const place = row ? `row ${row}` : 'sheet';
  return sheet ? `sheet "${sheet}"${row ? ` ${place}` : ''}` : place;
}

/** "12 rows already in the plan, not added again (rows 4-15): 10 imported from this file before, …" */
function matchedLine(matched: ImportSummary['matched']): string {
  const count = (keep: (m: ImportSummary['matched'][number]) => boolean) => matched.filter(keep).length;
  const reasons = [
    [count((m) => m.by === 'id'), 'imported from this file before'],
    [count((m) => m.by === 'words'), 'the same action, recommendations and directorate as a row of the plan'],
    [count((m) => m.deleted), 'deleted in the plan since, so not brought back'],
  ] as const;
  const said = reasons.filter(([n]) => n > 0).map(([n, why]) => `${n} ${why}`);
  return `${matched.length} rows already in the plan, not added again (${rowRanges(matched.map((m) => m.row))}): ${said.join('; ')}`;
}

/** 4, 5, 6, 9 → "rows 4-6, 9". */
function rowRanges(rows: number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `${sorted.length === 1 ? 'row' : 'rows'} ${ranges.join(', ')}`;
}
