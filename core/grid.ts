/**
 * Reads a council's action-plan sheet (the familiar theme / proposed action / recommendation /
 * directorate / timescale grid, or any other layout a council uses) into actions. The same reader
 * serves the CLI (ExcelJS values) and the Excel add-in (Office.js values), so both see a sheet the
 * same way. A sheet may hold several tables: each is found, mapped and reported; only plan tables
 * give actions, and every other non-blank row is listed with the reason it was not taken.
 */
import { BLANK_CELL, type Cell, type CellReading, columnLetter, readCell } from './grid-cell.js';
import { shownDate } from './grid-format.js';
import {
  findHeaderRow,
  HEADER_SEARCH_ROWS,
  isHeaderRow,
  looksLikeHeadings,
  NO_HEADER_EXPECTATION,
  roleOfHeading,
} from './grid-header.js';
import { type ColumnMap, isPeriod } from './grid-mapping.js';
import { RecommendationList } from './grid-recommendations.js';
import { type CarryDown, cellsOf, newSection, readActionRow } from './grid-row.js';
import { isRepeatedHeader, isThemeHeading, sectionLead } from './grid-sections.js';
import { readStatus } from './grid-status.js';
import { isFilled, readTable, type Table } from './grid-table.js';
import { GridError, type GridReading, type TableReport } from './grid-types.js';
import { readRecommendationRef } from './recommendation-ref.js';
import { readTimescale } from './timescale.js';

export type { Cell } from './grid-cell.js';
export type { ColumnRole } from './grid-header.js';
export type { ColumnMap, ColumnMapping } from './grid-mapping.js';
export {
  GridError,
  type GridReading,
  type GridWarning,
  type ReadAction,
  type ReadRecommendation,
  type SkippedRow,
  type TableReport,
} from './grid-types.js';

export interface ReadGridOptions {
  /** The sheet's name, for messages. */
  sheet?: string;
  /** Each cell's display format (ExcelJS `numFmt`, Office.js `numberFormat`), row by row. */
  formats?: readonly (readonly (string | null | undefined)[] | null | undefined)[];
  /** Merged ranges as Excel writes them: "A5:F5". A row merged across the table heads the rows below. */
  merges?: readonly string[];
  /** The officer's mapping: heading (or column letter) -> role. */
  map?: ColumnMap;
}

export function readGrid(cells: Cell[][], options: ReadGridOptions = {}): GridReading {
  const where = options.sheet ? `sheet "${options.sheet}"` : 'the sheet';
  const rows = readRows(cells, options.formats);
  if (!rows.some((row) => row.some(isFilled))) {
    throw new GridError(`${where} is empty: ${NO_HEADER_EXPECTATION}`);
  }
  const reading = readSheet(rows, options, new RecommendationList());
  if (!reading) {
    throw new GridError(
      `no header row found in ${where}: ${NO_HEADER_EXPECTATION} within the first ${HEADER_SEARCH_ROWS} rows`,
    );
  }
  return reading;
}

/** Every table of one sheet, or null when none is a plan. Recommendations are shared across sheets. */
export function readSheet(
  rows: CellReading[][],
  options: ReadGridOptions,
  recommendations: RecommendationList,
): GridReading | null {
  const texts = rows.map((row) => row.map((cell) => cell.text));
  const first = findHeaderRow(texts);
  if (first === null) return null;
  const reading: GridReading = {
    headerRow: first + 1,
    columns: {},
    recommendations: [],
    actions: [],
    warnings: [],
    tables: [],
    skipped: [],
  };
  const merges = (options.merges ?? []).map(readRange).filter((m): m is Range => m !== null);
  let lead = leadAbove(rows, 0, first, reading);
  let header: number | null = first;
  while (header !== null) {
    const { last, next } = tableExtent(rows, texts, header);
    const table = readTable(rows, header, last, options.map);
    // A table is a plan when its headings say so, or the officer mapped a column to its actions.
    const plan = isHeaderRow(texts[header] ?? []) || hasSubject(table);
    if (plan && reading.tables.every((t) => !t.plan)) {
      reading.headerRow = header + 1;
      reading.columns = Object.fromEntries(table.columns.map((column) => [column.key, column.role]));
    }
    const before = reading.actions.length;
    if (header !== first) warnProblems(rows[header] ?? [], header, reading);
    if (plan) readPlanRows(rows, table, newSection(lead), merges, recommendations, reading);
    else skipOtherTable(rows, table, reading);
    reading.tables.push(report(options.sheet ?? null, table, plan, reading.actions.length - before));
    lead = next === null ? '' : leadAbove(rows, last + 1, next, reading, header);
    header = next;
  }
  if (reading.tables.every((t) => !t.plan)) return null;
  reading.recommendations = recommendations.list();
  return reading;
}

