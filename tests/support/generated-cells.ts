/** Cells fast-check makes, written into an ExcelJS worksheet as an officer's workbook would hold them. */
import type ExcelJS from 'exceljs';

export interface CellSpec {
  value: unknown;
  numFmt?: string | undefined;
  note?: string | null;
  /** A solid fill of the officer's own (not one of sync's marks). */
  filled?: boolean;
}

/** fast-check makes records without a prototype; ExcelJS's writer expects plain objects. */
export const plain = (value: unknown) =>
  value && typeof value === 'object' && !(value instanceof Date) ? JSON.parse(JSON.stringify(value)) : value;

/** Row r, column c of `rows` into the sheet's cell (r + 1, c + 1); null leaves the cell alone. */
export function writeCells(sheet: ExcelJS.Worksheet, rows: readonly (readonly (CellSpec | null)[])[]): void {
  rows.forEach((cells, r) => {
    cells.forEach((spec, c) => {
      if (!spec) return;
      const target = sheet.getCell(r + 1, c + 1);
      target.value = plain(spec.value) as ExcelJS.CellValue;
      if (spec.numFmt) target.numFmt = spec.numFmt;
      if (spec.note) target.note = spec.note;
      if (spec.filled) target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    });
  });
}
