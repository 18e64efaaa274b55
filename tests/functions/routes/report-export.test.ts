import * as zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../core/csv.js';
import { exportRows } from '../../../core/export.js';
import type { Action, Plan } from '../../../core/plan.js';
import { REPORT_CSP } from '../../../core/report-html.js';
import { createApp } from '../../../functions/app.js';
import { tableCrc32 } from '../../../functions/export-xlsx.js';
import { localAuthConfig } from '../../../functions/local/issuer.js';
import { exportRoutes } from '../../../functions/routes/export.js';
import { reportRoutes } from '../../../functions/routes/report.js';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';
import { issuerKeys } from '../../support/keys.js';

let api: TestApi;
let policy: string;
let plan: Plan;
/** Answers report and export requests: the app, with the routes mounted here until app.ts mounts them. */
let get: (path: string, token: string) => Promise<Response>;

const FORMULAS = {
  hyperlink: '=HYPERLINK("http://x")',
  plus: '+44 1257 515151',
  minus: '-5 days slippage',
  at: '@SUM(A1:A9)',
  tab: '\tindented by a tab',
  cr: '\r=1+1',
};

beforeAll(async () => {
  api = await createTestApi('report-export');
  const app = createApp({ store: api.store, auth: localAuthConfig(await issuerKeys()) });
  if (!app.routes.some((r) => r.path.endsWith('/report.html'))) app.route('/', reportRoutes());
  if (!app.routes.some((r) => r.path.endsWith('/export.xlsx'))) app.route('/', exportRoutes());
  get = async (path, token) => app.request(path, { headers: { authorization: `Bearer ${token}` } });

  policy = await api.token({ council: 'chorley', role: 'policy' });
  const post = async (path: string, json: unknown) => {
    const res = await api.request(path, { method: 'POST', token: policy, json });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  plan = await post('/councils/chorley/plans', {
    title: 'Corporate Peer Challenge 2019: <progress> & plans',
    reportReceived: '2019-05-16',
    onSiteFrom: '2019-03-26',
    onSiteTo: '2019-03-29',
  });
  const base = `/councils/chorley/plans/${plan.id}`;
  await post(`${base}/recommendations`, {
    number: '3',
    code: 'CRD3',
    text: 'Ensure the integrity of the IT system.',
  });
  await post(`${base}/recommendations`, { number: '9', text: 'Nobody acts on this' });
  await post(
    `${base}/actions`,
    buildAction({
      action: 'Replace servers and storage',
      recommendations: ['3'],
      status: 'On track',
      due: '2020-08-31',
      progress: 'Excellent progress <b>despite</b> the pandemic & home working.',
    }),
  );
  for (const [key, text] of Object.entries(FORMULAS)) {
    await post(
      `${base}/actions`,
      buildAction({ action: text, lead: key, recommendations: ['3'], extra: { Note: text } }),
    );
  }
});

const actionsOf = async (): Promise<Action[]> =>
  (
    (await (await api.request(`/councils/chorley/plans/${plan.id}/actions`, { token: policy })).json()) as {
      actions: Action[];
    }
  ).actions;

describe('GET …/report.html', () => {
  it('when any role of the council asks, then it gets the report page with the plan text, escaped, and an SVG chart', async () => {
    const viewer = await api.token({ council: 'chorley', role: 'viewer' });
    const res = await get(`/councils/chorley/plans/${plan.id}/report.html?asOf=2020-09-30`, viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(REPORT_CSP).toBe(res.headers.get('content-security-policy'));
    const html = await res.text();
    expect(html).toContain('CORPORATE PEER CHALLENGE PROGRESS — 2nd Quarter 2020/21');
    expect(html).toContain('Corporate Peer Challenge 2019: &lt;progress&gt; &amp; plans');
    expect(html).toContain('Excellent progress &lt;b&gt;despite&lt;/b&gt; the pandemic &amp; home working.');
    expect(html).toContain('REC 3 (CRD3)');
    expect(html).toMatch(/<svg [^>]*viewBox/);
    expect(html).not.toContain('<b>');
  });

  it('when another council asks for the plan, then it is not found, as if it did not exist', async () => {
    const other = await api.token({ council: 'west-lancs', role: 'admin' });
    expect((await get(`/councils/chorley/plans/${plan.id}/report.html`, other)).status).toBe(404);
    expect((await get(`/councils/west-lancs/plans/${plan.id}/report.html`, other)).status).toBe(404);
    expect((await get(`/councils/west-lancs/plans/${plan.id}/export.csv`, other)).status).toBe(404);
    expect((await get(`/councils/west-lancs/plans/${plan.id}/export.xlsx`, other)).status).toBe(404);
  });

  it('when asOf is not a date, then the answer is a 400 problem naming it', async () => {
    const res = await get(`/councils/chorley/plans/${plan.id}/report.html?asOf=30/09/2020`, policy);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toContain('YYYY-MM-DD');
  });
});

describe('GET …/export.csv', () => {
  it('when cells start like formulas, then each comes back with an apostrophe, quoted where needed, so it opens as text', async () => {
    const res = await get(`/councils/chorley/plans/${plan.id}/export.csv`, policy);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(
      'attachment; filename="Corporate Peer Challenge 2019 progress plans.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    const rows = parseCsv(csv);
    const cells = rows.flat();
    expect(cells).toContain("'+44 1257 515151");
    expect(cells).toContain("'-5 days slippage");
    expect(cells).toContain("'@SUM(A1:A9)");
    expect(cells).toContain("'\tindented by a tab");
    expect(cells).toContain("'\r=1+1");
    expect(cells.filter((c) => /^\s*[=+\-@]/.test(c))).toEqual([]);
    expect(rows).toEqual(exportRows(await actionsOf()));
  });
});

describe('GET …/export.xlsx', () => {
  it('when exported, then it is a zip ExcelJS reads back to the same rows, with no formula cells', async () => {
    const res = await get(`/councils/chorley/plans/${plan.id}/export.xlsx`, policy);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toContain(
      'filename="Corporate Peer Challenge 2019 progress plans.xlsx"',
    );
    const buffer = Buffer.from(await res.arrayBuffer());
    expect(buffer.readUInt32LE(0)).toBe(0x04034b50);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Corporate Peer Challenge 2019 <');
    const expected = exportRows(await actionsOf());
    const read: string[][] = [];
    const formulas: string[] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      read.push(
        Array.from({ length: expected[0]!.length }, (_, c) => {
          const cell = row.getCell(c + 1);
          if (cell.type === ExcelJS.ValueType.Formula) formulas.push(cell.address);
          return cell.value === null ? '' : String(cell.value);
        }),
      );
    }
    expect(formulas).toEqual([]);
    expect(read).toEqual(expected);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
  });

  it('when zlib has no crc32 (Node before 20.15), then the table CRC-32 gives the same checksums', () => {
    for (const text of ['', 'a', 'The quick brown fox', '£ – ＝ 𝒳'.repeat(100)]) {
      const bytes = Buffer.from(text, 'utf8');
      expect(tableCrc32(bytes)).toBe(zlib.crc32(bytes));
    }
  });
});
