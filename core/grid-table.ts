/** The table under the header row: its columns, what each holds, and the key each is known by. */
import { type CellReading, columnLetter } from './grid-cell.js';
import { type ColumnRole, roleOfHeading } from './grid-header.js';

export interface GridColumn {
  index: number;
  /** The header text as written; "Column F" for data under a blank heading. */
  key: string;
  role: ColumnRole | 'extra';
}

export interface Table {
  /** 0-based index of the header row in the cells. */
  headerIndex: number;
  columns: GridColumn[];
  byRole: Partial<Record<ColumnRole, GridColumn>>;
  /** Index of the leftmost column, where theme headings are written. */
  firstColumn: number;
}

export const isFilled = (cell: CellReading | undefined): cell is CellReading =>
  cell !== undefined && (cell.text !== '' || cell.problem !== null);

export function readTable(rows: readonly CellReading[][], headerIndex: number): Table {
  const header = rows[headerIndex] ?? [];
  const below = rows.slice(headerIndex + 1);
  const width = below.reduce((widest, row) => Math.max(widest, row.length), header.length);
  const columns: GridColumn[] = [];
  const byRole: Partial<Record<ColumnRole, GridColumn>> = {};
  const keys = new Set<string>();

  for (let index = 0; index < width; index++) {
    const heading = header[index]?.text ?? '';
    // A column with neither heading nor data is just spacing between tables.
    if (heading === '' && !below.some((row) => isFilled(row[index]))) continue;
    const letter = columnLetter(index);
    let key = heading === '' ? `Column ${letter}` : heading;
    if (keys.has(key)) key = `${key} (column ${letter})`;
    keys.add(key);
    const role = roleOfHeading(heading);
    // The first column of each kind is the one read; a second "Timescale" is kept as extra.
    const column: GridColumn = { index, key, role: role && !byRole[role] ? role : 'extra' };
    if (role && column.role === role) byRole[role] = column;
    columns.push(column);
  }
  return { headerIndex, columns, byRole, firstColumn: columns[0]?.index ?? 0 };
}
