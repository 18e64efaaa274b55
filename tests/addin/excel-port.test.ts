import { describe, expect, it } from 'vitest';
import { openPlan } from '../../addin/excel-open.js';
import { ExcelSheetPort } from '../../addin/excel-port.js';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { BASE_SHEET, decodeBaseSheet } from '../../core/sync-base-sheet.js';
import { syncSheet } from '../../core/sync-run.js';
import { FakeExcel } from './fake-excel.js';
import { buildPlan, MemoryPlanServer } from './memory-plan-server.js';

async function openedPlan() {
  const server = new MemoryPlanServer();
  server.seed(3, (i) => ({ theme: 'Governance', action: `Action ${i + 1}` }));
  const excel = new FakeExcel({ Sheet1: [] });
  const placed = await excel.run((context) =>
    openPlan(context, buildPlan(), server.list(), { api: 'http://127.0.0.1:8787' }),
  );
  return { server, excel, sheet: placed.meta.sheet };
}

const baseInWorkbook = (excel: FakeExcel) =>
  decodeBaseSheet(
    excel
      .sheet(BASE_SHEET)
      .rows()
      .map((r) => r.map((c) => String(c ?? ''))),
  )?.base;

describe('ExcelSheetPort', () => {
  it('when a sync finishes, then its summary carries the base written into PlansSync', async () => {
    const { server, excel, sheet } = await openedPlan();
    excel.sheet(sheet).type(1, PLAN_HEADINGS.indexOf('Progress'), 'Draft circulated to CMT');

    const summary = await syncSheet(new ExcelSheetPort(excel.run), server);

    expect(summary.base).toEqual(baseInWorkbook(excel));
    expect(summary.base.cursor).toBe(summary.cursor);
  });

  it('when one port writes onto what another port read, then the write lands: a port remembers nothing between the two', async () => {
    const { excel } = await openedPlan();
    const read = await new ExcelSheetPort(excel.run).read();
    const base = { ...read.base, cursor: read.base.cursor + 1 };

    await new ExcelSheetPort(excel.run).write(read, {
      patch: { ids: [], updates: [], inserts: [], removals: [] },
      base,
      conflicts: [],
      refused: [],
      unwritten: [],
    });

    expect(baseInWorkbook(excel)).toEqual(base);
  });
});
