/**
 * A later sync reads the plan sheet straight from its XML (cli/workbook-plan-grid.ts): wherever
 * that reading is taken, every cell must read as ExcelJS's load makes it, and a sheet it cannot read
 * so must be left to ExcelJS.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadReaderCopy } from '../../cli/workbook-load.js';
import { CONFLICT_ARGB } from '../../cli/workbook-marks.js';
import { WorkbookPackage } from '../../cli/workbook-package.js';
import { isDateFormat, readPlanGrid } from '../../cli/workbook-plan-grid.js';
import { readerCopy } from '../../cli/workbook-reader-copy.js';
import { excelGrid } from '../../cli/workbook-table.js';
import { plain, writeCells } from '../support/generated-cells.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const FIXTURES = [
  'fidelity/officer-plan.xlsx',
  'peer-challenge-2019-grid.xlsx',
  'bfi-security-action-plan.xlsx',
  'lga-cpc-2023-action-plan.xlsx',
  'lga-cpc-progress-review-2024.xlsx',
];

/**
 * Every worksheet read both ways: for each one the XML reading takes, its values, widths and
 * row count against ExcelJS's (as sync loads it); returns how many sheets the XML reading took.
 */
async function compareReadings(bytes: Buffer): Promise<number> {
  const pkg = new WorkbookPackage(bytes);
  const workbook = new ExcelJS.Workbook();
  await loadReaderCopy(workbook, readerCopy(new WorkbookPackage(bytes), [], true));
  let taken = 0;
  for (const entry of pkg.sheets().filter((s) => s.isWorksheet)) {
    const grid = readPlanGrid(pkg, entry);
    if (!grid) continue;
    taken++;
    const worksheet = workbook.getWorksheet(entry.name) as ExcelJS.Worksheet;
    const excel = excelGrid(worksheet);
    expect(grid.name).toBe(excel.name);
    // The XML's row count may reach further (a merge's rows): every row below ExcelJS's is empty.
    expect(grid.rowCount).toBeGreaterThanOrEqual(excel.rowCount);
    for (let row = 1; row <= grid.rowCount + 1; row++) {
      expect({ row, width: grid.widthOf(row) }).toEqual({ row, width: excel.widthOf(row) });
      for (let column = 1; column <= Math.max(grid.widthOf(row), excel.widthOf(row)) + 1; column++) {
        expect({ row, column, value: grid.valueAt(row, column) }).toEqual({
          row,
          column,
          value: excel.valueAt(row, column),
        });
      }
    }
  }
  return taken;
}

