/**
 * The plan sheet of a synced workbook read straight from its XML into the values sync reads, for a
 * later sync: the values ExcelJS's load gives (strings, numbers, dates by their number format,
 * booleans, errors, formulas with their results; a covered cell of a merge blank), without loading
 * ExcelJS's cell model. That model was a quarter of a 10,000-row sync, and a sync that only sends
 * the officer's edits, or only puts the plan's values into plain cells, never needs it
 * (cli/workbook-sync.ts, cli/workbook-write.ts `plainWrites`).
 *
 * A sheet holding anything this reading does not resolve exactly as ExcelJS does (hyperlinks, rich
 * text, cells without an address, overlapping merges) gets null, and sync reads it through ExcelJS
 * as before. tests/cli/workbook-plan-grid.test.ts holds the two readings equal.
 */
import type { Cell } from '../core/grid-cell.js';
import { CONFLICT_ARGB, EARLIER_ARGB, isSyncNote } from './workbook-marks.js';
import { REL, type SheetEntry, type WorkbookPackage } from './workbook-package.js';
import { sheetRowsOf } from './workbook-reader-copy.js';
import { type CellModel, runsText, sharedStringsOf, VALUE_TYPE } from './workbook-sheet-rows.js';
import { listOf } from './workbook-styles-xml.js';
import type { SheetGrid } from './workbook-table.js';
import type { PlainCells } from './workbook-write.js';
import { attr, elements, parseAddress, unescapeXml } from './workbook-xml.js';

export interface PlanGrid extends SheetGrid, PlainCells {
  /** A value sync wrote into a cell (cli/workbook-write.ts `plainWrites`), read from now on. */
  write(row: number, column: number, value: Cell): void;
}

/** Excel has at most 16,384 columns. */
const keyOf = (row: number, column: number) => row * 16_384 + column;
/** A merge this large is not a plan's: left to ExcelJS rather than listing every cell it covers. */
const MAX_COVERED = 1_000_000;

export function readPlanGrid(pkg: WorkbookPackage, sheet: SheetEntry): PlanGrid | null {
  const xml = pkg.text(sheet.part);
  // ExcelJS makes a linked cell's value { text, hyperlink }: read by ExcelJS.
  if (/<hyperlink\b/.test(xml)) return null;
  const models = sheetRowsOf(pkg, sheet.part);
  if (!models) return null;
  const covered = coveredCells(xml);
  if (!covered) return null;
  const formats = formatsOf(pkg);
  const strings = sharedStrings(pkg);
  const date1904 =
    attr(/<workbookPr\b[^>]*>/.exec(pkg.text(pkg.workbookPart))?.[0] ?? '', 'date1904') === '1';

  const rows = new Map<number, Cell[]>();
  /** Each cell's format index by row and column (0: none); a cell not in the XML has none. */
  const styles = new Map<number, number[]>();
  const styledRows = new Set<number>();
  const marked = new Set<number>();
  const formulaCells = new Set<number>();
  /** A shared formula's master cell by its index, as ExcelJS's reconcile keeps them. */
  const formulae = new Map<string | undefined, string | undefined>();
  let rowCount = covered.bottom;
  for (const model of models) {
    const row = model.number;
    if (!Number.isInteger(row) || row < 1) return null;
    if (model.styleId && formats.marks.has(model.styleId)) return null;
    if (model.styleId) styledRows.add(row);
    rowCount = Math.max(rowCount, row);
    // A later <row> of the same number replaces the earlier, as in ExcelJS.
    const values: Cell[] = [];
    const rowStyles: number[] = [];
    rows.set(row, values);
    styles.set(row, rowStyles);
    let previous = 0;
    for (const cell of model.cells) {
      // ExcelJS adds no cell for an empty <c/> without a format: it reads as nothing.
      if (cell.type === VALUE_TYPE.Merge) continue;
      const column = cell.address === undefined ? previous + 1 : parseAddress(cell.address)?.column;
      if (column === undefined || column < 1 || (cell.address === undefined && previous === 0)) return null;
      previous = column;
      const style = cell.styleId ?? 0;
      if (style && formats.marks.has(style)) marked.add(keyOf(row, column));
      let value: Cell;
      switch (cell.type) {
        case VALUE_TYPE.Null:
          value = null;
          break;
        case VALUE_TYPE.String: {
          if (typeof cell.value !== 'number') {
            value = cell.value as string;
            break;
          }
          const text = strings?.(cell.value);
          if (text === undefined) return null;
          value = text;
          break;
        }
        case VALUE_TYPE.Number:
          value =
            style && formats.dates.has(style)
              ? excelToDate(cell.value as number, date1904)
              : (cell.value as number);
          break;
        case VALUE_TYPE.Boolean:
        case VALUE_TYPE.Error:
          value = cell.value as Cell;
          break;
        case VALUE_TYPE.Formula: {
          value = formulaValue(cell, cell.address, formulae, (result) =>
            style && formats.dates.has(style) ? excelToDate(result as number, date1904) : result,
          );
          formulaCells.add(keyOf(row, column));
          break;
        }
        default:
          return null;
      }
      values[column] = covered.cells.has(keyOf(row, column)) ? null : value;
      rowStyles[column] = style;
    }
  }
  const columnStyles = columnStylesOf(xml);
  if (columnStyles.some((c) => formats.marks.has(c.style))) return null;
  for (const ref of syncNoteRefs(pkg, sheet.part)) marked.add(keyOf(ref.row, ref.column));

  return {
    name: sheet.name,
    get rowCount() {
      return rowCount;
    },
    valueAt: (row, column) => rows.get(row)?.[column] ?? null,
    widthOf: (row) => Math.max(rows.get(row)?.length ?? 1, covered.widthOf.get(row) ?? 1) - 1,
    mayBeMarked: (top, left, bottom, right) => {
      for (const key of marked) {
        const row = Math.floor(key / 16_384);
        const column = key % 16_384;
        if (row >= top && row <= bottom && column >= left && column <= right) return true;
      }
      return false;
    },
    isCovered: (row, column) => covered.cells.has(keyOf(row, column)),
    isFormula: (row, column) => formulaCells.has(keyOf(row, column)),
    formatAt: (row, column) => {
      const style = styles.get(row)?.[column];
      if (style !== undefined) return style >= formats.count || formats.plain.has(style) ? 'plain' : 'other';
      // ExcelJS gives a cell it makes the number format of its row or its column.
      const inherits = styledRows.has(row) || columnStyles.some((c) => column >= c.min && column <= c.max);
      return inherits ? null : 'plain';
    },
    write: (row, column, value) => {
      let values = rows.get(row);
      if (!values) {
        values = [];
        rows.set(row, values);
        rowCount = Math.max(rowCount, row);
      }
      values[column] = value;
    },
  };
}

