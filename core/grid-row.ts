/**
 * One data row of the grid as one or more actions. Blank theme, recommendation and lead cells
 * take the value written above them (merged cells, "written once per group"); everything else
 * in the row is kept somewhere: a field, extra, the recommendations, or a warning.
 */
import { pairItems } from './grid-bullets.js';
import { BLANK_CELL, type CellReading, isSerialDate, serialToIsoDate } from './grid-cell.js';
import type { ColumnRole } from './grid-header.js';
import type { RecommendationList } from './grid-recommendations.js';
import { readStatus } from './grid-status.js';
import type { GridColumn, Table } from './grid-table.js';
import type { GridWarning, ReadAction, SkippedRow } from './grid-types.js';
import { STATUSES } from './plan.js';
import { readRecommendationRef, readRecommendationRefs } from './recommendation-ref.js';
import { readTimescale, type TimescaleReading } from './timescale.js';

/** What a blank cell means in each carried column: the value above it, within the section. */
export interface CarryDown {
  sectionLead: string;
  theme: string;
  recommendations: string[];
  lead: string;
}

/** A section row ("SRO: …") or theme heading starts afresh: nothing carries across it. */
export function newSection(sectionLead: string, theme = ''): CarryDown {
  return { sectionLead, theme, recommendations: [], lead: sectionLead };
}

export interface RowReading {
  actions: ReadAction[];
  warnings: GridWarning[];
  skipped: SkippedRow | null;
}

export function readActionRow(
  row: readonly CellReading[],
  sheetRow: number,
  table: Table,
  carry: CarryDown,
  recommendations: RecommendationList,
): RowReading {
  const warnings: GridWarning[] = [];
  const warn = (column: GridColumn | undefined, message: string) =>
    warnings.push({ row: sheetRow, column: column?.key ?? null, message });
  const cellOf = (role: ColumnRole): CellReading => {
    const column = table.byRole[role];
    return (column && row[column.index]) || BLANK_CELL;
  };

  const extra: Record<string, string> = {};
  for (const column of table.columns) {
    const cell = row[column.index];
    if (cell?.problem) warn(column, `${cell.problem}; read as blank`);
    if (column.role === 'extra' && cell?.text) extra[column.key] = cell.text;
  }

  readTheme(cellOf('theme').text, table, carry, recommendations);
  const outputs: RowOutputs = { extra, warn, cellOf: (column) => row[column.index] ?? BLANK_CELL };
  const recommendationWords = readRecommendationCell(
    cellOf('recommendation').text,
    table,
    carry,
    recommendations,
    outputs,
  );
  const leadText = cellOf('lead').text;
  if (leadText) carry.lead = leadText;

  const detail = cellOf('detail').text;
  if (table.byRole.action && table.byRole.detail && detail) {
    // The peer team's finding beside a proposal is the recommendation the proposal answers,
    // unless the plan numbers its recommendations elsewhere: then it is kept beside the action.
    if (table.byRole.recommendation || table.byRole.reference) extra[table.byRole.detail.key] = detail;
    else carry.recommendations = [findingNumber(detail, recommendations)];
  }
  const subject = cellOf('action').text || detail || recommendationWords;
  if (!subject) {
    const reason = skippedReason(table);
    warn(undefined, skippedMessage(row, table));
    return { actions: [], warnings, skipped: { row: sheetRow, reason, cells: cellsOf(row, table) } };
  }

  const statusText = cellOf('status').text;
  const status = statusText ? readStatus(statusText) : null;
  if (statusText && !status) {
    const column = table.byRole.status;
    if (column) extra[column.key] = statusText;
    warn(
      column,
      `"${statusText}" is not a status the plan knows (${STATUSES.join(', ')}), so it was kept as written`,
    );
  }

  const timescaleCell = cellOf('timescale');
  const timescaleDate = dateIn(timescaleCell);
  // A date shown as "Jun-04" stays as the officer sees it; its due date is the month's end.
  const timescale = timescaleCell.shown ? timescaleCell.text : (timescaleDate ?? timescaleCell.text);
  const id = cellOf('id').text || null;
  // A synced row is one action by definition: splitting it would leave the copies without an id.
  const items = (timescaleDate === null && id === null ? pairItems(subject, timescale) : null) ?? [
    { action: subject, timescale },
  ];

  const rowWarnings = [...warnings];
  const actions = items.map((item): ReadAction => {
    const reading: TimescaleReading =
      timescaleDate !== null
        ? { due: timescaleDate, milestones: [], warnings: [] }
        : readTimescale(item.timescale);
    for (const message of reading.warnings) warn(table.byRole.timescale, message);
    const timescaleWarnings = reading.warnings.map((message) => ({
      row: sheetRow,
      column: table.byRole.timescale?.key ?? null,
      message,
    }));
    return {
      row: sheetRow,
      id,
      theme: carry.theme,
      action: item.action,
      recommendations: [...carry.recommendations],
      directorate: cellOf('directorate').text,
      lead: carry.lead,
      timescale: item.timescale,
      due: reading.due,
      milestones: reading.milestones,
      status: statusText ? status : (reading.status ?? null),
      progress: cellOf('progress').text,
      extra: { ...extra },
      warnings: [...rowWarnings, ...timescaleWarnings].map(describe),
    };
  });
  return { actions, warnings: dedupe(warnings), skipped: null };
}

