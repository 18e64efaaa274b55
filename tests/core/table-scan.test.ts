import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionFields } from '../../core/plan.js';
import { layoutFromHeadings, tableWidth } from '../../core/sheet-table.js';
import { scanTable } from '../../core/table-scan.js';

const ID = '01HZY3M8Q4V6W7X8Y9Z0ABCDEF';
const layout = layoutFromHeadings(['Theme', 'Proposed action', 'Progress', 'Id']);

/** Rows as cells, numbered from sheet row 2 (under the headings). */
const grid = (rows: string[][]) => rows.map((cells, i) => ({ at: i + 2, cells }));

describe('scanTable', () => {
  describe.each([
    {
      when: 'a theme is written once per group',
      rows: [
        ['Governance', 'Refresh the protocol', '', ''],
        ['', 'Run a development programme', '', ''],
        ['Finance', 'Set a budget', '', ''],
      ],
      themes: ['Governance', 'Governance', 'Finance'],
      own: ['Governance', '', 'Finance'],
      at: [2, 3, 4],
      blankRowsWithId: [],
    },
    {
      when: 'a blank row sits between a theme and its next action',
      rows: [
        ['Governance', 'Refresh the protocol', '', ''],
        ['', '', '', ''],
        ['', 'Run a development programme', '', ''],
      ],
      themes: ['Governance', 'Governance'],
      own: ['Governance', ''],
      at: [2, 4],
      blankRowsWithId: [],
    },
    {
      when: 'a row was emptied by hand but keeps its id',
      rows: [
        ['Governance', 'Refresh the protocol', '', ID],
        ['', '', '', ID],
        ['', 'Run a development programme', '', ''],
      ],
      themes: ['Governance', 'Governance'],
      own: ['Governance', ''],
      at: [2, 4],
      blankRowsWithId: [3],
    },
    {
      when: 'the first rows have no theme',
      rows: [
        ['', 'Refresh the protocol', '', ''],
        ['Finance', 'Set a budget', '', ''],
      ],
      themes: ['', 'Finance'],
      own: ['', 'Finance'],
      at: [2, 3],
      blankRowsWithId: [],
    },
  ])('when $when', ({ rows, themes, own, at, blankRowsWithId }) => {
    const scan = scanTable(layout, grid(rows));

    it('then each action row shows the theme written on it or above it', () => {
      expect(scan.rows.map((r) => r.row.fields.theme)).toEqual(themes);
    });

    it('then each row keeps what its own theme cell holds, and where it was', () => {
      expect(scan.rows.map((r) => r.ownTheme)).toEqual(own);
      expect(scan.rows.map((r) => r.at)).toEqual(at);
    });

    it('then blank rows are no actions, and those with an id are listed', () => {
      expect(scan.blankRowsWithId).toEqual(blankRowsWithId);
    });
  });

  it('when a row is read, then the carried theme is marked as carried, not typed', () => {
    const scan = scanTable(
      layout,
      grid([
        ['Governance', 'A', '', ''],
        ['', 'B', '', ''],
      ]),
    );
    expect(scan.rows.map((r) => r.row.themeCarried ?? false)).toEqual([false, true]);
  });

  it("when the adapter reads its rows itself, then it is given each row's cells, the carried theme and where the row is", () => {
    const seen: [string, number][] = [];
    scanTable(
      layout,
      grid([
        ['Governance', 'A', '', ''],
        ['', 'B', '', ''],
      ]),
      (cells, carried, at) => {
        seen.push([carried, at]);
        return { id: null, fields: ActionFields.parse({ action: String(cells[1]), theme: 'Kept' }) };
      },
    );
    expect(seen).toEqual([
      ['', 2],
      ['Kept', 3],
    ]);
  });

  it('when any grid is scanned, then every row shows its own theme or the last one above it, and no blank row is an action', () => {
    const cell = fc.constantFrom('', 'Governance', 'Finance', 'Place');
    const row = fc.tuple(
      cell,
      fc.constantFrom('', 'Do it', 'Plan it'),
      fc.constantFrom('', 'Note'),
      fc.constantFrom('', ID),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const scan = scanTable(layout, grid(rows));
        let last = '';
        const expected: { at: number; theme: string }[] = [];
        rows.forEach(([theme, action, progress], i) => {
          if (theme === '' && action === '' && progress === '') return;
          last = theme || last;
          expected.push({ at: i + 2, theme: last });
        });
        expect(scan.rows.map((r) => ({ at: r.at, theme: r.row.fields.theme }))).toEqual(expected);
        expect(scan.blankRowsWithId).toEqual(
          rows.flatMap(([t, a, p, id], i) => (t === '' && a === '' && p === '' && id !== '' ? [i + 2] : [])),
        );
      }),
    );
  });
});

describe('tableWidth', () => {
  it.each([
    { headings: ['Theme', 'Proposed action'], width: 3 },
    { headings: ['Theme', 'Id', 'Proposed action'], width: 3 },
    { headings: ['Theme', '', 'Proposed action', '', ''], width: 4 },
  ])(
    'when the headings are $headings, then the table is $width cells wide, its id column included',
    ({ headings, width }) => {
      expect(tableWidth(layoutFromHeadings(headings))).toBe(width);
    },
  );
});
