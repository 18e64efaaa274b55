/** The .xlsx adapter of sync, on copies of the 2019 fixture, against the API in-process. */
import { chmod, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSyncWorkbook } from '../../cli/commands/export.js';
import { registerSync } from '../../cli/commands/sync.js';
import { CliError } from '../../cli/run.js';
import { openPlanWorkbook, type PlanWorkbook } from '../../cli/workbook-sync.js';
import { CONFLICT_FILL, conflictMarkText } from '../../core/conflict-mark.js';
import { readCell } from '../../core/grid-cell.js';
import type { Action } from '../../core/plan.js';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { BASE_SHEET } from '../../core/sync-base-sheet.js';
import type { Conflict } from '../../core/sync-protocol.js';
import { type SyncResult, syncSheet } from '../../core/sync-run.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { runCommands } from '../support/cli-in-process.js';
import { apiTransport } from '../support/transport.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/peer-challenge-2019-grid.xlsx', import.meta.url));
const COUNCIL = 'chorley';
/** The add-in's conflict colour, as ExcelJS spells it: both tools mark a conflict alike. */
const CONFLICT_ARGB = `FF${CONFLICT_FILL.slice(1)}`;

let api: TestApi;
let token: string;
let dir: string;
let files = 0;

beforeAll(async () => {
  api = await createTestApi('workbook-sync');
  token = await api.token({ council: COUNCIL, role: 'policy', name: 'Pat Policy' });
  dir = await mkdtemp(join(tmpdir(), 'plans-workbook-sync-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function newPlan(): Promise<string> {
  const res = await api.request(`/councils/${COUNCIL}/plans`, {
    method: 'POST',
    token,
    json: { title: 'CPC October 2019' },
  });
  return ((await res.json()) as { id: string }).id;
}

async function actionsOf(plan: string): Promise<Action[]> {
  const res = await api.request(`/councils/${COUNCIL}/plans/${plan}/actions`, { token });
  return ((await res.json()) as { actions: Action[] }).actions;
}

/** Someone else's edit of one action, straight through the API. */
async function changeInPlan(plan: string, id: string, patch: Record<string, unknown>): Promise<void> {
  const current = (await actionsOf(plan)).find((x) => x.id === id) as Action;
  const res = await api.request(`/councils/${COUNCIL}/plans/${plan}/actions/${id}`, {
    method: 'PATCH',
    token,
    headers: { 'if-match': `"${current.version}"` },
    json: patch,
  });
  expect(res.status).toBe(200);
}

/** A fresh copy of the fixture, changed first as an officer might have changed it. */
async function fixtureCopy(prepare?: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const file = join(dir, `plan-${++files}.xlsx`);
  await copyFile(FIXTURE, file);
  // The fixture is read-only; an officer's own copy is not.
  await chmod(file, 0o644);
  if (prepare) await edit(file, (_, workbook) => prepare(workbook));
  return file;
}

async function copyOf(file: string): Promise<string> {
  const copy = join(dir, `copy-${++files}.xlsx`);
  await copyFile(file, copy);
  return copy;
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** An officer's edit in Excel: open, change the plan sheet, save. */
async function edit(
  file: string,
  change: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
): Promise<void> {
  const workbook = await load(file);
  change(workbook.getWorksheet('Action plan') as ExcelJS.Worksheet, workbook);
  await workbook.xlsx.writeFile(file);
}

async function sync(
  file: string,
  plan: string,
  as = token,
): Promise<{ workbook: PlanWorkbook; summary: SyncResult }> {
  const workbook = await openPlanWorkbook(file, { council: COUNCIL, plan, api: null });
  const summary = await syncSheet(workbook, apiTransport(api, as, COUNCIL, plan));
  await workbook.save();
  return { workbook, summary };
}

async function planSheet(file: string): Promise<ExcelJS.Worksheet> {
  return (await load(file)).getWorksheet('Action plan') as ExcelJS.Worksheet;
}

const text = (sheet: ExcelJS.Worksheet, address: string) => readCell(sheet.getCell(address).value).text;
const noteOf = (cell: ExcelJS.Cell) =>
  typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join('');

/** Each row's theme as sync reads it (a blank or merged theme cell carries the one above). */
function themes(sheet: ExcelJS.Worksheet, from: number, to: number): string[] {
  const result: string[] = [];
  let carried = '';
  for (let row = from; row <= to; row++) {
    const cell = sheet.getCell(row, 1);
    const own = cell.isMerged && cell.master.address !== cell.address ? '' : readCell(cell.value).text;
    carried = own || carried;
    result.push(carried);
  }
  return result;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

describe('a first sync of the 2019 fixture (adoption)', () => {
  it('when adopted, then every action gets an id in a hidden Id column F and the plan holds the nine actions with their themes', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const { workbook, summary } = await sync(file, plan);
    expect(workbook.adopted).toBe(true);
    expect(summary).toMatchObject({ pushed: 9, pulled: 0, conflicts: [], refused: [] });

    const sheet = await planSheet(file);
    expect(text(sheet, 'F3')).toBe('Id');
    expect(sheet.getColumn(6).hidden).toBe(true);
    const ids = [4, 5, 6, 7, 8, 9, 10, 11, 12].map((row) => text(sheet, `F${row}`));
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);

    const actions = await actionsOf(plan);
    expect(actions.map((a) => a.id)).toEqual(ids);
    expect(actions.map((a) => a.theme)).toEqual([
      'Change management',
      'Change management',
      ...Array(4).fill('Organisational development'),
      ...Array(3).fill('Partnership working'),
    ]);
    expect(actions[0]).toMatchObject({ recommendations: ['3'], due: '2020-12-31' });
  });

  it('when adopted, then the base is in a very hidden PlansSync sheet and the workbook keeps its widths, title and merged themes', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    await sync(file, plan);
    const workbook = await load(file);
    expect(workbook.getWorksheet(BASE_SHEET)?.state).toBe('veryHidden');
    expect(readCell(workbook.getWorksheet(BASE_SHEET)?.getCell('B3').value).text).toBe(plan);
    const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
    expect(sheet.state).toBe('visible');
    expect([1, 2, 3, 4, 5].map((c) => sheet.getColumn(c).width)).toEqual([24, 60, 22, 26, 26]);
    expect(text(sheet, 'A1')).toContain('Corporate Peer Challenge (October 2019)');
    expect([...sheet.model.merges].sort()).toEqual(['A10:A12', 'A4:A5', 'A6:A9']);
  });

  it('when the workbook has a second sheet and a formula beside the table, then both survive the sync', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy((workbook) => {
      const notes = workbook.addWorksheet('Notes');
      notes.getCell('A1').value = 'Agreed at Cabinet, 12 February 2020';
      notes.getCell('B2').value = { formula: "COUNTA('Action plan'!B4:B12)", result: 9 };
      const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
      sheet.getCell('H2').value = { formula: 'COUNTA(B4:B12)', result: 9 };
    });
    await sync(file, plan);
    const workbook = await load(file);
    expect(workbook.getWorksheet('Notes')?.getCell('A1').value).toBe('Agreed at Cabinet, 12 February 2020');
    expect(workbook.getWorksheet('Notes')?.getCell('B2').value).toEqual({
      formula: "COUNTA('Action plan'!B4:B12)",
      result: 9,
    });
    expect(workbook.getWorksheet('Action plan')?.getCell('H2').value).toEqual({
      formula: 'COUNTA(B4:B12)',
      result: 9,
    });
  });

  it('when an unchanged workbook syncs again, then nothing is pushed or pulled and it is not an adoption', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    await sync(file, plan);
    const { workbook, summary } = await sync(file, plan);
    expect(workbook.adopted).toBe(false);
    expect(summary).toMatchObject({ pushed: 0, pulled: 0, conflicts: [], refused: [] });
  });
});

