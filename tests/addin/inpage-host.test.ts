import { describe, expect, it } from 'vitest';
import { adoptPreview, confirmedMap } from '../../addin/adopt-preview.js';
import { InPageWorkbook } from '../../addin/inpage-host.js';
import { planSheetLists } from '../../addin/plan-sheet-rules.js';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { syncSheet } from '../../core/sync-run.js';
import { buildPlan, COUNCIL, MemoryPlanServer } from './memory-plan-server.js';

const column = (heading: (typeof PLAN_HEADINGS)[number]) => PLAN_HEADINGS.indexOf(heading);

describe('the in-page workbook (WorkbookHost without Excel)', () => {
  it('when a plan is opened, edited and synced, then the edit reaches the plan and the base moves on', async () => {
    const server = new MemoryPlanServer();
    server.seed(2, (i) => ({ action: `Action ${i + 1}`, status: 'On track' }));
    const workbook = new InPageWorkbook(null);
    const placed = await workbook.openPlan(buildPlan(), server.list(), { api: null });
    workbook.edit(workbook.active, 0, column('Progress'), 'Draft circulated');

    const summary = await syncSheet(workbook.port(), server);

    expect(placed.rows).toBe(2);
    expect(summary.pushed).toBe(1);
    expect([...server.rows.values()].find((a) => a.order === 1)?.progress).toBe('Draft circulated');
    expect(workbook.synced?.base.cursor).toBe(server.revision);
  });

  it('when the sample sheet is adopted and synced, then its rows become the plan, theme carried down', async () => {
    const server = new MemoryPlanServer();
    const workbook = new InPageWorkbook(null);
    await workbook.adoptSheet({ council: COUNCIL, plan: buildPlan().id, api: null });

    const summary = await syncSheet(workbook.port(), server);

    expect(summary.pushed).toBe(2);
    expect([...server.rows.values()].map((a) => a.theme)).toEqual([
      'Governance and culture',
      'Governance and culture',
    ]);
    expect(workbook.sheets[0]?.rows.every((r) => r.id !== null)).toBe(true);
  });

  it('when the officer confirmed the columns in the preview, then the adopted sheet syncs each column as they chose', async () => {
    const server = new MemoryPlanServer();
    const workbook = new InPageWorkbook(null);
    const preview = adoptPreview('Sheet1', await workbook.activeSheetCells());
    if (!preview) throw new Error('no preview');
    const map = confirmedMap(preview, { C: 'directorate' });
    await workbook.adoptSheet({ council: COUNCIL, plan: buildPlan().id, api: null, map });

    await syncSheet(workbook.port(), server);

    expect([...server.rows.values()].map((a) => [a.directorate, a.lead])).toEqual([
      ['Monitoring Officer', ''],
      ['Head of Democratic Services', ''],
    ]);
  });

  it('when a conflict comes back, then the cell is marked, and Keep mine puts the value back for the next sync', async () => {
    const server = new MemoryPlanServer();
    const [first] = server.seed(1, () => ({ action: 'Action 1' }));
    const workbook = new InPageWorkbook(null);
    await workbook.openPlan(buildPlan(), server.list(), { api: null });
    server.edit(first?.id as string, { lead: 'Theirs' });
    workbook.edit(workbook.active, 0, column('Lead officer'), 'Mine');

    const { conflicts } = await syncSheet(workbook.port(), server);
    const sheet = workbook.sheets[workbook.active];
    const conflict = conflicts[0];
    if (!conflict || !sheet) throw new Error('expected a conflict');
    expect(sheet.marks.size).toBe(1);
    expect(sheet.rows[0]?.fields.lead).toBe('Theirs');

    await workbook.writeMine(conflict);
    expect(sheet.marks.size).toBe(0);
    expect(sheet.rows[0]?.fields.lead).toBe('Mine');
    await syncSheet(workbook.port(), server);
    expect(server.rows.get(conflict.id)?.lead).toBe('Mine');
  });

  it('when a plan is opened, then its sheet has the Status and Directorate lists Excel gets; an adopted sheet has none', async () => {
    const server = new MemoryPlanServer();
    server.seed(2, (i) => ({ action: `Action ${i + 1}`, directorate: i === 0 ? 'Resources' : 'Place' }));
    const workbook = new InPageWorkbook(null);
    const adopting = new InPageWorkbook(null);

    await workbook.openPlan(buildPlan(), server.list(), {
      api: null,
      directorates: ['Policy and Governance'],
    });
    await adopting.adoptSheet({ council: COUNCIL, plan: buildPlan().id, api: null });

    expect(adopting.sheets[0]?.lists).toBeNull();
    expect(workbook.sheets[workbook.active]?.lists).toEqual(
      planSheetLists(server.list().actions, ['Policy and Governance']),
    );
    expect(workbook.sheets[workbook.active]?.lists?.directorates).toEqual([
      'Place',
      'Policy and Governance',
      'Resources',
    ]);
  });
});
