/**
 * Conflicts and refusals shown where the officer looks: a note on the cell and a light yellow fill.
 * The cell's own fill and note are kept in a very hidden sheet, keyed by row id and field (rows
 * move when sorted), so the next sync can put the cell back exactly as the officer had it.
 */
import type ExcelJS from 'exceljs';
import { CONFLICT_FILL as CONFLICT_COLOUR, CONFLICT_MARK, isConflictMark } from '../core/conflict-mark.js';
import { isCovered } from './workbook-merges.js';

export const MARKS_SHEET = 'PlansSyncMarks';
export const CONFLICT_NOTE = CONFLICT_MARK;
export const REFUSED_NOTE = 'Sync refused:';
/** Not one of sync's own marks: the note holds an officer's refused text and stays until they delete it. */
export const REFUSED_EDIT_NOTE = 'Not synced, kept here:';

/** The add-in's colour too (core/conflict-mark.ts), as ExcelJS spells it. */
export const CONFLICT_ARGB = `FF${CONFLICT_COLOUR.slice(1).toUpperCase()}`;
const CONFLICT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: CONFLICT_ARGB } };
/** The light yellow plans sync used before it marked as the add-in does: still cleared. */
export const EARLIER_ARGB = 'FFFFF2CC';

/** A cell of the plan table, by the row id and field path it holds. */
export interface MarkedCell {
  id: string | null;
  path: string;
  cell: ExcelJS.Cell;
}

interface Kept {
  fill: ExcelJS.Fill | null;
  note: ExcelJS.Cell['note'] | null;
}

export function noteText(note: ExcelJS.Cell['note'] | undefined): string {
  if (!note) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((run) => run.text).join('');
}

/** A note's text that one of sync's own marks wrote (an officer's refused text is theirs to keep). */
export const isSyncNote = (text: string) => isConflictMark(text) || text.startsWith(REFUSED_NOTE);

const isOurs = (note: ExcelJS.Cell['note'] | undefined) => isSyncNote(noteText(note));

const hasConflictFill = (cell: ExcelJS.Cell) =>
  cell.fill?.type === 'pattern' &&
  cell.fill.pattern === 'solid' &&
  (cell.fill.fgColor?.argb === CONFLICT_ARGB || cell.fill.fgColor?.argb === EARLIER_ARGB);

const keyOf = (id: string | null, path: string) => `${id ?? ''}\t${path}`;

/** A cell an earlier sync marked, whose own note and fill `clearMarks` puts back. */
export const isMarked = (cell: ExcelJS.Cell) => isOurs(cell.note) || hasConflictFill(cell);

/** Puts back what earlier syncs marked: the officer's own fill and note, or none. */
export function clearMarks(workbook: ExcelJS.Workbook, cells: readonly MarkedCell[]): void {
  const kept = readKept(workbook);
  for (const { id, path, cell } of cells) {
    const saved = kept.get(keyOf(id, path));
    if (isOurs(cell.note)) setNote(cell, saved?.note ?? null);
    if (hasConflictFill(cell)) setFill(cell, saved?.fill ?? null);
  }
}

/**
 * Marks cells with their notes (several on one cell are joined), keeping what each had, and
 * records what was kept; a workbook with no marks is left with an empty record.
 */
export function markCells(
  workbook: ExcelJS.Workbook,
  marks: readonly (MarkedCell & { note: string; highlight: boolean })[],
): void {
  const byCell = new Map<string, { target: MarkedCell; notes: string[]; highlight: boolean }>();
  for (const mark of marks) {
    const entry = byCell.get(mark.cell.address) ?? { target: mark, notes: [], highlight: false };
    entry.notes.push(mark.note);
    entry.highlight ||= mark.highlight;
    byCell.set(mark.cell.address, entry);
  }
  const records: string[][] = [];
  for (const { target, notes, highlight } of byCell.values()) {
    const { cell } = target;
    const own = cell.note && !isOurs(cell.note) ? cell.note : null;
    const fill = cell.fill?.type ? cell.fill : null;
    records.push([target.id ?? '', target.path, JSON.stringify({ fill, note: own } satisfies Kept)]);
    const text = [...notes, ...(own ? [noteText(own)] : [])].join('\n\n');
    setNote(cell, text);
    if (highlight) setFill(cell, CONFLICT_FILL);
  }
  writeKept(workbook, records);
}

/** ExcelJS shares one style object between cells read with the same style: always replace it. */
function setFill(cell: ExcelJS.Cell, fill: ExcelJS.Fill | null): void {
  const { fill: _old, ...rest } = cell.style;
  cell.style = fill ? { ...rest, fill } : rest;
}

function setNote(cell: ExcelJS.Cell, note: ExcelJS.Cell['note'] | null): void {
  if (note) {
    cell.note = note;
    return;
  }
  // ExcelJS has no way to remove a note; its own row splicing clears this field the same way. A
  // note read from a file also sticks to the cell's value, which is made afresh by assigning it.
  (cell as unknown as { _comment?: unknown })._comment = undefined;
  if (isCovered(cell)) return;
  const { value } = cell;
  cell.value = value;
}

function readKept(workbook: ExcelJS.Workbook): Map<string, Kept> {
  const kept = new Map<string, Kept>();
  const sheet = workbook.getWorksheet(MARKS_SHEET);
  sheet?.eachRow((row) => {
    const [id, path, json] = [1, 2, 3].map((c) => String(row.getCell(c).value ?? ''));
    try {
      const value = JSON.parse(json ?? '') as Kept;
      kept.set(keyOf(id || null, path ?? ''), { fill: value.fill ?? null, note: value.note ?? null });
    } catch {
      // A damaged record only means the cell loses its yellow without getting its old colour back.
    }
  });
  return kept;
}

function writeKept(workbook: ExcelJS.Workbook, records: string[][]): void {
  let sheet = workbook.getWorksheet(MARKS_SHEET);
  if (!sheet && records.length === 0) return;
  sheet ??= workbook.addWorksheet(MARKS_SHEET);
  sheet.state = 'veryHidden';
  const before = sheet.rowCount;
  records.forEach((values, index) => {
    (sheet as ExcelJS.Worksheet).getRow(index + 1).values = values;
  });
  for (let row = records.length + 1; row <= before; row++) sheet.getRow(row).values = [];
}
