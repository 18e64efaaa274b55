/**
 * The values of one of sync's own very hidden sheets, read straight from its part. The base sheet
 * holds every row of the plan as JSON (8 MB of XML at 10,000 rows): reading it here rather than
 * through ExcelJS's cell model takes a fraction of the time and memory.
 */
import { REL, type WorkbookPackage } from './workbook-package.js';
import { runsText, sharedStringsOf } from './workbook-sheet-rows.js';
import { attr, elements, openingTag, parseAddress, unescapeXml } from './workbook-xml.js';

/** Rows of cell values (strings, numbers, booleans), 0-based; null when the workbook has no such sheet. */
export function ownSheetValues(pkg: WorkbookPackage, name: string): unknown[][] | null {
  const sheet = pkg.sheets().find((s) => s.isWorksheet && s.name === name);
  if (!sheet || !pkg.has(sheet.part)) return null;
  let shared: ((index: number) => string | undefined) | null = null;
  const sharedString = (index: number) => {
    shared ??= sharedStrings(pkg);
    return shared(index) ?? '';
  };
  const rows: unknown[][] = [];
  let rowNumber = 0;
  for (const { xml: row } of elements(pkg.text(sheet.part), 'row')) {
    rowNumber = Number(attr(openingTag(row), 'r') ?? rowNumber + 1);
    const values: unknown[] = [];
    let column = 0;
    for (const { xml: cell } of elements(row, 'c')) {
      const tag = openingTag(cell);
      const ref = attr(tag, 'r');
      column = ref ? (parseAddress(ref)?.column ?? column + 1) : column + 1;
      const type = attr(tag, 't') ?? 'n';
      const v = /<v>([\s\S]*?)<\/v>/.exec(cell)?.[1];
      if (type === 'inlineStr') values[column - 1] = runsText(cell);
      else if (type === 's') values[column - 1] = sharedString(Number(v));
      else if (type === 'str' || type === 'e') values[column - 1] = v === undefined ? '' : unescapeXml(v);
      else if (type === 'b') values[column - 1] = v === '1';
      else if (v !== undefined) values[column - 1] = Number(v);
    }
    rows[rowNumber - 1] = values;
  }
  return Array.from(rows, (row) => row ?? []);
}

/** Parsed once with the plan sheet's (cli/workbook-sheet-rows.ts); read the slow way if not well formed. */
function sharedStrings(pkg: WorkbookPackage): (index: number) => string | undefined {
  const rel = pkg.relationships(pkg.workbookPart).find((r) => r.type === REL.sharedStrings);
  if (!rel?.part || !pkg.has(rel.part)) return () => undefined;
  const parsed = sharedStringsOf(pkg, rel.part);
  if (parsed) return (index) => parsed.asWritten(index);
  const all = elements(pkg.text(rel.part), 'si').map(({ xml }) => runsText(xml));
  return (index) => all[index];
}
