/**
 * What ExcelJS is given to read: a copy of the package with only the parts sync reads (the
 * workbook, its worksheets, shared strings, styles, and the notes on each sheet). Charts, drawings,
 * VML, form controls, pivots and the rest never reach its parser, so a part it cannot parse (Excel
 * writes a form-control caption with an unclosed `<br>`) does not stop a sync that never touches it.
 */
import { REL, type SheetEntry, type WorkbookPackage } from './workbook-package.js';
import { escapeXml } from './workbook-xml.js';
import { packPart, writeZip, type ZipPart } from './workbook-zip.js';

const RELS_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">';

const relationship = (id: string, type: string, target: string, external = false) =>
  `<Relationship Id="${escapeXml(id)}" Type="${type}" Target="${escapeXml(target)}"${external ? ' TargetMode="External"' : ''}/>`;

/** `bare`: sheets ExcelJS is given empty (sync reads them itself, faster). */
export function readerCopy(
  pkg: WorkbookPackage,
  bare: readonly string[] = [],
): { zip: Buffer; sheets: SheetEntry[] } {
  const workbook = pkg.workbookPart;
  const sheets = pkg.sheets().filter((s) => s.isWorksheet);
  const parts: ZipPart[] = [];
  const add = (name: string, content: string | Buffer) => parts.push(packPart(name, content, 0));
  add('[Content_Types].xml', pkg.bytes('[Content_Types].xml'));
  add(
    '_rels/.rels',
    `${RELS_HEAD}${relationship('rId1', REL.officeDocument, 'xl/workbook.xml')}</Relationships>`,
  );
  add('xl/workbook.xml', withoutLinks(pkg.text(workbook), WORKBOOK_LINKS));

  const rels: string[] = [];
  for (const rel of pkg.relationships(workbook)) {
    if (!rel.part || !pkg.has(rel.part)) continue;
    if (rel.type === REL.styles) {
      rels.push(relationship(rel.id, rel.type, 'styles.xml'));
      add('xl/styles.xml', pkg.bytes(rel.part));
    } else if (rel.type === REL.sharedStrings) {
      rels.push(relationship(rel.id, rel.type, 'sharedStrings.xml'));
      add('xl/sharedStrings.xml', pkg.bytes(rel.part));
    }
  }
  sheets.forEach((sheet, index) => {
    const n = index + 1;
    rels.push(relationship(sheet.relId, REL.worksheet, `worksheets/sheet${n}.xml`));
    add(
      `xl/worksheets/sheet${n}.xml`,
      bare.includes(sheet.name) ? EMPTY_SHEET : withoutLinks(pkg.text(sheet.part), SHEET_LINKS),
    );
    const sheetRels: string[] = [];
    for (const rel of pkg.relationships(sheet.part)) {
      if (rel.type === REL.hyperlink && rel.part === null) {
        sheetRels.push(relationship(rel.id, rel.type, rel.target, true));
      } else if (rel.type === REL.comments && rel.part && pkg.has(rel.part)) {
        sheetRels.push(relationship(rel.id, rel.type, `../comments${n}.xml`));
        add(`xl/comments${n}.xml`, pkg.bytes(rel.part));
      }
    }
    add(`xl/worksheets/_rels/sheet${n}.xml.rels`, `${RELS_HEAD}${sheetRels.join('')}</Relationships>`);
  });
  add('xl/_rels/workbook.xml.rels', `${RELS_HEAD}${rels.join('')}</Relationships>`);
  return { zip: writeZip(parts), sheets };
}

const EMPTY_SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';

/** Elements that point at parts the copy leaves out (ExcelJS follows each and fails on a missing one). */
const SHEET_LINKS = [
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'picture',
  'oleObjects',
  'controls',
  'tableParts',
  'mc:AlternateContent',
];
const WORKBOOK_LINKS = ['pivotCaches', 'externalReferences', 'mc:AlternateContent'];

function withoutLinks(xml: string, names: readonly string[]): string {
  let result = xml;
  for (const name of names) {
    const escaped = name.replace(':', '\\:');
    result = result
      .replace(new RegExp(`<${escaped}(?=[\\s/>])[^>]*?/>`, 'g'), '')
      .replace(new RegExp(`<${escaped}(?=[\\s>])[^>]*?>[\\s\\S]*?</${escaped}>`, 'g'), '');
  }
  return result;
}
