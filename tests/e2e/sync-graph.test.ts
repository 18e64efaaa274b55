/**
 * `plans sync URL` and `plans sync-all`, run as a user runs them (child processes), against
 * `plans serve` and the local Graph double: SharePoint workbooks that officers also save in Excel,
 * locked, corrupt, and fifty in one run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { runPlans } from '../support/cli.js';
import { type GraphDouble, startGraphDouble } from '../support/graph-double.js';
import { servedPlans } from '../support/served-plans.js';
import { COUNCIL, FIXTURE } from '../support/workbook-testbed.js';

const served = servedPlans('sync-graph');
let graph: GraphDouble;
let fixture: Uint8Array;
let workbooks = 0;

beforeAll(async () => {
  graph = await startGraphDouble();
  fixture = new Uint8Array(await readFile(FIXTURE));
});
afterAll(async () => {
  await graph.close();
});

/** The environment a scheduled task gives: the API token (PLANS_TOKEN, set by servedPlans) and Graph's. */
const env = () => ({
  PLANS_API: served.url,
  PLANS_GRAPH_URL: graph.url,
  PLANS_GRAPH_TOKEN: graph.token,
  PLANS_GRAPH_WORK: join(served.dir, 'graph-work'),
});

const inSharePoint = (content = fixture) =>
  graph.add(
    `https://chorley.sharepoint.com/sites/Policy/Shared%20Documents/Plan%20${++workbooks}.xlsx`,
    content,
  );

async function saveInExcel(url: string, change: (sheet: ExcelJS.Worksheet) => void): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(graph.content(url)) as unknown as ExcelJS.Buffer);
  change(workbook.getWorksheet('Action plan') as ExcelJS.Worksheet);
  graph.save(url, new Uint8Array(await workbook.xlsx.writeBuffer()));
}

async function cell(url: string, address: string): Promise<unknown> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(graph.content(url)) as unknown as ExcelJS.Buffer);
  return (workbook.getWorksheet('Action plan') as ExcelJS.Worksheet).getCell(address).value;
}

describe('plans sync URL and sync-all against Graph, end to end', () => {
  it('when two officers keep workbooks in SharePoint and one saves in Excel while the other syncs, then the 412 path is taken and every edit reaches the plan and both workbooks', async () => {
    const plan = await served.newPlan();
    const sync = (url: string) =>
      runPlans(['sync', url, '--council', COUNCIL, '--plan', plan, '--json'], { env: env() });
    const a = inSharePoint();
    expect((await sync(a)).code).toBe(EXIT.SYNCED);
    const b = inSharePoint(graph.content(a));
    await saveInExcel(b, (sheet) => {
      sheet.getCell('A8').value = 'Theme from officer B';
    });
    graph.onDownload(b, () =>
      saveInExcel(b, (sheet) => {
        sheet.getCell('B9').value = 'Typed in Excel by officer B during the sync';
      }),
    );
    const run = await sync(b);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.SYNCED);
    expect(JSON.parse(run.stdout)).toMatchObject({ rounds: 2, conflicts: [], refused: [] });
    const statuses = graph.log.filter((e) => e.url === b && e.method === 'PUT').map((e) => e.status);
    expect(statuses).toEqual([412, 200]);
    // Officer A's workbook gets both of B's edits on its next sync.
    expect((await sync(a)).code).toBe(EXIT.SYNCED);
    expect(await cell(a, 'A8')).toBe('Theme from officer B');
    expect(await cell(a, 'B9')).toBe('Typed in Excel by officer B during the sync');
    const actions = await served.actionsOf(plan);
    expect(actions).toHaveLength(9);
    expect(actions.map((x) => x.action)).toContain('Typed in Excel by officer B during the sync');
  }, 120_000);

  it('when fifty workbooks are synced in one run and one is corrupt and one locked, then the other 48 are synced, the two are reported, and the run exits 1', async () => {
    const entries: Record<string, { council: string; plan: string }> = {};
    const plans: string[] = [];
    let corrupt = '';
    let locked = '';
    for (let n = 0; n < 50; n++) {
      const plan = await served.newPlan();
      let workbook: string;
      if (n % 10 === 3) {
        workbook = inSharePoint();
        if (n === 13) {
          graph.lock(workbook);
          locked = workbook;
        }
      } else {
        workbook = `workbook-${n}.xlsx`;
        await writeFile(join(served.dir, workbook), n === 27 ? 'PK\u0003\u0004 cut short' : fixture);
        if (n === 27) corrupt = workbook;
      }
      entries[workbook] = { council: COUNCIL, plan };
      plans.push(plan);
    }
    const list = join(served.dir, 'sync-list.json');
    await writeFile(list, JSON.stringify(entries, null, 2));
    const run = await runPlans(['sync-all', list, '--json'], { env: env() });
    expect(run.code).toBe(EXIT.FAILED);
    const json = JSON.parse(run.stdout) as {
      workbooks: { workbook: string; status: string; pushed?: number }[];
      counts: Record<string, number>;
    };
    expect(json.counts).toEqual({ synced: 48, needsAPerson: 0, retryLater: 1, failed: 1 });
    expect(json.workbooks.find((w) => w.status === 'failed')?.workbook).toBe(corrupt);
    expect(json.workbooks.find((w) => w.status === 'retry-later')?.workbook).toBe(locked);
    for (const [index, outcome] of json.workbooks.entries()) {
      if (outcome.status !== 'synced') continue;
      expect(outcome.pushed).toBe(9);
      expect(await served.actionsOf(plans[index] as string)).toHaveLength(9);
    }
  }, 600_000);
});
