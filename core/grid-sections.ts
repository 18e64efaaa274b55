/**
 * Rows that are not actions but organise the ones below: "SRO: Laura Sales" sections, theme
 * headings written once across the table, and the header repeated under each section.
 */
import type { CellReading } from './grid-cell.js';
import { normaliseHeading } from './grid-header.js';
import { type GridColumn, isFilled, type Table } from './grid-table.js';
import { readRecommendationRef } from './recommendation-ref.js';

const SECTION_LEAD =
  /^(?:sro|senior responsible officer|lead officers?|lead members?|lead|owners?|responsible officers?|accountable officers?)\s*[:\-–—]\s*(\S[\s\S]*)$/i;

/** The person a section row such as "SRO: Laura Sales" names, or null. */
export function sectionLead(text: string): string | null {
  const match = SECTION_LEAD.exec(text.trim());
  return match ? (match[1] ?? '').trim() : null;
}

const HEADING_MAX_LENGTH = 80;

/**
 * A single filled cell in the first column heads the rows below. When the first column is the
 * action column that could also be an action with nothing else filled in yet, so only short,
 * one-line text that does not read as a sentence or a recommendation counts as a heading.
 */
export function isThemeHeading(table: Table, column: GridColumn, text: string): boolean {
  if (column.index !== table.firstColumn) return false;
  if (column.role === 'theme') return true;
  if (table.byRole.theme || column.role === 'recommendation' || column.role === 'id') return false;
  return (
    !text.includes('\n') &&
    text.length <= HEADING_MAX_LENGTH &&
    /[A-Za-z]/.test(text) &&
    !/[.]$/.test(text) &&
    !/^[•●▪◦·\-*–]/.test(text) &&
    readRecommendationRef(text).numbers.length === 0
  );
}

/**
 * The header written again, e.g. under each SRO section. Matched against the header's own
 * words rather than by role, because data such as "Commercial Services" also names a role.
 */
export function isRepeatedHeader(row: readonly CellReading[], header: readonly CellReading[]): boolean {
  const headings = new Set(header.map((cell) => normaliseHeading(cell.text)).filter((h) => h !== ''));
  const filled = row.filter(isFilled);
  return filled.length >= 2 && filled.every((cell) => headings.has(normaliseHeading(cell.text)));
}
