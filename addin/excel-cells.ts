/**
 * Pure helpers for what the add-in writes into Excel: cell text Excel will keep as typed, sheet and
 * table names Excel accepts, A1 addresses, the columns a conflict marks. No Office.js here.
 */

import { writePath } from '../core/field-paths.js';
import { columnLetter } from '../core/grid-cell.js';
import { ActionFields } from '../core/plan.js';
import { fieldToCell, type TableLayout } from '../core/sheet-table.js';
import type { Conflict } from '../core/sync-protocol.js';

export { CONFLICT_FILL } from '../core/conflict-mark.js';

export const EMPTY_FIELDS: ActionFields = ActionFields.parse({});

/**
 * Text for a cell, so Excel keeps it as the officer typed it. Written bare, "March 2025" would become
 * a date, "1.10" the number 1.1, "- draft" a formula error and "=HYPERLINK(…)" a live formula; a
 * leading apostrophe makes Excel store the text as text (it is not part of the value read back).
 * The Due column is the exception: its ISO date is meant to become a real date.
 */
export function excelCellValue(path: string | null, text: string): string {
  if (text === '' || path === 'due') return text;
  return `'${text}`;
}

/** The text a field value shows in its column: the shared mapping, for a single value. */
export function fieldText(path: string, value: unknown): string {
  try {
    return fieldToCell(writePath(EMPTY_FIELDS, path, value), path);
  } catch {
    return value === null || value === undefined ? '' : String(value);
  }
}

/** A1 address of one cell, 0-based row and column. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}

/** A1 address of a block of cells, 0-based. */
export function blockAddress(row: number, column: number, rows: number, columns: number): string {
  const start = cellAddress(row, column);
  return rows === 1 && columns === 1
    ? start
    : `${start}:${cellAddress(row + rows - 1, column + columns - 1)}`;
}

/** A sheet name as Excel writes it in a reference: quoted when it is not a plain word. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export interface CellRef {
  sheet: string | null;
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/**
 * Reads addresses as Excel gives them (`Sheet1!C3`, `'Plan 2024'!C3:D5, 'Plan 2024'!F7`) into
 * 0-based blocks. Commas inside a quoted sheet name do not split.
 */
export function parseAddresses(text: string): CellRef[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "'") {
      if (quoted && text[i + 1] === "'") {
        current += "''";
        i++;
        continue;
      }
      quoted = !quoted;
    }
    if (ch === ',' && !quoted) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts.flatMap((part) => {
    const bang = part.lastIndexOf('!');
    const rawSheet = bang >= 0 ? part.slice(0, bang) : null;
    const sheet =
      rawSheet === null
        ? null
        : rawSheet.startsWith("'")
          ? rawSheet.slice(1, -1).replace(/''/g, "'")
          : rawSheet;
    const match = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(part.slice(bang + 1));
    if (!match) return [];
    const column = columnIndex(match[1] as string);
    const row = Number(match[2]) - 1;
    const endColumn = match[3] ? columnIndex(match[3]) : column;
    const endRow = match[4] ? Number(match[4]) - 1 : row;
    return [{ sheet, row, column, rows: endRow - row + 1, columns: endColumn - column + 1 }];
  });
}

/** A -> 0, Z -> 25, AA -> 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const MAX_SHEET_NAME = 31;

/**
 * A worksheet name for a plan: Excel forbids : \ / ? * [ ], a leading or trailing apostrophe,
 * "History", and more than 31 characters; names are unique whatever their case.
 */
export function sheetNameFor(title: string, taken: readonly string[]): string {
  const cleaned =
    title
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '')
      .trim() || 'Plan';
  const base = cleaned.toLowerCase() === 'history' ? 'Plan history' : cleaned;
  return unique(base, taken, MAX_SHEET_NAME, (stem, n) => `${stem} (${n})`);
}

/**
 * A table name for a plan: letters, digits and underscores, starting with a letter, never one that
 * reads as a cell reference (A1, R1C1); unique in the workbook, whatever the case.
 */
export function tableNameFor(title: string, taken: readonly string[]): string {
  const words = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const base = `Plan_${words.join('_')}`.slice(0, 60).replace(/_+$/, '');
  return unique(base, taken, 60, (stem, n) => `${stem}_${n}`);
}

function unique(
  base: string,
  taken: readonly string[],
  max: number,
  numbered: (stem: string, n: number) => string,
): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  const first = base.slice(0, max).trim();
  if (!used.has(first.toLowerCase())) return first;
  for (let n = 2; ; n++) {
    const suffixLength = numbered('', n).length;
    const candidate = numbered(base.slice(0, max - suffixLength).trim(), n);
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * The table column (0-based) a conflict is marked in: the field's own column; a derived due date or
 * milestone in the Timescale column; a "deleted" conflict on the action text.
 */
export function conflictColumn(table: TableLayout, conflict: Conflict): number | null {
  const byPath = (path: string) => table.columns.find((c) => c.path === path)?.index ?? null;
  if (conflict.kind === 'deleted')
    return byPath('action') ?? table.columns.find((c) => c.path)?.index ?? null;
  return (
    byPath(conflict.field) ??
    (conflict.field === 'due' || conflict.field === 'milestones' ? byPath('timescale') : null)
  );
}

/** Fill colours of the Status column; conflicts have their own, apart from these (core/conflict-mark.ts). */
export const RAG_FILLS: Record<string, string> = {
  'On track': '#C6EFCE',
  'At risk': '#FFEB9C',
  'Off track': '#FFC7CE',
  Complete: '#BDD7EE',
};
export const OVERDUE_FILL = '#F4B6B6';

/** Column widths (points) for a plan opened by the add-in, by heading. */
export const COLUMN_WIDTHS: Record<string, number> = {
  Theme: 120,
  'Proposed action': 300,
  Recommendation: 90,
  Directorate: 120,
  'Lead officer': 110,
  Timescale: 100,
  Due: 75,
  Status: 80,
  Progress: 260,
  Id: 60,
};
