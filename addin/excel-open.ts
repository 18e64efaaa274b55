/**
 * Putting a plan into a workbook: open one from the plan store as a new formatted sheet (here), or
 * adopt the plan grid already on the active sheet (excel-adopt.ts). Either way the PlansSync sheet
 * then says which sheet syncs with which plan, so the next Sync knows where to look.
 */
import { columnLetter } from '../core/grid-cell.js';
import type { Action, Plan } from '../core/plan.js';
import { layoutFromHeadings, PLAN_HEADINGS, rowToCells } from '../core/sheet-table.js';
import { BASE_SHEET, decodeBaseSheet, type SyncMeta } from '../core/sync-base-sheet.js';
import { fieldsOf, type SyncBase } from '../core/sync-sheet.js';
import { baseSheetOperations } from './excel-base-sheet.js';
import { OPERATION_BYTES, type Operation, rectangle } from './excel-batches.js';
import {
  COLUMN_WIDTHS,
  excelCellValue,
  OVERDUE_FILL,
  RAG_FILLS,
  sheetNameFor,
  tableNameFor,
} from './excel-cells.js';
import { runInChunks, valuesOperations, type WriteReport } from './excel-operations.js';
import { overdueFormula, planSheetLists, ragFormula } from './plan-sheet-rules.js';
import { AlreadySyncedError } from './workbook-errors.js';

export interface PlacedPlan {
  meta: SyncMeta;
  /** Rows now in the sheet. */
  rows: number;
  report: WriteReport;
}

export interface OpenPlanOptions {
  /** The API the workbook syncs with, saved beside the plan. */
  api: string | null;
  /** Directorates offered in the drop-down, besides those the actions already name. */
  directorates?: string[];
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Names in use, and the current base meta if the workbook is synced (and its sheet still there). */
export async function workbookNames(context: Excel.RequestContext) {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  const tables = context.workbook.tables;
  tables.load('items/name');
  await context.sync();
  const sheetNames = sheets.items.map((s) => s.name);
  let synced: SyncMeta | null = null;
  const hasBase = sheetNames.includes(BASE_SHEET);
  if (hasBase) {
    const head = sheets.getItem(BASE_SHEET).getRange('A1:B9');
    head.load('values');
    await context.sync();
    const cells = (head.values as unknown[][]).map((r) => r.map(asText));
    try {
      const meta = cells[0]?.[0] ? decodeBaseSheet([...cells.slice(0, 8), ['rows', '0']])?.meta : null;
      if (meta && sheetNames.includes(meta.sheet)) synced = meta;
    } catch {
      // A damaged base whose sheet is gone is replaced by the new plan's.
    }
  }
  return { sheetNames, tableNames: tables.items.map((t) => t.name), synced, hasBase };
}

/**
 * Writes a plan into a new sheet named for it, as an Excel table with the familiar headings:
 * the Id column hidden, drop-downs for Status and Directorate, overdue and RAG colours, the header
 * row frozen; then the base snapshot (cursor and rows) into PlansSync. One or two syncs to look,
 * then one per 4 MB of writing.
 */
export async function openPlan(
  context: Excel.RequestContext,
  plan: Plan,
  list: { cursor: number; actions: Action[] },
  options: OpenPlanOptions,
): Promise<PlacedPlan> {
  const names = await workbookNames(context);
  if (names.synced) throw new AlreadySyncedError(names.synced);

  const sheetName = sheetNameFor(plan.title, names.sheetNames);
  const tableName = tableNameFor(plan.title, names.tableNames);
  const table = layoutFromHeadings([...PLAN_HEADINGS]);
  const actions = list.actions.filter((a) => !a.deleted).sort((a, b) => a.order - b.order);
  const body = actions.map((action) =>
    rowToCells(action.id, fieldsOf(action), table).map((text, index) =>
      excelCellValue(table.columns[index]?.path ?? null, text),
    ),
  );
  const width = PLAN_HEADINGS.length;
  const rowCount = Math.max(1, body.length);
  const meta: SyncMeta = {
    council: plan.council,
    plan: plan.id,
    sheet: sheetName,
    headerRow: 1,
    firstColumn: 1,
    api: options.api,
  };
  const base: SyncBase = { cursor: list.cursor, rows: {} };
  for (const action of actions)
    base.rows[action.id] = { id: action.id, version: action.version, fields: fieldsOf(action) };

  let sheet: Excel.Worksheet | null = null;
  const planSheet = () => sheet as Excel.Worksheet;
  const column = (heading: string) => table.columns.find((c) => c.heading === heading)?.index ?? 0;
  const letter = (heading: string) => columnLetter(column(heading));
  const lists = planSheetLists(actions, options.directorates);

  const operations: Operation[] = [
    {
      bytes: OPERATION_BYTES,
      queue: () => {
        sheet = context.workbook.worksheets.add(sheetName);
      },
    },
    ...valuesOperations(planSheet, 0, 0, rectangle([[...PLAN_HEADINGS], ...body], width)),
    {
      bytes: OPERATION_BYTES * 12 + rowCount * 16,
      queue: () => {
        const s = planSheet();
        const dataRows = (heading: string) => s.getRangeByIndexes(1, column(heading), rowCount, 1);
        dataRows('Due').numberFormat = Array.from({ length: rowCount }, () => ['yyyy-mm-dd']);
        const excelTable = s.tables.add(s.getRangeByIndexes(0, 0, rowCount + 1, width), true);
        excelTable.name = tableName;
        excelTable.style = 'TableStyleLight9';
        s.getRangeByIndexes(0, column('Id'), 1, 1).getEntireColumn().columnHidden = true;
        dataRows('Status').dataValidation.rule = {
          list: { inCellDropDown: true, source: lists.statuses.join(',') },
        };
        if (lists.directorates.length > 0) {
          const validation = dataRows('Directorate').dataValidation;
          validation.rule = { list: { inCellDropDown: true, source: lists.directorates.join(',') } };
          // A new directorate is allowed: the list helps, it does not forbid.
          validation.errorAlert = {
            showAlert: false,
            style: 'Information',
            title: 'Directorate',
            message: 'Not one of the directorates in this plan yet.',
          };
        }
        const due = letter('Due');
        const status = letter('Status');
        addFormulaFill(dataRows('Due'), overdueFormula(due, status), OVERDUE_FILL);
        for (const [value, fill] of Object.entries(RAG_FILLS))
          addFormulaFill(dataRows('Status'), ragFormula(status, value), fill);
        s.freezePanes.freezeRows(1);
        for (const heading of PLAN_HEADINGS) {
          s.getRangeByIndexes(0, column(heading), 1, 1).format.columnWidth = COLUMN_WIDTHS[heading] ?? 100;
        }
        const data = s.getRangeByIndexes(1, 0, rowCount, width - 1);
        data.format.wrapText = true;
        data.format.verticalAlignment = 'Top';
      },
    },
    ...baseSheetOperations(context, meta, base, [], names.hasBase),
    { bytes: OPERATION_BYTES, queue: () => planSheet().activate() },
  ];
  if (names.hasBase) {
    // A stale base (its sheet deleted) is replaced whole.
    operations.unshift({
      bytes: OPERATION_BYTES,
      queue: () => context.workbook.worksheets.getItem(BASE_SHEET).getRange().clear('Contents'),
    });
  }
  const report = await runInChunks(context, operations);
  return { meta, rows: actions.length, report };
}

function addFormulaFill(range: Excel.Range, formula: string, fill: string): void {
  const format = range.conditionalFormats.add('Custom');
  format.custom.rule.formula = formula;
  format.custom.format.fill.color = fill;
}