describe('a workbook that cannot be synced', () => {
  it('when Excel has it open (a lock file beside it), then a one-line error says so and the file is byte-identical', async () => {
    const file = await fixtureCopy();
    const before = await readFile(file);
    for (const lock of [`~$${basename(file)}`, `.~lock.${basename(file)}#`]) {
      await writeFile(join(dirname(file), lock), 'owner');
      const error = await rejection(openPlanWorkbook(file, { council: COUNCIL, plan: await newPlan() }));
      await rm(join(dirname(file), lock));
      expect(error).toBeInstanceOf(CliError);
      expect(error.message).toContain('is open in Excel');
      expect(error.message).toContain(lock);
      expect(error.message.split('\n')).toHaveLength(1);
    }
    expect(await readFile(file)).toEqual(before);
  });

  it('when Excel opens the workbook during the sync, then saving refuses, the file is untouched and no temporary file is left', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const before = await readFile(file);
    const workbook = await openPlanWorkbook(file, { council: COUNCIL, plan });
    await syncSheet(workbook, apiTransport(api, token, COUNCIL, plan));
    const lock = join(dirname(file), `~$${basename(file)}`);
    await writeFile(lock, 'owner');
    const error = await rejection(workbook.save());
    await rm(lock);
    expect(error.message).toContain('is open in Excel');
    expect(await readFile(file)).toEqual(before);
    expect((await readdir(dirname(file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('when the file is a few random bytes, then it is not a readable Excel workbook', async () => {
    const file = join(dir, 'corrupt.xlsx');
    await writeFile(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x13, 0x37, 0x00, 0xff, 0x42]));
    const error = await rejection(openPlanWorkbook(file, { council: COUNCIL, plan: await newPlan() }));
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toMatch(/is not an Excel workbook \(\.xlsx\) or CSV file: /);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('when the file is missing, then the error names it', async () => {
    const error = await rejection(
      openPlanWorkbook(join(dir, 'nowhere.xlsx'), { council: COUNCIL, plan: await newPlan() }),
    );
    expect(error.message).toMatch(/nowhere\.xlsx not found/);
  });

  it('when the named sheet is not there, then the sheets it has are listed', async () => {
    const file = await fixtureCopy();
    const error = await rejection(
      openPlanWorkbook(file, { council: COUNCIL, plan: await newPlan(), sheet: 'Plan 2020' }),
    );
    expect(error.message).toBe(`sheet "Plan 2020" not found in ${file}: it has "Action plan"`);
  });

  it('when no sheet has recognisable headings, then it says what headings were expected', async () => {
    const file = await fixtureCopy((workbook) => {
      const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
      sheet.unMergeCells('A4:A12');
      for (let row = 1; row <= 12; row++) sheet.getRow(row).values = [];
      sheet.getCell('A1').value = 'Notes from the peer team';
    });
    const error = await rejection(openPlanWorkbook(file, { council: COUNCIL, plan: await newPlan() }));
    expect(error.message).toContain('"Proposed action"');
  });

  it('when a cell is longer than its field allows, then it is not sent, nothing is cut, and the sync goes on naming the cell', async () => {
    const plan = await newPlan();
    const long = 'Policy '.repeat(40).trim();
    const file = await fixtureCopy((workbook) => {
      const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
      sheet.getCell('D7').value = long;
    });
    const first = await sync(file, plan);
    expect(first.summary).toMatchObject({ pushed: 9, refused: [] });
    expect(first.workbook.warnings).toEqual([
      'row 7 column D (Directorate) was not sent: it holds 279 characters and the plan keeps at most 200 (nothing was cut); correct it and sync again',
    ]);
    expect((await actionsOf(plan))[3]?.directorate).toBe('');
    expect(text(await planSheet(file), 'D7')).toBe(long);
    const second = await sync(file, plan);
    expect(second.summary).toMatchObject({ pushed: 0, pulled: 0 });
    expect(second.workbook.warnings).toHaveLength(1);
  });

  it('when an extra column has a heading longer than the plan holds, then it is kept under its first 200 characters', async () => {
    const plan = await newPlan();
    const heading = 'Budget notes '.repeat(20);
    const file = await fixtureCopy((workbook) => {
      const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
      sheet.getCell('F3').value = heading;
      sheet.getCell('F4').value = '£20k';
    });
    const workbook = await openPlanWorkbook(file, { council: COUNCIL, plan });
    const summary = await syncSheet(workbook, apiTransport(api, token, COUNCIL, plan));
    expect(summary.pushed).toBe(9);
    const { actions } = await (
      await api.request(`/councils/${COUNCIL}/plans/${plan}/actions`, { token })
    ).json();
    expect(actions[0].extra).toEqual({ [heading.trim().slice(0, 200)]: '£20k' });
  });

  it('when the workbook already syncs with another plan, then it says which', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    await sync(file, plan);
    const other = await newPlan();
    const error = await rejection(openPlanWorkbook(file, { council: COUNCIL, plan: other }));
    expect(error.message).toContain(`this workbook syncs with plan ${plan} of council ${COUNCIL}`);
  });
});

describe('two copies of an adopted workbook', () => {
  async function adoptedCopies() {
    const plan = await newPlan();
    const a = await fixtureCopy();
    await sync(a, plan);
    return { plan, a, b: await copyOf(a) };
  }

  it("when both change the same cell differently, then the second gets the add-in's conflict mark (its words, its fill) as a note, cleared on its next clean sync", async () => {
    const { plan, a, b } = await adoptedCopies();
    await edit(a, (sheet) => {
      sheet.getCell('D4').value = 'Finance';
    });
    await edit(b, (sheet) => {
      sheet.getCell('D4').value = 'Resources';
      // The officer's own colour, which the conflict's yellow must give back.
      sheet.getCell('D4').style = {
        ...sheet.getCell('D4').style,
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } },
      };
    });
    await sync(a, plan);
    const { summary } = await sync(b, plan);
    expect(summary.conflicts).toEqual([
      expect.objectContaining({ field: 'directorate', mine: 'Resources', theirs: 'Finance' }),
    ]);

    let sheet = await planSheet(b);
    const cell = sheet.getCell('D4');
    expect(cell.value).toBe('Finance');
    expect(noteOf(cell)).toMatch(
      /^Sync conflict: kept "Finance" \(theirs, from the plan\); yours was "Resources"/,
    );
    expect(noteOf(cell)).toBe(conflictMarkText(summary.conflicts[0] as Conflict));
    expect(cell.fill).toMatchObject({ pattern: 'solid', fgColor: { argb: CONFLICT_ARGB } });
    expect(sheet.getCell('D5').fill).not.toMatchObject({ fgColor: { argb: CONFLICT_ARGB } });

    await sync(b, plan);
    sheet = await planSheet(b);
    expect(sheet.getCell('D4').note).toBeUndefined();
    expect(sheet.getCell('D4').fill).toMatchObject({ fgColor: { argb: 'FFC6EFCE' } });
    expect(sheet.getCell('D4').value).toBe('Finance');
  });

  it('when the plan changes a cell that holds a formula, then the formula stays and the sync says what was not written', async () => {
    const { plan, a, b } = await adoptedCopies();
    await edit(b, (sheet) => {
      sheet.getCell('E7').value = { formula: '"2020/21 – by March 2021"', result: '2020/21 – by March 2021' };
    });
    await edit(a, (sheet) => {
      sheet.getCell('E7').value = 'By June 2021';
    });
    await sync(a, plan);
    const { workbook } = await sync(b, plan);
    expect(workbook.warnings).toEqual([
      'row 7 column E holds a formula; the plan\'s value "By June 2021" was not written',
    ]);
    const sheet = await planSheet(b);
    expect(sheet.getCell('E7').value).toEqual({
      formula: '"2020/21 – by March 2021"',
      result: '2020/21 – by March 2021',
    });
  });

  it('when a row is deleted in one copy, then it leaves the other, and rows below keep their themes, merges and notes', async () => {
    const { plan, a, b } = await adoptedCopies();
    await edit(b, (sheet) => {
      sheet.getCell('B11').note = 'Check with the LEP';
    });
    const kept = text(await planSheet(b), 'B11');
    // Row 6 is the master of the merged theme A6:A9; row 10 of A10:A12.
    await edit(a, (sheet) => {
      sheet.unMergeCells('A6:A9');
      sheet.spliceRows(6, 1);
      sheet.mergeCells('A6:A8');
      sheet.getCell('A6').value = 'Organisational development';
    });
    await sync(a, plan);
    const { summary } = await sync(b, plan);
    expect(summary.pulled).toBe(1);

    const sheet = await planSheet(b);
    expect(text(sheet, 'B6')).toBe('Refresh the current OD Strategy (2020/21)');
    expect([...sheet.model.merges].sort()).toEqual(['A4:A5', 'A6:A8', 'A9:A11']);
    expect(themes(sheet, 4, 11)).toEqual([
      'Change management',
      'Change management',
      ...Array(3).fill('Organisational development'),
      ...Array(3).fill('Partnership working'),
    ]);
    expect(text(sheet, 'B10')).toBe(kept);
    expect(noteOf(sheet.getCell('B10'))).toBe('Check with the LEP');
    expect(text(sheet, 'A12')).toBe('');
    expect((await sync(b, plan)).summary).toMatchObject({ pushed: 0, pulled: 0 });
  });

  it('when the plan deletes the row that names a theme "once per group", then the next row takes the theme over', async () => {
    const plan = await newPlan();
    const a = await fixtureCopy((workbook) => {
      workbook.getWorksheet('Action plan')?.unMergeCells('A6:A9');
    });
    await sync(a, plan);
    const b = await copyOf(a);
    await edit(a, (sheet) => {
      sheet.spliceRows(6, 1);
      sheet.getCell('A6').value = 'Organisational development';
    });
    expect((await sync(a, plan)).summary).toMatchObject({ pushed: 1 });
    expect((await sync(b, plan)).summary).toMatchObject({ pulled: 1, conflicts: [] });
    const sheet = await planSheet(b);
    expect(text(sheet, 'A6')).toBe('Organisational development');
    expect(text(sheet, 'A7')).toBe('');
    expect(themes(sheet, 4, 11)).toEqual([
      'Change management',
      'Change management',
      ...Array(3).fill('Organisational development'),
      ...Array(3).fill('Partnership working'),
    ]);
    expect((await sync(b, plan)).summary).toMatchObject({ pushed: 0, pulled: 0 });
  });

  it('when the plan changes the theme of a row inside a merged theme, then only that row shows the new theme', async () => {
    const { plan, a, b } = await adoptedCopies();
    await changeInPlan(plan, text(await planSheet(a), 'F7'), { theme: 'Workforce' });
    await sync(b, plan);
    const sheet = await planSheet(b);
    expect(themes(sheet, 4, 12)).toEqual([
      'Change management',
      'Change management',
      'Organisational development',
      'Workforce',
      'Organisational development',
      'Organisational development',
      ...Array(3).fill('Partnership working'),
    ]);
    expect((await sync(b, plan)).summary).toMatchObject({ pushed: 0, pulled: 0 });
  });

  it('when a row is added in one copy, then the other gets it after its last row, looking like the rows above', async () => {
    const { plan, a, b } = await adoptedCopies();
    await edit(a, (sheet) => {
      sheet.getRow(13).values = [
        'Partnership working',
        'Join the county climate board',
        'Recommendation 2',
        'Policy and Governance',
        'By March 2022',
      ];
    });
    await sync(a, plan);
    const { summary } = await sync(b, plan);
    expect(summary.pulled).toBe(1);
    const sheet = await planSheet(b);
    expect(text(sheet, 'B13')).toBe('Join the county climate board');
    expect(text(sheet, 'F13')).toMatch(/^[0-9A-Z]{26}$/);
    expect(sheet.getCell('B13').alignment).toEqual(sheet.getCell('B12').alignment);
    expect(sheet.getCell('B13').font).toEqual(sheet.getCell('B12').font);
    expect((await sync(b, plan)).summary).toMatchObject({ pushed: 0, pulled: 0 });
  });

  it('when one copy deletes a row the other edited, then the row comes back with the edit and its action cell says why', async () => {
    const { plan, a, b } = await adoptedCopies();
    const action = text(await planSheet(b), 'B7');
    await edit(a, (sheet) => {
      sheet.getCell('D7').value = 'Finance';
    });
    await edit(b, (sheet) => {
      sheet.unMergeCells('A6:A9');
      sheet.spliceRows(7, 1);
      sheet.mergeCells('A6:A8');
    });
    await sync(a, plan);
    const { summary, workbook } = await sync(b, plan);
    expect(summary.conflicts).toEqual([expect.objectContaining({ kind: 'deleted', mine: true })]);
    const id = summary.conflicts[0]?.id as string;
    const { row } = workbook.placeOf(id, 'action');
    const sheet = await planSheet(b);
    expect(row).toBe(12);
    expect(text(sheet, `B${row}`)).toBe(action);
    expect(text(sheet, `D${row}`)).toBe('Finance');
    expect(noteOf(sheet.getCell(`B${row}`))).toMatch(/^Sync conflict: you deleted this row/);
    expect(sheet.getCell(`B${row}`).fill).toMatchObject({ fgColor: { argb: CONFLICT_ARGB } });
  });

  it("when an officer changes a row outside their directorates, then the plan's value comes back and what they typed stays in a note on the cell", async () => {
    const { plan, b } = await adoptedCopies();
    const officer = await api.token({
      council: COUNCIL,
      role: 'officer',
      directorates: ['Policy and Governance'],
      name: 'Olu Officer',
    });
    await edit(b, (sheet) => {
      sheet.getCell('E4').value = 'Next year';
    });
    const { summary } = await sync(b, plan, officer);
    expect(summary.refused).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining('Commercial Services'),
        edits: [{ field: 'timescale', mine: 'Next year' }],
      }),
    ]);
    let sheet = await planSheet(b);
    expect(text(sheet, 'E4')).toBe('2020/21 – by December 2020');
    expect(noteOf(sheet.getCell('E4'))).toBe(
      'Not synced, kept here: you typed "Next year" here, but this row belongs to Commercial Services, which you may not edit, so the plan\'s value was put back. Delete this note once you have dealt with it.',
    );
    expect(sheet.getCell('B4').note).toBeUndefined();
    await sync(b, plan);
    sheet = await planSheet(b);
    expect(noteOf(sheet.getCell('E4'))).toContain('you typed "Next year" here');
  });

  it('when rows are inserted above the table after adoption, then the table is found again and nothing changes', async () => {
    const { plan, b } = await adoptedCopies();
    await edit(b, (sheet) => {
      sheet.spliceRows(1, 0, ['DRAFT – for Cabinet']);
    });
    const { workbook, summary } = await sync(b, plan);
    expect(summary).toMatchObject({ pushed: 0, pulled: 0 });
    expect(workbook.meta.headerRow).toBe(4);
  });
});

