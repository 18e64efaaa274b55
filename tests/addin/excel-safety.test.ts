/**
 * The add-in's sync in Excel as it really behaves (the strict double, tests/addin/fake-excel.ts):
 * the 5 MB limit both ways, an officer who keeps sorting, typing and filtering while a sync runs,
 * a write that fails part way, marks on cells that already carry a note or a comment.
 */
import { describe, expect, it } from 'vitest';
import { SheetMovedError } from '../../addin/excel-check.js';
import { openPlan } from '../../addin/excel-open.js';
import { ExcelSheetPort } from '../../addin/excel-port.js';
import { syncKeepingUp } from '../../addin/excel-sync.js';
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

describe('Excel new rows where the table really ends', () => {
  it('when a plan opened with no actions pulls its first ones, then they sit right under the headings, inside the table, written as values (never rows.add)', async () => {
    const { server, excel, sheet } = await opened(0);
    server.seed(3, (i) => row(i));
    excel.resetCounts();

    const summary = await sync(excel, server);

    expect(summary.pulled).toBe(3);
    expect([1, 2, 3].map((r) => sheet.get(r, column('Proposed action')))).toEqual([
      'Action 1',
      'Action 2',
      'Action 3',
    ]);
    expect(sheet.get(4, column('Proposed action'))).toBe('');
    expect(excel.tables[0]).toMatchObject({ row: 0, rows: 4 });
    // Microsoft's co-authoring guidance: TableRowCollection.add risks merge conflicts.
    const operations = excel.syncs.flatMap((s) => s.operations);
    expect(operations.filter((op) => op.startsWith('table rows.add'))).toEqual([]);
  });

  it('when a conflict is marked on a row the same sync brought in below a blank table row, then the mark is on that row', async () => {
    const { server, excel, sheet } = await opened(0);
    server.seed(2, (i) => row(i));
    await sync(excel, server);
    // The officer types into the pulled row while someone else changes the same cell.
    const target = server.list().actions.find((a) => a.order === 2);
    if (!target) throw new Error('no row 2');
    sheet.type(2, column('Lead officer'), 'Mine');
    server.edit(target.id, { lead: 'Theirs' });
    server.seed(1, (i) => row(i + 10));

    const summary = await sync(excel, server);

    expect(summary.conflicts).toHaveLength(1);
    expect(sheet.get(2, column('Lead officer'))).toBe('Theirs');
    expect(sheet.fills.get(`2:${column('Lead officer')}`)).toBeDefined();
    expect(sheet.get(3, column('Proposed action'))).toBe('Action 11');
  });
});

describe('Excel table resize where the host has it', () => {
  it('when the host has ExcelApi 1.13 and new rows run past the table, then the table is resized to end at the last one', async () => {
    const { server, excel } = await opened(1);
    server.seed(3, (i) => row(i + 1));
    excel.resetCounts();

    await syncSheet(new ExcelSheetPort(excel.run, { tableResize: true, notes: false }), server);

    expect(excel.syncs.flatMap((s) => s.operations)).toContain('table resize 5x10');
    expect(excel.tables[0]).toMatchObject({ row: 0, rows: 5 });
  });
});

/** What the officer does while the sync's request is out: once, before the write's Excel.run. */
function meanwhile(excel: FakeExcel, act: () => void) {
  let done = false;
  excel.onRun = (runsBefore) => {
    if (runsBefore > 0 && !done) {
      done = true;
      act();
    }
  };
  excel.runs = 0;
}

const byAction = (sheet: ReturnType<FakeExcel['sheet']>, rows: number) =>
  Array.from({ length: rows }, (_, i) => ({
    action: String(sheet.get(i + 1, column('Proposed action'))),
    id: String(sheet.get(i + 1, column('Id'))),
    lead: String(sheet.get(i + 1, column('Lead officer'))),
  }));

