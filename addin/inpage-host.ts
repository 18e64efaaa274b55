/**
 * A workbook held in the page, for the task pane opened outside Office (`?host=inpage`): sheets
 * of rows in memory, read and written through the same table mapping and `patchRows` as the
 * other adapters, rendered as an editable grid beside the pane. The browser test drives it, and
 * it doubles as a demo of the add-in without Excel.
 */

import { conflictMarkText } from '../core/conflict-mark.js';
import type { Action, Plan } from '../core/plan.js';
import {
  layoutFromHeadings,
  PLAN_HEADINGS,
  readTableRow,
  rowToCells,
  sheetLayoutOf,
} from '../core/sheet-table.js';
import type { Summary } from '../core/summary.js';
import type { SyncMeta } from '../core/sync-base-sheet.js';
import type { Conflict } from '../core/sync-protocol.js';
import type { SheetPort, SheetState, SyncOutcome } from '../core/sync-run.js';
import { emptyBase, fieldsOf, patchRows, type SyncBase } from '../core/sync-sheet.js';
import { conflictColumn, fieldText, sheetNameFor } from './excel-cells.js';
import { renderWorkbook } from './inpage-sheet.js';
import { type InPageSheet, SAMPLE, sheetFromCells } from './inpage-sheet-data.js';
import type { InPageSummary } from './inpage-summary-sheet.js';
import { localIsoDate } from './local-date.js';
import { planSheetLists } from './plan-sheet-rules.js';
import {
  type PlanTitles,
  SUMMARY_SHEET,
  SummaryNotAPlanError,
  SummarySheetTakenError,
  summaryLayout,
} from './summary-rows.js';
import { AlreadySyncedError, NotSyncedError, PlanSheetMissingError } from './workbook-errors.js';
import type { AdoptTarget, PlacedSheet, WorkbookHost, WrittenSummary } from './workbook-host.js';

export class InPageWorkbook implements WorkbookHost {
  readonly kind = 'in-page';
  sheets: InPageSheet[];
  active = 0;
  synced: { meta: SyncMeta; base: SyncBase } | null = null;
  /** The Summary sheet, once written: the tab after the plan sheets. */
  summarySheet: InPageSummary | null = null;
  private focus: { row: number; column: number } | null = null;

  constructor(
    private readonly container: HTMLElement | null,
    sheets: InPageSheet[] = [sheetFromCells('Sheet1', SAMPLE)],
  ) {
    this.sheets = sheets;
    this.render();
  }

  render(): void {
    if (!this.container) return;
    renderWorkbook(this.container, this, {
      onEdit: (sheet, row, column, text) => this.edit(sheet, row, column, text),
      onTab: (index) => {
        this.active = index;
        this.focus = null;
        this.render();
      },
      onAddRow: () => this.addRow(),
    });
    this.focus = null;
  }

  /** The officer's today, for the overdue fill (Excel's TODAY()). */
  get today(): string {
    return localIsoDate();
  }

  /** The cell the host wants focused after the next render (selectCell). */
  get focusedCell() {
    return this.focus;
  }

  private sheetOf(meta: SyncMeta): InPageSheet {
    const sheet = this.sheets.find((s) => s.name === meta.sheet);
    if (!sheet) throw new PlanSheetMissingError(meta.sheet);
    return sheet;
  }

  /** An officer's typing: the row is read back from its cells, as Excel's would be. */
  edit(sheetIndex: number, rowIndex: number, column: number, text: string): void {
    const sheet = this.sheets[sheetIndex];
    const row = sheet?.rows[rowIndex];
    if (!sheet || !row) return;
    const cells = rowToCells(row.id ?? '', row.fields, sheet.table);
    cells[column] = text;
    const read = readTableRow(cells, sheet.table);
    row.fields = { ...read.fields, order: row.fields.order };
  }

  addRow(): void {
    const sheet = this.sheets[this.active];
    if (!sheet) return;
    sheet.rows.push(readTableRow([], sheet.table));
    this.focus = { row: sheet.rows.length - 1, column: sheet.table.columns.find((c) => c.path)?.index ?? 0 };
    this.render();
  }

  /** Whether the Summary tab is the one showing. */
  get showingSummary(): boolean {
    return this.summarySheet !== null && this.active === this.sheets.length;
  }

  async activeSheetName(): Promise<string> {
    if (this.showingSummary) return this.summarySheet?.name ?? SUMMARY_SHEET;
    return this.sheets[this.active]?.name ?? '';
  }

  /** The sheet as its cells, headings first: what the adoption preview reads. */
  async activeSheetCells(): Promise<string[][]> {
    const sheet = this.showingSummary ? undefined : this.sheets[this.active];
    if (!sheet) return [];
    return [
      sheet.table.columns.map((c) => c.heading),
      ...sheet.rows.map((row) => rowToCells(row.id ?? '', row.fields, sheet.table)),
    ];
  }

  async syncedPlan(): Promise<SyncMeta | null> {
    return this.synced?.meta ?? null;
  }

  private refuseIfSynced(): void {
    if (this.synced && this.sheets.some((s) => s.name === this.synced?.meta.sheet))
      throw new AlreadySyncedError(this.synced.meta);
  }