describe('the plan sheet read from its XML', () => {
  it.each(FIXTURES)(
    'when %s is read, then each sheet read from its XML reads as ExcelJS reads it',
    async (name) => {
      await compareReadings(await readFile(fixture(name)));
    },
  );

  it('when the fixtures are read, then the XML reading takes their plan sheets', async () => {
    let taken = 0;
    for (const name of FIXTURES) {
      const pkg = new WorkbookPackage(await readFile(fixture(name)));
      taken += pkg.sheets().filter((s) => s.isWorksheet && readPlanGrid(pkg, s)).length;
    }
    expect(taken).toBeGreaterThanOrEqual(FIXTURES.length);
  });

  it('when a sheet holds values, dates, formulas, merges, notes and fills, then it reads as ExcelJS reads it; with a link or rich text it is left to ExcelJS', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 });
    const readable = fc.oneof(
      text,
      fc.constantFrom(' spaced ', 'a & b < c', 'line one\nline two', 'literal _x000D_ escape', '#REF!', ''),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.date({ min: new Date('1901-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
      fc.constantFrom({ error: '#REF!' }, { error: '#N/A' }),
      fc.record({
        formula: fc.constantFrom('A1&"x"', 'SUM(1,2)', 'TODAY()'),
        result: fc.oneof(text, fc.integer(), fc.constant(0), fc.boolean(), fc.constant({ error: '#DIV/0!' })),
      }),
    );
    const unreadable = fc.oneof(
      fc.record({
        text: fc.string({ minLength: 1, maxLength: 8 }),
        hyperlink: fc.constant('https://example.org/'),
      }),
      fc.constant({ richText: [{ text: 'bold', font: { bold: true } }, { text: ' plain' }] }),
    );
    const cell = fc.record({
      value: readable,
      numFmt: fc.constantFrom(undefined, 'dd/mm/yyyy', 'mmm-yy', '0.00', '@', '[Red]0', '"day"0'),
      note: fc.option(text, { freq: 5 }),
      filled: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.option(cell), { maxLength: 6 }), { minLength: 1, maxLength: 10 }),
        fc.option(unreadable, { freq: 3 }),
        fc.constantFrom(null, 'B2:C3', 'A4:A6', 'D1:D1'),
        fc.boolean(),
        async (rows, odd, merge, date1904) => {
          const workbook = new ExcelJS.Workbook();
          if (date1904) workbook.properties.date1904 = true;
          const sheet = workbook.addWorksheet('Action plan');
          writeCells(sheet, rows);
          if (odd) sheet.getCell(rows.length + 1, 5).value = plain(odd) as ExcelJS.CellValue;
          if (merge) sheet.mergeCells(merge);
          const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
          const taken = await compareReadings(bytes);
          expect(taken).toBe(odd ? 0 : 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('when cells share a formula as Excel writes it, then each reads as ExcelJS reads it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Action plan');
    for (let row = 1; row <= 4; row++)
      for (let column = 1; column <= 2; column++) sheet.getCell(row, column).value = row;
    sheet.getCell('B2').numFmt = 'dd/mm/yyyy';
    const pkg = new WorkbookPackage(Buffer.from(await workbook.xlsx.writeBuffer()));
    const part = pkg.sheets()[0]?.part as string;
    const shared = (ref: string, body: string) => (xml: string) =>
      xml.replace(new RegExp(`<c r="${ref}"[^>]*?(/>|>[\\s\\S]*?</c>)`), body);
    let xml = pkg.text(part);
    for (const edit of [
      shared('A2', '<c r="A2"><f t="shared" ref="A2:A4" si="0">B1&amp;"x"</f><v>2</v></c>'),
      shared('A3', '<c r="A3"><f t="shared" si="0"/><v>3</v></c>'),
      shared('A4', '<c r="A4" t="str"><f t="shared" si="0"/><v>a&amp;amp;b</v></c>'),
      shared('B2', (/<c r="B2"[^>]*>/.exec(xml)?.[0] ?? '<c r="B2">') + '<f>TODAY()</f><v>45000</v></c>'),
      shared('B3', '<c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
    ])
      xml = edit(xml);
    pkg.set(part, xml);
    expect(await compareReadings(pkg.toBuffer())).toBe(1);
    const grid = readPlanGrid(pkg, pkg.sheets()[0] as never);
    expect(grid?.valueAt(3, 1)).toEqual({ sharedFormula: 'A2', result: 3 });
    expect(grid?.isFormula(3, 1)).toBe(true);
    expect(grid?.isFormula(1, 1)).toBe(false);
  });

  it('when another tool leaves values inside a merge, then the covered cells read blank as in ExcelJS', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Action plan');
    for (let row = 1; row <= 4; row++)
      for (let column = 1; column <= 3; column++) sheet.getCell(row, column).value = `${row}.${column}`;
    const pkg = new WorkbookPackage(Buffer.from(await workbook.xlsx.writeBuffer()));
    const part = pkg.sheets()[0]?.part as string;
    pkg.set(
      part,
      pkg
        .text(part)
        .replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="B2:C3"/></mergeCells>'),
    );
    expect(await compareReadings(pkg.toBuffer())).toBe(1);
    const grid = readPlanGrid(pkg, pkg.sheets()[0] as never);
    expect([grid?.valueAt(2, 2), grid?.valueAt(2, 3), grid?.valueAt(3, 2)]).toEqual(['2.2', null, null]);
  });

  it("when cells carry a note in sync's words or a mark's fill, then those cells may be marked; an officer's own note is no mark", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Action plan');
    for (let row = 1; row <= 6; row++)
      for (let column = 1; column <= 4; column++) sheet.getCell(row, column).value = 'x';
    sheet.getCell('B2').note = 'Sync conflict: kept "Pat" (theirs, from the plan); yours was "Sam".';
    sheet.getCell('C3').note = "an officer's note";
    sheet.getCell('C4').note = {
      texts: [{ text: 'Sync refused:', font: { bold: true } }, { text: ' not yours to change' }],
    };
    sheet.getCell('D5').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: CONFLICT_ARGB } };
    sheet.getCell('A6').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    const pkg = new WorkbookPackage(Buffer.from(await workbook.xlsx.writeBuffer()));
    const [entry] = pkg.sheets();
    if (!entry) throw new Error('the workbook must have its sheet');
    const grid = readPlanGrid(pkg, entry);
    expect(grid).not.toBeNull();
    expect(grid?.mayBeMarked(2, 2, 2, 2)).toBe(true);
    expect(grid?.mayBeMarked(4, 3, 4, 3)).toBe(true);
    expect(grid?.mayBeMarked(5, 4, 5, 4)).toBe(true);
    expect(grid?.mayBeMarked(1, 1, 6, 4)).toBe(true);
    expect(grid?.mayBeMarked(3, 1, 3, 4)).toBe(false);
    expect(grid?.mayBeMarked(6, 1, 6, 3)).toBe(false);
  });
});

describe('which number formats show a date', () => {
  it('when a format code is checked, then it is a date exactly when ExcelJS reads it as one', async () => {
    const { default: utils } = (await import('exceljs/lib/utils/utils.js' as string)) as {
      default: { isDateFmt(code: string): boolean };
    };
    const piece = fc.constantFrom(
      'y',
      'm',
      'd',
      'h',
      's',
      'M',
      'b',
      '0',
      '#',
      '.',
      ',',
      '[Red]',
      '[$-809]',
      '"d"',
      '\\d',
      '@',
      ' ',
      'E+',
      'AM/PM',
      '"',
      '[',
    );
    await fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const code = pieces.join('');
        expect(isDateFormat(code)).toBe(utils.isDateFmt(code));
      }),
      { numRuns: 500 },
    );
  });

  it('when a cell uses a built-in format, then it is a date exactly when ExcelJS reads it as one', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Action plan');
    sheet.getCell('A1').value = 45_000;
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    // Each built-in format id on the one cell's format, read both ways.
    for (let id = 1; id <= 60; id++) {
      const pkg = new WorkbookPackage(bytes);
      const styles = pkg.relationships(pkg.workbookPart).find((r) => r.type.endsWith('/styles'))
        ?.part as string;
      pkg.set(
        styles,
        pkg
          .text(styles)
          .replace(
            /<cellXfs\b[^>]*>[\s\S]*?<\/cellXfs>/,
            `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`,
          ),
      );
      const sheetPart = pkg.sheets()[0]?.part as string;
      pkg.set(sheetPart, pkg.text(sheetPart).replace(/<c r="A1"[^>]*>/, '<c r="A1" s="1">'));
      await compareReadings(pkg.toBuffer());
    }
  });
});
