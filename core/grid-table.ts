/** The table under the header row: its columns, what each holds, and the key each is known by. */
import { type CellReading, columnLetter } from './grid-cell.js';
import type { ColumnRole } from './grid-header.js';
import { type ColumnMap, type ColumnMapping, mapColumns } from './grid-mapping.js';

export interface GridColumn {
  index: number;
  /** The header text as written; "Column F" for data under a blank heading. */
  key: string;
  role: ColumnRole | 'extra';
}

export interface Table {
  /** 0-based index of the header row in the cells. */
  headerIndex: number;
  /** 0-based index of the table's last row (the header's when it has none). */
  lastIndex: number;
  columns: GridColumn[];
  byRole: Partial<Record<ColumnRole, GridColumn>>;
  /** Index of the leftmost column, where theme headings are written. */
  firstColumn: number;
  /** How each column was mapped, and why. */
  mapping: ColumnMapping[];
}

export const isFilled = (cell: CellReading | undefined): cell is CellReading =>
  cell !== undefined && (cell.text !== '' || cell.problem !== null);

export function readTable(
  rows: readonly CellReading[][],
  headerIndex: number,
  lastIndex: number = rows.length - 1,
  map: ColumnMap = {},
): Table {
  const header = rows[headerIndex] ?? [];
  const below = rows.slice(headerIndex + 1, lastIndex + 1);
  const width = below.reduce((widest, row) => Math.max(widest, row.length), header.length);
  const found: { index: number; key: string; cells: CellReading[] }[] = [];
  const keys = new Set<string>();

  for (let index = 0; index < width; index++) {
    const heading = header[index]?.text ?? '';
    // A column with neither heading nor data is just spacing between tables.
    if (heading === '' && !below.some((row) => isFilled(row[index]))) continue;
    const letter = columnLetter(index);
    let key = heading === '' ? `Column ${letter}` : heading;
    if (keys.has(key)) key = `${key} (column ${letter})`;
    keys.add(key);
    found.push({ index, key, cells: below.map((row) => row[index] ?? BLANK_READING) });
  }
  // The first column of each kind is the one read; a second "Timescale" is kept as extra.
  const mapping = mapColumns(
    found.map((c) => ({ index: c.index, heading: c.key, cells: c.cells })),
    map,
  );
  const columns: GridColumn[] = found.map((c, i) => ({
    index: c.index,
    key: c.key,
    role: mapping[i]?.role ?? 'extra',
  }));
  const byRole: Partial<Record<ColumnRole, GridColumn>> = {};
  for (const column of columns)
    if (column.role !== 'extra' && !byRole[column.role]) byRole[column.role] = column;
  return { headerIndex, lastIndex, columns, byRole, firstColumn: columns[0]?.index ?? 0, mapping };
}

const BLANK_READING: CellReading = { text: '', date: null, number: null, problem: null, formula: false };
