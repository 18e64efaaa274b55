/**
 * `plans sync URL`: a workbook kept in SharePoint or OneDrive, synced through the Graph double
 * (tests/support/graph-double.ts) and the API in-process. Graph is reached over HTTP; the API
 * through its in-process fetch.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSync } from '../../cli/commands/sync.js';
import { EXIT } from '../../cli/exit-codes.js';
import { shareId } from '../../cli/graph.js';
import { runCommands } from '../support/cli-in-process.js';
import { type GraphDouble, startGraphDouble } from '../support/graph-double.js';
import { COUNCIL, FIXTURE, workbookTestbed } from '../support/workbook-testbed.js';

const bed = workbookTestbed('sync-url');
const { newPlan, actionsOf } = bed;
const realFetch = globalThis.fetch;
let graph: GraphDouble;
let fixture: Uint8Array;
let workbooks = 0;
/** Every host a request of the run went to. */
let hosts: string[];

beforeAll(async () => {
  graph = await startGraphDouble();
  fixture = new Uint8Array(await readFile(FIXTURE));
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => {
  hosts = [];
  // Graph over HTTP to the double; everything else is the plans API, in-process.
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    hosts.push(url.host);
    return url.href.startsWith(graph.url) ? realFetch(input, init) : bed.api.fetch(input, init);
  });
  vi.stubEnv('PLANS_TOKEN', bed.token);
  vi.stubEnv('PLANS_GRAPH_URL', graph.url);
  vi.stubEnv('PLANS_GRAPH_TOKEN', graph.token);
  vi.stubEnv('PLANS_GRAPH_WORK', join(bed.dir, 'graph-work'));
  vi.stubEnv('PLANS_SHAREPOINT_HOSTS', '');
  // No `plans login` of whoever runs the tests may give a Graph token here.
  vi.stubEnv('XDG_CONFIG_HOME', join(bed.dir, 'config'));
});

const plans = (...args: string[]) => runCommands([registerSync], args);
const sync = (url: string, plan: string, ...more: string[]) =>
  plans('sync', url, '--council', COUNCIL, '--plan', plan, ...more);

/** A new workbook in the council's SharePoint, a copy of the fixture unless said otherwise. */
function inSharePoint(content = fixture): string {
  return graph.add(
    `https://chorley.sharepoint.com/sites/Policy/Shared%20Documents/Plan%20${++workbooks}.xlsx`,
    content,
  );
}

async function sheetOf(content: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(content) as unknown as ExcelJS.Buffer);
  return workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
}

/** An officer's save in Excel (on the web): the workbook as it is in SharePoint, changed, saved. */
async function saveInExcel(url: string, change: (sheet: ExcelJS.Worksheet) => void): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(graph.content(url)) as unknown as ExcelJS.Buffer);
  change(workbook.getWorksheet('Action plan') as ExcelJS.Worksheet);
  graph.save(url, new Uint8Array(await workbook.xlsx.writeBuffer()));
}

const puts = (url: string) => graph.log.filter((entry) => entry.url === url && entry.method === 'PUT');

