/** The Excel side of sync's port: the same `SheetPort` the CLI's .xlsx adapter implements. */

import { BASE_SHEET } from '../core/sync-base-sheet.js';
import type { SheetPort, SheetState, SyncOutcome } from '../core/sync-run.js';
import { checkUnmoved } from './excel-check.js';
import { type HostFeatures, hostFeatures } from './excel-features.js';
import { leaseText, mayHold, PANE_ID, WorkbookBusyError } from './excel-lease.js';
import { type PlanTableRead, readPlanTable } from './excel-read.js';
import { type PatchReport, writePatch } from './excel-write.js';

/** `Excel.run`, or a test's stand-in for it. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The sheet's state, and the plan table as read: where each row sits, so the write lands on the same cells. */
export interface ExcelRead extends SheetState {
  table: PlanTableRead;
}

export class ExcelSheetPort implements SheetPort<ExcelRead> {
  /** What the last write cost: syncs and the largest request. */
  lastWrite: PatchReport | null = null;

  constructor(
    private readonly run: ExcelRun,
    /** What the host has beyond ExcelApi 1.10; asked of Office at run time unless a test says. */
    private readonly host: HostFeatures = hostFeatures(),
    private readonly pane: string = PANE_ID,
    private readonly now: () => number = Date.now,
  ) {}

  async read(): Promise<ExcelRead> {
    const read = await this.run(async (context) => {
      const read = await readPlanTable(context);
      // The lease: no other pane is mid-sync on this workbook (excel-lease.ts).
      const now = this.now();
      if (!mayHold(read.baseCells[1]?.[2] ?? '', this.pane, now)) throw new WorkbookBusyError();
      const lease = leaseText(this.pane, now);
      context.workbook.worksheets.getItem(BASE_SHEET).getRange('C2').values = [[lease]];
      await context.sync();
      (read.baseCells[1] as string[])[2] = lease;
      return read;
    });
    return { ...read.state, table: read };
  }

  async write({ table: read }: ExcelRead, outcome: SyncOutcome): Promise<void> {
    // The check and the write share one Excel.run: nothing is written if the sheet moved since the read.
    this.lastWrite = await this.run(async (context) => {
      const now = await checkUnmoved(context, read, outcome, this.pane);
      const report = await writePatch(context, read, outcome, { host: this.host, filtered: now.filtered });
      return { ...report, syncs: report.syncs + now.syncs };
    });
  }
}