function hasSubject(table: Table): boolean {
  return table.mapping.some(
    (m) => m.confidence === 1 && (m.role === 'action' || m.role === 'detail' || m.role === 'recommendation'),
  );
}

/**
 * Where a table ends: at a blank row followed by the headings of another table (or by a title
 * and then headings). The header written again under a section is the same table.
 */
function tableExtent(
  rows: readonly CellReading[][],
  texts: readonly string[][],
  header: number,
): { last: number; next: number | null } {
  const headerRow = rows[header] ?? [];
  // Where this table keeps its dates and statuses: a row with a date or a RAG word there is data.
  const dated = (texts[header] ?? []).flatMap((text, column) => {
    const role = roleOfHeading(text);
    return role === 'timescale' || role === 'status' ? [column] : [];
  });
  const startsTable = (index: number) => {
    const row = rows[index] ?? [];
    if (isRepeatedHeader(row, headerRow)) return false;
    const headings = isHeaderRow(texts[index] ?? []) || looksLikeHeadings(texts[index] ?? []);
    return (
      headings &&
      !row.some((cell) => cell?.number !== null && cell?.number !== undefined) &&
      !dated.some((column) => readsAsData(row[column]))
    );
  };
  let last = header;
  let afterBlank = false;
  for (let index = header + 1; index < rows.length; index++) {
    const row = rows[index] ?? [];
    if (!row.some(isFilled)) {
      afterBlank = true;
      continue;
    }
    if (afterBlank && startsTable(index)) return { last, next: index };
    if (afterBlank && row.filter(isFilled).length === 1) {
      const below = nextFilled(rows, index + 1);
      if (below !== null && below - index <= 2 && startsTable(below)) return { last, next: below };
    }
    afterBlank = false;
    last = index;
  }
  return { last, next: null };
}

function readsAsData(cell: CellReading | undefined): boolean {
  if (!cell || cell.text === '') return false;
  if (cell.number !== null || readStatus(cell.text) !== null || isPeriod(cell)) return true;
  return readTimescale(cell.text).status !== undefined;
}

function nextFilled(rows: readonly CellReading[][], from: number): number | null {
  for (let index = from; index < rows.length; index++) if ((rows[index] ?? []).some(isFilled)) return index;
  return null;
}

/** The data rows of a plan table as actions; section rows, titles and blank rows organise them. */
function readPlanRows(
  rows: readonly CellReading[][],
  table: Table,
  start: CarryDown,
  merges: readonly Range[],
  recommendations: RecommendationList,
  reading: GridReading,
): void {
  let carry = start;
  const above = new Map<number, CellReading>();
  for (let index = table.headerIndex + 1; index <= table.lastIndex; index++) {
    const sheetRow = index + 1;
    const warn = (message: string, column: string | null = null) =>
      reading.warnings.push({ row: sheetRow, column, message });
    const row = withDittos(rows[index] ?? [], table, above, warn);
    if (!row.some(isFilled)) continue;
    if (isRepeatedHeader(row, rows[table.headerIndex] ?? [])) continue;

    const section = readSectionRow(row, table, merges, index);
    if (section?.kind === 'lead') {
      carry = newSection(section.lead);
      warn(sectionMessage(section.text, section.lead));
      continue;
    }
    if (section?.kind === 'theme') {
      carry = newSection(carry.sectionLead, section.text);
      warn(
        `read "${section.text}" as a theme heading for the rows below (fill in its other columns if it is an action)`,
      );
      continue;
    }
    if (section?.kind === 'recommendation') {
      const { numbers, differing } = numberRecommendation(section.text, recommendations);
      carry = { ...newSection(carry.sectionLead, carry.theme), recommendations: numbers };
      // The register keeps the first words for a number; other words have only this warning, whole.
      const reworded =
        differing.length > 0
          ? `; recommendation ${differing.join(', ')} is worded differently from an earlier row, whose words are the recommendation's text, so these are kept here as written`
          : '';
      warn(
        `read "${reworded ? section.text : shortened(section.text)}" as recommendation ${numbers.join(', ')}, written across the table: the rows below answer it${reworded}`,
      );
      continue;
    }

    const { actions, warnings, skipped } = readActionRow(row, sheetRow, table, carry, recommendations);
    reading.actions.push(...actions);
    reading.warnings.push(...warnings);
    if (skipped) reading.skipped.push(skipped);
  }
}