/** A plan workbook in the product's own layout (Progress in column I), one row per progress note. */
async function progressWorkbook(progress: ExcelJS.CellValue[]): Promise<string> {
  const file = join(dir, `progress-${++files}.xlsx`);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  sheet.addRow(PLAN_HEADINGS.slice(0, -1));
  progress.forEach((note, i) => {
    sheet.addRow(['Governance', `Action ${i + 1}`, '', 'Legal', '', '', '', 'Green', note]);
  });
  await workbook.xlsx.writeFile(file);
  return file;
}

async function editPlan(file: string, change: (sheet: ExcelJS.Worksheet) => void): Promise<void> {
  const workbook = await load(file);
  change(workbook.getWorksheet('Plan') as ExcelJS.Worksheet);
  await workbook.xlsx.writeFile(file);
}

const progressOf = async (plan: string) => (await actionsOf(plan)).map((a) => a.progress);

describe('cells the sync cannot read as a value', () => {
  it('when Progress cells show #REF!, #N/A or a formula with no saved result, then the plan keeps its values and each cell is named', async () => {
    const plan = await newPlan();
    const file = await progressWorkbook(['Agreed at Cabinet', 'Draft out', 'Out to consultation']);
    await sync(file, plan);
    await editPlan(file, (sheet) => {
      sheet.getCell('I2').value = { error: '#REF!' };
      sheet.getCell('I3').value = { error: '#N/A' };
      sheet.getCell('I4').value = { formula: 'VLOOKUP(B4,Notes!A:B,2,FALSE)' } as ExcelJS.CellValue;
    });
    const { summary, workbook } = await sync(file, plan);
    expect(summary).toMatchObject({ pushed: 0 });
    expect(await progressOf(plan)).toEqual(['Agreed at Cabinet', 'Draft out', 'Out to consultation']);
    expect(workbook.warnings).toEqual([
      'row 2 column I (Progress) was not sent: the cell shows the error #REF!; correct it and sync again',
      'row 3 column I (Progress) was not sent: the cell shows the error #N/A; correct it and sync again',
      'row 4 column I (Progress) was not sent: the formula =VLOOKUP(B4,Notes!A:B,2,FALSE) has no saved result (open and save it in Excel); correct it and sync again',
    ]);
    const sheet = (await load(file)).getWorksheet('Plan') as ExcelJS.Worksheet;
    expect(sheet.getCell('I2').value).toEqual({ error: '#REF!' });
  });

  it('when a colleague changes a value a formula cell shows, then the formula never pushes its older value back; a later change of it is a conflict', async () => {
    const plan = await newPlan();
    const file = await progressWorkbook(['x']);
    await editPlan(file, (sheet) => {
      sheet.getCell('I2').value = { formula: '"Agreed"', result: 'Agreed' };
    });
    await sync(file, plan);
    expect(await progressOf(plan)).toEqual(['Agreed']);
    const [action] = await actionsOf(plan);
    await changeInPlan(plan, action?.id as string, { progress: 'Theirs: delayed to June' });

    const pulled = await sync(file, plan);
    expect(pulled.workbook.warnings).toEqual([
      'row 2 column I holds a formula; the plan\'s value "Theirs: delayed to June" was not written',
    ]);
    const again = await sync(file, plan);
    expect(again.summary).toMatchObject({ pushed: 0, conflicts: [] });
    expect(await progressOf(plan)).toEqual(['Theirs: delayed to June']);

    await editPlan(file, (sheet) => {
      sheet.getCell('I2').value = { formula: '"Agreed again"', result: 'Agreed again' };
    });
    const changed = await sync(file, plan);
    expect(changed.summary.conflicts).toEqual([
      expect.objectContaining({ field: 'progress', mine: 'Agreed again', theirs: 'Theirs: delayed to June' }),
    ]);
    expect(await progressOf(plan)).toEqual(['Theirs: delayed to June']);
  });
});

