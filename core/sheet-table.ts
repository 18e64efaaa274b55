/**
 * A synced plan table: which column holds which field, how a row's cells read as an action, and
 * what to write into a cell for a field. Shared by every adapter (the .xlsx file, Excel), so a
 * workbook reads the same in both. Unlike `readGrid` (which reads any plan layout once, for
 * import), one table row is always exactly one action here: sync matches rows by id.
 */

import { extraValue } from './field-paths.js';
import { type Cell, isSerialDate, readCell, serialToIsoDate } from './grid-cell.js';
import { type ColumnRole, normaliseHeading, roleOfHeading } from './grid-header.js';
import type { ColumnMap } from './grid-mapping.js';
import { readStatus } from './grid-status.js';
import { type ActionFields, MAX_CELL_TEXT, type Status } from './plan.js';
import { readRecommendationRefs } from './recommendation-ref.js';
import { rowFields } from './row-fields.js';
import { extraKey, extraPath } from './sync-protocol.js';
import type { SheetLayout, SheetRow, UnsentCell } from './sync-sheet.js';
import { readTimescale, type TimescaleReading } from './timescale.js';

export interface TableColumn {
  /** 0-based column index within the table. */
  index: number;
  heading: string;
  /** The field path the column syncs, or null for the id column. */
  path: string | null;
}

export interface TableLayout {
  columns: TableColumn[];
  /** 0-based index of the hidden id column. */
  idColumn: number;
}

/** The familiar columns of a plan opened or exported by this product, id last (and hidden). */
export const PLAN_HEADINGS = [
  'Theme',
  'Proposed action',
  'Recommendation',
  'Directorate',
  'Lead officer',
  'Timescale',
  'Due',
  'Status',
  'Progress',
  'Id',
] as const;

const PATH_OF_ROLE: Partial<Record<ColumnRole, string>> = {
  theme: 'theme',
  action: 'action',
  recommendation: 'recommendations',
  reference: 'recommendations',
  directorate: 'directorate',
  lead: 'lead',
  timescale: 'timescale',
  status: 'status',
  progress: 'progress',
};

/**
 * Maps a header row to fields. The first column of each role syncs that field; a "Due" column
 * syncs the due date; everything else (detail, a second column of a role, unknown headings) is an
 * extra field under its heading. With no id column yet, one is added after the last heading.
 */
export function layoutFromHeadings(headings: readonly Cell[], map: ColumnMap = {}): TableLayout {
  const texts = headings.map((h) => readCell(h).text);
  // The officer's mapping (given when the sheet was adopted) wins over the heading's words.
  const officer = new Map(Object.entries(map).map(([heading, role]) => [normaliseHeading(heading), role]));
  let last = texts.length - 1;
  while (last >= 0 && texts[last] === '') last--;
  const taken = new Set<string>();
  const mapped = texts.map((heading) =>
    heading === '' ? undefined : officer.get(normaliseHeading(heading)),
  );
  for (const role of mapped)
    if (role && role !== 'extra' && PATH_OF_ROLE[role]) taken.add(PATH_OF_ROLE[role]);
  let idColumn = -1;
  const columns: TableColumn[] = [];
  for (let index = 0; index <= last; index++) {
    const heading = texts[index] ?? '';
    const byOfficer = mapped[index];
    const role =
      byOfficer === 'extra' ? null : (byOfficer ?? (heading === '' ? null : roleOfHeading(heading)));
    if (role === 'id' && idColumn < 0) {
      idColumn = index;
      columns.push({ index, heading, path: null });
      continue;
    }
    const path = /^due( date)?$/i.test(heading.trim()) ? 'due' : role ? PATH_OF_ROLE[role] : undefined;
    const free = path !== undefined && (byOfficer !== undefined || !taken.has(path));
    const chosen = free ? path : extraPath((heading || `Column ${index + 1}`).slice(0, 200));
    taken.add(chosen);
    columns.push({ index, heading, path: chosen });
  }
  if (idColumn < 0) {
    idColumn = last + 1;
    columns.push({ index: idColumn, heading: 'Id', path: null });
  }
  return { columns, idColumn };
}

/** How many cells wide the table is, from its first column to its last (the id's, as a rule). */
export function tableWidth(table: TableLayout): number {
  return Math.max(...table.columns.map((c) => c.index)) + 1;
}

export function sheetLayoutOf(table: TableLayout): SheetLayout {
  return { paths: table.columns.flatMap((c) => (c.path ? [c.path] : [])) };
}

/** Whether a row has anything in it but an id: blank rows are not actions. */
export function isBlankRow(cells: readonly Cell[], table: TableLayout): boolean {
  return table.columns.every((c) => c.path === null || readCell(cells[c.index]).text === '');
}

/** Distinct timescale texts kept at once: far more than any plan has, small beside its rows. */
const MAX_TIMESCALES_KEPT = 10_000;
const timescaleReadings = new Map<string, TimescaleReading>();

/**
 * Timescale text repeats down a plan ("By March 2026"), and every sync reads every row: each
 * distinct text is read once (readTimescale is pure, and zod copies what it parses, so a kept
 * reading is never changed).
 */
function timescaleOf(text: string): TimescaleReading {
  let reading = timescaleReadings.get(text);
  if (!reading) {
    if (timescaleReadings.size >= MAX_TIMESCALES_KEPT) timescaleReadings.clear();
    reading = readTimescale(text);
    timescaleReadings.set(text, reading);
  }
  return reading;
}