/**
 * A formula cell's value as ExcelJS gives it: CellXform's reconcile (the result a date under a date
 * format; a shared formula's other cells name the cell that holds it, when that came first) and
 * FormulaValue's copy of the fields that are set (a 0, false or empty result is left out, as there).
 */
function formulaValue(
  cell: CellModel,
  address: string | undefined,
  formulae: Map<string | undefined, string | undefined>,
  resultOf: (result: unknown) => unknown,
): Cell {
  const result = cell.result === undefined ? undefined : resultOf(cell.result);
  let { shareType } = cell;
  let sharedFormula: string | undefined;
  if (shareType === 'shared') {
    if (cell.ref) formulae.set(cell.si, address);
    else {
      sharedFormula = formulae.get(cell.si);
      shareType = undefined;
    }
  }
  const value: Record<string, unknown> = {};
  const fields = { formula: cell.formula, result, ref: cell.ref, shareType, sharedFormula };
  for (const [name, field] of Object.entries(fields)) if (field) value[name] = field;
  return value as Cell;
}

/** ExcelJS's utils.excelToDate. */
const excelToDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

/**
 * The cells merges cover (not their top-left cell), the rightmost column a merge reaches in each
 * row (ExcelJS makes a cell for each), and the lowest row; null for overlapping merges (ExcelJS
 * refuses the workbook) or an outsized one.
 */
function coveredCells(
  xml: string,
): { cells: Set<number>; widthOf: Map<number, number>; bottom: number } | null {
  const cells = new Set<number>();
  const inside = new Set<number>();
  const widthOf = new Map<number, number>();
  let bottom = 0;
  for (const { xml: merge } of elements(xml, 'mergeCell')) {
    const [from, to] = (attr(merge, 'ref') ?? '').split(':');
    const start = parseAddress(from ?? '');
    const end = parseAddress(to ?? from ?? '');
    if (!start || !end) return null;
    const [top, lowest] = [Math.min(start.row, end.row), Math.max(start.row, end.row)];
    const [left, right] = [Math.min(start.column, end.column), Math.max(start.column, end.column)];
    if ((lowest - top + 1) * (right - left + 1) + inside.size > MAX_COVERED) return null;
    for (let row = top; row <= lowest; row++) {
      widthOf.set(row, Math.max(widthOf.get(row) ?? 0, right + 1));
      for (let column = left; column <= right; column++) {
        const key = keyOf(row, column);
        if (inside.has(key)) return null;
        inside.add(key);
        if (row !== top || column !== left) cells.add(key);
      }
    }
    bottom = Math.max(bottom, lowest);
  }
  return { cells, widthOf, bottom };
}

