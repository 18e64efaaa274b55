import { describe, expect, it } from 'vitest';
import { SUMMARY_CHART, writeSummarySheet } from '../../addin/excel-summary.js';
import {
  planTitlesOf,
  STATUS_COLOURS,
  SUMMARY_SHEET,
  SummarySheetTakenError,
  TABLE_HEADER,
} from '../../addin/summary-rows.js';
import { STATUS_KEYS, type Summary } from '../../core/summary.js';
import { FakeExcel } from './fake-excel.js';
import { summaryOf } from './summary-fixtures.js';

const TABLE_ROW = 4; // A5: below the title, the note and the table's heading

async function write(excel: FakeExcel, summary: Summary) {
  excel.resetCounts();
  const report = await excel.run((context) => writeSummarySheet(context, summary, planTitlesOf(summary)));
  return { report, syncs: excel.syncs };
}

/** The sheet's rows as text, trailing blanks dropped: what an officer reads. */
const rowsOf = (excel: FakeExcel) =>
  excel
    .sheet(SUMMARY_SHEET)
    .rows()
    .map((row) => row.map((cell) => (cell === '' ? '' : cell)));

describe('Excel: the council summary into the Summary sheet', () => {
  it('when the summary is written, then the sheet has the title, the table with totals, the lists and a stacked-bar chart beside the table', async () => {
    const excel = new FakeExcel({ Plan: [['Theme']] });
    const summary = summaryOf(12);

    const { report } = await write(excel, summary);

    expect(report).toMatchObject({ sheet: SUMMARY_SHEET, created: true });
    const sheet = excel.sheet(SUMMARY_SHEET);
    expect(sheet.get(0, 0)).toBe('Council summary as of 1 June 2026');
    expect(rowsOf(excel)[TABLE_ROW]?.slice(0, TABLE_HEADER.length)).toEqual([...TABLE_HEADER]);
    const directorates = summary.byDirectorate.length;
    const total = rowsOf(excel)[TABLE_ROW + directorates + 1] ?? [];
    expect(total.slice(0, TABLE_HEADER.length)).toEqual([
      'Total',
      ...STATUS_KEYS.map((key) => summary.byStatus[key]),
      12,
    ]);
    // A directorate called "=SUM(A1)" is text, not a formula; counts are numbers.
    expect(sheet.formulas.size).toBe(0);
    expect(rowsOf(excel).some((row) => row[0] === '=SUM(A1)')).toBe(true);
    expect(sheet.bold).toContain(`A${TABLE_ROW + 1}:I${TABLE_ROW + 1}`);

    const overdueHeading = rowsOf(excel).findIndex((row) => String(row[0]).startsWith('Overdue actions'));
    expect(rowsOf(excel)[overdueHeading]?.[0]).toBe(`Overdue actions (${summary.overdue.length})`);
    expect(rowsOf(excel)[overdueHeading + 1]?.slice(0, 6)).toEqual([
      'Plan',
      'Proposed action',
      'Directorate',
      'Lead officer',
      'Due',
      'Status',
    ]);
    const firstOverdue = rowsOf(excel)[overdueHeading + 2] ?? [];
    expect(firstOverdue[0]).toBe('Chorley peer challenge 2025');
    expect(typeof firstOverdue[4]).toBe('number'); // a real date, not text
    const unlinkedHeading = rowsOf(excel).findIndex((row) => String(row[0]).startsWith('Recommendations'));
    expect(rowsOf(excel)[unlinkedHeading + 1]?.[0]).toBe('Every recommendation has a live action.');

    expect(sheet.charts).toHaveLength(1);
    expect(sheet.charts[0]).toMatchObject({
      name: SUMMARY_CHART,
      type: 'BarStacked',
      seriesBy: 'Columns',
      // Directorates and statuses only: not the Total column, nor the Total row.
      source: { row: TABLE_ROW, column: 0, rows: directorates + 1, columns: STATUS_KEYS.length + 1 },
      title: 'Actions by directorate and status, 1 Jun 2026',
      legend: 'Bottom',
      reversed: true,
      axisPosition: 'Maximum',
      position: { from: 'K4', to: 'S20' },
      seriesFills: STATUS_KEYS.map((key) => STATUS_COLOURS[key]),
    });
    expect(excel.activeSheet).toBe(SUMMARY_SHEET);
    // Off before the sheet is added, off while writing, on again once written.
    expect(excel.eventsEnabled).toEqual([]);
  });

  it('when the summary is asked for again, then the same sheet is cleared and rewritten, and the old chart replaced', async () => {
    const excel = new FakeExcel({ Plan: [['Theme']] });
    await write(excel, summaryOf(300));
    const before = excel.sheet(SUMMARY_SHEET).rows().length;

    const { report } = await write(excel, summaryOf(6));

    expect(report.created).toBe(false);
    expect(excel.sheets.map((s) => s.name)).toEqual(['Plan', SUMMARY_SHEET]);
    const sheet = excel.sheet(SUMMARY_SHEET);
    expect(sheet.cleared).toBe(2); // once per write
    expect(sheet.charts).toHaveLength(1);
    expect(sheet.charts[0]?.name).toBe(SUMMARY_CHART);
    // The longer overdue list of the first summary is gone, not left below the new one.
    expect(sheet.rows().length).toBeLessThan(before);
    const totals = sheet.rows().find((row) => row[0] === 'Total');
    expect(totals?.[TABLE_HEADER.length - 1]).toBe(6);
  });

  it('when an officer made charts of their own on the Summary sheet, then a refresh deletes them with the old one', async () => {
    const excel = new FakeExcel({ Plan: [['Theme']] });
    await write(excel, summaryOf(6));
    const sheet = excel.sheet(SUMMARY_SHEET);
    sheet.charts.push({ ...(sheet.charts[0] as (typeof sheet.charts)[number]), name: 'Chart 2' });

    await write(excel, summaryOf(6));

    expect(sheet.charts.map((c) => c.name)).toEqual([SUMMARY_CHART]);
  });

  it('when 10 and 5,000 actions are summarised, then both take the same number of context.sync calls, the lists one values write each', async () => {
    const counts: number[] = [];
    for (const size of [10, 5_000]) {
      const summary = summaryOf(size);
      for (const refresh of [false, true]) {
        const excel = new FakeExcel({ Plan: [['Theme']] });
        if (refresh) await write(excel, summaryOf(20));
        const { syncs } = await write(excel, summary);
        counts.push(syncs.length);
        const writes = syncs.flatMap((s) => s.operations).filter((op) => op.startsWith('values'));
        const rows = summary.byDirectorate.length + 2;
        expect(writes).toContain(`values ${rows}x${TABLE_HEADER.length} at ${TABLE_ROW}:0`);
        expect(writes.filter((op) => op.startsWith(`values ${summary.overdue.length + 1}x6 `))).toHaveLength(
          1,
        );
        // Title and note, three headings, the table, two lists: never a write per action.
        expect(writes.length).toBeLessThanOrEqual(7);
      }
    }
    expect(new Set(counts)).toEqual(new Set([3]));
  }, 60_000);

  it('when the workbook has its own sheet called Summary, then it is left alone and the officer told why', async () => {
    const excel = new FakeExcel({ Summary: [['Our own notes', 'Keep these']] });

    await expect(write(excel, summaryOf(6))).rejects.toThrow(SummarySheetTakenError);

    expect(excel.sheet(SUMMARY_SHEET).rows()).toEqual([['Our own notes', 'Keep these']]);
    expect(excel.sheet(SUMMARY_SHEET).charts).toHaveLength(0);
    expect(excel.eventsEnabled).toEqual([]);
  });

  it('when an empty sheet called Summary is there, then it is used; when there are no actions, then there is no chart', async () => {
    const excel = new FakeExcel({ Summary: [] });

    const { report } = await write(excel, summaryOf(0));

    expect(report.created).toBe(false);
    const sheet = excel.sheet(SUMMARY_SHEET);
    expect(sheet.charts).toHaveLength(0);
    expect(sheet.rows().some((row) => row[0] === 'No overdue actions.')).toBe(true);
    expect(
      sheet
        .rows()
        .find((row) => row[0] === 'Total')
        ?.slice(0, TABLE_HEADER.length),
    ).toEqual(['Total', ...STATUS_KEYS.map(() => 0), 0]);
  });
});
