import { describe, expect, it } from 'vitest';
import { adoptSheet } from '../../addin/excel-adopt.js';
import { MAX_SYNC_BYTES } from '../../addin/excel-batches.js';
import { clearConflictMark, selectConflictCell, writeMineIntoCell } from '../../addin/excel-conflicts.js';
import { openPlan } from '../../addin/excel-open.js';
import { ExcelSheetPort } from '../../addin/excel-port.js';
import { readPlanTable } from '../../addin/excel-read.js';
import { CONFLICT_FILL, conflictMarkText } from '../../core/conflict-mark.js';
import { COLUMNS_SHEET } from '../../core/grid-mapping.js';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { BASE_SHEET, decodeBaseSheet } from '../../core/sync-base-sheet.js';
import { syncSheet } from '../../core/sync-run.js';
import { FakeExcel } from './fake-excel.js';
import { buildPlan, COUNCIL, MemoryPlanServer } from './memory-plan-server.js';

const column = (heading: (typeof PLAN_HEADINGS)[number]) => PLAN_HEADINGS.indexOf(heading);

const smallRow = (i: number) => ({
  theme: `Theme ${1 + Math.floor(i / 50)}`,
  action: `Action ${i + 1}`,
  recommendations: [String((i % 9) + 1)],
  directorate: i % 2 ? 'Resources' : 'Policy and Governance',
  lead: 'Head of Policy',
  timescale: 'March 2025',
  due: '2025-03-31',
  status: 'On track' as const,
  progress: '',
});

/** A workbook with the plan opened from the store, as the task pane's Open plan leaves it. */
async function openedPlan(rows: number, make = smallRow) {
  const server = new MemoryPlanServer();
  server.seed(rows, make);
  const plan = buildPlan();
  const excel = new FakeExcel({ Sheet1: [] });
  const placed = await excel.run((context) =>
    openPlan(context, plan, server.list(), { api: 'http://127.0.0.1:8787' }),
  );
  const sheet = excel.sheet(placed.meta.sheet);
  return { server, plan, excel, sheet, placed };
}

/** Edits as an officer types them, straight into the cells. */
function typeInto(
  excel: FakeExcel,
  sheet: string,
  row: number,
  heading: (typeof PLAN_HEADINGS)[number],
  text: string,
) {
  excel.sheet(sheet).type(row, column(heading), text);
}

async function countedSync(excel: FakeExcel, server: MemoryPlanServer) {
  excel.resetCounts();
  const port = new ExcelSheetPort(excel.run);
  const summary = await syncSheet(port, server);
  return { summary, syncs: excel.syncs, write: port.lastWrite };
}