describe('cells longer than the plan keeps', () => {
  it('when a Progress cell grows past 10,000 characters, then it is not sent or cut, the cell keeps every character and the sync names it', async () => {
    const plan = await newPlan();
    const file = await progressWorkbook(['Short note']);
    await sync(file, plan);
    const long = `${'Progress reported to Scrutiny. '.repeat(330)}The end.`;
    expect(long.length).toBeGreaterThan(10_000);
    await editPlan(file, (sheet) => {
      sheet.getCell('I2').value = long;
    });
    const { summary, workbook } = await sync(file, plan);
    expect(summary).toMatchObject({ pushed: 0 });
    expect(workbook.warnings).toEqual([
      `row 2 column I (Progress) was not sent: it holds ${long.length.toLocaleString('en-GB')} characters and the plan keeps at most 10,000 (nothing was cut); correct it and sync again`,
    ]);
    expect(await progressOf(plan)).toEqual(['Short note']);
    const sheet = (await load(file)).getWorksheet('Plan') as ExcelJS.Worksheet;
    expect(text(sheet, 'I2')).toBe(long);

    await editPlan(file, (s) => {
      s.getCell('I2').value = 'Shortened for the plan';
    });
    expect((await sync(file, plan)).summary).toMatchObject({ pushed: 1, conflicts: [] });
    expect(await progressOf(plan)).toEqual(['Shortened for the plan']);
  });
});

