/**
 * `plans sync-all LIST` in-process: a sync list of workbooks on disk and in SharePoint (the Graph
 * double), each synced on its own, the summary and the exit code a scheduler reads.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSyncAll } from '../../cli/commands/sync-all.js';
import { registerSyncList } from '../../cli/commands/sync-list.js';
import { EXIT } from '../../cli/exit-codes.js';
import { runCommands } from '../support/cli-in-process.js';
import { type GraphDouble, startGraphDouble } from '../support/graph-double.js';
import { COUNCIL, editWorkbook, FIXTURE, workbookTestbed } from '../support/workbook-testbed.js';

const bed = workbookTestbed('sync-all');
const { newPlan, actionsOf, fixtureCopy } = bed;
const realFetch = globalThis.fetch;
let graph: GraphDouble;
let fixture: Uint8Array;
let lists = 0;
let workbooks = 0;

beforeAll(async () => {
  graph = await startGraphDouble();
  fixture = new Uint8Array(await readFile(FIXTURE));
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => {
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    return url.startsWith(graph.url) ? realFetch(input, init) : bed.api.fetch(input, init);
  });
  vi.stubEnv('PLANS_TOKEN', bed.token);
  vi.stubEnv('PLANS_GRAPH_URL', graph.url);
  vi.stubEnv('PLANS_GRAPH_TOKEN', graph.token);
  vi.stubEnv('PLANS_GRAPH_WORK', join(bed.dir, 'graph-work'));
  vi.stubEnv('PLANS_SHAREPOINT_HOSTS', '');
});

const syncAll = (list: string, ...more: string[]) =>
  runCommands([registerSyncAll], ['sync-all', list, ...more]);
const inSharePoint = () =>
  graph.add(
    `https://chorley.sharepoint.com/sites/Policy/Shared%20Documents/All%20${++workbooks}.xlsx`,
    fixture,
  );

async function writeList(text: string): Promise<string> {
  const file = join(bed.dir, `list-${++lists}.yaml`);
  await writeFile(file, text);
  return file;
}

interface SyncAllJson {
  workbooks: {
    workbook: string;
    status: string;
    pushed?: number;
    error?: { message: string; fix?: string };
  }[];
  counts: { synced: number; needsAPerson: number; retryLater: number; failed: number };
}

describe('plans sync-all', () => {
  it('when the list mixes a file, a SharePoint workbook, a corrupt file and a locked workbook, then each is synced or reported on its own and the run exits 1', async () => {
    const [p1, p2, p3, p4] = [await newPlan(), await newPlan(), await newPlan(), await newPlan()];
    const file = await fixtureCopy();
    const corrupt = join(bed.dir, 'corrupt.xlsx');
    await writeFile(corrupt, 'this is not a workbook');
    const shared = inSharePoint();
    const locked = inSharePoint();
    graph.lock(locked);
    // An officer saves the SharePoint workbook in Excel while the run syncs it.
    graph.onDownload(shared, async () => {
      graph.save(shared, graph.content(shared));
    });
    const list = await writeList(
      [
        `${file}: { council: ${COUNCIL}, plan: ${p1} }`,
        `corrupt.xlsx: { council: ${COUNCIL}, plan: ${p2} }`,
        `"${shared}": { council: ${COUNCIL}, plan: ${p3} }`,
        `"${locked}": { council: ${COUNCIL}, plan: ${p4} }`,
      ].join('\n'),
    );
    const run = await syncAll(list);
    expect(run.exitCode).toBe(EXIT.FAILED);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^status\s+pushed\s+pulled\s+conflicts\s+refused\s+workbook$/);
    expect(lines[1]).toMatch(new RegExp(`^synced\\s+9\\s+0\\s+0\\s+0\\s+${file}$`));
    expect(lines[2]).toMatch(/^FAILED\s+-\s+-\s+-\s+-\s+corrupt\.xlsx$/);
    expect(lines[3]).toMatch(
      /^synced\s+9\s+0\s+0\s+0\s+https:\/\/chorley\.sharepoint\.com\/.*All%20\d+\.xlsx$/,
    );
    expect(lines[4]).toMatch(/^next run\s+-\s+-\s+-\s+-\s+https:/);
    expect(run.stdout).toContain('4 workbooks: 2 synced, 0 need a person, 1 wait for the next run, 1 failed');
    expect(run.stdout).toContain(`${locked}:\n  ${locked} is locked or checked out in SharePoint`);
    expect(run.stdout).toContain(
      `${shared}:\n  someone saved it while it synced: their version was synced too (2 rounds)`,
    );
    expect(await actionsOf(p1)).toHaveLength(9);
    expect(await actionsOf(p3)).toHaveLength(9);
    // Policy users read how each went in the council's sync-run log, one run id for the four.
    const res = await bed.api.request(`/councils/${COUNCIL}/sync-runs?limit=4`, { token: bed.token });
    const { runs } = (await res.json()) as {
      runs: { run: string; workbook: string; status: string; pushed?: number }[];
    };
    expect(new Set(runs.map((r) => r.run)).size).toBe(1);
    expect(runs.map(({ workbook, status, pushed }) => ({ workbook, status, pushed }))).toEqual(
      expect.arrayContaining([
        { workbook: file, status: 'synced', pushed: 9 },
        { workbook: 'corrupt.xlsx', status: 'failed', pushed: undefined },
        { workbook: shared, status: 'synced', pushed: 9 },
        { workbook: locked, status: 'retry-later', pushed: undefined },
      ]),
    );
    expect(run.stderr).toBe('');
  });

  it('when nothing failed but a workbook is locked, then the run exits 75; with a conflict as well, 3', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const locked = inSharePoint();
    graph.lock(locked);
    const list = await writeList(
      JSON.stringify({
        [file]: { council: COUNCIL, plan },
        [locked]: { council: COUNCIL, plan: await newPlan() },
      }),
    );
    const first = await syncAll(list, '--json');
    expect(first.exitCode).toBe(EXIT.RETRY_LATER);
    const json = JSON.parse(first.stdout) as SyncAllJson;
    expect(json.counts).toEqual({ synced: 1, needsAPerson: 0, retryLater: 1, failed: 0 });
    expect(json.workbooks[1]).toMatchObject({
      status: 'retry-later',
      error: { message: `${locked} is locked or checked out in SharePoint, so it was left as it is` },
    });
    // The plan changes a cell the officer changed too: a conflict, which a person must settle.
    const [action] = (await actionsOf(plan)).filter(
      (x) => x.action === 'Refresh the Digital Strategy (2017)',
    );
    const res = await bed.api.request(`/councils/${COUNCIL}/plans/${plan}/actions/${action?.id}`, {
      method: 'PATCH',
      token: bed.token,
      headers: { 'if-match': `"${action?.version}"` },
      json: { theme: 'Theme from the plan' },
    });
    expect(res.status).toBe(200);
    await editWorkbook(file, (sheet) => {
      sheet.getCell('A5').value = 'Theme from the workbook';
    });
    const second = await syncAll(list, '--json');
    expect((JSON.parse(second.stdout) as SyncAllJson).counts).toEqual({
      synced: 0,
      needsAPerson: 1,
      retryLater: 1,
      failed: 0,
    });
    expect(second.exitCode).toBe(EXIT.NEEDS_A_PERSON);
  });

  it('when a relative path is listed, then it is found beside the list, wherever the run starts', async () => {
    const plan = await newPlan();
    const folder = join(bed.dir, 'network-share');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'Plan.xlsx'), fixture);
    const list = join(folder, 'sync-list.json');
    await writeFile(list, JSON.stringify({ 'Plan.xlsx': { council: COUNCIL, plan } }));
    const run = await syncAll(list);
    expect(run.exitCode).toBe(EXIT.SYNCED);
    expect(run.stdout).toContain('1 workbooks: 1 synced');
    expect(await actionsOf(plan)).toHaveLength(9);
  });

  it("when an admin sets the council's list in the API, then plans sync-all --council syncs it; policy may not set it", async () => {
    const plan = await newPlan();
    const folder = join(bed.dir, 'kept-list');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'Kept.xlsx'), fixture);
    const shared = inSharePoint();
    const sharedPlan = await newPlan();
    const file = join(folder, 'list.yaml');
    await writeFile(
      file,
      `Kept.xlsx: { council: ${COUNCIL}, plan: ${plan} }\n"${shared}": { council: ${COUNCIL}, plan: ${sharedPlan} }\n`,
    );
    const refused = await runCommands([registerSyncList], ['sync-list', '--council', COUNCIL, '--set', file]);
    expect(refused.stderr).toBe('plans: the plans API said: Only admin users can change the sync list.\n');
    vi.stubEnv('PLANS_TOKEN', await bed.api.token({ council: COUNCIL, role: 'admin', name: 'Ada Admin' }));
    const set = await runCommands([registerSyncList], ['sync-list', '--council', COUNCIL, '--set', file]);
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toContain(`${join(folder, 'Kept.xlsx')}:\n  council: ${COUNCIL}\n  plan: ${plan}\n`);
    const run = await syncAll('--council', COUNCIL);
    expect(run.exitCode).toBe(EXIT.SYNCED);
    expect(run.stdout).toContain('2 workbooks: 2 synced');
    expect(await actionsOf(plan)).toHaveLength(9);
    expect(await actionsOf(sharedPlan)).toHaveLength(9);
  });

  it('when the list is not YAML, or an entry has no plan, then one line says what to fix and nothing is synced', async () => {
    const broken = await syncAll(await writeList('a: [unclosed'));
    expect(broken.exitCode).toBe(EXIT.FAILED);
    expect(broken.stderr).toMatch(
      /^plans: .*list-\d+\.yaml is not YAML or JSON \(.*\): each line names a workbook, then its council and plan/,
    );
    const noPlan = await syncAll(await writeList(`Plan.xlsx: { council: ${COUNCIL} }`));
    expect(noPlan.exitCode).toBe(EXIT.FAILED);
    expect(noPlan.stderr).toMatch(/^plans: .*list-\d+\.yaml, workbook "Plan\.xlsx": plan: /);
    const token = await syncAll(
      await writeList(
        `Plan.xlsx: { council: ${COUNCIL}, plan: ${await newPlan()}, api: https://evil.example }`,
      ),
    );
    expect(token.stderr).toMatch(/workbook "Plan\.xlsx": .*api/);
  });
});
