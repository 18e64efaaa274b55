/**
 * `plans export`: a plan as a ready-to-sync Excel workbook (or CSV). The workbook carries its base
 * snapshot in the very hidden PlansSync sheet, taken from the same reply as the rows it shows, so
 * `plans sync FILE` works on it at once and finds nothing to push.
 */
import { stat, writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import ExcelJS from 'exceljs';
import type { PlanEntry, PlansClient } from '../../core/client.js';
import { exportRows, fileNameOf, sheetNameOf, toCsv } from '../../core/export.js';
import { bySheetOrder } from '../../core/order.js';
import { type Action, ActionFields, CouncilId, STATUSES, Ulid } from '../../core/plan.js';
import { layoutFromHeadings, PLAN_HEADINGS, rowToCells } from '../../core/sheet-table.js';
import { BASE_SHEET, encodeBaseSheet } from '../../core/sync-base-sheet.js';
import type { SyncBase } from '../../core/sync-sheet.js';
import { type ApiOptions, connect, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { CliError } from '../run.js';
import type { Connect } from './report.js';

interface ExportOptions extends ApiOptions {
  council: string;
  plan: string;
  format?: 'xlsx' | 'csv';
  out?: string;
  force?: boolean;
}

export interface PlanExport {
  council: string;
  plan: Pick<PlanEntry, 'id' | 'title'>;
  /** The cursor of the same reply the actions came in: the base is exactly what the sheet shows. */
  cursor: number;
  actions: Action[];
  /** The API the workbook syncs with, kept in it so later syncs find it. */
  api: string | null;
}

/** A file name as a shell takes it when pasted: quoted when it holds anything but plain characters. */
export function shellQuoted(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function registerExport(program: Command, connectTo: Connect = connect): void {
  program
    .command('export')
    .description('Download a plan as a ready-to-sync Excel workbook, or as CSV')
    .requiredOption('--council <council>', 'the council, e.g. chorley')
    .requiredOption('--plan <id>', 'the plan to export')
    .addOption(
      new Option('--format <format>', 'xlsx (ready to sync) or csv (default: from --out, else xlsx)').choices(
        ['xlsx', 'csv'],
      ),
    )
    .option(
      '--out <file>',
      'write here (default: "<plan title>.xlsx" in this folder; CSV to standard output)',
    )
    .option('--force', 'replace the --out file if it exists')
    .option('--api <url>', 'the plans API (default: PLANS_API or http://127.0.0.1:8787)')
    .option('--token <token>', TOKEN_OPTION_HELP)
    .action(async (options: ExportOptions) => {
      if (!CouncilId.safeParse(options.council).success)
        throw new CliError(
          `--council must be lower-case letters, digits or dashes (got "${options.council}")`,
        );
      if (!Ulid.safeParse(options.plan).success)
        throw new CliError(`--plan must be a plan id, 26 letters and digits (got "${options.plan}")`);
      const format = options.format ?? (options.out?.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
      const { client, api } = connectTo(options);
      const data = await readPlanExport(client, options.council, options.plan, api).catch((error: unknown) =>
        explainApiError(error, api),
      );
      if (format === 'csv') {
        const text = toCsv(exportRows(data.actions));
        if (!options.out) process.stdout.write(text);
        else await writeOut(options.out, text, options.force);
        return;
      }
      const file = options.out ?? `${fileNameOf(data.plan.title)}.xlsx`;
      const workbook = buildSyncWorkbook(data);
      await writeOut(file, Buffer.from(await workbook.xlsx.writeBuffer()), options.force);
      const n = data.actions.length;
      process.stdout.write(
        `Wrote ${file}: ${n} ${n === 1 ? 'action' : 'actions'} of "${data.plan.title}". Edit it, then sync it with:\n  plans sync ${shellQuoted(file)}\n`,
      );
    });
}

export async function readPlanExport(
  client: PlansClient,
  council: string,
  planId: string,
  api: string | null,
): Promise<PlanExport> {
  const [plan, list] = await Promise.all([
    client.getPlan(council, planId),
    client.listActions(council, planId),
  ]);
  return { council, plan, cursor: list.cursor, actions: list.actions.filter((a) => !a.deleted), api };
}

/** An officer's synced workbook may hold unsynced edits: it is replaced only when asked. */
async function writeOut(file: string, content: string | Buffer, force = false): Promise<void> {
  if (!force && (await stat(file).catch(() => null)))
    throw new CliError(`${file} already exists: choose another --out, or pass --force to replace it`);
  await writeFile(file, content).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`could not write ${file} (${error.code ?? error.message}): check the folder exists`);
  });
}

const WIDTHS: Record<string, number> = {
  Theme: 22,
  'Proposed action': 48,
  Recommendation: 15,
  Directorate: 20,
  'Lead officer': 20,
  Timescale: 22,
  Due: 12,
  Status: 13,
  Progress: 48,
  Id: 28,
};
/** Builtin format 14, as sync writes dates: Excel shows the reader's short date (dd/mm/yyyy in the UK). */
const SHORT_DATE = 'mm-dd-yy';
/** Rows below the plan that offer the Status list too, for actions officers add. */
const ROOM_TO_GROW = 500;

/**
 * The plan's sheet (PLAN_HEADINGS, then the plan's extra columns) and its PlansSync base.
 *
 * Formula-like text is written as plain string cells, NOT with the apostrophe the CSV and the
 * server's export add: the base snapshot holds the plan's real values, and sync reads the sheet
 * back and diffs it against them, so an added apostrophe would read as an officer's edit and be
 * pushed into the plan on the first sync. A string cell is safe without it: Excel shows its text
 * and never runs it as a formula (only typing it in again would).
 */
export function buildSyncWorkbook(data: PlanExport): ExcelJS.Workbook {
  const live = [...data.actions].filter((a) => !a.deleted).sort(bySheetOrder);
  // A heading reads back trimmed, so only extra columns whose name survives that can round-trip.
  const extras = [...new Set(live.flatMap((a) => Object.keys(a.extra)))]
    .filter((key) => key !== '' && key === key.trim())
    .sort((a, b) => a.localeCompare(b));
  const headings = [...PLAN_HEADINGS, ...extras];
  const layout = layoutFromHeadings(headings);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'peer-challenge-plans';
  const sheet = workbook.addWorksheet(sheetNameOf(data.plan.title, [BASE_SHEET]), {
    views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  headings.forEach((heading, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = WIDTHS[heading] ?? 24;
    column.alignment = { vertical: 'top', wrapText: true };
    if (index === layout.idColumn) column.hidden = true;
  });
  const header = sheet.getRow(1);
  header.values = headings;
  header.font = { bold: true };

  live.forEach((action, index) => {
    const cells = rowToCells(action.id, action, layout);
    for (const column of layout.columns) {
      const text = cells[column.index] ?? '';
      if (text === '') continue;
      const cell = sheet.getCell(index + 2, column.index + 1);
      if (column.path === 'due' && /^\d{4}-\d{2}-\d{2}$/.test(text)) {
        cell.value = new Date(`${text}T00:00:00Z`);
        cell.numFmt = SHORT_DATE;
      } else cell.value = text;
    }
  });

  const status = layout.columns.find((c) => c.path === 'status');
  if (status) {
    for (let row = 2; row <= live.length + 1 + ROOM_TO_GROW; row++) {
      sheet.getCell(row, status.index + 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${STATUSES.join(',')}"`],
        // A warning, not a stop: sync also reads RAG words and letters ("Green", "A").
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: 'Status',
        error: `Choose one of: ${STATUSES.join(', ')}.`,
      };
    }
  }

  const base: SyncBase = {
    cursor: data.cursor,
    rows: Object.fromEntries(
      live.map((a) => [a.id, { id: a.id, version: a.version, fields: ActionFields.parse(a) }]),
    ),
  };
  const hidden = workbook.addWorksheet(BASE_SHEET, { state: 'veryHidden' });
  const meta = {
    council: data.council,
    plan: data.plan.id,
    sheet: sheet.name,
    headerRow: 1,
    firstColumn: 1,
    api: data.api,
  };
  for (const values of encodeBaseSheet(meta, base)) hidden.addRow(values);
  return workbook;
}
