/**
 * The add-in's sync in Excel as it really behaves (the strict double, tests/addin/fake-excel.ts):
 * the 5 MB limit both ways, an officer who keeps sorting, typing and filtering while a sync runs,
 * a write that fails part way, marks on cells that already carry a note or a comment.
 */
import { describe, expect, it } from 'vitest';
import { openPlan } from '../../addin/excel-open.js';
import { ExcelSheetPort } from '../../addin/excel-port.js';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { syncSheet } from '../../core/sync-run.js';
import { FakeExcel, PAYLOAD_LIMIT } from './fake-excel.js';
import { buildPlan, MemoryPlanServer } from './memory-plan-server.js';

const column = (heading: (typeof PLAN_HEADINGS)[number]) => PLAN_HEADINGS.indexOf(heading);

const row = (i: number, progress = '') => ({
  theme: `Theme ${1 + Math.floor(i / 50)}`,
  action: `Action ${i + 1}`,
  recommendations: [String((i % 9) + 1)],
  directorate: i % 2 ? 'Resources' : 'Policy and Governance',
  lead: 'Head of Policy',
  timescale: 'March 2025',
  due: '2025-03-31',
  status: 'On track' as const,
  progress,
});

/** A 400-character progress note, as officers write them. */
const longNote = (i: number) =>
  `${'Reported to Overview and Scrutiny; next review at CMT. '.repeat(8).slice(0, 390)} ${i}`;

async function opened(rows: number, make: (i: number) => ReturnType<typeof row> = (i) => row(i)) {
  const server = new MemoryPlanServer();
  server.seed(rows, make);
  const excel = new FakeExcel({ Sheet1: [] });
  const placed = await excel.run((context) =>
    openPlan(context, buildPlan(), server.list(), { api: 'http://127.0.0.1:8787' }),
  );
  return { server, excel, name: placed.meta.sheet, sheet: excel.sheet(placed.meta.sheet) };
}

const sync = (excel: FakeExcel, server: MemoryPlanServer) => syncSheet(new ExcelSheetPort(excel.run), server);

describe('Excel sync within the 5 MB limit both ways', () => {
  it('when a 10,000-row plan with 400-character progress notes is opened, edited and synced, then no request or response is over 5 MB', async () => {
    const { server, excel, sheet } = await opened(10_000, (i) => row(i, longNote(i)));
    for (const r of [1, 5_000, 10_000]) sheet.type(r, column('Progress'), `Edited at row ${r}`);
    excel.resetCounts();

    const summary = await sync(excel, server);

    expect(summary.pushed).toBe(3);
    const accepted = excel.syncs.filter((s) => !s.refused);
    const largestRead = Math.max(...accepted.map((s) => s.responseBytes));
    expect(largestRead).toBeGreaterThan(1_000_000);
    expect(largestRead).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    for (const s of accepted) expect(s.bytes).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    // Only the first band of the snapshot, sized on a guess before any row was read, may be refused.
    expect(excel.syncs.filter((s) => s.refused).length).toBeLessThanOrEqual(1);
    // And it reads back as it was left: a second sync sends nothing.
    expect((await sync(excel, server)).pushed).toBe(0);
  }, 120_000);
});

describe('Excel events during a sync', () => {
  it('when the last request of a write fails, then Excel events are left on (the add-in never turns them off)', async () => {
    const { server, excel } = await opened(0);
    server.seed(2_000, (i) => row(i, `${'Progress note. '.repeat(180)}${i}`));
    excel.failSync = (_, s) => s.operations.includes('visibility VeryHidden');

    await expect(sync(excel, server)).rejects.toThrow(/injected/);

    expect(excel.eventsEnabled.at(-1) ?? true).toBe(true);
  }, 60_000);
});
