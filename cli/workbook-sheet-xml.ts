/**
 * A worksheet part edited in place: its rows are found by their tags and only the rows sync
 * changes are rebuilt; every other row, and everything around the sheet data (widths, merges,
 * conditional formats, validation, views, extensions), is kept as written. Removing rows moves
 * the rows below up, with the ranges that reach them, as Excel's "Delete row" does.
 */
import {
  address,
  attr,
  columnLetters,
  elements,
  escapeXml,
  openingTag,
  parseAddress,
  setAttr,
} from './workbook-xml.js';

export interface SheetRowXml {
  row: number;
  xml: string;
}

export class SheetXml {
  private head: string;
  private tail: string;
  private rows: SheetRowXml[];
  private byRow: Map<number, number> | null = null;

  private indexOf(row: number): number | undefined {
    this.byRow ??= new Map(this.rows.map((r, i) => [r.row, i]));
    return this.byRow.get(row);
  }

  constructor(xml: string) {
    const open = /<sheetData\b[^>]*?(\/?)>/.exec(xml);
    if (!open) throw new Error('the worksheet has no sheet data');
    const start = open.index + open[0].length;
    if (open[1] === '/') {
      this.head = `${xml.slice(0, open.index)}<sheetData>`;
      this.tail = `</sheetData>${xml.slice(start)}`;
      this.rows = [];
      return;
    }
    const end = xml.indexOf('</sheetData>', start);
    this.head = xml.slice(0, start);
    this.tail = xml.slice(end);
    let implicit = 0;
    this.rows = elements(xml.slice(start, end), 'row').map(({ xml: row }) => {
      const r = Number(attr(openingTag(row), 'r') ?? implicit + 1);
      implicit = r;
      return { row: r, xml: row };
    });
  }

  /** Removes sheet rows; rows below move up; returns where each old row went (null: removed). */
  removeRows(doomed: readonly number[]): (row: number) => number | null {
    const gone = [...new Set(doomed)].sort((a, b) => a - b);
    const moved = shiftOf(gone);
    const first = gone[0];
    if (first === undefined) return moved;
    this.head = shiftSheetRanges(this.head, moved);
    this.tail = shiftSheetRanges(this.tail, moved);
    this.byRow = null;
    this.rows = this.rows.flatMap(({ row, xml }) => {
      const to = moved(row);
      if (to === null) return [];
      if (row < first) return [{ row, xml }];
      return [{ row: to, xml: renumberRow(xml, to, moved) }];
    });
    return moved;
  }

  /** The cells of a row as written, by column. */
  cellsOf(row: number): Map<number, string> {
    const at = this.indexOf(row);
    const found = at === undefined ? undefined : this.rows[at];
    const cells = new Map<number, string>();
    if (!found) return cells;
    let implicit = 0;
    for (const { xml } of elements(found.xml, 'c')) {
      const ref = attr(openingTag(xml), 'r');
      const column = ref ? (parseAddress(ref)?.column ?? implicit + 1) : implicit + 1;
      implicit = column;
      cells.set(column, xml);
    }
    return cells;
  }

  /** Replaces cells of one row (null removes a cell), creating the row when it has none yet. */
  setCells(row: number, changes: Map<number, string | null>): void {
    if (changes.size === 0) return;
    const at = this.indexOf(row);
    const existing = at === undefined ? undefined : this.rows[at];
    const cells = this.cellsOf(row);
    for (const [column, xml] of changes) {
      if (xml === null) cells.delete(column);
      else cells.set(column, xml);
    }
    const body = [...cells.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, xml]) => xml)
      .join('');
    // The row's own attributes (height, hidden, its style) stay; spans is only a hint, and may now be wrong.
    const tag = existing
      ? setAttr(openingTag(existing.xml), 'spans', null).replace(/\/>$/, '>')
      : `<row r="${row}">`;
    const xml = `${tag}${body}</row>`;
    if (existing) {
      this.rows[at as number] = { row, xml };
      return;
    }
    const next = this.rows.findIndex((r) => r.row > row);
    if (next >= 0) this.rows.splice(next, 0, { row, xml });
    else this.rows.push({ row, xml });
    this.byRow = null;
  }

  /** Edits what comes after the sheet data (merges, formats, links, parts). */
  editTail(edit: (tail: string) => string): void {
    this.tail = edit(this.tail);
  }

  /** Edits what comes before the sheet data (views, column widths). */
  editHead(edit: (head: string) => string): void {
    this.head = edit(this.head);
  }

  toString(): string {
    return this.head + this.rows.map((r) => r.xml).join('') + this.tail;
  }
}