describe('extra columns headed like JavaScript internals', () => {
  it('when columns are headed __proto__ and constructor, then their values are kept as extra fields, synced both ways and read back', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy((workbook) => {
      const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
      sheet.getCell('F3').value = '__proto__';
      sheet.getCell('G3').value = 'constructor';
      sheet.getCell('F4').value = 'Budget £20k';
      sheet.getCell('G4').value = 'Built by IT';
    });
    expect((await sync(file, plan)).summary).toMatchObject({ pushed: 9, refused: [] });
    const actions = await actionsOf(plan);
    expect(Object.entries(actions[0]?.extra ?? {})).toEqual([
      ['__proto__', 'Budget £20k'],
      ['constructor', 'Built by IT'],
    ]);
    expect(Object.keys(actions[1]?.extra ?? {})).toEqual([]);

    const copy = await copyOf(file);
    await edit(file, (sheet) => {
      sheet.getCell('G5').value = 'Commissioned';
    });
    expect((await sync(file, plan)).summary).toMatchObject({ pushed: 1, conflicts: [] });
    expect((await sync(copy, plan)).summary).toMatchObject({ pulled: 1, conflicts: [] });
    const sheet = await planSheet(copy);
    expect([text(sheet, 'F4'), text(sheet, 'G4'), text(sheet, 'G5'), text(sheet, 'F5')]).toEqual([
      'Budget £20k',
      'Built by IT',
      'Commissioned',
      '',
    ]);
    const history = await api.request(
      `/councils/${COUNCIL}/plans/${plan}/actions/${actions[1]?.id}/history`,
      { token },
    );
    expect(history.status).toBe(200);
    expect(await history.json()).toMatchObject({
      history: expect.arrayContaining([
        expect.objectContaining({ field: 'extra.constructor', after: 'Commissioned' }),
      ]),
    });
  });
});