describe('Excel sync while the officer keeps working', () => {
  it('when the officer sorts the sheet during a sync, then the write is refused rather than landing on the wrong rows', async () => {
    const { server, excel, sheet } = await opened(4);
    sheet.type(5, column('Proposed action'), 'A new action typed by the officer');
    sheet.type(5, column('Directorate'), 'Resources');
    meanwhile(excel, () => sheet.sortRows(1, 5, (a, b) => String(b[1]).localeCompare(String(a[1]))));

    await expect(sync(excel, server)).rejects.toThrow(SheetMovedError);
  });

  it('when the officer sorts the sheet during a sync, then the sync starts again and every row keeps its own id and values', async () => {
    const { server, excel, sheet, name } = await opened(4);
    sheet.type(5, column('Proposed action'), 'A new action typed by the officer');
    sheet.type(5, column('Directorate'), 'Resources');
    for (const action of server.list().actions) server.edit(action.id, { lead: `Lead of ${action.action}` });
    meanwhile(excel, () => sheet.sortRows(1, 5, (a, b) => String(b[1]).localeCompare(String(a[1]))));

    await syncKeepingUp(new ExcelSheetPort(excel.run), server, name);

    const rows = byAction(sheet, 5);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    for (const r of rows) {
      const action = server.rows.get(r.id);
      expect(action?.action).toBe(r.action);
      if (!r.action.startsWith('A new')) expect(r.lead).toBe(`Lead of ${r.action}`);
    }
    expect([...server.rows.values()].filter((a) => a.action.startsWith('A new'))).toHaveLength(1);
    expect((await sync(excel, server)).pushed).toBe(0);
  });

  it('when the officer types into a cell the sync is about to pull into, then the keystroke is kept or reported, never overwritten silently', async () => {
    const { server, excel, sheet, name } = await opened(3);
    const target = server.list().actions.find((a) => a.order === 2);
    if (!target) throw new Error('no row 2');
    server.edit(target.id, { lead: 'Theirs' });
    meanwhile(excel, () => sheet.type(2, column('Lead officer'), 'Typed during the sync'));

    const summary = await syncKeepingUp(new ExcelSheetPort(excel.run), server, name);

    const kept = sheet.get(2, column('Lead officer')) === 'Typed during the sync';
    const reported = summary.conflicts.some((c) => c.mine === 'Typed during the sync');
    expect(kept || reported).toBe(true);
  });

  it('when the officer filters the sheet during a sync, then ids and pulled values still land on their rows', async () => {
    const { server, excel, sheet, name } = await opened(4);
    for (const action of server.list().actions) server.edit(action.id, { status: 'Complete' });
    meanwhile(excel, () => sheet.filter(1, 4, (cells) => cells[column('Directorate')] === 'Resources'));

    await syncKeepingUp(new ExcelSheetPort(excel.run), server, name);

    for (const r of byAction(sheet, 4)) expect(server.rows.get(r.id)?.action).toBe(r.action);
    expect([1, 2, 3, 4].map((r) => sheet.get(r, column('Status')))).toEqual(Array(4).fill('Complete'));
  });
});

describe('Excel conflict marks never fail a sync', () => {
  async function conflicted() {
    const { server, excel, sheet, name } = await opened(3);
    const target = server.list().actions.find((a) => a.order === 2);
    if (!target) throw new Error('no row 2');
    server.edit(target.id, { lead: 'Theirs' });
    sheet.type(2, column('Lead officer'), 'Mine');
    return { server, excel, sheet, name, cell: `2:${column('Lead officer')}` };
  }

  it('when the conflicted cell already has a note of the officer, then the sync succeeds, the cell is filled and the note kept', async () => {
    const { server, excel, sheet, cell } = await conflicted();
    sheet.notes.set(cell, 'Check with the director first');

    const summary = await sync(excel, server);

    expect(summary.conflicts).toHaveLength(1);
    expect(sheet.fills.get(cell)).toBeDefined();
    expect(sheet.notes.get(cell)).toBe('Check with the director first');
    expect((await sync(excel, server)).pushed).toBe(0);
  });

  it('when someone comments on the conflicted cell during the sync, then the sync still succeeds with the fill as the mark', async () => {
    const { server, excel, sheet, cell } = await conflicted();
    meanwhile(excel, () =>
      excel.comments.push({
        id: 'theirs-1',
        sheet: sheet.name,
        row: 2,
        column: column('Lead officer'),
        content: 'Who owns this?',
      }),
    );

    const summary = await sync(excel, server);

    expect(summary.conflicts).toHaveLength(1);
    expect(sheet.fills.get(cell)).toBeDefined();
    expect(excel.comments.map((c) => c.content)).toEqual(['Who owns this?']);
  });
});

