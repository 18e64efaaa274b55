import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { adoptSheet } from '../../addin/excel-adopt.js';
import { readPlanTable } from '../../addin/excel-read.js';
import { findTable, readTable } from '../../cli/workbook-table.js';
import { FakeExcel } from './fake-excel.js';
import { buildPlan, COUNCIL } from './memory-plan-server.js';

const ID_A = '01HZY3M8Q4V6W7X8Y9Z0ABCDEF';
const ID_B = '01HZY3M8Q4V6W7X8Y9Z0ABCDEG';

/** A plan sheet as officers keep them: a title, themes written once, blank rows, one emptied by hand. */
const GRID: string[][] = [
  ['Action plan 2025', '', '', '', '', ''],
  ['', '', '', '', '', ''],
  ['Theme', 'Proposed action', 'Lead officer', 'Timescale', 'Progress', 'Id'],
  ['Governance', 'Refresh the member-officer protocol', 'Monitoring Officer', 'By December 2025', '', ID_A],
  ['', 'Run a councillor development programme', 'Head of Democratic Services', 'Spring 2026', '', ''],
  ['', '', '', '', '', ''],
  ['', 'Review the constitution', 'Monitoring Officer', 'Q3 2025/26', 'Started', ''],
  ['', '', '', '', '', ID_B],
  ['Finance', 'Set a balanced budget', 'Section 151 Officer', 'March 2026', '', ''],
  ['', '', '', '', '', ''],
];

async function readInExcel() {
  const excel = new FakeExcel({ Plan: GRID });
  await excel.run((context) => adoptSheet(context, { council: COUNCIL, plan: buildPlan().id, api: null }));
  const read = await excel.run((context) => readPlanTable(context));
  return {
    rows: read.state.rows,
    // Excel counts rows from 0, the .xlsx file from 1.
    sheetRows: read.sheetRows.map((r) => r + 1),
    blankRowsWithId: read.blankRowsWithId.map((r) => r + 1),
  };
}

function readOnDisk() {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet('Plan');
  GRID.forEach((cells, r) => {
    cells.forEach((text, c) => {
      if (text !== '') worksheet.getCell(r + 1, c + 1).value = text;
    });
  });
  const table = findTable(worksheet);
  if (!table) throw new Error('no plan table found on disk');
  const reading = readTable(table);
  return {
    rows: reading.rows.map((r) => r.row),
    sheetRows: reading.rows.map((r) => r.sheetRow),
    blankRowsWithId: reading.blankRowsWithId,
  };
}

describe('Excel and the .xlsx file read a plan sheet alike', () => {
  it('when both read the same grid, then they give the same rows, from the same sheet rows, and the same blank rows with an id', async () => {
    const excel = await readInExcel();
    const disk = readOnDisk();

    expect(excel).toEqual(disk);
    expect(disk.rows.map((r) => [r.fields.action, r.fields.theme, r.themeCarried ?? false])).toEqual([
      ['Refresh the member-officer protocol', 'Governance', false],
      ['Run a councillor development programme', 'Governance', true],
      ['Review the constitution', 'Governance', true],
      ['Set a balanced budget', 'Finance', false],
    ]);
    expect(disk.blankRowsWithId).toEqual([8]);
  });
});