/**
 * Reads one row. A blank theme under a filled one is the same theme (merged cells, or "written
 * once per group"), so `carriedTheme` fills it; timescale text gives due and milestones unless the
 * table has a Due column of its own. A cell the sync cannot take as it stands (an error, a formula
 * never calculated, more text than the plan keeps) is listed as unsent rather than read as blank
 * or cut; a cell holding a formula is listed so that it is never written over. `isFormula` says
 * which cells hold one when the values alone do not (Office.js gives formulas apart).
 */
export function readTableRow(
  cells: readonly Cell[],
  table: TableLayout,
  carriedTheme = '',
  isFormula: (index: number) => boolean = NO_FORMULAS,
): SheetRow {
  // The fields as read, by path (never an extra heading's, so no key is __proto__), in column order.
  const values: Record<string, unknown> = {};
  const extra: [string, string][] = [];
  const formulas: string[] = [];
  const unsent: UnsentCell[] = [];
  let hasDue = false;
  for (const column of table.columns) {
    const path = column.path;
    if (!path) continue;
    if (path === 'due') hasDue = true;
    const cell = readCell(cells[column.index]);
    if (cell.formula || isFormula(column.index)) formulas.push(path);
    // The recommendations are read once, for the limits and for the field.
    const numbers = path === 'recommendations' ? recommendationNumbers(cell.text) : null;
    const why = cell.problem ?? (numbers ? tooManyRecommendations(numbers) : overLimit(path, cell.text));
    if (why !== null) {
      unsent.push({ path, why });
      continue;
    }
    const value = numbers ?? cellToField(path, cell.text, cell.date, cell.number);
    const heading = extraKey(path);
    if (heading === null) values[path] = value;
    else if (typeof value === 'string' && value !== '') extra.push([heading, value]);
  }
  const theme = String(values.theme ?? '');
  const timescale = timescaleOf(String(values.timescale ?? ''));
  // Set in place rather than spread into a copy: the keys come out in the same order either way.
  values.theme = theme || carriedTheme;
  values.due = hasDue ? (values.due ?? null) : timescale.due;
  values.milestones = timescale.milestones;
  values.status = values.status ?? null;
  values.extra = Object.fromEntries(extra);
  const fields: ActionFields = rowFields(values);
  const idCell = readCell(cells[table.idColumn]).text;
  const row: SheetRow = { id: idCell === '' ? null : idCell, fields };
  if (!theme && carriedTheme !== '') row.themeCarried = true;
  if (formulas.length > 0) row.formulas = formulas;
  if (unsent.length > 0) row.unsent = unsent;
  return row;
}

const FIELD_LIMITS: Record<string, number> = { directorate: 200, lead: 200, timescale: 1_000 };
const MAX_RECOMMENDATIONS = 50;
const MAX_RECOMMENDATION_TEXT = 100;
const count = (n: number) => n.toLocaleString('en-GB');

const NO_FORMULAS = () => false;

const recommendationNumbers = (text: string): string[] =>
  readRecommendationRefs(text).flatMap((ref) => ref.numbers);

/** Why a recommendations cell links more than the plan keeps, or null: nothing is cut without a word. */
function tooManyRecommendations(numbers: readonly string[]): string | null {
  if (numbers.length > MAX_RECOMMENDATIONS)
    return `it links ${count(numbers.length)} recommendations and the plan keeps at most ${MAX_RECOMMENDATIONS} (nothing was cut)`;
  if (numbers.some((n) => n.length > MAX_RECOMMENDATION_TEXT))
    return `a recommendation in it is longer than the ${MAX_RECOMMENDATION_TEXT} characters the plan keeps (nothing was cut)`;
  return null;
}

/** Why any other cell holds more than the plan keeps, or null: a cell is never cut to fit without a word. */
function overLimit(path: string, text: string): string | null {
  if (path === 'status' || path === 'due') return null;
  const max = FIELD_LIMITS[path] ?? MAX_CELL_TEXT;
  return text.length > max
    ? `it holds ${count(text.length)} characters and the plan keeps at most ${count(max)} (nothing was cut)`
    : null;
}

function cellToField(path: string, text: string, date: string | null, number: number | null): unknown {
  switch (path) {
    case 'status':
      return text === '' ? null : readStatus(text);
    case 'due':
      if (date) return date;
      if (number !== null && isSerialDate(number)) return serialToIsoDate(number);
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : timescaleOf(text).due;
    default:
      return text;
  }
}

/** What a cell shows for a field: lists joined, dates as ISO text, nothing for null. */
export function fieldToCell(fields: ActionFields, path: string): string {
  const heading = extraKey(path);
  if (heading !== null) return extraValue(fields.extra, heading) ?? '';
  const value = fields[path as keyof ActionFields];
  if (value === null || value === undefined) return '';
  if (path === 'recommendations') return (value as string[]).join(', ');
  if (path === 'status') return value as Status;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The cells of a whole row in table order, the id in its column. */
export function rowToCells(id: string, fields: ActionFields, table: TableLayout): string[] {
  const cells = Array.from({ length: tableWidth(table) }, () => '');
  for (const column of table.columns)
    cells[column.index] = column.path ? fieldToCell(fields, column.path) : id;
  return cells;
}