/** Where a row goes once rows are removed; null for a removed row. */
export function shiftOf(gone: readonly number[]): (row: number) => number | null {
  const sorted = [...gone].sort((a, b) => a - b);
  const doomed = new Set(sorted);
  return (row) => {
    if (doomed.has(row)) return null;
    let below = 0;
    for (const d of sorted) if (d < row) below++;
    return row - below;
  };
}

function renumberRow(xml: string, to: number, moved: (row: number) => number | null): string {
  const tag = openingTag(xml);
  const body = xml.slice(tag.length).replace(/(<c\b[^>]*?\sr=")([A-Z]+)\d+(")/g, `$1$2${to}$3`);
  // A shared formula's range moves with its cells.
  const shared = body.replace(
    /(<f\b[^>]*?\sref=")([^"]+)(")/g,
    (_, open: string, ref: string, close: string) => {
      const shifted = shiftRange(ref, moved);
      return `${open}${shifted ?? ref}${close}`;
    },
  );
  return setAttr(tag, 'r', String(to)) + shared;
}

/** A1 or A1:C9 after rows are removed: each end moves with its row, an end on a removed row moves inward. */
export function shiftRange(ref: string, moved: (row: number) => number | null): string | null {
  const [from, to = from] = ref.split(':');
  const start = parseAddress(from ?? '');
  const end = parseAddress(to ?? '');
  if (!start || !end) return ref; // whole columns (A:A) or rows: rows removed never empty them
  let top: number | null = null;
  for (let row = start.row; row <= end.row && top === null; row++) top = moved(row);
  let bottom: number | null = null;
  for (let row = end.row; row >= start.row && bottom === null; row--) bottom = moved(row);
  if (top === null || bottom === null) return null;
  const first = address(top, start.column);
  return ref.includes(':') ? `${first}:${address(bottom, end.column)}` : first;
}

/** A space-separated list of ranges (sqref) after rows are removed; null when none is left. */
export function shiftRanges(refs: string, moved: (row: number) => number | null): string | null {
  const kept = refs
    .trim()
    .split(/\s+/)
    .flatMap((ref) => shiftRange(ref, moved) ?? []);
  return kept.length > 0 ? kept.join(' ') : null;
}

/**
 * The ranges outside the sheet data that name rows: merges, conditional formats, validation,
 * hyperlinks, the selection, x14 extensions (sparklines, their formats and validation).
 */
export function shiftSheetRanges(xml: string, moved: (row: number) => number | null): string {
  let result = xml.replace(/<mergeCell\b[^>]*?\/>/g, (tag) => {
    const ref = attr(tag, 'ref');
    const shifted = ref ? shiftRange(ref, moved) : null;
    return shifted ? setAttr(tag, 'ref', shifted) : '';
  });
  result = result.replace(
    /(<(?:conditionalFormatting|dataValidation|selection|protectedRange)\b[^>]*?\ssqref=")([^"]*)(")/g,
    (all, open: string, refs: string, close: string) => {
      const shifted = shiftRanges(refs, moved);
      return shifted ? `${open}${shifted}${close}` : all;
    },
  );
  result = result.replace(
    /(<(?:hyperlink|selection)\b[^>]*?\s(?:ref|activeCell)=")([^"]*)(")/g,
    (all, open: string, ref: string, close: string) => {
      const shifted = shiftRange(ref, moved);
      return shifted ? `${open}${shifted}${close}` : all;
    },
  );
  result = result.replace(
    /(<xm:sqref>)([^<]*)(<\/xm:sqref>)/g,
    (all, open: string, refs: string, close: string) => {
      const shifted = shiftRanges(refs, moved);
      return shifted ? `${open}${shifted}${close}` : all;
    },
  );
  return result.replace(/(<mergeCells\b[^>]*?\scount=")\d+(")/, (_, open: string, close: string) => {
    const count = (result.match(/<mergeCell\b/g) ?? []).length;
    return `${open}${count}${close}`;
  });
}

/** The `<mergeCells>` element for a list of ranges (none: no element). */
export function mergeCellsXml(ranges: readonly string[]): string {
  if (ranges.length === 0) return '';
  return `<mergeCells count="${ranges.length}">${ranges.map((r) => `<mergeCell ref="${escapeXml(r)}"/>`).join('')}</mergeCells>`;
}

export const rangeRef = (top: number, left: number, bottom: number, right: number) =>
  top === bottom && left === right
    ? address(top, left)
    : `${columnLetters(left)}${top}:${columnLetters(right)}${bottom}`;
