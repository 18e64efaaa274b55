/** A sheet held in memory behind the same port as an .xlsx file or Excel: for tests, load runs and demos. */
import type { ActionFields } from './plan.js';
import { layoutFromHeadings, PLAN_HEADINGS, sheetLayoutOf } from './sheet-table.js';
import type { SheetPort, SheetState, SyncOutcome } from './sync-run.js';
import { emptyBase, patchRows, type SheetLayout, type SheetRow, type SyncBase } from './sync-sheet.js';

/** The columns of a plan opened or exported by the product: every field an officer edits. */
export const FULL_LAYOUT: SheetLayout = sheetLayoutOf(layoutFromHeadings(PLAN_HEADINGS));

export class MemorySheet implements SheetPort {
  rows: SheetRow[];
  base: SyncBase;
  lastOutcome: SyncOutcome | null = null;

  constructor(
    rows: SheetRow[] = [],
    readonly layout: SheetLayout = FULL_LAYOUT,
    base: SyncBase = emptyBase(),
  ) {
    this.rows = rows;
    this.base = base;
  }

  async read(): Promise<SheetState> {
    return structuredClone({ rows: this.rows, base: this.base, layout: this.layout });
  }

  async write(_read: SheetState, outcome: SyncOutcome): Promise<void> {
    this.rows = patchRows(this.rows, outcome.patch, this.layout);
    this.base = structuredClone(outcome.base);
    this.lastOutcome = outcome;
  }

  /** A copy of the workbook, as when it is emailed: its rows and base travel together. */
  copy(): MemorySheet {
    return new MemorySheet(structuredClone(this.rows), this.layout, structuredClone(this.base));
  }

  row(id: string): SheetRow {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new Error(`no row ${id} in the sheet`);
    return row;
  }

  edit(id: string, patch: Partial<ActionFields>): void {
    const row = this.row(id);
    row.fields = { ...row.fields, ...patch };
  }
}