describe('Excel sync of a filtered table', () => {
  for (const by of ['table', 'sheet'] as const) {
    it(`when the ${by} is filtered by directorate and the plan deletes rows and adds one, then the sync succeeds and every row keeps its id`, async () => {
      const { server, excel, sheet } = await opened(5);
      const ordered = server.list().actions.sort((a, b) => a.order - b.order);
      server.remove(ordered[1]?.id as string);
      server.remove(ordered[2]?.id as string);
      server.seed(1, (i) => row(i + 20));
      sheet.filter(1, 5, (cells) => cells[column('Directorate')] === 'Resources', by);

      await sync(excel, server);

      const left = [1, 2, 3, 4, 5, 6, 7]
        .map((r) => ({ action: sheet.get(r, column('Proposed action')), id: sheet.get(r, column('Id')) }))
        .filter((r) => r.action !== '');
      expect(left.map((r) => r.action).sort()).toEqual(['Action 1', 'Action 21', 'Action 4', 'Action 5']);
      for (const r of left) expect(server.rows.get(String(r.id))?.action).toBe(r.action);
      expect((await sync(excel, server)).pushed).toBe(0);
    });
  }
});

describe('Excel write that fails part way', () => {
  it('when a write fails after any of its requests, then the next sync sends nothing the officer did not type', async () => {
    // A pull big enough to take several requests: every row's note rewritten at length, rows removed and added.
    const long = (i: number) => `${'Progress reported to Overview and Scrutiny. '.repeat(40)}${i}`;
    let attempts = 0;
    for (let failAt = 0; ; failAt++) {
      const { server, excel, sheet } = await opened(1_500);
      const ordered = server.list().actions.sort((a, b) => a.order - b.order);
      for (const action of ordered) server.edit(action.id, { progress: long(action.order) });
      server.remove(ordered[10]?.id as string);
      server.seed(3, (i) => row(i + 1_000));
      sheet.type(1_600, column('Proposed action'), 'Typed by the officer');
      sheet.type(1_600, column('Directorate'), 'Resources');
      let writeSyncs = -1;
      // The write's requests: not the lease taken at the read (PlansSync C2).
      const writes = (s: { operations: string[] }) =>
        s.operations.some(
          (op) => (op.startsWith('values') || op.startsWith('delete')) && op !== 'values 1x1 at 1:2',
        );
      excel.failSync = (_, s) => {
        if (!writes(s)) return false;
        writeSyncs += 1;
        return writeSyncs === failAt;
      };
      excel.resetCounts();
      // As the task pane syncs: a failed sync's requests are replayed, under their keys, by the next.
      const plan = `plan-${failAt}`;
      const failed = await syncKeepingUp(new ExcelSheetPort(excel.run), server, plan).then(
        () => false,
        () => true,
      );
      excel.failSync = null;
      if (!failed) {
        break;
      }
      attempts += 1;
      const keys = new Set(server.requests.map((r) => r.idempotencyKey));
      const before = server.requests.length;

      await syncKeepingUp(new ExcelSheetPort(excel.run), server, plan);

      const sent = server.requests
        .slice(before)
        .filter((r) => !keys.has(r.idempotencyKey))
        .flatMap((r) => r.changes);
      expect(sent, `after a failure at write request ${failAt}`).toEqual([]);
      expect([...server.rows.values()].filter((a) => a.action === 'Typed by the officer')).toHaveLength(1);
      expect((await sync(excel, server)).pulled).toBe(0);
    }
    expect(attempts).toBeGreaterThan(1); // at least one failure after a request that landed
  }, 240_000);
});

describe('Excel: two task panes on one workbook (co-authoring)', () => {
  it("when a co-author's pane is syncing the workbook, then this pane waits and writes nothing", async () => {
    const { server, excel } = await opened(2);
    excel.sheet('PlansSync').set(1, 2, `lease their-pane ${Date.now() + 60_000}`);

    await expect(sync(excel, server)).rejects.toThrow(/Someone else is syncing this workbook/);
    expect(server.requests).toHaveLength(0);
  });

  it("when a co-author's pane takes the lease while this one is mid-sync, then this one writes nothing", async () => {
    const { server, excel, sheet } = await opened(2);
    server.seed(1, (i) => row(i + 5));
    meanwhile(excel, () => excel.sheet('PlansSync').set(1, 2, `lease their-pane ${Date.now() + 60_000}`));

    await expect(sync(excel, server)).rejects.toThrow(/Someone else is syncing this workbook/);
    expect(sheet.get(3, column('Proposed action'))).toBe('');
  });

  it('when a sync ends, then the lease is given back, and an expired one is free', async () => {
    const { server, excel } = await opened(2);
    await sync(excel, server);
    expect(excel.sheet('PlansSync').get(1, 2)).toBe('');
    excel.sheet('PlansSync').set(1, 2, `lease their-pane ${Date.now() - 1}`);
    await expect(sync(excel, server)).resolves.toBeDefined();
  });
});