describe('a workbook with a Due column', () => {
  it('when the plan changes a due date, then the Due cell holds a real date and the next sync sends nothing', async () => {
    const plan = await newPlan();
    const file = join(dir, `due-${++files}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    sheet.addRow(PLAN_HEADINGS.slice(0, -1));
    sheet.addRow([
      'Governance',
      'Refresh the constitution',
      '2',
      'Legal',
      'Head of Legal',
      'By March 2021',
      '',
      'Green',
    ]);
    await workbook.xlsx.writeFile(file);
    await sync(file, plan);
    const [action] = await actionsOf(plan);
    // An empty Due cell takes the date the timescale gives, on the server, and shows it after the sync.
    expect(action).toMatchObject({ status: 'On track', due: '2021-03-31', recommendations: ['2'] });
    expect((await load(file)).getWorksheet('Plan')?.getCell('G2').value).toEqual(
      new Date('2021-03-31T00:00:00Z'),
    );
    await changeInPlan(plan, action?.id as string, { due: '2021-06-30' });
    await sync(file, plan);
    const due = (await load(file)).getWorksheet('Plan')?.getCell('G2');
    expect(due?.value).toEqual(new Date('2021-06-30T00:00:00Z'));
    expect(due?.numFmt).toBeTruthy();
    expect((await sync(file, plan)).summary).toMatchObject({ pushed: 0, pulled: 0 });
  });
});

describe('a workbook from plans export', () => {
  it('when an exported plan is synced, then nothing is pushed, and a change in the plan lands in its cell', async () => {
    const plan = await newPlan();
    await sync(await fixtureCopy(), plan);
    const res = await api.request(`/councils/${COUNCIL}/plans/${plan}/actions`, { token });
    const { cursor, actions } = (await res.json()) as { cursor: number; actions: Action[] };
    const exported = buildSyncWorkbook({
      council: COUNCIL,
      plan: { id: plan, title: 'CPC October 2019' },
      cursor,
      actions,
      api: null,
    });
    const file = join(dir, `export-${++files}.xlsx`);
    await exported.xlsx.writeFile(file);
    expect((await sync(file, plan)).summary).toMatchObject({ pushed: 0, pulled: 0, conflicts: [] });

    await changeInPlan(plan, actions[2]?.id as string, { status: 'At risk' });
    expect((await sync(file, plan)).summary).toMatchObject({ pushed: 0, pulled: 1 });
    const sheet = (await load(file)).worksheets[0] as ExcelJS.Worksheet;
    const statusColumn = PLAN_HEADINGS.indexOf('Status') + 1;
    expect(sheet.getCell(4, statusColumn).value).toBe('At risk');
    expect((await sync(file, plan)).summary).toMatchObject({ pushed: 0, pulled: 0 });
  });
});

describe('plans sync (the command)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  /** Runs `plans sync …` in-process against the in-process API, capturing what it prints. */
  const plans = (...args: string[]) => runCommands([registerSync], args);

  const viaApi = () => vi.stubGlobal('fetch', api.fetch);

  it('when run with --json, then it prints exactly one object with pushed, pulled, conflicts, refused and cursor', async () => {
    viaApi();
    vi.stubEnv('PLANS_TOKEN', token);
    const plan = await newPlan();
    const file = await fixtureCopy();
    const run = await plans('sync', file, '--council', COUNCIL, '--plan', plan, '--json');
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['pushed', 'pulled', 'conflicts', 'refused', 'cursor']);
    expect(json).toMatchObject({ pushed: 9, pulled: 0, conflicts: [], refused: [] });
    expect(json.cursor).toBeGreaterThan(0);
  });

  it('when run without --json, then it says what was synced, and lists a conflict with its row, column and both values', async () => {
    viaApi();
    vi.stubEnv('PLANS_TOKEN', token);
    const plan = await newPlan();
    const a = await fixtureCopy();
    const first = await plans('sync', a, '--council', COUNCIL, '--plan', plan);
    expect(first.stdout).toContain(`Synced ${a} with plan ${plan}: pushed 9, pulled 0; cursor `);
    const b = await copyOf(a);
    await edit(a, (sheet) => {
      sheet.getCell('C5').value = 'Recommendation 9';
    });
    await edit(b, (sheet) => {
      sheet.getCell('C5').value = 'Recommendation 7';
    });
    await plans('sync', a, '--council', COUNCIL, '--plan', plan);
    const run = await plans('sync', b, '--council', COUNCIL, '--plan', plan);
    expect(run.stdout).toContain(
      'row 5, Link to peer challenge recommendation: kept "9" (theirs), yours was "7" — choose in the sheet and sync again',
    );
  });

  it('when an officer adds a row the plan refuses, then the output names the row, and the row stays in the sheet, marked', async () => {
    viaApi();
    const plan = await newPlan();
    const file = await fixtureCopy();
    await sync(file, plan);
    await edit(file, (sheet) => {
      sheet.getRow(13).values = [
        '',
        'Join the county climate board',
        '',
        'Commercial Services',
        'By March 2022',
      ];
    });
    const officer = await api.token({
      council: COUNCIL,
      role: 'officer',
      directorates: ['Policy and Governance'],
    });
    vi.stubEnv('PLANS_TOKEN', officer);
    const run = await plans('sync', file, '--council', COUNCIL, '--plan', plan);
    expect(run.stdout).toContain(
      'row 13: not synced: you may not put a row in the Commercial Services directorate',
    );
    const sheet = await planSheet(file);
    expect(text(sheet, 'B13')).toBe('Join the county climate board');
    expect(String(sheet.getCell('B13').note ?? '')).toContain('Commercial Services');
  });

  it('when an officer edits a row the plan refuses, then the output names the cell and what they typed', async () => {
    viaApi();
    const plan = await newPlan();
    const file = await fixtureCopy();
    await sync(file, plan);
    await edit(file, (sheet) => {
      sheet.getCell('E4').value = 'Next year';
    });
    const officer = await api.token({
      council: COUNCIL,
      role: 'officer',
      directorates: ['Policy and Governance'],
    });
    const run = await plans('sync', file, '--council', COUNCIL, '--plan', plan, '--token', officer);
    expect(run.stdout).toContain(
      'row 4: not synced: this row belongs to Commercial Services, which you may not edit; you had typed Timescales "Next year" (kept in a note on the cell)',
    );
  });

  it('when a never-synced workbook meets a plan that already has actions, then nothing is written and it says what to do', async () => {
    viaApi();
    const plan = await newPlan();
    await sync(await fixtureCopy(), plan);
    const file = await fixtureCopy();
    const before = await readFile(file);
    vi.stubEnv('PLANS_TOKEN', token);
    const run = await plans('sync', file, '--council', COUNCIL, '--plan', plan);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `plans: plan ${plan} already has 9 actions and this workbook has never synced: export the plan with \`plans export\` and work in that file, or sync into an empty plan\n`,
    );
    expect(await readFile(file)).toEqual(before);
  });

  it('when the API cannot be reached, then the workbook is untouched and it asks whether the server runs', async () => {
    vi.stubEnv('PLANS_TOKEN', token);
    const file = await fixtureCopy();
    const before = await readFile(file);
    // Down for longer than the client keeps retrying: each failed attempt moves the clock a minute on.
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    vi.stubGlobal('fetch', () => {
      now += 60_000;
      return Promise.reject(new TypeError('fetch failed'));
    });
    const run = await plans(
      'sync',
      file,
      '--council',
      COUNCIL,
      '--plan',
      await newPlan(),
      '--api',
      'http://127.0.0.1:9',
    );
    expect(run.stderr).toMatch(
      /^plans: could not reach the plans API at http:\/\/127\.0\.0\.1:9: is `npm start` running/,
    );
    expect(await readFile(file)).toEqual(before);
  });

  it('when the token is refused, then it says how to get a new one', async () => {
    viaApi();
    const file = await fixtureCopy();
    const run = await plans(
      'sync',
      file,
      '--council',
      COUNCIL,
      '--plan',
      await newPlan(),
      '--token',
      'not-a-jwt',
    );
    expect(run.stderr).toContain('the token was refused: get a new one with `npx plans token');
  });

  it('when there is no token at all, then it says how to get one', async () => {
    vi.stubEnv('PLANS_TOKEN', undefined);
    const file = await fixtureCopy();
    const run = await plans('sync', file, '--council', COUNCIL, '--plan', await newPlan());
    expect(run.stderr).toContain('npx plans token');
    expect(run.exitCode).toBe(1);
  });
});
