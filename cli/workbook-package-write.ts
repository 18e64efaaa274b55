/**
 * Carries a sync's outcome into the workbook's own package. ExcelJS holds the sheet as sync read
 * and wrote it; what changed in the plan table (values, the Id column, the marks' notes and fills)
 * is found by comparing its cells with how they were read, and only that is written into the
 * original worksheet part, with the styles, notes, table and sync sheets it needs. Every other
 * part of the workbook is carried over byte for byte.
 */
import type ExcelJS from 'exceljs';
import { editNotes, type NoteChange } from './workbook-notes-xml.js';
import { insertBeforeClose, REL, type SheetEntry, type WorkbookPackage } from './workbook-package.js';
import { mergeCellsXml, SheetXml, shiftOf, shiftRange } from './workbook-sheet-xml.js';
import { StylesXml, styleIndexOf } from './workbook-styles-xml.js';
import type { PlainWrite } from './workbook-write.js';
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

/** What sync compares in a cell: its value, its note's text, its fill and number format. */
interface CellLook {
  value: ValueKey;
  note: string;
  fill: string;
  numFmt: string;
}

/**
 * A cell's value as compared: a string as it is (nearly every cell of a plan), any other value as
 * its JSON. Values were compared as JSON, and a JSON copy of every string in the table, before and
 * after, was most of the save's time and garbage.
 */
type ValueKey = string | { json: string };
const NULL_VALUE: ValueKey = { json: 'null' };

export function valueKeyOf(value: unknown): ValueKey {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return NULL_VALUE;
  return { json: JSON.stringify(value) };
}

/** Whether two values' JSON is the same text (a string and a date can be), as before. */
export function sameValue(a: ValueKey, b: ValueKey): boolean {
  if (typeof a === 'string') return typeof b === 'string' ? a === b : JSON.stringify(a) === b.json;
  return typeof b === 'string' ? a.json === JSON.stringify(b) : a.json === b.json;
}

const EMPTY: CellLook = { value: NULL_VALUE, note: '', fill: '', numFmt: '' };

export interface Region {
  headerRow: number;
  firstColumn: number;
  lastColumn: number;
  idColumn: number;
}

/** The plan table as read, before sync writes anything into it. */
export interface TableBefore {
  region: Region;
  lastRow: number;
  /** By lookKey: a number, not an A1 address, since every cell of the table is looked up. */
  looks: Map<number, CellLook>;
  merges: string[];
  idHidden: boolean;
}

/** Excel has at most 16,384 columns. */
const lookKey = (row: number, column: number) => row * 16_384 + column;

export function tableBefore(worksheet: ExcelJS.Worksheet, region: Region, lastRow: number): TableBefore {
  const looks = new Map<number, CellLook>();
  for (let row = region.headerRow; row <= lastRow; row++) {
    const found = worksheet.findRow(row);
    if (!found) continue;
    for (let column = region.firstColumn; column <= region.lastColumn; column++) {
      const look = lookOf(found.findCell(column));
      if (!sameLook(look, EMPTY)) looks.set(lookKey(row, column), look);
    }
  }
  return {
    region,
    lastRow,
    looks,
    merges: mergesOf(worksheet),
    idHidden: worksheet.getColumn(region.idColumn).hidden,
  };
}

export interface PlanSheetWrite {
  entry: SheetEntry;
  /** The sheet as sync left it in ExcelJS; null when it was read from its XML and `plain` says what changed. */
  worksheet: ExcelJS.Worksheet | null;
  /** With no worksheet: the values sync put into plain cells (cli/workbook-write.ts `plainWrites`). */
  plain?: readonly PlainWrite[];
  before: TableBefore;
  /** Sheet rows (as read) that sync removed. */
  removedRows: readonly number[];
  /** The last row of the table after the write. */
  lastRow: number;
}

