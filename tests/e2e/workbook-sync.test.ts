import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runPlans } from '../support/cli.js';
import { servedPlans } from '../support/served-plans.js';
import { COUNCIL, FIXTURE } from '../support/workbook-testbed.js';

const served = servedPlans('sync');

interface SyncJson {
  pushed: number;
  pulled: number;
  conflicts: { field: string; mine: unknown; theirs: unknown; row: number | null }[];
  refused: unknown[];
  cursor: number;
}

const { newPlan, copy } = served;

async function sync(file: string, plan: string): Promise<SyncJson> {
  const run = await runPlans([
    'sync',
    file,
    '--council',
    COUNCIL,
    '--plan',
    plan,
    '--api',
    served.url,
    '--json',
  ]);
  expect(run.stderr).toBe('');
  const json = JSON.parse(run.stdout) as SyncJson;
  // 3 tells a scheduled task that a person must settle a conflict or a refused row.
  expect(run.code).toBe(json.conflicts.length + json.refused.length > 0 ? 3 : 0);
  return json;
}

/** An officer's edit of the plan sheet in Excel, done with ExcelJS. */
async function edit(file: string, change: (sheet: ExcelJS.Worksheet) => void): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  change(workbook.getWorksheet('Action plan') as ExcelJS.Worksheet);
  await workbook.xlsx.writeFile(file);
}

async function cells(file: string, ...addresses: string[]): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
  return addresses.map((address) => sheet.getCell(address).value);
}

async function actionTexts(file: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
  const texts: string[] = [];
  for (let row = 4; row <= sheet.rowCount; row++) {
    const value = sheet.getCell(row, 2).value;
    if (typeof value === 'string' && value !== '') texts.push(value);
  }
  return texts;
}

/**
 * One plan and two officers' copies of its workbook, through a week of edits in order: each step
 * starts where the last left off, so the whole flow costs as few CLI runs as it can.
 */
describe('plans sync, end to end', () => {
  let plan: string;
  let a: string;
  let b: string;

  it('when a copy of the fixture is adopted, then all nine actions are pushed', async () => {
    plan = await newPlan();
    a = await copy(FIXTURE);
    expect(await sync(a, plan)).toMatchObject({ pushed: 9, pulled: 0, conflicts: [], refused: [] });
    b = await copy(a);
  }, 30_000);

  it('when A and B change different cells of the same row, then after A, B, A both copies have both edits', async () => {
    await edit(a, (sheet) => {
      sheet.getCell('D4').value = 'Finance';
    });
    await edit(b, (sheet) => {
      sheet.getCell('E4').value = '2020/21 – by March 2021';
    });
    expect(await sync(a, plan)).toMatchObject({ pushed: 1, pulled: 0 });
    expect(await sync(b, plan)).toMatchObject({ pushed: 1, pulled: 1, conflicts: [] });
    expect(await sync(a, plan)).toMatchObject({ pushed: 0, pulled: 1 });
    for (const file of [a, b])
      expect(await cells(file, 'D4', 'E4')).toEqual(['Finance', '2020/21 – by March 2021']);
  }, 30_000);

  it('when A and B change the same cell differently, then B is told of exactly one conflict with both values', async () => {
    await edit(a, (sheet) => {
      sheet.getCell('D5').value = 'Digital Services';
    });
    await edit(b, (sheet) => {
      sheet.getCell('D5').value = 'Customer Services';
    });
    await sync(a, plan);
    const result = await sync(b, plan);
    expect(result.conflicts).toEqual([
      expect.objectContaining({
        field: 'directorate',
        mine: 'Customer Services',
        theirs: 'Digital Services',
        row: 5,
      }),
    ]);
    expect(await cells(b, 'D5')).toEqual(['Digital Services']);
  }, 30_000);

  it('when a row is deleted in A, then it disappears from B after syncing A then B', async () => {
    const [gone] = (await cells(a, 'B8')) as string[];
    await edit(a, (sheet) => {
      // What Excel does when a row inside a merged theme is deleted: the merge shrinks.
      sheet.unMergeCells('A6:A9');
      sheet.spliceRows(8, 1);
      sheet.mergeCells('A6:A8');
    });
    expect(await sync(a, plan)).toMatchObject({ pushed: 1, conflicts: [] });
    expect(await sync(b, plan)).toMatchObject({ pushed: 0, pulled: 1, conflicts: [] });
    const left = await actionTexts(b);
    expect(left).toHaveLength(8);
    expect(left).not.toContain(gone);
  }, 30_000);

  it('when an unchanged workbook syncs a second time, then it pushes and pulls nothing', async () => {
    expect(await sync(b, plan)).toMatchObject({ pushed: 0, pulled: 0, conflicts: [], refused: [] });
  }, 30_000);
});
