/**
 * Sync's own sheets (the base, the marks) are read from their parts, their strings as written:
 * runs joined, phonetic runs left out, `_x000D_` escapes and line ends kept, because the base's
 * JSON is written so. The shared strings are parsed once for them and for the plan sheet
 * (cli/workbook-sheet-rows.ts), which reads the same strings decoded: neither may see the other's.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadReaderCopy } from '../../cli/workbook-load.js';
import { WorkbookPackage } from '../../cli/workbook-package.js';
import { readerCopy } from '../../cli/workbook-reader-copy.js';
import { ownSheetValues } from '../../cli/workbook-sheet-values.js';
import { escapeXml, unescapeXml } from '../../cli/workbook-xml.js';
import { zip } from '../support/zip.js';

interface SharedString {
  runs: string[];
  rich: boolean;
  phonetic: boolean;
  preserve: boolean;
}

/** Text XML can hold (escapeXml drops the characters it cannot). */
const xmlText = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => unescapeXml(escapeXml(s)) === s);
const awkward = fc.constantFrom(
  '_x000D_',
  '_x005F_x000D_',
  'line\r\nend',
  'carriage\rreturn',
  '{"a":"&<>\'"}',
  ' spaced ',
  '',
);
const sharedString = fc.record({
  runs: fc.array(fc.oneof(xmlText, awkward), { minLength: 1, maxLength: 3 }),
  rich: fc.boolean(),
  phonetic: fc.boolean(),
  // Excel writes <t> bare unless the text has edge spaces; both shapes take the simple reading.
  preserve: fc.boolean(),
});

function siXml({ runs, rich, phonetic, preserve }: SharedString): string {
  const t = (text: string) => `<t${preserve ? ' xml:space="preserve"' : ''}>${escapeXml(text)}</t>`;
  const body =
    rich || runs.length > 1
      ? runs.map((run) => `<r><rPr><b/></rPr>${t(run)}</r>`).join('')
      : t(runs[0] ?? '');
  return `<si>${body}${phonetic ? '<rPh sb="0" eb="1"><t>ルビ</t></rPh>' : ''}</si>`;
}

function workbookOf(strings: SharedString[]): Buffer {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const cells = strings.map((_, i) => `<c r="A${i + 1}" t="s"><v>${i}</v></c>`);
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}"><sheetData>${cells.map((c, i) => `<row r="${i + 1}">${c}</row>`).join('')}</sheetData></worksheet>`;
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/><sheet name="PlansSync" sheetId="2" state="veryHidden" r:id="rId2"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheet,
    'xl/worksheets/sheet2.xml': sheet,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${main}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map(siXml).join('')}</sst>`,
  });
}

describe("sync's own sheets and the plan sheet sharing one read of the shared strings", () => {
  it('when the plan sheet is read first with the same strings, then the base sheet still reads each string as written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sharedString, { minLength: 1, maxLength: 8 }), async (strings) => {
        const pkg = new WorkbookPackage(workbookOf(strings));
        // The plan sheet's read, as a sync loads the workbook: its strings come decoded.
        const workbook = new ExcelJS.Workbook();
        await loadReaderCopy(workbook, readerCopy(pkg, [], true));
        const base = ownSheetValues(pkg, 'PlansSync');
        expect(base?.map((row) => row[0])).toEqual(strings.map((s) => s.runs.join('')));
      }),
      { numRuns: 60 },
    );
  });

  it('when the base sheet is read first, then the plan sheet still reads the strings as ExcelJS decodes them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sharedString, { minLength: 1, maxLength: 8 }), async (strings) => {
        const bytes = workbookOf(strings);
        const alone = new ExcelJS.Workbook();
        await alone.xlsx.load(readerCopy(new WorkbookPackage(bytes)).zip as unknown as ExcelJS.Buffer);
        const pkg = new WorkbookPackage(bytes);
        ownSheetValues(pkg, 'PlansSync');
        const shared = new ExcelJS.Workbook();
        await loadReaderCopy(shared, readerCopy(pkg, ['PlansSync'], true));
        const values = (workbook: ExcelJS.Workbook) =>
          strings.map((_, i) => workbook.getWorksheet('Plan')?.getCell(i + 1, 1).value);
        expect(values(shared)).toEqual(values(alone));
      }),
      { numRuns: 60 },
    );
  });
});