export function writePlanSheet(pkg: WorkbookPackage, write: PlanSheetWrite, styles: StylesXml): void {
  const { entry, worksheet, before, removedRows } = write;
  const { region } = before;
  const sheet = new SheetXml(pkg.text(entry.part));
  const moved = shiftOf(removedRows);
  if (removedRows.length > 0) sheet.removeRows(removedRows);

  const originOf = new Map<number, number>();
  for (let row = region.headerRow; row <= before.lastRow; row++) {
    const to = moved(row);
    if (to !== null) originOf.set(to, row);
  }
  const lastSurvivor = Math.max(region.headerRow, ...originOf.keys());
  const last = Math.max(write.lastRow, lastSurvivor);
  const notes =
    worksheet === null
      ? writePlainCells(sheet, write.plain ?? [], styles)
      : writeCells(sheet, worksheet, { before, styles, originOf, lastSurvivor, last });
  if (worksheet !== null) {
    const mergesNow = mergesOf(worksheet);
    const mergesShifted = before.merges.flatMap((ref) => shiftRange(ref, moved) ?? []);
    if (!sameSet(mergesNow, mergesShifted)) sheet.editTail((tail) => withMerges(tail, mergesNow));
    if (worksheet.getColumn(region.idColumn).hidden && !before.idHidden)
      sheet.editHead((head) => withHiddenColumn(head, region.idColumn));
  }
  sheet.editHead((head) => withDimension(head, last, region.lastColumn));
  sheet.editTail((tail) => editNotes(pkg, entry.part, tail, removedRows.length > 0 ? moved : null, notes));
  if (notes.length > 0) sheet.editHead(withRelationshipsNamespace);
  fitTables(pkg, entry.part, region, write.lastRow);
  pkg.set(entry.part, sheet.toString());
}

interface CellsWrite {
  before: TableBefore;
  styles: StylesXml;
  /** By sheet row after the write, the row it was read from. */
  originOf: Map<number, number>;
  lastSurvivor: number;
  last: number;
}

/** The table's cells that sync changed, into the sheet XML; returns the notes to change. */
function writeCells(sheet: SheetXml, worksheet: ExcelJS.Worksheet, write: CellsWrite): NoteChange[] {
  const { before, styles, originOf, lastSurvivor, last } = write;
  const { region } = before;
  const lookBefore = (row: number, column: number) => {
    const origin = originOf.get(row);
    return origin === undefined ? EMPTY : (before.looks.get(lookKey(origin, column)) ?? EMPTY);
  };
  const templateRow = lastSurvivor > region.headerRow ? lastSurvivor : null;
  const templateCells = templateRow === null ? new Map<number, string>() : sheet.cellsOf(templateRow);
  const notes: NoteChange[] = [];
  for (let row = region.headerRow; row <= last; row++) {
    const isNew = !originOf.has(row);
    const changed: number[] = [];
    for (let column = region.firstColumn; column <= region.lastColumn; column++) {
      const now = lookOf(worksheet.findCell(row, column));
      const was = lookBefore(row, column);
      if (now.note !== was.note) notes.push({ row, column, text: now.note === '' ? null : now.note });
      // A new row's cells all take the table's look, blank ones too, as they do in Excel.
      if (isNew || !sameLookButNote(now, was)) changed.push(column);
    }
    if (changed.length === 0) continue;
    const cells = sheet.cellsOf(row);
    const changes = new Map<number, string | null>();
    for (const column of changed) {
      const now = lookOf(worksheet.findCell(row, column));
      const was = lookBefore(row, column);
      const existing = cells.get(column);
      const fromTemplate = isNew && templateRow !== null;
      const styleSource = fromTemplate
        ? templateCells.get(column)
        : row === region.headerRow && styleIndexOf(existing) === 0 && column > region.firstColumn
          ? (cells.get(column - 1) ?? existing)
          : existing;
      const look = fromTemplate ? lookBefore(templateRow, column) : was;
      let style = styleIndexOf(styleSource);
      const fillChanged = now.fill !== look.fill;
      const toDate = now.numFmt !== look.numFmt && now.numFmt !== '';
      if (fillChanged || toDate) {
        const cell = worksheet.findCell(row, column);
        style = styles.variant(style, {
          ...(fillChanged ? { fill: cell?.fill?.type ? cell.fill : null } : {}),
          ...(toDate ? { shortDate: true } : {}),
        });
      }
      const keep = !isNew && sameValue(now.value, was.value);
      const value = keep ? null : (worksheet.findCell(row, column)?.value ?? null);
      changes.set(column, cellXml(row, column, style, existing, keep, value));
    }
    sheet.setCells(row, changes);
  }

  return notes;
}

/**
 * Values put into plain cells of a sheet read from its XML, written as `writeCells` writes them:
 * a cell whose value and format stay the same is left as it is, and the cell keeps its format (with
 * the short date when a date goes into a cell with none). No note changes.
 */
function writePlainCells(sheet: SheetXml, writes: readonly PlainWrite[], styles: StylesXml): NoteChange[] {
  const byRow = new Map<number, PlainWrite[]>();
  for (const write of writes) byRow.set(write.row, [...(byRow.get(write.row) ?? []), write]);
  for (const [row, inRow] of byRow) {
    const cells = sheet.cellsOf(row);
    const changes = new Map<number, string | null>();
    for (const { column, value, was, shortDate } of inRow) {
      const keep = sameValue(valueKeyOf(value), valueKeyOf(was));
      if (keep && !shortDate) continue;
      const existing = cells.get(column);
      const style = styleIndexOf(existing);
      changes.set(
        column,
        cellXml(row, column, shortDate ? styles.variant(style, { shortDate }) : style, existing, keep, value),
      );
    }
    sheet.setCells(row, changes);
  }
  return [];
}

