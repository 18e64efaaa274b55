/**
 * Sync reads each sheet's cells and the plain shared strings from the XML itself and hands them to
 * ExcelJS just before it resolves them (cli/workbook-load.ts): every sheet must come out exactly as
 * ExcelJS's own load makes it, on the fixtures and on generated workbooks.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadReaderCopy } from '../../cli/workbook-load.js';
import { WorkbookPackage } from '../../cli/workbook-package.js';
import { readerCopy } from '../../cli/workbook-reader-copy.js';
import { parseSharedStrings, parseSheetRows, VALUE_TYPE } from '../../cli/workbook-sheet-rows.js';
import { writeCells } from '../support/generated-cells.js';
import { zip } from '../support/zip.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const FIXTURES = [
  'fidelity/officer-plan.xlsx',
  'fidelity/summary-chart.xlsm',
  'peer-challenge-2019-grid.xlsx',
  'bfi-security-action-plan.xlsx',
  'lga-cpc-2023-action-plan.xlsx',
  'lga-cpc-progress-review-2024.xlsx',
];

/** Each sheet's whole model (values, types, styles, notes, merges, rows) as ExcelJS gives it. */
const modelsOf = (workbook: ExcelJS.Workbook) =>
  workbook.worksheets.map((sheet) => ({ name: sheet.name, state: sheet.state, model: sheet.model }));

async function bothWays(bytes: Buffer) {
  const byExcelJS = new ExcelJS.Workbook();
  await byExcelJS.xlsx.load(readerCopy(new WorkbookPackage(bytes)).zip as unknown as ExcelJS.Buffer);
  const copy = readerCopy(new WorkbookPackage(bytes), [], true);
  const apart = new ExcelJS.Workbook();
  await loadReaderCopy(apart, copy);
  return { expected: modelsOf(byExcelJS), actual: modelsOf(apart), rowsApart: copy.rows.size };
}

