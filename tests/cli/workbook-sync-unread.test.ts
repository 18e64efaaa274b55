/**
 * A later sync reads only the sheet its base names and sync's own sheets: the workbook's other
 * sheets reach ExcelJS empty and are carried over as they are, so a sheet ExcelJS cannot read
 * (or a large one) never stops or slows the sync of the plan.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkbookPackage } from '../../cli/workbook-package.js';
import { openPlanWorkbook } from '../../cli/workbook-sync.js';
import { syncSheet } from '../../core/sync-run.js';
import { buildPlan, COUNCIL, MemoryPlanServer } from '../addin/memory-plan-server.js';

const dir = await mkdtemp(join(tmpdir(), 'plans-unread-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Not well formed: ExcelJS's parser stops on it. */
const UNREADABLE =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>';

async function adoptedWorkbook(name: string): Promise<{ file: string; server: MemoryPlanServer }> {
  const file = join(dir, name);
  const workbook = new ExcelJS.Workbook();
  const plan = workbook.addWorksheet('Action plan');
  plan.addRow(['Theme', 'Proposed action', 'Timescale', 'Progress']);
  plan.addRow(['Finance', 'Set a balanced budget', 'March 2025', 'Started']);
  workbook.addWorksheet('Notes').addRow(['Kept by the policy team']);
  await workbook.xlsx.writeFile(file);
  const server = new MemoryPlanServer();
  const adopted = await openPlanWorkbook(file, { council: COUNCIL, plan: buildPlan().id });
  await syncSheet(adopted, server);
  await adopted.save();
  return { file, server };
}

async function withNotesPart(file: string, xml: string): Promise<string> {
  const pkg = new WorkbookPackage(await readFile(file));
  const notes = pkg.sheets().find((s) => s.name === 'Notes');
  if (!notes) throw new Error('no Notes sheet');
  pkg.set(notes.part, xml);
  await writeFile(file, pkg.toBuffer());
  return notes.part;
}

describe('a later sync of a workbook with other sheets', () => {
  it('when another sheet cannot be read by ExcelJS, then the plan still syncs and that sheet is carried over as it was', async () => {
    const { file, server } = await adoptedWorkbook('unreadable-notes.xlsx');
    const part = await withNotesPart(file, UNREADABLE);
    const [action] = server.list().actions;
    if (!action) throw new Error('the plan has no action');
    server.edit(action.id, { progress: 'Budget agreed at Council' });

    const later = await openPlanWorkbook(file, {});
    const result = await syncSheet(later, server);
    await later.save();

    expect(result.pulled).toBe(1);
    const saved = new WorkbookPackage(await readFile(file));
    expect(saved.text(part)).toBe(UNREADABLE);
  });

  it('when the plan sheet was renamed and --sheet names it, then the later sync reads that sheet', async () => {
    const { file, server } = await adoptedWorkbook('renamed-plan.xlsx');
    const pkg = new WorkbookPackage(await readFile(file));
    pkg.set(pkg.workbookPart, pkg.text(pkg.workbookPart).replace('name="Action plan"', 'name="Plan 2025"'));
    await writeFile(file, pkg.toBuffer());
    const [action] = server.list().actions;
    if (!action) throw new Error('the plan has no action');
    server.edit(action.id, { progress: 'Budget agreed at Council' });

    const later = await openPlanWorkbook(file, { sheet: ' plan 2025' });
    const result = await syncSheet(later, server);
    await later.save();

    expect(result.pulled).toBe(1);
    const saved = new ExcelJS.Workbook();
    await saved.xlsx.readFile(file);
    expect(saved.getWorksheet('Plan 2025')?.getCell('D2').value).toBe('Budget agreed at Council');
  });
});
