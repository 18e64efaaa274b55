import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerExport } from '../../cli/commands/export.js';
import { registerReport } from '../../cli/commands/report.js';
import { CliError } from '../../cli/run.js';
import { createPlansClient } from '../../core/client.js';
import { parseCsv } from '../../core/csv.js';
import type { Cell } from '../../core/grid-cell.js';
import type { Action, Plan } from '../../core/plan.js';
import { layoutFromHeadings, PLAN_HEADINGS, readTableRow, sheetLayoutOf } from '../../core/sheet-table.js';
import { BASE_SHEET, decodeBaseSheet } from '../../core/sync-base-sheet.js';
import { diffSheet } from '../../core/sync-sheet.js';
import { createApp } from '../../functions/app.js';
import { localAuthConfig } from '../../functions/local/issuer.js';
import { exportRoutes } from '../../functions/routes/export.js';
import { reportRoutes } from '../../functions/routes/report.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { buildAction } from '../support/factories.js';
import { issuerKeys } from '../support/keys.js';

const API_URL = 'http://plans.test';
let api: TestApi;
let policy: string;
let plan: Plan;
let second: Plan;
let fetchApp: typeof fetch;
const dir = mkdtempSync(join(tmpdir(), 'plans-export-'));

beforeAll(async () => {
  api = await createTestApi('export-report');
  // The API as the CLI reaches it, with the report and export routes mounted until app.ts does.
  const app = createApp({ store: api.store, auth: localAuthConfig(await issuerKeys()) });
  if (!app.routes.some((r) => r.path.endsWith('/report.html'))) app.route('/', reportRoutes());
  if (!app.routes.some((r) => r.path.endsWith('/export.xlsx'))) app.route('/', exportRoutes());
  fetchApp = ((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(app.request(input instanceof Request ? input : String(input), init))) as typeof fetch;

  policy = await api.token({ council: 'chorley', role: 'policy' });
  const client = createPlansClient({ baseUrl: API_URL, token: policy, fetch: fetchApp });
  plan = await client.createPlan('chorley', { title: 'CPC October 2019', reportReceived: '2019-11-20' });
  await client.addRecommendation('chorley', plan.id, { number: '3', code: 'CRD3', text: 'Invest wisely' });
  await client.addRecommendation('chorley', plan.id, { number: '4', text: 'Communicate internally' });
  const rows = [
    buildAction({
      theme: 'Change management',
      action: 'Creation of an Investment Strategy',
      recommendations: ['3'],
      status: 'On track',
      due: '2020-12-31',
      extra: { Budget: '£10k' },
    }),
    buildAction({
      theme: 'Change management',
      action: '=HYPERLINK("http://x")',
      recommendations: ['3'],
      lead: '@SUM(A1)',
      progress: '-5 days\nthen +2',
      status: null,
      due: null,
    }),
    buildAction({
      theme: 'Organisational development',
      action: 'Develop an Internal Communications Strategy',
      recommendations: ['4'],
      status: 'Complete',
      milestones: [{ label: 'Draft', due: '2020-12-31' }],
    }),
  ];
  for (const [i, fields] of rows.entries())
    await client.createAction('chorley', plan.id, { ...fields, order: i + 1 });
  const gone = await client.createAction(
    'chorley',
    plan.id,
    buildAction({ action: 'Deleted row', order: 9 }),
  );
  await client.deleteAction('chorley', plan.id, gone.id, gone.version);
  second = await client.createPlan('chorley', { title: 'CPC 2023' });
});

let stdout = '';
afterEach(() => {
  vi.restoreAllMocks();
  stdout = '';
});

/** Runs `plans …` in-process, as main.ts builds the program, with the client answered by the app. */
async function plans(...args: string[]): Promise<string> {
  const program = new Command('plans').exitOverride();
  const connectTo = () => ({
    client: createPlansClient({ baseUrl: API_URL, token: policy, fetch: fetchApp }),
    api: API_URL,
  });
  registerExport(program, connectTo);
  registerReport(program, connectTo);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  await program.parseAsync(['node', 'plans', ...args]);
  return stdout;
}

async function liveActions(): Promise<{ cursor: number; actions: Action[] }> {
  return createPlansClient({ baseUrl: API_URL, token: policy, fetch: fetchApp }).listActions(
    'chorley',
    plan.id,
  );
}

function sheetValues(sheet: ExcelJS.Worksheet): Cell[][] {
  const rows: Cell[][] = [];
  for (let r = 1; r <= sheet.actualRowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Array.from({ length: row.cellCount }, (_, c) => row.getCell(c + 1).value as Cell));
  }
  return rows;
}

