/** The workbook host over Office.js: each call one `Excel.run` of the adapter's functions. */
import type { SheetPort } from '../core/sync-run.js';
import { activeSheetCells, adoptSheet } from './excel-adopt.js';
import {
  clearConflictMark,
  removeConflictRow,
  selectConflictCell,
  writeMineIntoCell,
} from './excel-conflicts.js';
import { openPlan } from './excel-open.js';
import { type ExcelRun, ExcelSheetPort } from './excel-port.js';
import { readSyncMeta } from './excel-read.js';
import { writeSummarySheet } from './excel-summary.js';
import type { WorkbookHost } from './workbook-host.js';

export function createExcelHost(run: ExcelRun = (batch) => Excel.run(batch)): WorkbookHost {
  return {
    kind: 'excel',
    activeSheetName: () =>
      run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        sheet.load('name');
        await context.sync();
        return sheet.name;
      }),
    syncedPlan: () => run((context) => readSyncMeta(context)),
    openPlan: (plan, list, options) => run((context) => openPlan(context, plan, list, options)),
    activeSheetCells: () => run((context) => activeSheetCells(context)),
    adoptSheet: (target) => run((context) => adoptSheet(context, target)),
    port: (): SheetPort => new ExcelSheetPort(run),
    writeMine: (conflict) => run((context) => writeMineIntoCell(context, conflict)),
    removeRow: (conflict) => run((context) => removeConflictRow(context, conflict)),
    markConflictResolved: (conflict) => run((context) => clearConflictMark(context, conflict)),
    selectCell: (conflict) => run((context) => selectConflictCell(context, conflict)),
    writeSummary: (summary, planTitles) =>
      run(async (context) => ({ sheet: (await writeSummarySheet(context, summary, planTitles)).sheet })),
  };
}
