/** The read, the write and the save find the table's last row from the bottom up: the row a scan from the top finds. */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellValue, lastTableRow, type SheetTable, tableAt } from '../../cli/workbook-table.js';
import { readCell } from '../../core/grid-cell.js';
import { tableWidth } from '../../core/sheet-table.js';

/** The last row with anything in the table's columns, by reading every cell from the top. */
function fromTheTop(table: SheetTable): number {
  const first = table.firstColumn;
  const last = first + tableWidth(table.layout) - 1;
  let lastRow = table.headerRow;
  table.worksheet.eachRow((row, rowNumber) => {
    if (rowNumber <= lastRow) return;
    row.eachCell((cell, column) => {
      if (column < first || column > last) return;
      const reading = readCell(cellValue(cell));
      if (reading.text !== '' || reading.problem !== null) lastRow = rowNumber;
    });
  });
  return lastRow;
}

const HEADINGS = ['Theme', 'Proposed action', 'Timescale', 'Progress'];

describe('the last row of the table when the workbook is saved', () => {
  it('when rows below or beside the table are blank, formatted, merged or filled, then it is the row a scan from the top finds', () => {
    const content = fc.constantFrom<ExcelJS.CellValue>(
      null,
      '',
      '  ',
      'text',
      3,
      { error: '#REF!' },
      {
        formula: 'A1',
        result: '',
      },
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.option(content), { maxLength: 7 }), { maxLength: 15 }),
        fc.nat({ max: 20 }),
        fc.boolean(),
        (rows, styledRow, merge) => {
          const sheet = new ExcelJS.Workbook().addWorksheet('Plan');
          sheet.getRow(2).values = [undefined, ...HEADINGS];
          rows.forEach((cells, r) => {
            cells.forEach((value, c) => {
              if (value !== null) sheet.getCell(r + 3, c + 1).value = value;
            });
          });
          // Formatting alone far below, as officers leave it.
          sheet.getCell(styledRow + 3, 2).fill = {
            type: 'pattern',
            pattern: 'solid',
            fgColor: { argb: 'FFFFFF00' },
          };
          if (merge) sheet.mergeCells('B5:C6');
          const table = tableAt(sheet, 2, 1);
          expect(lastTableRow(table)).toBe(fromTheTop(table));
        },
      ),
      { numRuns: 200 },
    );
  });
});
