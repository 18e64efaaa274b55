/**
 * The plan sheet of a synced workbook read straight from its XML into the values sync reads, for a
 * later sync: the values ExcelJS's load gives (strings, numbers, dates by their number format,
 * booleans, errors; a covered cell of a merge blank), without loading ExcelJS's cell model. That
 * model was a quarter of a 10,000-row sync, and a sync that writes nothing into the plan sheet's
 * cells (the officer's edits sent, nothing come back) never needs it (cli/workbook-sync.ts).
 *
 * A sheet holding anything this reading does not resolve exactly as ExcelJS does (formulas,
 * hyperlinks, rich text, cells without an address, overlapping merges) gets null, and sync reads it
 * through ExcelJS as before. tests/cli/workbook-plan-grid.test.ts holds the two readings equal.
 */
import type { Cell } from '../core/grid-cell.js';
import { CONFLICT_ARGB, EARLIER_ARGB } from './workbook-marks.js';
import { REL, type SheetEntry, type WorkbookPackage } from './workbook-package.js';
import { sheetRowsOf } from './workbook-reader-copy.js';
import { sharedStringsOf, VALUE_TYPE } from './workbook-sheet-rows.js';
import type { SheetGrid } from './workbook-table.js';
import { attr, elements, parseAddress, unescapeXml } from './workbook-xml.js';

export interface PlanGrid extends SheetGrid {
  /**
   * Whether a cell in these rows and columns may carry an earlier sync's mark: it has a note, or a
   * format whose fill is a mark's colour. Erring towards yes only costs the full reading.
   */
  mayBeMarked(top: number, left: number, bottom: number, right: number): boolean;
}

const TYPE = VALUE_TYPE;

/** Excel has at most 16,384 columns. */
const keyOf = (row: number, column: number) => row * 16_384 + column;
/** A merge this large is not a plan's: left to ExcelJS rather than listing every cell it covers. */
const MAX_COVERED = 1_000_000;