/** "Recommendation 1: …" keeps its number; words written across the table with none get the next. */
function numberRecommendation(
  text: string,
  recommendations: RecommendationList,
): { numbers: string[]; differing: string[] } {
  const ref = readRecommendationRef(text);
  if (ref.numbers.length === 0) return { numbers: [recommendations.addUnnumbered(text)], differing: [] };
  return { numbers: ref.numbers, differing: recommendations.add(ref) };
}

/** A table that is not a plan (indicators, a budget): its rows are listed, none is an action. */
function skipOtherTable(rows: readonly CellReading[][], table: Table, reading: GridReading): void {
  const headings = table.columns.map((c) => `"${c.key}"`).join(', ');
  const reason = `in the table headed ${headings} on row ${table.headerIndex + 1}, which is not an action plan (no column of actions), so it was not read`;
  for (let index = table.headerIndex + 1; index <= table.lastIndex; index++) {
    const row = rows[index] ?? [];
    if (!row.some(isFilled)) continue;
    reading.skipped.push({ row: index + 1, reason, cells: cellsOf(row, table) });
    for (const column of table.columns) {
      const problem = row[column.index]?.problem;
      if (problem) reading.warnings.push({ row: index + 1, column: column.key, message: problem });
    }
  }
}

/** A cell outside any table's columns (a heading, a title between tables) showing an error. */
function warnProblems(row: readonly CellReading[], index: number, reading: GridReading): void {
  row.forEach((cell, column) => {
    if (cell?.problem)
      reading.warnings.push({
        row: index + 1,
        column: `Column ${columnLetter(column)}`,
        message: cell.problem,
      });
  });
}

function report(sheet: string | null, table: Table, plan: boolean, actions: number): TableReport {
  const first = table.columns[0]?.index ?? 0;
  const lastColumn = table.columns[table.columns.length - 1]?.index ?? first;
  return {
    sheet,
    range: `${columnLetter(first)}${table.headerIndex + 1}:${columnLetter(lastColumn)}${table.lastIndex + 1}`,
    headerRow: table.headerIndex + 1,
    plan,
    columns: table.mapping,
    actions,
  };
}

/**
 * "SRO: Laura Sales" written above a header leads the first section; other titles between two
 * tables are listed as skipped, so nothing goes unmentioned.
 */
function leadAbove(
  rows: readonly CellReading[][],
  from: number,
  to: number,
  reading: GridReading,
  previousHeader: number | null = null,
): string {
  let lead = '';
  for (let index = from; index < to; index++) {
    const filled = (rows[index] ?? []).filter(isFilled);
    if (filled.length === 0) continue;
    const name = filled.length === 1 ? sectionLead(filled[0]?.text ?? '') : null;
    if (name) {
      lead = name;
      reading.warnings.push({
        row: index + 1,
        column: null,
        message: sectionMessage(filled[0]?.text ?? '', name),
      });
    } else if (previousHeader !== null) {
      const cells = Object.fromEntries(
        (rows[index] ?? []).flatMap((cell, column) =>
          cell?.text ? [[`Column ${columnLetter(column)}`, cell.text] as const] : [],
        ),
      );
      reading.skipped.push({ row: index + 1, reason: `a title above the table on row ${to + 1}`, cells });
      // An error value has no text to list: the warning is where the officer learns of it.
      warnProblems(rows[index] ?? [], index, reading);
    }
  }
  return lead;
}

/** Section rows are not actions, so each says how it was read: nothing is skipped silently. */
function sectionMessage(text: string, lead: string): string {
  return `read "${text}" as a section heading: ${lead} leads the rows below`;
}

type SectionRow =
  | { kind: 'lead'; text: string; lead: string }
  | { kind: 'theme'; text: string }
  | { kind: 'recommendation'; text: string };