  async openPlan(
    plan: Plan,
    list: { cursor: number; actions: Action[] },
    options: { api: string | null; directorates?: string[] },
  ): Promise<PlacedSheet> {
    this.refuseIfSynced();
    const name = sheetNameFor(plan.title, [
      ...this.sheets.map((s) => s.name),
      ...(this.summarySheet ? [this.summarySheet.name] : []),
    ]);
    const actions = list.actions.filter((a) => !a.deleted).sort((a, b) => a.order - b.order);
    const sheet: InPageSheet = {
      name,
      table: layoutFromHeadings([...PLAN_HEADINGS]),
      rows: actions.map((a) => ({ id: a.id, fields: fieldsOf(a) })),
      marks: new Map(),
      lists: planSheetLists(actions, options.directorates),
    };
    const base: SyncBase = { cursor: list.cursor, rows: {} };
    for (const a of actions) base.rows[a.id] = { id: a.id, version: a.version, fields: fieldsOf(a) };
    const meta: SyncMeta = {
      council: plan.council,
      plan: plan.id,
      sheet: name,
      headerRow: 1,
      firstColumn: 1,
      api: options.api,
    };
    this.sheets.push(sheet);
    this.active = this.sheets.length - 1;
    this.synced = { meta, base };
    this.render();
    return { meta, rows: actions.length };
  }

  async adoptSheet(target: AdoptTarget): Promise<PlacedSheet> {
    this.refuseIfSynced();
    if (this.showingSummary) throw new SummaryNotAPlanError(SUMMARY_SHEET);
    const shown = this.sheets[this.active];
    if (!shown) throw new NotSyncedError();
    // The columns as the officer confirmed them: the sheet is read again with their mapping.
    const sheet = target.map ? sheetFromCells(shown.name, await this.activeSheetCells(), target.map) : shown;
    this.sheets[this.active] = sheet;
    const { map: _, ...owner } = target;
    const meta: SyncMeta = { ...owner, sheet: sheet.name, headerRow: 1, firstColumn: 1 };
    this.synced = { meta, base: emptyBase() };
    this.render();
    return { meta, rows: sheet.rows.length };
  }

  port(): SheetPort {
    return {
      read: async (): Promise<SheetState> => {
        if (!this.synced) throw new NotSyncedError();
        const sheet = this.sheetOf(this.synced.meta);
        return structuredClone({
          rows: sheet.rows,
          base: this.synced.base,
          layout: sheetLayoutOf(sheet.table),
        });
      },
      write: async (_read: SheetState, outcome: SyncOutcome): Promise<void> => {
        if (!this.synced) throw new NotSyncedError();
        const sheet = this.sheetOf(this.synced.meta);
        sheet.rows = patchRows(sheet.rows, outcome.patch, sheetLayoutOf(sheet.table));
        this.synced = { meta: this.synced.meta, base: structuredClone(outcome.base) };
        for (const conflict of outcome.conflicts) {
          const column = conflictColumn(sheet.table, conflict);
          if (column !== null) sheet.marks.set(`${conflict.id}|${column}`, conflictMarkText(conflict));
        }
        this.render();
      },
    };
  }

  private locate(conflict: Conflict) {
    if (!this.synced) throw new NotSyncedError();
    const sheet = this.sheetOf(this.synced.meta);
    const row = sheet.rows.findIndex((r) => r.id === conflict.id);
    const column = conflictColumn(sheet.table, conflict);
    return { sheet, row, column };
  }

  async writeMine(conflict: Conflict): Promise<void> {
    const { sheet, row, column } = this.locate(conflict);
    const target = sheet.rows[row];
    if (!target || column === null) return;
    if (sheet.table.columns.find((c) => c.index === column)?.path === conflict.field) {
      this.edit(this.sheets.indexOf(sheet), row, column, fieldText(conflict.field, conflict.mine));
    }
    sheet.marks.delete(`${conflict.id}|${column}`);
    this.render();
  }

  async removeRow(conflict: Conflict): Promise<void> {
    const { sheet, row, column } = this.locate(conflict);
    if (row < 0) return;
    sheet.rows.splice(row, 1);
    sheet.marks.delete(`${conflict.id}|${column}`);
    this.render();
  }

  async markConflictResolved(conflict: Conflict): Promise<void> {
    const { sheet, column } = this.locate(conflict);
    sheet.marks.delete(`${conflict.id}|${column}`);
    this.render();
  }

  async selectCell(conflict: Conflict): Promise<boolean> {
    const { sheet, row, column } = this.locate(conflict);
    if (row < 0 || column === null) return false;
    this.active = this.sheets.indexOf(sheet);
    this.focus = { row, column };
    this.render();
    return true;
  }

  /** The summary as the Excel host lays it out, shown as the Summary tab: refreshed in place. */
  async writeSummary(summary: Summary, planTitles: PlanTitles): Promise<WrittenSummary> {
    if (this.sheets.some((s) => s.name.toLowerCase() === SUMMARY_SHEET.toLowerCase()))
      throw new SummarySheetTakenError(SUMMARY_SHEET);
    this.summarySheet = { name: SUMMARY_SHEET, summary, layout: summaryLayout(summary, planTitles) };
    this.active = this.sheets.length;
    this.focus = null;
    this.render();
    return { sheet: SUMMARY_SHEET };
  }
}