describe('reading the cells apart from ExcelJS', () => {
  it.each(FIXTURES)(
    'when %s is read for sync, then every sheet is what ExcelJS alone makes of it',
    async (name) => {
      const { expected, actual, rowsApart } = await bothWays(await readFile(fixture(name)));
      expect(rowsApart).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    },
  );

  it('when a workbook holds every kind of cell ExcelJS writes, then the cells read apart are the same', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 30 });
    const awkward = fc.constantFrom(
      ' leading and trailing ',
      'a & b < c > d "quoted" \'single\'',
      'line one\nline two',
      'literal _x000D_ escape',
      '#REF!',
      '',
    );
    const value = fc.oneof(
      text,
      awkward,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.date({ min: new Date('1901-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
      fc.constantFrom({ error: '#REF!' }, { error: '#N/A' }, { error: '#DIV/0!' }),
      fc.record({
        formula: fc.constantFrom('A1&"x"', 'SUM(1,2)', 'NOW()'),
        result: fc.oneof(text, fc.integer()),
      }),
      fc.record({
        richText: fc.array(
          fc.record({ text: fc.string({ minLength: 1, maxLength: 8 }), font: fc.constant({ bold: true }) }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
      }),
      fc.record({
        text: fc.string({ minLength: 1, maxLength: 10 }),
        hyperlink: fc.constant('https://example.org/plan'),
      }),
    );
    const cell = fc.record({
      value,
      numFmt: fc.constantFrom(undefined, 'dd/mm/yyyy', '0.00', '@'),
      note: fc.option(text),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.option(cell), { maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat({ max: 11 }), { maxLength: 3 }),
        fc.boolean(),
        async (rows, hiddenRows, merge) => {
          const workbook = new ExcelJS.Workbook();
          const sheet = workbook.addWorksheet('Action plan');
          writeCells(sheet, rows);
          for (const row of hiddenRows) sheet.getRow(row + 1).hidden = true;
          if (merge) sheet.mergeCells('B2:C3');
          const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
          const { expected, actual } = await bothWays(bytes);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('when cells are written as Excel and other tools write them, then they read the same as ExcelJS reads them', async () => {
    const cells = [
      '<row r="1" spans="1:6" ht="30" customHeight="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> inline &amp; kept </t></is></c>',
      '<c r="B1" t="str"><f>"a"&amp;"b"</f><v>a&amp;amp;b</v></c><c r="C1" t="e"><v>#REF!</v></c>',
      '<c r="D1" t="b"><v>1</v></c><c r="E1" s="1"/><c r="F1"><v></v></c></row>',
      '<row r="2" hidden="1"><c r="A2"><f t="shared" ref="A2:A3" si="0">B1&amp;"x"</f><v>3</v></c><c r="B2" s="2"><v>45292</v></c>',
      '<c><v>7</v></c><c r="D2" t="s"><v>0</v></c><c r="E2" t="s"><v>1</v></c><c r="F2" t="s"><v>2</v></c></row>',
      '<row r="3"><c r="A3"><f t="shared" si="0"/><v>4</v></c><c r="B3" t="inlineStr"><is><t>line\r\none</t></is></c>',
      '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D3" t="b"><f>TRUE()</f><v>1</v></c></row>',
    ].join('');
    const strings =
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">' +
      '<si><t>plain</t></si><si><r><rPr><b/></rPr><t>rich</t></r><r><t xml:space="preserve"> text</t></r></si>' +
      '<si><t>ruby</t><rPh sb="0" eb="1"><t>r</t></rPh></si></sst>';
    const { expected, actual, rowsApart } = await bothWays(workbookOf(cells, strings));
    expect(rowsApart).toBe(1);
    expect(actual).toEqual(expected);
  });

  it('when a cell holds inline rich text, then that sheet is left whole to ExcelJS and still reads the same', async () => {
    const cells =
      '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>bold</t></r><r><t> plain</t></r></is></c></row>';
    const { expected, actual, rowsApart } = await bothWays(workbookOf(cells, null));
    expect(rowsApart).toBe(0);
    expect(actual).toEqual(expected);
  });
});

describe("ExcelJS's cell types", () => {
  it('when sync names a cell type without loading ExcelJS, then it is the number ExcelJS uses', () => {
    for (const [name, type] of Object.entries(VALUE_TYPE))
      expect({ name, type }).toEqual({
        name,
        type: ExcelJS.ValueType[name as keyof typeof ExcelJS.ValueType],
      });
  });
});

describe('sheet XML that is not well formed', () => {
  it('when a row or a cell is never closed, then the sheet is left to ExcelJS rather than read as fewer rows', () => {
    const unclosed = '<row r="1"><c r="A1"><v>1</v></c>'.repeat(20_000);
    expect(parseSheetRows(unclosed)).toBeNull();
    expect(parseSheetRows('<row r="1"><c r="A1"><v>1</v></row><row r="2"/>')).toBeNull();
    expect(parseSharedStrings('<sst><si><t>a</t><si><t>b</t></si></sst>')).toBeNull();
  });

  it('when rows and cells close themselves, then they are read as ExcelJS reads them', () => {
    expect(parseSheetRows('<row r="1"/><row r="2"><c r="A2" s="3"/><col/></row>')).toEqual([
      { number: 1, min: undefined, max: undefined, cells: [] },
      { number: 2, min: undefined, max: undefined, cells: [{ address: 'A2', styleId: 3, type: 0 }] },
    ]);
  });
});

function workbookOf(sheetData: string, sharedStrings: string | null): Buffer {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/>${sharedStrings ? `<Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}" xmlns:r="${rel}"><sheetData>${sheetData}</sheetData><mergeCells count="1"><mergeCell ref="E1:F1"/></mergeCells></worksheet>`,
    ...(sharedStrings ? { 'xl/sharedStrings.xml': sharedStrings } : {}),
  });
}