/** Written across the table: "Recommendation 1: …" or "3.1.17 …" at the start of a row, alone. */
const WRITTEN_REFERENCE =
  /^[\s•●▪◦·\-*–]*(?:(?:peer\s+challenge\s+)?(?:recommendations?|recs?\.?)\s*\d|\d{1,3}\.\d{1,3})/i;

/**
 * A row with one filled cell across the table: "SRO: Laura Sales", a recommendation written
 * across merged cells above its actions, or a theme heading.
 */
function readSectionRow(
  row: readonly CellReading[],
  table: Table,
  merges: readonly Range[],
  index: number,
): SectionRow | null {
  const filled = table.columns.filter((column) => isFilled(row[column.index]));
  const [column] = filled;
  const text = column ? (row[column.index]?.text ?? '') : '';
  if (filled.length !== 1 || !column || text === '') return null;
  const lead = sectionLead(text);
  if (lead) return { kind: 'lead', text, lead };
  const inOwnColumn = column.role === 'recommendation' || column.role === 'reference';
  const wide = table.columns.length >= 2 && spansTable(merges, index, column.index, table);
  if (!inOwnColumn && (wide || (WRITTEN_REFERENCE.test(text) && column.index === table.firstColumn))) {
    const ref = readRecommendationRef(text);
    if (ref.numbers.length > 0 || isSentence(text)) return { kind: 'recommendation', text };
    if (wide && column.role !== 'theme') return { kind: 'theme', text };
  }
  return isThemeHeading(table, column, text) ? { kind: 'theme', text } : null;
}

function isSentence(text: string): boolean {
  return text.length > 60 || /[.]$/.test(text) || text.split(/\s+/).length >= 8;
}

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function readRange(address: string): Range | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/i.exec(address.trim());
  if (!match) return null;
  const column = (letters: string) =>
    [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const left = column(match[1] ?? 'A');
  const top = Number(match[2]) - 1;
  return {
    top,
    left,
    bottom: match[4] ? Number(match[4]) - 1 : top,
    right: match[3] ? column(match[3]) : left,
  };
}

/** The cell is merged across at least two of the table's columns. */
function spansTable(merges: readonly Range[], row: number, column: number, table: Table): boolean {
  const merge = merges.find((m) => m.top <= row && row <= m.bottom && m.left === column);
  if (!merge) return false;
  return table.columns.filter((c) => merge.left <= c.index && c.index <= merge.right).length >= 2;
}

const DITTO = /^(?:ditto|〃|″|"|''|“”|as above|same as above|as per above)$/i;

/** "ditto", 〃 or "as above" means the cell above: the officer sees the same value there. */
function withDittos(
  row: readonly CellReading[],
  table: Table,
  above: Map<number, CellReading>,
  warn: (message: string, column: string | null) => void,
): CellReading[] {
  const resolved = [...row];
  for (const column of table.columns) {
    const cell = row[column.index];
    if (!cell || !isFilled(cell)) continue;
    const previous = above.get(column.index);
    if (DITTO.test(cell.text) && previous) {
      resolved[column.index] = previous;
      warn(`read "${cell.text}" as "${shortened(previous.text)}", the cell above`, column.key);
      continue;
    }
    if (DITTO.test(cell.text)) {
      // Taken as written, a lone 〃 became a value of its own (a reference numbered "〃") that
      // the marks below repeated, setting aside the words beside them as a rewording.
      resolved[column.index] = BLANK_CELL;
      warn(
        `"${cell.text}" means the cell above, but nothing is above it in this table: read as blank`,
        column.key,
      );
      continue;
    }
    above.set(column.index, cell);
  }
  return resolved;
}

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
}

/**
 * Dense rows of readings: sparse arrays (Office.js and ExcelJS both leave holes) read as blank.
 * A date cell's display format gives the text the officer sees and the date's precision.
 */
export function readRows(cells: Cell[][], formats?: ReadGridOptions['formats']): CellReading[][] {
  if (!Array.isArray(cells)) return [];
  return Array.from(cells, (row, r) => {
    if (!Array.isArray(row)) return [];
    const rowFormats = Array.isArray(formats) && Array.isArray(formats[r]) ? formats[r] : undefined;
    return Array.from(row, (value, c) => {
      const cell = readCell(value);
      const format = rowFormats?.[c];
      const shown = typeof format === 'string' ? shownDate(cell.date, cell.number, format) : null;
      return shown ? { ...cell, text: shown.text, date: shown.date, shown: true } : cell;
    });
  });
}
