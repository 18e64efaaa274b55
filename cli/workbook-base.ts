/**
 * The base snapshot in the workbook's very hidden PlansSync sheet (core/sync-base-sheet.ts says
 * what goes in it), so a copied or emailed workbook carries its sync state with it.
 */
import type ExcelJS from 'exceljs';
import {
  BASE_SHEET,
  BaseSheetError,
  decodeBaseSheet,
  encodeBaseSheet,
  type SyncMeta,
} from '../core/sync-base-sheet.js';
import type { SyncBase } from '../core/sync-client.js';
import { CliError } from './run.js';

/** From the sheet's values as read from its part (cli/workbook-sheet-values.ts); none: no base yet. */
export function readBaseSheet(
  values: readonly (readonly unknown[])[] | undefined,
  file: string,
): { meta: SyncMeta; base: SyncBase } | null {
  if (!values) return null;
  try {
    return decodeBaseSheet(values);
  } catch (error) {
    if (error instanceof BaseSheetError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Replaces the sheet's content; it stays very hidden so officers neither see nor edit it. */
export function writeBaseSheet(workbook: ExcelJS.Workbook, meta: SyncMeta, base: SyncBase): void {
  const sheet = workbook.getWorksheet(BASE_SHEET) ?? workbook.addWorksheet(BASE_SHEET);
  sheet.state = 'veryHidden';
  const rows = encodeBaseSheet(meta, base);
  const before = sheet.rowCount;
  rows.forEach((values, index) => {
    sheet.getRow(index + 1).values = values;
  });
  for (let row = rows.length + 1; row <= before; row++) sheet.getRow(row).values = [];
}
