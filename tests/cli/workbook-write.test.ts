/**
 * plainWrites decides when a later sync read from the sheet's XML may write the plan's values
 * itself rather than through ExcelJS's model and writeOutcome: only values into plain cells.
 */
import { describe, expect, it } from 'vitest';
import { gridTableAt, type SheetGrid, type TableReading } from '../../cli/workbook-table.js';
import { type PlainCells, plainWrites } from '../../cli/workbook-write.js';
import type { Cell } from '../../core/grid-cell.js';
import { ActionFields } from '../../core/plan.js';
import type { SyncOutcome } from '../../core/sync-run.js';

const ID = '01J00000000000000000000001';
const HEADINGS = ['Theme', 'Proposed action', 'Lead', 'Due date', 'Id'];

/** A sheet of headings in row 1 and one action in row 2, with what the XML reading says of its cells. */
function sheet(says: Partial<PlainCells> = {}): SheetGrid & PlainCells {
  const rows: Cell[][] = [[], [null, ...HEADINGS], [null, 'Governance', 'Publish the plan', 'Pat', null, ID]];
  return {
    name: 'Action plan',
    rowCount: 2,
    valueAt: (row, column) => rows[row]?.[column] ?? null,
    widthOf: (row) => (rows[row]?.length ?? 1) - 1,
    mayBeMarked: () => false,
    isCovered: () => false,
    isFormula: () => false,
    formatAt: () => 'plain',
    ...says,
  };
}

function outcome(
  values: { path: string; value: unknown }[],
  more: Partial<SyncOutcome['patch']> = {},
): SyncOutcome {
  return {
    patch: { ids: [], updates: [{ id: ID, row: 0, values }], inserts: [], removals: [], ...more },
    base: { cursor: 1, rows: {} },
    conflicts: [],
    refused: [],
    unwritten: [],
  };
}

function writesFor(cells: SheetGrid & PlainCells, result: SyncOutcome) {
  const table = gridTableAt(cells, 1, 1);
  const reading: TableReading = {
    rows: [
      {
        sheetRow: 2,
        row: {
          id: ID,
          fields: ActionFields.parse({ theme: 'Governance', action: 'Publish the plan', lead: 'Pat' }),
        },
      },
    ],
    blankRowsWithId: [],
    lastRow: 2,
  };
  return plainWrites(table, reading, result, cells);
}

describe('plainWrites', () => {
  it('when the plan changes a value in a plain cell, then that cell is written with what it held', () => {
    expect(writesFor(sheet(), outcome([{ path: 'lead', value: 'Sam' }]))).toEqual([
      { row: 2, column: 3, value: 'Sam', was: 'Pat', shortDate: false },
    ]);
  });

  it('when a due date goes into a cell with no number format, then it is a date taking the short date format; with one, it keeps it', () => {
    const date = new Date('2027-03-31T00:00:00Z');
    expect(writesFor(sheet(), outcome([{ path: 'due', value: '2027-03-31' }]))).toEqual([
      { row: 2, column: 4, value: date, was: null, shortDate: true },
    ]);
    expect(
      writesFor(sheet({ formatAt: () => 'other' }), outcome([{ path: 'due', value: '2027-03-31' }])),
    ).toEqual([{ row: 2, column: 4, value: date, was: null, shortDate: false }]);
  });

  it('when the cell is covered by a merge, holds a formula or its format cannot be told, then ExcelJS writes it', () => {
    const lead = outcome([{ path: 'lead', value: 'Sam' }]);
    expect(writesFor(sheet({ isCovered: (_, column) => column === 3 }), lead)).toBeNull();
    expect(writesFor(sheet({ isFormula: (_, column) => column === 3 }), lead)).toBeNull();
    expect(writesFor(sheet({ formatAt: () => null }), lead)).toBeNull();
    expect(writesFor(sheet({ mayBeMarked: () => true }), lead)).toBeNull();
  });

  it('when a row the officer added gets its id, then the id goes into the Id column as text; into a formula or a merge, ExcelJS writes it', () => {
    const NEW = '01J00000000000000000000002';
    const ids = outcome([], { ids: [{ row: 0, id: NEW }] });
    expect(writesFor(sheet(), ids)).toEqual([{ row: 2, column: 5, value: NEW, was: ID, shortDate: false }]);
    expect(writesFor(sheet({ isFormula: (_, column) => column === 5 }), ids)).toBeNull();
    expect(writesFor(sheet({ isCovered: (_, column) => column === 5 }), ids)).toBeNull();
    expect(writesFor(sheet({ formatAt: () => null }), ids)).toBeNull();
  });

  it('when the outcome adds or removes a row, changes a theme or marks a conflict, then ExcelJS writes it', () => {
    expect(writesFor(sheet(), outcome([], { removals: [0] }))).toBeNull();
    expect(writesFor(sheet(), outcome([{ path: 'theme', value: 'Finance' }]))).toBeNull();
    const conflict = {
      ...outcome([]),
      conflicts: [{ id: ID, kind: 'field', field: 'lead', mine: 'Sam', theirs: 'Pat' }],
    };
    expect(writesFor(sheet(), conflict as SyncOutcome)).toBeNull();
  });
});