/** A finding with a number of its own ("3. …") keeps it; else it is numbered in order. */
function findingNumber(text: string, recommendations: RecommendationList): string {
  const ref = readRecommendationRef(text);
  // A number another finding already has, with other words, is not this finding's: number it afresh.
  if (ref.numbers.length === 1 && ref.text !== '' && recommendations.add(ref).length === 0) {
    return ref.numbers[0] as string;
  }
  return recommendations.addUnnumbered(text);
}

/** A new theme starts a new group: the recommendation and lead above belonged to the old one. */
function readTheme(text: string, table: Table, carry: CarryDown, recommendations: RecommendationList): void {
  if (!text || text === carry.theme) return;
  Object.assign(carry, newSection(carry.sectionLead, text));
  const column = table.byRole.theme;
  // "Original recommendation" used as the theme heading: the theme names the recommendation too.
  if (column && !table.byRole.recommendation && /recommendation/i.test(column.key)) {
    const refs = readRecommendationRefs(text);
    for (const ref of refs) recommendations.add(ref);
    carry.recommendations = unique(refs.flatMap((ref) => ref.numbers));
  }
}

interface RowOutputs {
  extra: Record<string, string>;
  warn: (column: GridColumn | undefined, message: string) => void;
  cellOf: (column: GridColumn) => CellReading;
}

/**
 * "2.23" in a reference column beside "Introduce a fraud referral form": the reference is the
 * number, the words its text. A reference the reader cannot number is kept as written.
 */
function readReferencePair(
  referenceText: string,
  words: string,
  carry: CarryDown,
  recommendations: RecommendationList,
): { text: string; differing: string[] } {
  // A reference read whole ("2.23", "Rec 4", "ap1.") gives its numbers; anything else is kept as written.
  const refs = readRecommendationRefs(referenceText);
  const whole = refs.every((ref) => ref.numbers.length > 0 && ref.text === '');
  const numbers = whole
    ? refs.flatMap((ref) => ref.numbers)
    : [referenceText.replace(/[.:)\s]+$/, '') || referenceText];
  // The words may repeat the number: "2.23 Introduce a referral form".
  const own = readRecommendationRef(words);
  const text = own.numbers.length > 0 && own.numbers.every((n) => numbers.includes(n)) ? own.text : words;
  const differing = recommendations.add({ numbers, code: null, text });
  carry.recommendations = unique(numbers);
  return { text, differing };
}

/**
 * Reads the recommendation cell into the carried numbers and the plan's list. Returns the
 * recommendation's words when they are also what the row is about (a progress report with no
 * action column), else ''.
 */
function readRecommendationCell(
  text: string,
  table: Table,
  carry: CarryDown,
  recommendations: RecommendationList,
  { extra, warn, cellOf }: RowOutputs,
): string {
  const column = table.byRole.recommendation;
  const reference = table.byRole.reference;
  const referenceText = reference ? (cellOf(reference).text ?? '') : '';
  const isSubject = !table.byRole.action && !table.byRole.detail;
  if (reference && referenceText) {
    const words = readReferencePair(referenceText, text, carry, recommendations);
    // A number the register already has with other words: these words are kept with the row.
    if (column && words.differing.length > 0) {
      if (!isSubject) extra[column.key] = text;
      warn(column, differentlyWorded(words.differing, isSubject));
    }
    return isSubject ? words.text : '';
  }
  if (!text || !column) return '';
  const refs = readRecommendationRefs(text);
  const differing = unique(refs.flatMap((ref) => recommendations.add(ref)));
  carry.recommendations = unique(refs.flatMap((ref) => ref.numbers));
  const unnumbered = refs.some((ref) => ref.numbers.length === 0);
  // Words the recommendation list cannot hold are kept with the row, unless they are its action.
  if ((unnumbered || differing.length > 0) && !isSubject) extra[column.key] = text;
  if (unnumbered) {
    warn(
      column,
      `no recommendation number (such as "Recommendation 3") found in "${shortened(text)}", so ${
        isSubject ? 'it was read as the action' : 'it was kept as written'
      }`,
    );
  }
  if (differing.length > 0) warn(column, differentlyWorded(differing, isSubject));
  return isSubject
    ? refs
        .map((ref) => ref.text)
        .filter(Boolean)
        .join('\n')
    : '';
}

function differentlyWorded(numbers: readonly string[], isSubject: boolean): string {
  return (
    `recommendation ${numbers.join(', ')} is worded differently from an earlier row; the first wording is the ` +
    `recommendation's text${isSubject ? '' : ' and this one was kept as written'}`
  );
}

function dateIn(cell: CellReading): string | null {
  if (cell.date) return cell.date;
  return cell.number !== null && isSerialDate(cell.number) ? serialToIsoDate(cell.number) : null;
}

function skippedReason(table: Table): string {
  const subject = table.byRole.action ?? table.byRole.detail ?? table.byRole.recommendation;
  return subject ? `"${subject.key}" is blank` : 'no action text';
}

function skippedMessage(row: readonly CellReading[], table: Table): string {
  const filled = Object.entries(cellsOf(row, table)).map(([key, text]) => `${key} "${text}"`);
  return `row skipped: ${skippedReason(table)}${filled.length > 0 ? `; it has ${filled.join(', ')}` : ''}`;
}

/** The row's non-blank cells by heading: what a skipped row held. */
export function cellsOf(row: readonly CellReading[], table: Table): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const column of table.columns) {
    const text = row[column.index]?.text;
    if (text) cells[column.key] = text;
  }
  return cells;
}

function describe(warning: GridWarning): string {
  return warning.column ? `${warning.column}: ${warning.message}` : warning.message;
}

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function dedupe(warnings: GridWarning[]): GridWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.row}|${w.column}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