function lookOf(cell: ExcelJS.Cell | undefined): CellLook {
  if (!cell) return EMPTY;
  const covered = cell.isMerged && cell.master.address !== cell.address;
  const fill = cell.fill?.type ? fillText(cell.fill) : '';
  return {
    value: covered ? NULL_VALUE : valueKeyOf(cell.value),
    note: noteText(cell.note),
    fill,
    numFmt: cell.numFmt ?? '',
  };
}

/**
 * A fill as compared, made once per fill: cells read with one style share its fill, and sync never
 * changes a fill in place (a mark gives the cell a new style, cli/workbook-marks.ts).
 */
const fillTexts = new WeakMap<ExcelJS.Fill, string>();
function fillText(fill: ExcelJS.Fill): string {
  let text = fillTexts.get(fill);
  if (text === undefined) {
    text = JSON.stringify(fill);
    fillTexts.set(fill, text);
  }
  return text;
}

function noteText(note: ExcelJS.Cell['note'] | undefined): string {
  if (!note) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((run) => run.text).join('');
}

const sameLookButNote = (a: CellLook, b: CellLook) =>
  sameValue(a.value, b.value) && a.fill === b.fill && a.numFmt === b.numFmt;
const sameLook = (a: CellLook, b: CellLook) => a.note === b.note && sameLookButNote(a, b);

