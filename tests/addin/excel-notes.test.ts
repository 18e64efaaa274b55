/**
 * Conflict marks as notes where the host has them (ExcelApi 1.18, the strict double's
 * `notesSupported`), a threaded comment where it does not; an officer's own note is never touched.
 */
import { describe, expect, it } from 'vitest';
import { clearConflictMark, writeMineIntoCell } from '../../addin/excel-conflicts.js';
import { openPlan } from '../../addin/excel-open.js';
import { ExcelSheetPort } from '../../addin/excel-port.js';
import { conflictMarkText } from '../../core/conflict-mark.js';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { syncSheet } from '../../core/sync-run.js';
import { FakeExcel } from './fake-excel.js';
import { buildPlan, MemoryPlanServer } from './memory-plan-server.js';

const column = (heading: (typeof PLAN_HEADINGS)[number]) => PLAN_HEADINGS.indexOf(heading);
const withNotes = { tableResize: true, notes: true };

const row = (i: number) => ({
  theme: 'Theme 1',
  action: `Action ${i + 1}`,
  recommendations: ['1'],
  directorate: 'Resources',
  lead: 'Head of Policy',
  timescale: 'March 2025',
  due: '2025-03-31',
  status: 'On track' as const,
  progress: '',
});

/** A plan of three rows opened in a host with notes, row 2's lead changed on both sides. */
async function conflicted() {
  const server = new MemoryPlanServer();
  server.seed(3, row);
  const excel = new FakeExcel({ Sheet1: [] });
  excel.notesSupported = true;
  const placed = await excel.run((context) =>
    openPlan(context, buildPlan(), server.list(), { api: 'http://127.0.0.1:8787' }),
  );
  const sheet = excel.sheet(placed.meta.sheet);
  const target = server.list().actions.find((a) => a.order === 2);
  if (!target) throw new Error('no row 2');
  server.edit(target.id, { lead: 'Theirs' });
  sheet.type(2, column('Lead officer'), 'Mine');
  const sync = () => syncSheet(new ExcelSheetPort(excel.run, withNotes), server);
  return { server, excel, sheet, sync, cell: `2:${column('Lead officer')}` };
}

describe('Excel conflict marks as notes where the host has them', () => {
  it('when the host has ExcelApi 1.18 and a sync finds a conflict, then the cell is filled and its note says both values, with no threaded comment', async () => {
    const { excel, sheet, sync, cell } = await conflicted();

    const summary = await sync();

    const conflict = summary.conflicts[0];
    if (!conflict) throw new Error('no conflict');
    expect(sheet.fills.get(cell)).toBeDefined();
    expect(sheet.notes.get(cell)).toBe(conflictMarkText(conflict));
    expect(excel.comments).toEqual([]);
  });

  it('when the same cell conflicts again, then its note is replaced by the new one, and the sync succeeds', async () => {
    const { server, sheet, sync, cell } = await conflicted();
    await sync();
    const target = server.list().actions.find((a) => a.order === 2);
    server.edit(target?.id as string, { lead: 'Theirs again' });
    sheet.type(2, column('Lead officer'), 'Mine again');

    const summary = await sync();

    expect(summary.conflicts).toHaveLength(1);
    expect(sheet.notes.get(cell)).toContain('yours was "Mine again"');
  });

  it('when the officer takes theirs or keeps theirs, then the note the add-in placed comes off with the fill', async () => {
    for (const act of [clearConflictMark, writeMineIntoCell]) {
      const { excel, sheet, sync, cell } = await conflicted();
      const conflict = (await sync()).conflicts[0];
      if (!conflict) throw new Error('no conflict');

      await excel.run((context) => act(context, conflict, withNotes));

      expect(sheet.fills.has(cell)).toBe(false);
      expect(sheet.notes.has(cell)).toBe(false);
    }
  });

  it("when the conflicted cell has the officer's own note, then the sync succeeds with the fill alone, and taking theirs leaves the note", async () => {
    const { excel, sheet, sync, cell } = await conflicted();
    sheet.notes.set(cell, 'Check with the director first');

    const conflict = (await sync()).conflicts[0];
    if (!conflict) throw new Error('no conflict');
    expect(sheet.fills.get(cell)).toBeDefined();
    expect(sheet.notes.get(cell)).toBe('Check with the director first');
    expect(excel.comments).toEqual([]);

    await excel.run((context) => clearConflictMark(context, conflict, withNotes));
    expect(sheet.notes.get(cell)).toBe('Check with the director first');
  });

  it("when Excel refuses the look-up of the cells' notes, then the sync still succeeds with the fills as the marks", async () => {
    const { excel, sheet, sync, cell } = await conflicted();
    excel.failSync = (_, s) => s.operations.some((o) => o.startsWith('load note'));

    const summary = await sync();

    expect(summary.conflicts).toHaveLength(1);
    expect(sheet.fills.get(cell)).toBeDefined();
    expect(sheet.notes.has(cell)).toBe(false);
  });

  it('when the host has no notes, then the mark is a threaded comment as before', async () => {
    const { excel, sheet, server } = await conflicted();
    excel.notesSupported = false;

    const summary = await syncSheet(
      new ExcelSheetPort(excel.run, { tableResize: true, notes: false }),
      server,
    );

    const conflict = summary.conflicts[0];
    if (!conflict) throw new Error('no conflict');
    expect(excel.comments.map((c) => c.content)).toEqual([conflictMarkText(conflict)]);
    expect(sheet.notes.size).toBe(0);
  });
});
