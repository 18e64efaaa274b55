/**
 * Reads a council's action-plan sheet (the familiar theme / proposed action / recommendation /
 * directorate / timescale grid) into actions. The same reader serves the CLI (ExcelJS values)
 * and the Excel add-in (Office.js values), so both see a sheet the same way.
 */
import { type Cell, type CellReading, readCell } from './grid-cell.js';
import { findHeaderRow, HEADER_SEARCH_ROWS, NO_HEADER_EXPECTATION } from './grid-header.js';
import { RecommendationList } from './grid-recommendations.js';
import { newSection, readActionRow } from './grid-row.js';
import { isRepeatedHeader, isThemeHeading, sectionLead } from './grid-sections.js';
import { isFilled, readTable, type Table } from './grid-table.js';
import { GridError, type GridReading } from './grid-types.js';

export type { Cell } from './grid-cell.js';
export type { ColumnRole } from './grid-header.js';
export {
  GridError,
  type GridReading,
  type GridWarning,
  type ReadAction,
  type ReadRecommendation,
} from './grid-types.js';

export interface ReadGridOptions {
  /** The sheet's name, for messages. */
  sheet?: string;
}

export function readGrid(cells: Cell[][], options: ReadGridOptions = {}): GridReading {
  const where = options.sheet ? `sheet "${options.sheet}"` : 'the sheet';
  const rows = readRows(cells);
  if (!rows.some((row) => row.some(isFilled))) {
    throw new GridError(`${where} is empty: ${NO_HEADER_EXPECTATION}`);
  }
  const headerIndex = findHeaderRow(rows.map((row) => row.map((cell) => cell.text)));
  if (headerIndex === null) {
    throw new GridError(
      `no header row found in ${where}: ${NO_HEADER_EXPECTATION} within the first ${HEADER_SEARCH_ROWS} rows`,
    );
  }

  const table = readTable(rows, headerIndex);
  const recommendations = new RecommendationList();
  const reading: GridReading = {
    headerRow: headerIndex + 1,
    columns: Object.fromEntries(table.columns.map((column) => [column.key, column.role])),
    recommendations: [],
    actions: [],
    warnings: [],
  };
  let carry = newSection(leadAboveHeader(rows, table, reading));

  for (let index = headerIndex + 1; index < rows.length; index++) {
    const row = rows[index] ?? [];
    const sheetRow = index + 1;
    const warn = (message: string) => reading.warnings.push({ row: sheetRow, column: null, message });
    if (!row.some(isFilled)) continue;
    if (isRepeatedHeader(row, rows[headerIndex] ?? [])) continue;

    const section = readSectionRow(row, table);
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

    const { actions, warnings } = readActionRow(row, sheetRow, table, carry, recommendations);
    reading.actions.push(...actions);
    reading.warnings.push(...warnings);
  }
  reading.recommendations = recommendations.list();
  return reading;
}

/** "SRO: Laura Sales" written above the first header row leads the first section. */
function leadAboveHeader(rows: readonly CellReading[][], table: Table, reading: GridReading): string {
  let lead = '';
  for (let index = 0; index < table.headerIndex; index++) {
    const filled = (rows[index] ?? []).filter(isFilled);
    const name = filled.length === 1 ? sectionLead(filled[0]?.text ?? '') : null;
    if (!name) continue;
    lead = name;
    reading.warnings.push({
      row: index + 1,
      column: null,
      message: sectionMessage(filled[0]?.text ?? '', name),
    });
  }
  return lead;
}

/** Section rows are not actions, so each says how it was read: nothing is skipped silently. */
function sectionMessage(text: string, lead: string): string {
  return `read "${text}" as a section heading: ${lead} leads the rows below`;
}

type SectionRow = { kind: 'lead'; text: string; lead: string } | { kind: 'theme'; text: string };

/** A row with one filled cell across the table: "SRO: Laura Sales", or a theme heading. */
function readSectionRow(row: readonly CellReading[], table: Table): SectionRow | null {
  const filled = table.columns.filter((column) => isFilled(row[column.index]));
  const [column] = filled;
  const text = column ? (row[column.index]?.text ?? '') : '';
  if (filled.length !== 1 || !column || text === '') return null;
  const lead = sectionLead(text);
  if (lead) return { kind: 'lead', text, lead };
  return isThemeHeading(table, column, text) ? { kind: 'theme', text } : null;
}

/** Dense rows of readings: sparse arrays (Office.js and ExcelJS both leave holes) read as blank. */
function readRows(cells: Cell[][]): CellReading[][] {
  if (!Array.isArray(cells)) return [];
  return Array.from(cells, (row) => (Array.isArray(row) ? Array.from(row, readCell) : []));
}