function mergesOf(worksheet: ExcelJS.Worksheet): string[] {
  const merges = (worksheet as unknown as { _merges: Record<string, { range: string }> })._merges ?? {};
  return Object.values(merges).map((m) => m.range);
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Excel counts days from 30 December 1899 (the 1900 system every Windows workbook uses). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function cellXml(
  row: number,
  column: number,
  style: number,
  existing: string | undefined,
  keepContent: boolean,
  value: ExcelJS.CellValue,
): string | null {
  const ref = address(row, column);
  const s = style === 0 ? '' : ` s="${style}"`;
  if (keepContent && existing) {
    const tag = openingTag(existing);
    return setAttr(tag, 's', style === 0 ? null : String(style)) + existing.slice(tag.length);
  }
  if (value === null || value === undefined || value === '') return s ? `<c r="${ref}"${s}/>` : null;
  if (value instanceof Date)
    return `<c r="${ref}"${s}><v>${(value.getTime() - EXCEL_EPOCH) / 86_400_000}</v></c>`;
  if (typeof value === 'number') return `<c r="${ref}"${s}><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

const AFTER_MERGES =
  /<(phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b/;

function withMerges(tail: string, ranges: readonly string[]): string {
  const element = mergeCellsXml(ranges);
  const existing = /<mergeCells\b[^>]*?(?:\/>|>[\s\S]*?<\/mergeCells>)/.exec(tail);
  if (existing) return tail.replace(existing[0], element);
  const later = AFTER_MERGES.exec(tail);
  const at = later ? later.index : tail.lastIndexOf('</worksheet>');
  return tail.slice(0, at) + element + tail.slice(at);
}

/** The Id column hidden, splitting a `<col>` that spans it so its neighbours keep their widths. */
function withHiddenColumn(head: string, column: number): string {
  const cols = /<cols>([\s\S]*?)<\/cols>/.exec(head);
  const own = `<col min="${column}" max="${column}" width="9" hidden="1" customWidth="1"/>`;
  if (!cols) return head.replace(/<sheetData\b/, `<cols>${own}</cols><sheetData`);
  const list = elements(cols[1] ?? '', 'col').map((c) => c.xml);
  const out: string[] = [];
  let placed = false;
  for (const col of list) {
    const min = Number(attr(col, 'min'));
    const max = Number(attr(col, 'max'));
    if (column < min || column > max) {
      if (!placed && min > column) {
        out.push(own);
        placed = true;
      }
      out.push(col);
      continue;
    }
    if (min < column) out.push(setAttr(col, 'max', String(column - 1)));
    out.push(setAttr(setAttr(setAttr(col, 'min', String(column)), 'max', String(column)), 'hidden', '1'));
    if (max > column) out.push(setAttr(col, 'min', String(column + 1)));
    placed = true;
  }
  if (!placed) out.push(own);
  return head.replace(cols[0], `<cols>${out.join('')}</cols>`);
}

function withDimension(head: string, lastRow: number, lastColumn: number): string {
  return head.replace(/<dimension\b[^>]*?\/>/, (tag) => {
    const [from, to] = (attr(tag, 'ref') ?? 'A1').split(':');
    const end = parseAddress(to ?? from ?? 'A1');
    if (!end || (end.row >= lastRow && end.column >= lastColumn)) return tag;
    return setAttr(
      tag,
      'ref',
      `${from}:${columnLetters(Math.max(end.column, lastColumn))}${Math.max(end.row, lastRow)}`,
    );
  });
}

function withRelationshipsNamespace(head: string): string {
  const root = /<worksheet\b[^>]*>/.exec(head)?.[0];
  if (!root || /\sxmlns:r=/.test(root)) return head;
  return head.replace(
    root,
    setAttr(root, 'xmlns:r', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'),
  );
}

/** The sheet's own table (ListObject) whose headings are the plan's grows or shrinks to its rows. */
function fitTables(pkg: WorkbookPackage, sheetPart: string, region: Region, lastRow: number): void {
  for (const rel of pkg.relationships(sheetPart)) {
    if (rel.type !== REL.table || !rel.part || !pkg.has(rel.part)) continue;
    const xml = pkg.text(rel.part);
    const tag = /<table\b[^>]*>/.exec(xml)?.[0];
    const [from, to] = (attr(tag ?? '', 'ref') ?? '').split(':');
    const start = parseAddress(from ?? '');
    const end = parseAddress(to ?? '');
    if (!tag || !start || !end || start.row !== region.headerRow) continue;
    const bottom = Math.max(lastRow, region.headerRow + 1);
    if (end.row === bottom) continue;
    const ref = `${from}:${columnLetters(end.column)}${bottom}`;
    let updated = xml.replace(tag, setAttr(tag, 'ref', ref));
    updated = updated.replace(/<autoFilter\b[^>]*?ref="[^"]*"/, (filter) => setAttr(filter, 'ref', ref));
    pkg.set(rel.part, updated);
  }
}

/** A sheet only sync reads (its base, its record of marks), written whole, very hidden. */
export function writeOwnSheet(
  pkg: WorkbookPackage,
  name: string,
  rows: readonly (readonly unknown[])[],
): void {
  const body = rows
    .map((values, index) => {
      const row = index + 1;
      const cells = values
        .map((value, column) => {
          if (value === null || value === undefined || value === '') return '';
          const text = escapeXml(String(value));
          return `<c r="${address(row, column + 1)}" t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`;
        })
        .join('');
      return cells ? `<row r="${row}">${cells}</row>` : '';
    })
    .join('');
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>${body}</sheetData></worksheet>`;
  const existing = pkg.sheets().find((s) => s.name === name && s.isWorksheet);
  if (existing) {
    pkg.set(existing.part, xml);
    return;
  }
  const workbook = pkg.workbookPart;
  const part = pkg.freeName('xl/worksheets/sheet', '.xml');
  pkg.set(part, xml);
  pkg.declare(part, 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml');
  const id = pkg.addRelationship(workbook, REL.worksheet, part);
  const text = pkg.text(workbook);
  const prefix =
    /xmlns:(\w+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.exec(
      text,
    )?.[1] ?? null;
  const sheetId = Math.max(0, ...pkg.sheets().map((s) => s.sheetId)) + 1;
  const relAttr = prefix ? `${prefix}:id` : 'r:id';
  const sheetXml = `<sheet name="${escapeXml(name)}" sheetId="${sheetId}" state="veryHidden" ${relAttr}="${id}"/>`;
  let updated = insertBeforeClose(text, 'sheets', sheetXml);
  if (!prefix) {
    updated = updated.replace(/<workbook\b[^>]*>/, (root) =>
      setAttr(root, 'xmlns:r', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'),
    );
  }
  pkg.set(workbook, updated);
}

export function writeStyles(pkg: WorkbookPackage, styles: StylesXml): void {
  if (!styles.changed) return;
  const rel = pkg.relationships(pkg.workbookPart).find((r) => r.type === REL.styles);
  if (rel?.part) pkg.set(rel.part, styles.toString());
}

export function stylesOf(pkg: WorkbookPackage): StylesXml {
  const rel = pkg.relationships(pkg.workbookPart).find((r) => r.type === REL.styles);
  return new StylesXml(rel?.part && pkg.has(rel.part) ? pkg.text(rel.part) : '<styleSheet/>');
}

export const firstLetters = (ref: string) => ref.replace(/\d+$/, '');