/** ExcelJS's built-in number formats (lib/xlsx/defaultnumformats.js, those with one code). */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** ExcelJS's utils.isDateFmt: a date or time character outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

interface Formats {
  /** Cell formats that make a number a date. */
  dates: Set<number>;
  /** Cell formats with no number format as ExcelJS reads them (none, General or text). */
  plain: Set<number>;
  /** Cell formats whose fill is one of the marks'. */
  marks: Set<number>;
  /** How many cell formats the part has: a cell naming one it lacks gets none. */
  count: number;
}

/** By cell format index, as ExcelJS's StylesXform.getStyleModel reads the styles part. */
function formatsOf(pkg: WorkbookPackage): Formats {
  const formats: Formats = { dates: new Set(), plain: new Set([0]), marks: new Set(), count: 0 };
  const rel = pkg.relationships(pkg.workbookPart).find((r) => r.type === REL.styles);
  if (!rel?.part || !pkg.has(rel.part)) return formats;
  const xml = pkg.text(rel.part);
  const custom = new Map<number, string>();
  for (const format of listOf(xml, 'numFmts', 'numFmt')) {
    const code = attr(format, 'formatCode');
    if (code !== null)
      custom.set(Number.parseInt(attr(format, 'numFmtId') ?? '', 10), code.replace(/\\(.)/g, '$1'));
  }
  const markFills = new Set<number>();
  listOf(xml, 'fills', 'fill').forEach((fill, index) => {
    const upper = fill.toUpperCase();
    if (upper.includes(CONFLICT_ARGB) || upper.includes(EARLIER_ARGB)) markFills.add(index);
  });
  const xfs = listOf(xml, 'cellXfs', 'xf');
  xfs.forEach((xf, index) => {
    const tag = /^<[^>]*>/.exec(xf)?.[0] ?? xf;
    const numFmtId = Number.parseInt(attr(tag, 'numFmtId') ?? '', 10);
    // Format 0 is no format: ExcelJS gives no style for it.
    const code = index > 0 && numFmtId ? custom.get(numFmtId) || BUILTIN_FORMATS[numFmtId] : undefined;
    if (code && isDateFormat(code)) formats.dates.add(index);
    if (!code || code === 'General' || code === '@') formats.plain.add(index);
    if (markFills.has(Number.parseInt(attr(tag, 'fillId') ?? '', 10))) formats.marks.add(index);
  });
  formats.count = xfs.length;
  return formats;
}

/** The columns formatted as a whole (`<col style>`): ExcelJS gives a cell it makes there their format. */
function columnStylesOf(xml: string): { min: number; max: number; style: number }[] {
  const cols = /<cols>([\s\S]*?)<\/cols>/.exec(xml)?.[1] ?? '';
  return elements(cols, 'col').flatMap(({ xml: col }) => {
    const style = Number(attr(col, 'style') ?? 0);
    return style ? [{ min: Number(attr(col, 'min') ?? 0), max: Number(attr(col, 'max') ?? 0), style }] : [];
  });
}

/** Plain shared strings only: one with runs of its own (rich text) is read by ExcelJS. */
function sharedStrings(pkg: WorkbookPackage): ((index: number) => string | undefined) | null {
  const rel = pkg.relationships(pkg.workbookPart).find((r) => r.type === REL.sharedStrings);
  if (!rel?.part || !pkg.has(rel.part)) return null;
  const parsed = sharedStringsOf(pkg, rel.part);
  return parsed ? (index) => parsed.plain[index] : null;
}

/**
 * Where the sheet's notes that sync may have written are (its comments part): an officer's own note
 * is no mark, and an earlier sync never touches it. A note whose text cannot be read is counted.
 */
function syncNoteRefs(pkg: WorkbookPackage, sheetPart: string): { row: number; column: number }[] {
  const comments = pkg.relationships(sheetPart).find((r) => r.type === REL.comments)?.part;
  if (!comments || !pkg.has(comments)) return [];
  return elements(pkg.text(comments), 'comment').flatMap(({ xml }) => {
    const ref = parseAddress(unescapeXml(attr(xml, 'ref') ?? ''));
    const text = /<text\b[^>]*>([\s\S]*)<\/text>/.exec(xml)?.[1];
    const officers = text !== undefined && !text.includes('_x') && !isSyncNote(runsText(text).trimStart());
    return ref && !officers ? [ref] : [];
  });
}