describe('Excel adapter: sync through Office.js', () => {
  it('when 10 rows and 5,000 rows sync the same kind of edits, then both take the same number of context.sync calls', async () => {
    const counts: number[] = [];
    for (const size of [10, 5_000]) {
      const { server, excel, placed } = await openedPlan(size);
      typeInto(excel, placed.meta.sheet, 2, 'Progress', 'Draft circulated to CMT');
      typeInto(excel, placed.meta.sheet, size, 'Status', 'At risk');
      // Someone else moved every row on: the pull touches the whole Status column.
      for (const action of server.list().actions.slice(0, size - 1))
        if (action.order !== 2) server.edit(action.id, { status: 'Complete' });

      const { summary, syncs } = await countedSync(excel, server);

      expect(summary.pushed).toBe(2);
      expect(summary.pulled).toBe(size - 2);
      counts.push(syncs.length);
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBe(6); // read: PlansSync head, snapshot band + sheet size, the plan's band, the lease; write: the check, one request
  }, 60_000);

  it('when a pull changes a whole column of 5,000 rows, then it is written as one values block, not cell by cell', async () => {
    const { server, excel, sheet } = await openedPlan(5_000);
    for (const action of server.list().actions) server.edit(action.id, { status: 'Complete' });

    const { syncs } = await countedSync(excel, server);

    const writes = (syncs.at(-1)?.operations ?? []).filter((op) => op.startsWith('values'));
    expect(writes).toContain(`values 5000x1 at 1:${column('Status')}`);
    expect(writes.filter((op) => op.endsWith(`:${column('Status')}`))).toHaveLength(1);
    expect(sheet.get(5_000, column('Status'))).toBe('Complete');
  }, 60_000);

  it('when a sync ends, then the base is in PlansSync, very hidden, and reads back as the sync left it', async () => {
    const { server, excel, placed } = await openedPlan(10);
    typeInto(excel, placed.meta.sheet, 3, 'Progress', 'Consultation closed');

    await countedSync(excel, server);

    const baseSheet = excel.sheet(BASE_SHEET);
    expect(baseSheet.visibility).toBe('VeryHidden');
    const decoded = decodeBaseSheet(baseSheet.rows().map((r) => r.map((c) => String(c ?? ''))));
    expect(decoded?.meta).toMatchObject({
      council: COUNCIL,
      sheet: placed.meta.sheet,
      headerRow: 1,
      firstColumn: 1,
    });
    expect(decoded?.base.cursor).toBe(server.revision);
    const edited = [...server.rows.values()].find((a) => a.progress === 'Consultation closed');
    expect(edited && decoded?.base.rows[edited.id]?.version).toBe(edited?.version);
    expect(excel.eventsEnabled).toEqual([]); // never turned off: it only affects the add-in's own handlers
  });

  it('when the writes exceed 4 MB, then they are split into requests each under the limit', async () => {
    const long = (i: number) => ({ ...smallRow(i), progress: `${'Progress note. '.repeat(180)}${i}` });
    const { server, excel, sheet } = await openedPlan(0);
    server.seed(2_000, long);

    const { syncs, write, summary } = await countedSync(excel, server);

    expect(summary.pulled).toBe(2_000);
    const writeSyncs = syncs.slice(syncs.length - (write?.syncs ?? 0));
    expect(writeSyncs.length).toBeGreaterThan(1);
    expect(write?.syncs).toBeGreaterThan(0);
    for (const request of writeSyncs) expect(request.bytes).toBeLessThanOrEqual(MAX_SYNC_BYTES);
    expect(write?.largestRequestBytes).toBeLessThanOrEqual(MAX_SYNC_BYTES);
    expect(String(sheet.get(2_000, column('Progress')))).toMatch(/1999$/); // right under the headings: no blank row above
  }, 60_000);

  it('when both sides change the same cell, then the cell is filled, commented with both values, and can be resolved', async () => {
    const { server, excel, placed } = await openedPlan(5);
    const target = server.list().actions.find((a) => a.order === 2);
    if (!target) throw new Error('no row 2');
    server.edit(target.id, { progress: 'Theirs: agreed at Cabinet' });
    typeInto(excel, placed.meta.sheet, 2, 'Progress', 'Mine: agreed at CMT');

    const { summary } = await countedSync(excel, server);

    expect(summary.conflicts).toHaveLength(1);
    const conflict = summary.conflicts[0];
    if (!conflict) throw new Error('no conflict');
    const cell = { row: 2, column: column('Progress') };
    const sheet = excel.sheet(placed.meta.sheet);
    expect(sheet.get(cell.row, cell.column)).toBe('Theirs: agreed at Cabinet');
    expect(sheet.fills.get(`${cell.row}:${cell.column}`)).toBe(CONFLICT_FILL);
    const comment = excel.comments.find((c) => c.row === cell.row && c.column === cell.column);
    expect(comment?.content).toBe(conflictMarkText(conflict));
    expect(comment?.content).toContain(
      'kept "Theirs: agreed at Cabinet" (theirs, from the plan); yours was "Mine: agreed at CMT"',
    );

    await excel.run((context) => selectConflictCell(context, conflict));
    expect(excel.selected).toEqual({ sheet: placed.meta.sheet, ...cell });

    await excel.run((context) => writeMineIntoCell(context, conflict));
    expect(sheet.get(cell.row, cell.column)).toBe('Mine: agreed at CMT');
    expect(sheet.fills.has(`${cell.row}:${cell.column}`)).toBe(false);
    expect(excel.comments).toHaveLength(0);

    const again = await countedSync(excel, server);
    expect(again.summary.pushed).toBe(1);
    expect(server.rows.get(conflict.id)?.progress).toBe('Mine: agreed at CMT');
  });

  it('when a conflict is marked again on a cell that already has the mark, then the old comment is replaced, not added twice', async () => {
    const { server, excel, placed } = await openedPlan(3);
    const target = server.list().actions.find((a) => a.order === 1);
    if (!target) throw new Error('no row 1');
    for (const round of [1, 2]) {
      server.edit(target.id, { lead: `Theirs ${round}` });
      typeInto(excel, placed.meta.sheet, 1, 'Lead officer', `Mine ${round}`);
      const { summary } = await countedSync(excel, server);
      expect(summary.conflicts).toHaveLength(1);
    }
    expect(excel.comments).toHaveLength(1);
    expect(excel.comments[0]?.content).toContain('yours was "Mine 2"');

    const conflict = {
      id: target.id,
      kind: 'field' as const,
      field: 'lead',
      base: null,
      mine: 'Mine 2',
      theirs: 'Theirs 2',
      version: 3,
    };
    await excel.run((context) => clearConflictMark(context, conflict));
    expect(excel.comments).toHaveLength(0);
  });

  it('when an officer empties a row by hand, then the plan deletes it and the id is cleared from the row', async () => {
    const { server, excel, sheet } = await openedPlan(3);
    for (const heading of PLAN_HEADINGS.slice(0, -1)) sheet.type(2, column(heading), '');
    const gone = sheet.get(2, column('Id'));

    const { summary } = await countedSync(excel, server);

    expect(summary.pushed).toBe(1);
    expect(server.rows.get(String(gone))?.deleted).toBe(true);
    expect(sheet.get(2, column('Id'))).toBe('');
  });

  it('when a cell holds a formula and the plan changes that field, then the formula is kept', async () => {
    const { server, excel, placed } = await openedPlan(3);
    const sheet = excel.sheet(placed.meta.sheet);
    sheet.type(3, column('Lead officer'), '=Contacts!B2');
    const { summary: first } = await countedSync(excel, server);
    expect(first.pushed).toBe(1);
    const target = server.list().actions.find((a) => a.order === 3);
    if (!target) throw new Error('no row 3');
    server.edit(target.id, { lead: 'Director of Resources' });

    await countedSync(excel, server);

    expect(sheet.formulas.has(`3:${column('Lead officer')}`)).toBe(true);
    const { summary: next } = await countedSync(excel, server);
    expect(next.pushed).toBe(0);
    expect(server.rows.get(target.id)?.lead).toBe('Director of Resources');
  });

  it('when a cell shows an error such as #REF!, then it is not sent and the plan keeps its value', async () => {
    const { server, excel, placed } = await openedPlan(3, (i) => ({
      ...smallRow(i),
      progress: `Note ${i + 1}`,
    }));
    const sheet = excel.sheet(placed.meta.sheet);
    sheet.type(2, column('Progress'), '#REF!');
    sheet.type(3, column('Progress'), '#N/A');
    const { summary } = await countedSync(excel, server);
    expect(summary.pushed).toBe(0);
    expect(server.list().actions.map((a) => a.progress)).toEqual(['Note 1', 'Note 2', 'Note 3']);
    expect(sheet.get(2, column('Progress'))).toBe('#REF!');
  });

  it('when the plan deletes rows, then they are removed bottom-up and the rows below move up', async () => {
    const { server, excel, placed } = await openedPlan(6);
    const ordered = server.list().actions.sort((a, b) => a.order - b.order);
    server.remove(ordered[1]?.id as string);
    server.remove(ordered[2]?.id as string);
    server.remove(ordered[4]?.id as string);

    const { syncs } = await countedSync(excel, server);

    const sheet = excel.sheet(placed.meta.sheet);
    const actions = [1, 2, 3].map((row) => sheet.get(row, column('Proposed action')));
    expect(actions).toEqual(['Action 1', 'Action 4', 'Action 6']);
    const deletes = (syncs.at(-1)?.operations ?? []).filter((op) => op.startsWith('delete'));
    expect(deletes).toEqual(['delete 1x10 at 5', 'delete 2x10 at 2']);
  });
});

describe('Excel adapter: open a plan', () => {
  it('when a plan is opened, then it is a formatted table on a new sheet with the Id column hidden and the base saved', async () => {
    const { excel, placed, sheet, plan } = await openedPlan(4);

    expect(placed.meta.sheet).toBe(plan.title.slice(0, 31).trim());
    expect(sheet.rows()[0]).toEqual([...PLAN_HEADINGS]);
    expect(sheet.get(1, column('Timescale'))).toBe('March 2025'); // kept as text, not a date
    expect(typeof sheet.get(1, column('Due'))).toBe('number'); // a real date
    expect(sheet.hiddenColumns).toEqual(new Set([column('Id')]));
    expect(sheet.frozenRows).toBe(1);
    expect(excel.tables.map((t) => t.name)).toEqual(['Plan_Corporate_Peer_Challenge_action_plan_2024']);
    expect(sheet.validations).toHaveLength(2);
    expect(sheet.conditionalFormats.map((f) => f.formula)).toEqual([
      '=AND(ISNUMBER($G2),$G2<TODAY(),$H2<>"Complete")',
      '=$H2="On track"',
      '=$H2="At risk"',
      '=$H2="Off track"',
      '=$H2="Complete"',
    ]);
    expect(excel.sheet(BASE_SHEET).visibility).toBe('VeryHidden');
    expect(excel.activeSheet).toBe(placed.meta.sheet);

    const read = await excel.run((context) => readPlanTable(context));
    expect(read.state.rows.map((r) => r.fields.action)).toEqual([
      'Action 1',
      'Action 2',
      'Action 3',
      'Action 4',
    ]);
    expect(read.state.rows[0]?.fields.due).toBe('2025-03-31');
    expect(read.tableName).toBe('Plan_Corporate_Peer_Challenge_action_plan_2024');
  });

  it('when the workbook already syncs a plan, then opening another is refused in plain words', async () => {
    const { excel } = await openedPlan(1);
    await expect(
      excel.run((context) =>
        openPlan(context, buildPlan('Another plan'), { cursor: 0, actions: [] }, { api: null }),
      ),
    ).rejects.toThrow(/already syncs the sheet/);
  });
});

describe('Excel adapter: adopt this sheet', () => {
  const grid = (rows: number) => [
    ['Chorley Council: Corporate Peer Challenge action plan'],
    [],
    ['Theme', 'Proposed action', 'Lead Officer(s)', 'Timescale', 'Progress update'],
    ...Array.from({ length: rows }, (_, i) => [
      i % 10 === 0 ? `Theme ${i / 10 + 1}` : '',
      `Action ${i + 1}`,
      'Head of Policy',
      'March 2025',
      '',
    ]),
  ];

  it('when the officer confirmed the columns, then the adopted sheet keeps the mapping and every sync reads it', async () => {
    const excel = new FakeExcel({ Plan: grid(3) });
    const server = new MemoryPlanServer();
    await excel.run((context) =>
      adoptSheet(context, {
        council: COUNCIL,
        plan: buildPlan().id,
        api: null,
        map: { 'Lead Officer(s)': 'directorate' },
      }),
    );

    await countedSync(excel, server);

    expect(excel.sheet(COLUMNS_SHEET).rows()).toEqual([['Lead Officer(s)', 'directorate']]);
    expect([...server.rows.values()].map((a) => [a.directorate, a.lead])).toEqual([
      ['Head of Policy', ''],
      ['Head of Policy', ''],
      ['Head of Policy', ''],
    ]);
  });

  it('when 10 rows and 5,000 rows are adopted and synced, then the ids go in as one block and the counts match', async () => {
    const counts: number[] = [];
    for (const size of [10, 5_000]) {
      const excel = new FakeExcel({ Plan: grid(size) });
      const server = new MemoryPlanServer();
      const placed = await excel.run((context) =>
        adoptSheet(context, { council: COUNCIL, plan: buildPlan().id, api: null }),
      );
      expect(placed.meta).toMatchObject({ sheet: 'Plan', headerRow: 3, firstColumn: 1 });
      expect(placed.rows).toBe(size);

      const { summary, syncs } = await countedSync(excel, server);

      expect(summary.pushed).toBe(size);
      counts.push(syncs.length);
      const sheet = excel.sheet('Plan');
      expect(sheet.get(2, 5)).toBe('Id');
      expect(sheet.hiddenColumns.has(5)).toBe(true);
      const ids = (syncs.at(-1)?.operations ?? []).filter((op) => op.startsWith(`values ${size}x1 at 3:5`));
      expect(ids).toHaveLength(1);
      // A theme written once per group is carried down to the rows under it.
      expect([...server.rows.values()].find((a) => a.action === 'Action 2')?.theme).toBe('Theme 1');
      const decoded = decodeBaseSheet(
        excel
          .sheet(BASE_SHEET)
          .rows()
          .map((r) => r.map((c) => String(c ?? ''))),
      );
      expect(Object.keys(decoded?.base.rows ?? {})).toHaveLength(size);
    }
    expect(counts[0]).toBe(counts[1]);
  }, 60_000);

  it('when a theme written once per group is renamed elsewhere, then only the cells that would show it wrong are written', async () => {
    const excel = new FakeExcel({ Plan: grid(4) });
    const server = new MemoryPlanServer();
    await excel.run((context) => adoptSheet(context, { council: COUNCIL, plan: buildPlan().id, api: null }));
    await countedSync(excel, server);
    const byAction = (text: string) => [...server.rows.values()].find((a) => a.action === text)?.id as string;
    const sheet = excel.sheet('Plan');

    // The whole group renamed (as another copy of the workbook would send it): one cell changes.
    for (const action of ['Action 1', 'Action 2', 'Action 3', 'Action 4'])
      server.edit(byAction(action), { theme: 'Leadership' });
    await countedSync(excel, server);
    expect([3, 4, 5, 6].map((row) => sheet.get(row, 0))).toEqual(['Leadership', '', '', '']);

    // Only the first row renamed: the row under it must now say its own theme.
    server.edit(byAction('Action 1'), { theme: 'Place leadership' });
    await countedSync(excel, server);
    expect([3, 4, 5, 6].map((row) => sheet.get(row, 0))).toEqual(['Place leadership', 'Leadership', '', '']);

    const quiet = await countedSync(excel, server);
    expect(quiet.summary.pushed).toBe(0);
  });

  it('when the active sheet has no plan headings, then adopting says what it looked for', async () => {
    const excel = new FakeExcel({ Notes: [['Minutes of the meeting'], ['Apologies']] });
    await expect(
      excel.run((context) => adoptSheet(context, { council: COUNCIL, plan: buildPlan().id, api: null })),
    ).rejects.toThrow(/No plan headings found in the first 30 rows of "Notes"/);
  });
});
