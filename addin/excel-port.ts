/** The Excel side of sync's port: the same `SheetPort` the CLI's .xlsx adapter implements. */
import type { SheetPort, SheetState, SyncOutcome } from '../core/sync-run.js';
import { checkUnmoved } from './excel-check.js';
import { type PlanTableRead, readPlanTable } from './excel-read.js';
import { type HostFeatures, hostFeatures, type WriteReport, writePatch } from './excel-write.js';

/** `Excel.run`, or a test's stand-in for it. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export class ExcelSheetPort implements SheetPort {
  private lastRead: PlanTableRead | null = null;
  /** What the last write cost: syncs and the largest request. */
  lastWrite: WriteReport | null = null;

  constructor(
    private readonly run: ExcelRun,
    /** What the host has beyond ExcelApi 1.10; asked of Office at run time unless a test says. */
    private readonly host: HostFeatures = hostFeatures(),
  ) {}

  async read(): Promise<SheetState> {
    const read = await this.run((context) => readPlanTable(context));
    this.lastRead = read;
    return read.state;
  }

  async write(outcome: SyncOutcome): Promise<void> {
    const read = this.lastRead;
    if (!read) throw new Error('write before read: a sync reads the sheet first');
    // The check and the write share one Excel.run: nothing is written if the sheet moved since the read.
    this.lastWrite = await this.run(async (context) => {
      const now = await checkUnmoved(context, read, outcome);
      const report = await writePatch(context, read, outcome, { host: this.host, filtered: now.filtered });
      return { ...report, syncs: report.syncs + now.syncs };
    });
  }
}