describe('plans export --format xlsx', () => {
  it('when a plan is exported, then the workbook shows its rows under PLAN_HEADINGS, formula-like text as plain strings', async () => {
    const file = join(dir, 'plan.xlsx');
    expect(await plans('export', '--council', 'chorley', '--plan', plan.id, '--out', file)).toContain(
      `Wrote ${file}: 3 actions of "CPC October 2019". Edit it, then sync it with:\n  plans sync ${file}\n`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('CPC October 2019')!;
    const values = sheetValues(sheet);
    expect(values[0]).toEqual([...PLAN_HEADINGS, 'Budget']);
    const { actions } = await liveActions();
    expect(values.slice(1).map((r) => r[1])).toEqual(actions.map((a) => a.action));
    expect(values[1]?.[6]).toEqual(new Date('2020-12-31T00:00:00Z'));
    expect(values[1]?.[10]).toBe('£10k');
    // the plan's real values, not prefixed: string cells never run, and sync must read back what the base holds
    const formulaRow = sheet.getRow(3);
    expect(formulaRow.getCell(2).value).toBe('=HYPERLINK("http://x")');
    expect(formulaRow.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(formulaRow.getCell(5).value).toBe('@SUM(A1)');
    expect(sheet.getColumn(10).hidden).toBe(true);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('H2').dataValidation).toMatchObject({
      type: 'list',
      formulae: [expect.stringContaining('On track')],
    });
  });

  it('when the workbook is read back, then its PlansSync sheet holds the plan cursor and rows and sync finds nothing to push', async () => {
    const file = join(dir, 'ready.xlsx');
    await plans('export', '--council', 'chorley', '--plan', plan.id, '--out', file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const hidden = workbook.getWorksheet(BASE_SHEET)!;
    expect(hidden.state).toBe('veryHidden');
    const saved = decodeBaseSheet(sheetValues(hidden));
    const { cursor, actions } = await liveActions();
    expect(saved?.meta).toEqual({
      council: 'chorley',
      plan: plan.id,
      sheet: 'CPC October 2019',
      headerRow: 1,
      firstColumn: 1,
      api: API_URL,
    });
    expect(saved?.base.cursor).toBe(cursor);
    expect(Object.values(saved?.base.rows ?? {})).toEqual(
      actions.map((a) => ({
        id: a.id,
        version: a.version,
        fields: expect.objectContaining({ action: a.action, progress: a.progress, extra: a.extra }),
      })),
    );

    const values = sheetValues(workbook.getWorksheet('CPC October 2019')!);
    const layout = layoutFromHeadings(values[0] ?? []);
    let carried = '';
    const rows = values.slice(1).map((cells) => {
      const row = readTableRow(cells, layout, carried);
      carried = row.fields.theme;
      return row;
    });
    expect(diffSheet(saved!.base, rows, sheetLayoutOf(layout)).changes).toEqual([]);
  });

  it('when the file exists, then it is kept unless --force is given', async () => {
    const file = join(dir, 'twice.xlsx');
    await plans('export', '--council', 'chorley', '--plan', plan.id, '--out', file);
    await expect(plans('export', '--council', 'chorley', '--plan', plan.id, '--out', file)).rejects.toThrow(
      new CliError(`${file} already exists: choose another --out, or pass --force to replace it`),
    );
    await plans('export', '--council', 'chorley', '--plan', plan.id, '--out', file, '--force');
  });
});

describe('plans export --format csv', () => {
  it('when exported as CSV without --out, then the neutralised CSV goes to standard output', async () => {
    const csv = await plans('export', '--council', 'chorley', '--plan', plan.id, '--format', 'csv');
    expect(csv.startsWith('\uFEFFTheme,Proposed action,Recommendation')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("'@SUM(A1)");
  });

  it('when a due date was typed by hand, then the CSV says Yes under "Due set by hand", and the ready-to-sync workbook gains no column', async () => {
    const rows = parseCsv(
      (await plans('export', '--council', 'chorley', '--plan', plan.id, '--format', 'csv')).replace(
        /^\uFEFF/,
        '',
      ),
    );
    const column = rows[0]?.indexOf('Due set by hand') ?? -1;
    // The first row's due (31 Dec 2020) is not its timescale's (by March 2021): typed by hand.
    expect(rows.slice(1).map((row) => [row[1], row[column]])).toEqual([
      ['Creation of an Investment Strategy', 'Yes'],
      [`'=HYPERLINK("http://x")`, ''],
      ['Develop an Internal Communications Strategy', ''],
    ]);
    const file = join(dir, 'synced.xlsx');
    await plans('export', '--council', 'chorley', '--plan', plan.id, '--out', file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(sheetValues(workbook.getWorksheet('CPC October 2019')!)[0]).not.toContain('Due set by hand');
  });

  it('when --out ends in .csv, then CSV is written there', async () => {
    const file = join(dir, 'plan.csv');
    await plans('export', '--council', 'chorley', '--plan', plan.id, '--out', file);
    expect(readFileSync(file, 'utf8')).toContain("'-5 days\nthen +2");
  });
});

describe('plans report', () => {
  it('when asked for Markdown of one plan, then the committee report goes to standard output', async () => {
    const markdown = await plans(
      'report',
      '--council',
      'chorley',
      '--plan',
      plan.id,
      '--as-of',
      '2020-09-30',
      '--format',
      'md',
    );
    expect(markdown.split('\n')[0]).toBe('# CORPORATE PEER CHALLENGE PROGRESS — 2nd Quarter 2020/21');
    expect(markdown).toContain('### REC 3 (CRD3)');
    expect(markdown).toContain('| Creation of an Investment Strategy |');
    expect(markdown).not.toContain('Deleted row');
  });

  it('when asked for HTML of every plan with --out, then the file holds one section per plan', async () => {
    const file = join(dir, 'report.html');
    expect(
      await plans(
        'report',
        '--council',
        'chorley',
        '--format',
        'html',
        '--as-of',
        '2021-01-15',
        '--out',
        file,
      ),
    ).toBe(`Wrote the 4th Quarter 2020/21 report (2 plans) to ${file}\n`);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h2 id="plan-0">CPC October 2019</h2>');
    expect(html).toContain(`<h2 id="plan-1">${second.title}</h2>`);
    expect(html).toContain('<svg');
  });

  it('when --as-of is not a date, then it fails with one line saying how to write it', async () => {
    await expect(
      plans('report', '--council', 'chorley', '--format', 'md', '--as-of', '30/09/2020'),
    ).rejects.toThrow(new CliError('--as-of must be a real date written YYYY-MM-DD (got "30/09/2020")'));
  });

  it("when the plan is not the council's, then the API's reason is the one line", async () => {
    await expect(
      plans('report', '--council', 'chorley', '--plan', '01JD0000000000000000000000', '--format', 'md'),
    ).rejects.toThrow(new CliError('the plans API said: There is no such plan for your council.'));
  });
});
