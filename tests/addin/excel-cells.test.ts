import { describe, expect, it } from 'vitest';
import {
  conflictColumn,
  excelCellValue,
  fieldText,
  parseAddresses,
  sheetNameFor,
  tableNameFor,
} from '../../addin/excel-cells.js';
import { layoutFromHeadings, PLAN_HEADINGS } from '../../core/sheet-table.js';
import type { Conflict } from '../../core/sync-protocol.js';

describe('excelCellValue', () => {
  it.each([
    ['timescale', 'March 2025', "'March 2025"],
    ['recommendations', '1.10', "'1.10"],
    ['progress', '- draft sent', "'- draft sent"],
    ['action', '=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['due', '2025-03-31', '2025-03-31'],
    ['progress', '', ''],
  ])('when %s holds %j, then Excel is given %j', (path, text, written) => {
    expect(excelCellValue(path, text)).toBe(written);
  });
});

describe('fieldText', () => {
  it('when a field value is a list or a status, then it reads as the cell would show it', () => {
    expect(fieldText('recommendations', ['3', '5'])).toBe('3, 5');
    expect(fieldText('status', 'At risk')).toBe('At risk');
    expect(fieldText('extra.Budget', '£10k')).toBe('£10k');
    expect(fieldText('due', null)).toBe('');
  });
});

describe('parseAddresses', () => {
  it('when Excel lists blocks on a quoted sheet, then each is read, commas in the name aside', () => {
    expect(parseAddresses("'Plan, 2024'!C3:D5, 'Plan, 2024'!F7,Sheet1!$A$1")).toEqual([
      { sheet: 'Plan, 2024', row: 2, column: 2, rows: 3, columns: 2 },
      { sheet: 'Plan, 2024', row: 6, column: 5, rows: 1, columns: 1 },
      { sheet: 'Sheet1', row: 0, column: 0, rows: 1, columns: 1 },
    ]);
  });

  it('when a sheet name has an apostrophe, then the doubled quote reads as one', () => {
    expect(parseAddresses("'Officers'' plan'!AA10")[0]).toMatchObject({
      sheet: "Officers' plan",
      column: 26,
      row: 9,
    });
  });
});

describe('sheetNameFor and tableNameFor', () => {
  it('when a title is long or has characters Excel forbids, then the sheet name is cleaned and at most 31 characters', () => {
    const name = sheetNameFor('Chorley: Corporate Peer Challenge [2024/25] action plan', []);
    expect(name).toBe('Chorley Corporate Peer Challeng');
    expect(name.length).toBeLessThanOrEqual(31);
  });

  it('when the name is taken (whatever the case), then a number makes it unique', () => {
    expect(sheetNameFor('Plan', ['plan', 'Plan (2)'])).toBe('Plan (3)');
    expect(sheetNameFor('History', [])).toBe('Plan history');
    expect(tableNameFor('Peer challenge 2024', ['Plan_Peer_challenge_2024'])).toBe(
      'Plan_Peer_challenge_2024_2',
    );
  });
});

describe('conflictColumn', () => {
  const table = layoutFromHeadings([...PLAN_HEADINGS]);
  const conflict = (field: string, kind: Conflict['kind'] = 'field'): Conflict => ({
    id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    kind,
    field,
    base: null,
    mine: null,
    theirs: null,
    version: 2,
  });

  it('when a field conflicts, then its own column is marked; a deleted row marks the action', () => {
    expect(conflictColumn(table, conflict('progress'))).toBe(PLAN_HEADINGS.indexOf('Progress'));
    expect(conflictColumn(table, conflict('deleted', 'deleted'))).toBe(
      PLAN_HEADINGS.indexOf('Proposed action'),
    );
  });

  it('when a sheet has no Due column, then a due-date conflict marks the Timescale', () => {
    const noDue = layoutFromHeadings(['Proposed action', 'Timescale']);
    expect(conflictColumn(noDue, conflict('due'))).toBe(1);
    expect(conflictColumn(noDue, conflict('lead'))).toBeNull();
  });
});