describe('plans sync URL', () => {
  it('when a workbook in SharePoint is synced, then the plan has its rows and SharePoint has it back with ids, under a new eTag', async () => {
    const plan = await newPlan();
    const url = inSharePoint();
    const before = graph.eTag(url);
    const run = await sync(url, plan);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(EXIT.SYNCED);
    expect(run.stdout).toContain(`Synced ${url} with plan ${plan}: pushed 9, pulled 0`);
    expect(await actionsOf(plan)).toHaveLength(9);
    expect(graph.eTag(url)).not.toBe(before);
    expect(puts(url).map((entry) => entry.status)).toEqual([200]);
    // The hidden Id column came back with the upload: the next sync has nothing to send.
    const again = await sync(url, plan, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ pushed: 0, pulled: 0, rounds: 1 });
    // The token went to Graph and the API only; the workbook's own host was never asked anything.
    expect(hosts).not.toContain('chorley.sharepoint.com');
  });

  it('when an officer saves in Excel between the download and the upload, then the upload is refused (412), their version is synced too, and nothing is lost', async () => {
    const plan = await newPlan();
    const a = inSharePoint();
    expect((await sync(a, plan)).exitCode).toBe(EXIT.SYNCED);
    const b = inSharePoint(graph.content(a));
    // Officer B's workbook changes row 5's theme; officer A edits row 6 in Excel while the sync of A runs.
    await saveInExcel(b, (sheet) => {
      sheet.getCell('A5').value = 'Theme from B';
    });
    expect((await sync(b, plan)).exitCode).toBe(EXIT.SYNCED);
    await saveInExcel(a, (sheet) => {
      sheet.getCell('B7').value = 'Action typed in the synced copy';
    });
    graph.onDownload(a, () =>
      saveInExcel(a, (sheet) => {
        sheet.getCell('B6').value = 'Action typed in Excel meanwhile';
      }),
    );
    const run = await sync(a, plan, '--json');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(EXIT.SYNCED);
    expect(JSON.parse(run.stdout)).toMatchObject({ rounds: 2, conflicts: [], refused: [] });
    expect(
      puts(a)
        .map((entry) => entry.status)
        .slice(-2),
    ).toEqual([412, 200]);
    // The plan has all three edits, once each; SharePoint's workbook has all three too.
    const actions = (await actionsOf(plan)).map((x) => x.action);
    expect(actions).toHaveLength(9);
    expect(actions).toContain('Action typed in Excel meanwhile');
    expect(actions).toContain('Action typed in the synced copy');
    const sheet = await sheetOf(graph.content(a));
    expect(sheet.getCell('B6').value).toBe('Action typed in Excel meanwhile');
    expect(sheet.getCell('B7').value).toBe('Action typed in the synced copy');
    expect(sheet.getCell('A5').value).toBe('Theme from B');
  });

  it('when the workbook is locked in SharePoint, then it is left as it is, the run exits 75, and the next run adds nothing twice', async () => {
    const plan = await newPlan();
    const url = inSharePoint();
    graph.lock(url);
    const locked = await sync(url, plan);
    expect(locked.exitCode).toBe(EXIT.RETRY_LATER);
    expect(locked.stderr).toBe(
      `plans: ${url} is locked or checked out in SharePoint, so it was left as it is: the next run syncs it; check it in, or close it, to sync it sooner\n`,
    );
    expect(graph.content(url)).toEqual(fixture);
    graph.lock(url, false);
    // The first run's rows reached the plan before its upload was refused; they are recognised.
    const next = await sync(url, plan);
    expect(next.exitCode).toBe(EXIT.SYNCED);
    expect(await actionsOf(plan)).toHaveLength(9);
  });

  it('when someone saves at every attempt, then after 3 rounds the run stops with 75, and the next run adds nothing twice', async () => {
    const plan = await newPlan();
    const url = inSharePoint();
    let saves = 0;
    const keepSaving = async () => {
      await saveInExcel(url, (sheet) => {
        sheet.getCell('A4').value = `Theme saved ${++saves}`;
      });
      if (saves < 3) graph.onDownload(url, keepSaving);
    };
    graph.onDownload(url, keepSaving);
    const run = await sync(url, plan);
    expect(run.exitCode).toBe(EXIT.RETRY_LATER);
    expect(run.stderr).toBe(
      `plans: ${url} was saved by someone else during each of 3 syncs: nothing is lost (the plan has what was sent); the next run syncs it again\n`,
    );
    expect(puts(url).map((entry) => entry.status)).toEqual([412, 412, 412]);
    const next = await sync(url, plan);
    expect(next.exitCode).toBe(EXIT.SYNCED);
    const actions = await actionsOf(plan);
    expect(actions).toHaveLength(9);
    expect(actions.map((x) => x.theme)).toContain('Theme saved 3');
  });

  it('when Graph answers 429 with Retry-After, then the request is sent again after it and the sync goes through', async () => {
    const plan = await newPlan();
    const url = inSharePoint();
    graph.throttle(2, 1);
    const run = await sync(url, plan);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(EXIT.SYNCED);
    expect(await actionsOf(plan)).toHaveLength(9);
  });

  it('when Graph asks to wait longer than a run waits, then nothing is synced and the run exits 75', async () => {
    const plan = await newPlan();
    const url = inSharePoint();
    graph.throttle(1, 3600, 503);
    const run = await sync(url, plan);
    expect(run.exitCode).toBe(EXIT.RETRY_LATER);
    expect(run.stderr).toBe(
      `plans: Microsoft Graph asked to wait 3600 s while syncing ${url}: the next run syncs it\n`,
    );
    expect(await actionsOf(plan)).toHaveLength(0);
  });

  it('when the URL is not on a SharePoint or OneDrive host the council allows, then it is refused before Graph is asked', async () => {
    const plan = await newPlan();
    const url = 'https://files.example.com/Plan.xlsx';
    graph.add(url, fixture);
    const run = await sync(url, plan);
    expect(run.exitCode).toBe(EXIT.FAILED);
    expect(run.stderr).toContain(
      'plans: files.example.com is not a SharePoint or OneDrive host this council allows',
    );
    vi.stubEnv('PLANS_SHAREPOINT_HOSTS', 'chorley.sharepoint.com');
    const other = await sync('https://bury.sharepoint.com/sites/x/Plan.xlsx', plan);
    expect(other.stderr).toContain(
      'bury.sharepoint.com is not a SharePoint or OneDrive host this council allows',
    );
    expect(graph.log.some((entry) => entry.url.includes('example.com') || entry.url.includes('bury'))).toBe(
      false,
    );
  });

  it('when no Graph token is given, then the run says how to sign in or which variable to set', async () => {
    vi.stubEnv('PLANS_GRAPH_TOKEN', '');
    const run = await sync(inSharePoint(), await newPlan());
    expect(run.exitCode).toBe(EXIT.FAILED);
    expect(run.stderr).toBe(
      `plans: no Microsoft Graph token for ${graph.url}: sign in with \`plans login --tenant … --client-id … --scope … --graph\`, or set PLANS_CLIENT_ID, PLANS_TENANT_ID and PLANS_CLIENT_CERT (the sync application), or PLANS_GRAPH_TOKEN for one run\n`,
    );
  });

  it('when PLANS_GRAPH_URL is plain http on another machine, then nothing is sent and one line says why', async () => {
    vi.stubEnv('PLANS_GRAPH_URL', 'http://graph.example.org');
    const run = await sync(inSharePoint(), await newPlan());
    expect(run.exitCode).toBe(EXIT.FAILED);
    expect(run.stderr).toBe(
      "plans: PLANS_GRAPH_URL http://graph.example.org is not https, and the Graph token would travel unencrypted: set it to https://graph.microsoft.com or your cloud's Graph (plain http only on 127.0.0.1, for a test double)\n",
    );
    expect(hosts).not.toContain('graph.example.org');
  });

  it('when a sharing URL is encoded for Graph, then it is u! and unpadded base64url, as Graph documents', () => {
    // Graph's own example: https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1
    expect(shareId('https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1')).toBe(
      'u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx',
    );
    expect(shareId('https://x.sharepoint.com/a?b>')).not.toMatch(/[=+/]/);
  });
});
