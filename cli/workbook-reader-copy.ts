/**
 * What ExcelJS is given to read: a copy of the package with only the parts sync reads (the
 * workbook, its worksheets, shared strings, styles, and the notes on each sheet). Charts, drawings,
 * VML, form controls, pivots and the rest never reach its parser, so a part it cannot parse (Excel
 * writes a form-control caption with an unclosed `<br>`) does not stop a sync that never touches it.
 */
import { REL, type SheetEntry, type WorkbookPackage } from './workbook-package.js';
import { parseSheetRows, type RowModel, type SharedStrings, sharedStringsOf } from './workbook-sheet-rows.js';
import { escapeXml } from './workbook-xml.js';
import { packPart, writeZip, type ZipPart } from './workbook-zip.js';

const RELS_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">';

const relationship = (id: string, type: string, target: string, external = false) =>
  `<Relationship Id="${escapeXml(id)}" Type="${type}" Target="${escapeXml(target)}"${external ? ' TargetMode="External"' : ''}/>`;

export interface ReaderCopy {
  zip: Buffer;
  sheets: SheetEntry[];
  /** With `rowsApart`: each sheet's rows read here, by ExcelJS's sheet number; its copy has none. */
  rows: Map<string, RowModel[]>;
  /** With `rowsApart`: the shared strings read here; the copy holds only those left to ExcelJS. */
  strings: SharedStrings | null;
}

/**
 * `bare`: sheets ExcelJS is given empty (sync reads them itself, faster). `rowsApart`: the cells
 * of every sheet and the plain shared strings are read here (cli/workbook-sheet-rows.ts) and
 * ExcelJS parses only the rest (see cli/workbook-load.ts).
 */
export function readerCopy(
  pkg: WorkbookPackage,
  bare: readonly string[] = [],
  rowsApart = false,
): ReaderCopy {
  const rows = new Map<string, RowModel[]>();
  let strings: SharedStrings | null = null;
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
      if (rowsApart) strings = sharedStringsOf(pkg, rel.part);
      const rest = strings ? strings.rest : null;
      if (!strings) add('xl/sharedStrings.xml', pkg.bytes(rel.part));
      else if (rest !== null) add('xl/sharedStrings.xml', rest);
    }
  }
  sheets.forEach((sheet, index) => {
    const n = index + 1;
    rels.push(relationship(sheet.relId, REL.worksheet, `worksheets/sheet${n}.xml`));
    let xml = bare.includes(sheet.name) ? EMPTY_SHEET : withoutLinks(pkg.text(sheet.part), SHEET_LINKS);
    if (rowsApart && !bare.includes(sheet.name)) {
      const apart = withRowsApart(xml, takeRows(pkg, sheet.part, xml));
      if (apart) {
        rows.set(String(n), apart.rows);
        xml = apart.xml;
      }
    }
    add(`xl/worksheets/sheet${n}.xml`, xml);
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
  return { zip: writeZip(parts), sheets, rows, strings };
}

/**
 * A worksheet part's rows as the reader copy reads them apart; null when only ExcelJS can read them.
 * They are kept for a reader copy of the same package that may follow (a later sync that reads the
 * plan sheet from its XML and then needs ExcelJS to write), which takes them rather than reading
 * the sheet again; ExcelJS changes the rows it is given, so they are taken once.
 */
export function sheetRowsOf(pkg: WorkbookPackage, part: string): RowModel[] | null {
  const xml = withoutLinks(pkg.text(part), SHEET_LINKS);
  const rows = withRowsApart(xml)?.rows ?? null;
  if (rows) {
    const kept = readAlready.get(pkg) ?? new Map<string, { xml: string; rows: RowModel[] }>();
    kept.set(part, { xml, rows });
    readAlready.set(pkg, kept);
  }
  return rows;
}

const readAlready = new WeakMap<WorkbookPackage, Map<string, { xml: string; rows: RowModel[] }>>();

/** The rows `sheetRowsOf` read from this very text, given up to their one reader. */
function takeRows(pkg: WorkbookPackage, part: string, xml: string): RowModel[] | undefined {
  const kept = readAlready.get(pkg)?.get(part);
  readAlready.get(pkg)?.delete(part);
  return kept?.xml === xml ? kept.rows : undefined;
}

/** The sheet with an empty `<sheetData/>`, and its rows as read here; null when ExcelJS must read them. */
function withRowsApart(xml: string, read?: RowModel[]): { xml: string; rows: RowModel[] } | null {
  const open = /<sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!open) return null;
  const start = open.index + open[0].length;
  const end = open[1] === '/' ? start : xml.indexOf('</sheetData>', start);
  if (end < 0) return null;
  const rows = read ?? parseSheetRows(xml.slice(start, end));
  if (!rows) return null;
  const after = open[1] === '/' ? start : end + '</sheetData>'.length;
  return { xml: `${xml.slice(0, open.index)}<sheetData/>${xml.slice(after)}`, rows };
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