export function readPlanGrid(pkg: WorkbookPackage, sheet: SheetEntry): PlanGrid | null {
  const xml = pkg.text(sheet.part);
  // ExcelJS makes a linked cell's value { text, hyperlink }: read by ExcelJS.
  if (/<hyperlink\b/.test(xml)) return null;
  const models = sheetRowsOf(xml);
  if (!models) return null;
  const covered = coveredCells(xml);
  if (!covered) return null;
  const formats = formatsOf(pkg);
  const strings = sharedStrings(pkg);
  const date1904 =
    attr(/<workbookPr\b[^>]*>/.exec(pkg.text(pkg.workbookPart))?.[0] ?? '', 'date1904') === '1';

  const rows = new Map<number, Cell[]>();
  const marked = new Set<number>();
  let rowCount = covered.bottom;
  for (const model of models) {
    const row = model.number;
    if (!Number.isInteger(row) || row < 1) return null;
    if (model.styleId && formats.marks.has(model.styleId)) return null;
    rowCount = Math.max(rowCount, row);
    // A later <row> of the same number replaces the earlier, as in ExcelJS.
    const values: Cell[] = [];
    rows.set(row, values);
    let previous = 0;
    for (const cell of model.cells) {
      // ExcelJS adds no cell for an empty <c/> without a format: it reads as nothing.
      if (cell.type === TYPE.Merge) continue;
      const column = cell.address === undefined ? previous + 1 : parseAddress(cell.address)?.column;
      if (column === undefined || column < 1 || (cell.address === undefined && previous === 0)) return null;
      previous = column;
      const style = cell.styleId ?? 0;
      if (style && formats.marks.has(style)) marked.add(keyOf(row, column));
      let value: Cell;
      switch (cell.type) {
        case TYPE.Null:
          value = null;
          break;
        case TYPE.String: {
          if (typeof cell.value !== 'number') {
            value = cell.value as string;
            break;
          }
          const text = strings?.(cell.value);
          if (text === undefined) return null;
          value = text;
          break;
        }
        case TYPE.Number:
          value =
            style && formats.dates.has(style)
              ? excelToDate(cell.value as number, date1904)
              : (cell.value as number);
          break;
        case TYPE.Boolean:
        case TYPE.Error:
          value = cell.value as Cell;
          break;
        default:
          return null;
      }
      values[column] = covered.cells.has(keyOf(row, column)) ? null : value;
    }
  }
  if (colStylesMark(xml, formats.marks)) return null;
  for (const ref of noteRefs(pkg, sheet.part)) marked.add(keyOf(ref.row, ref.column));

  return {
    name: sheet.name,
    rowCount,
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
  };
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

/** ExcelJS's built-in number formats that show a date or a time (lib/xlsx/defaultnumformats.js). */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** ExcelJS's utils.isDateFmt: a date or time character outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

/** By cell format index: those that make a number a date, and those whose fill is a mark's. */
function formatsOf(pkg: WorkbookPackage): { dates: Set<number>; marks: Set<number> } {
  const dates = new Set<number>();
  const marks = new Set<number>();
  const rel = pkg.relationships(pkg.workbookPart).find((r) => r.type === REL.styles);
  if (!rel?.part || !pkg.has(rel.part)) return { dates, marks };
  const xml = pkg.text(rel.part);
  const custom = new Map<number, string>();
  for (const { xml: format } of elements(listBody(xml, 'numFmts'), 'numFmt')) {
    const code = attr(format, 'formatCode');
    if (code !== null)
      custom.set(Number.parseInt(attr(format, 'numFmtId') ?? '', 10), code.replace(/\\(.)/g, '$1'));
  }
  const markFills = new Set<number>();
  elements(listBody(xml, 'fills'), 'fill').forEach(({ xml: fill }, index) => {
    const upper = fill.toUpperCase();
    if (upper.includes(CONFLICT_ARGB) || upper.includes(EARLIER_ARGB)) markFills.add(index);
  });
  elements(listBody(xml, 'cellXfs'), 'xf').forEach(({ xml: xf }, index) => {
    const tag = /^<[^>]*>/.exec(xf)?.[0] ?? xf;
    const numFmtId = Number.parseInt(attr(tag, 'numFmtId') ?? '', 10);
    if (numFmtId) {
      const code = custom.get(numFmtId);
      if (code === undefined ? BUILTIN_DATES.has(numFmtId) : isDateFormat(code)) dates.add(index);
    }
    if (markFills.has(Number.parseInt(attr(tag, 'fillId') ?? '', 10))) marks.add(index);
  });
  return { dates, marks };
}

function listBody(xml: string, list: string): string {
  return new RegExp(`<${list}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${list}>)`).exec(xml)?.[1] ?? '';
}

/** A column formatted with a mark's fill would give its empty cells that look in ExcelJS. */
function colStylesMark(xml: string, marks: ReadonlySet<number>): boolean {
  const cols = /<cols>([\s\S]*?)<\/cols>/.exec(xml)?.[1] ?? '';
  return elements(cols, 'col').some(({ xml: col }) => marks.has(Number(attr(col, 'style') ?? 0)));
}

/** Plain shared strings only: one with runs of its own (rich text) is read by ExcelJS. */
function sharedStrings(pkg: WorkbookPackage): ((index: number) => string | undefined) | null {
  const rel = pkg.relationships(pkg.workbookPart).find((r) => r.type === REL.sharedStrings);
  if (!rel?.part || !pkg.has(rel.part)) return null;
  const parsed = sharedStringsOf(pkg, rel.part);
  return parsed ? (index) => parsed.plain[index] : null;
}

/** Where the sheet's notes are (its comments part). */
function noteRefs(pkg: WorkbookPackage, sheetPart: string): { row: number; column: number }[] {
  const comments = pkg.relationships(sheetPart).find((r) => r.type === REL.comments)?.part;
  if (!comments || !pkg.has(comments)) return [];
  return elements(pkg.text(comments), 'comment').flatMap(({ xml }) => {
    const ref = parseAddress(unescapeXml(attr(xml, 'ref') ?? ''));
    return ref ? [ref] : [];
  });
}
