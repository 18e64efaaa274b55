/** The save finds the table's last row from the bottom up: the same row the top-down scan finds. */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastRowNow } from '../../cli/workbook-sync.js';
import { lastTableRow, tableAt } from '../../cli/workbook-table.js';

const HEADINGS = ['Theme', 'Proposed action', 'Timescale', 'Progress'];

describe('the last row of the table when the workbook is saved', () => {
  it('when rows below or beside the table are blank, formatted, merged or filled, then it is the row lastTableRow finds', () => {
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
          expect(lastRowNow(table)).toBe(lastTableRow(table));
        },
      ),
      { numRuns: 200 },
    );
  });
});
