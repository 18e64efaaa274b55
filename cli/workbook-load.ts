/**
 * ExcelJS's load of a reader copy whose cells and plain shared strings were read apart
 * (cli/workbook-sheet-rows.ts): they are handed to ExcelJS just before it resolves strings,
 * styles, dates, shared formulas, links and notes, so every cell ends as its own load would
 * leave it, without its streaming parser going over every cell of the plan.
 */
import type ExcelJS from 'exceljs';
import type { ReaderCopy } from './workbook-reader-copy.js';
import type { RowModel } from './workbook-sheet-rows.js';

/** The part of ExcelJS's load model (lib/xlsx/xlsx.js) that is filled in here. */
interface LoadModel {
  worksheets: { sheetNo: string | number; rows: RowModel[] }[];
  sharedStrings?: { getString(index: number): unknown };
}

interface Reconciling {
  reconcile(model: LoadModel, options: unknown): void;
}

export async function loadReaderCopy(workbook: ExcelJS.Workbook, copy: ReaderCopy): Promise<void> {
  const xlsx = workbook.xlsx as unknown as Reconciling;
  const reconcile = xlsx.reconcile.bind(xlsx);
  xlsx.reconcile = (model, options) => {
    for (const sheet of model.worksheets) {
      const rows = copy.rows.get(String(sheet.sheetNo));
      if (rows) sheet.rows = rows;
    }
    const { strings } = copy;
    if (strings) {
      const excel = model.sharedStrings;
      model.sharedStrings = {
        getString: (index) => {
          const rest = strings.restIndex.get(index);
          return strings.plain[index] ?? (rest === undefined ? undefined : excel?.getString(rest));
        },
      };
    }
    reconcile(model, options);
  };
  await workbook.xlsx.load(copy.zip as unknown as ExcelJS.Buffer);
}
