/**
 * "Adopt this sheet" shows the officer, before anything is sent, the columns found on the sheet
 * and how each will be read, with a drop-down per column to correct it (as Grist's and
 * Smartsheet's import previews do). Nothing is adopted on a guess the officer has not seen: the
 * mapping confirmed here is what the adoption uses.
 */
import { type Cell, readCell } from '../core/grid-cell.js';
import { findHeaderRow } from '../core/grid-header.js';
import {
  type ColumnMap,
  type ColumnMapping,
  MAPPED_ROLES,
  type MappedRole,
  SURE,
} from '../core/grid-mapping.js';
import { readTable } from '../core/grid-table.js';

export interface AdoptPreview {
  sheet: string;
  /** 1-based sheet row of the headings. */
  headerRow: number;
  columns: ColumnMapping[];
}

/** What each role is called in the drop-down: the council's words, not the code's. */
export const ROLE_LABELS: Record<MappedRole, string> = {
  theme: 'Theme',
  action: 'Action',
  recommendation: 'Recommendation',
  reference: 'Recommendation number',
  detail: 'Peer team finding',
  directorate: 'Directorate',
  lead: 'Lead',
  timescale: 'Timescale',
  status: 'Status',
  progress: 'Progress',
  id: 'Id (kept by sync)',
  extra: 'Keep as its own column',
};

/** The columns of the plan table on the sheet and how each would be read; null when there is none. */
export function adoptPreview(sheet: string, cells: Cell[][]): AdoptPreview | null {
  const rows = cells.map((row) => (Array.isArray(row) ? Array.from(row, readCell) : []));
  const header = findHeaderRow(rows.map((row) => row.map((cell) => cell.text)));
  if (header === null) return null;
  const table = readTable(rows, header);
  // A synced sheet maps its columns by heading: one with none is kept as it is, whatever it holds.
  const columns = table.mapping.map((column) =>
    isUnheaded(column)
      ? {
          ...column,
          role: 'extra' as const,
          confidence: 1,
          why: 'no heading: kept as its own column (give it a heading to sync it as a field)',
        }
      : column,
  );
  return { sheet, headerRow: header + 1, columns };
}

const isUnheaded = (column: ColumnMapping) => column.heading === `Column ${column.column}`;

/**
 * The mapping the officer confirmed: every column with a heading, as the drop-downs say, so the
 * adopted sheet syncs exactly what was shown (blank headings keep their own column).
 */
export function confirmedMap(preview: AdoptPreview, choices: Record<string, MappedRole> = {}): ColumnMap {
  const map: ColumnMap = {};
  for (const column of preview.columns) {
    if (isUnheaded(column)) continue;
    map[column.heading] = choices[column.column] ?? column.role;
  }
  return map;
}

/** A line for each column the reader was unsure of, so the officer looks at those first. */
export function doubtfulColumns(preview: AdoptPreview): string[] {
  return preview.columns
    .filter((c) => c.confidence < SURE)
    .map((c) => `${c.column} "${c.heading}": ${ROLE_LABELS[c.role]}? ${c.why}`);
}

/** The preview as a table: column, heading, a drop-down of what it holds, and why. */
export function renderAdoptPreview(document: Document, preview: AdoptPreview): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'adopt-preview';
  const caption = table.createCaption();
  caption.textContent = `Columns found on "${preview.sheet}" (headings on row ${preview.headerRow}): check each before adopting`;
  const head = table.createTHead().insertRow();
  for (const title of ['Column', 'Heading', 'Holds', 'Why']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const column of preview.columns) {
    const row = body.insertRow();
    row.insertCell().textContent = column.column;
    row.insertCell().textContent = column.heading;
    const select = document.createElement('select');
    select.dataset.column = column.column;
    select.setAttribute('aria-label', `What column ${column.column} (${column.heading}) holds`);
    select.disabled = isUnheaded(column);
    for (const role of MAPPED_ROLES) {
      const option = document.createElement('option');
      option.value = role;
      option.textContent = ROLE_LABELS[role];
      option.selected = role === column.role;
      select.append(option);
    }
    row.insertCell().append(select);
    const why = row.insertCell();
    why.textContent = column.confidence < SURE ? `Check: ${column.why}` : column.why;
  }
  return table;
}

/** The drop-downs' values, by column letter. */
export function readChoices(table: HTMLElement): Record<string, MappedRole> {
  const choices: Record<string, MappedRole> = {};
  for (const select of table.querySelectorAll('select[data-column]')) {
    const value = (select as HTMLSelectElement).value as MappedRole;
    const column = (select as HTMLSelectElement).dataset.column;
    if (column && MAPPED_ROLES.includes(value)) choices[column] = value;
  }
  return choices;
}
