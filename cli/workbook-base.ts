/**
 * The base snapshot in the workbook's very hidden PlansSync sheet (core/sync-base-sheet.ts says
 * what goes in it), so a copied or emailed workbook carries its sync state with it.
 */
import { BaseSheetError, decodeBaseSheet, type SyncMeta } from '../core/sync-base-sheet.js';
import type { SyncBase } from '../core/sync-sheet.js';
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
