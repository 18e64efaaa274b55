/**
 * `plans sync` (the command, in-process, against the API in-process) at its edges: a save refused
 * after the server applied the sync and what the officer does before the next, the sync lock, and
 * which API the token goes to.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSync } from '../../cli/commands/sync.js';
import { journalPath } from '../../cli/workbook-journal.js';
import { lockPath } from '../../cli/workbook-lock.js';
import { readCell } from '../../core/grid-cell.js';
import type { SyncRequest } from '../../core/sync-protocol.js';
import { runCommands } from '../support/cli-in-process.js';
import { COUNCIL, editWorkbook, workbookTestbed } from '../support/workbook-testbed.js';

const NEW_ROW = [
  'Partnership working',
  'Join the county climate board',
  'Recommendation 2',
  'Policy and Governance',
];

const bed = workbookTestbed('workbook-sync-edges');
// From the environment, as a scheduled task gives it: a --token would add its warning to stderr.
beforeEach(() => {
  vi.stubEnv('PLANS_TOKEN', bed.token);
});

const { newPlan, actionsOf, fixtureCopy } = bed;

const edit = editWorkbook;

async function cell(file: string, address: string, sheet = 'Action plan'): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return readCell(workbook.getWorksheet(sheet)?.getCell(address).value).text;
}

/** The API in-process, seeing every sync request; `afterSync` runs once the server has answered one. */
function viaApi(afterSync?: () => Promise<void>): { syncs: SyncRequest[]; urls: string[] } {
  const seen = { syncs: [] as SyncRequest[], urls: [] as string[] };
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    seen.urls.push(url);
    const res = await bed.api.fetch(input, init);
    if (url.endsWith('/sync')) {
      seen.syncs.push(JSON.parse(String(init?.body)) as SyncRequest);
      await afterSync?.();
    }
    return res;
  });
  return seen;
}

/** Runs `plans sync FILE …` in-process, capturing what it prints. */
const plans = (...args: string[]) => runCommands([registerSync], args);

const syncArgs = (file: string, plan: string) => [
  'sync',
  file,
  '--council',
  COUNCIL,
  '--plan',
  plan,
  '--json',
];

/** Excel opens the workbook just after the server answered: the save that follows is refused. */
async function syncRefusedAtSave(file: string, plan: string) {
  const lock = join(dirname(file), `~$${basename(file)}`);
  const seen = viaApi(() => writeFile(lock, 'owner'));
  const run = await plans(...syncArgs(file, plan));
  expect(run.exitCode).toBe(1);
  expect(run.stderr).toContain('is open in Excel');
  await rm(lock);
  vi.unstubAllGlobals();
  return seen;
}

describe('a sync whose save was refused after the server applied it', () => {
  it('when the officer then edits the new row and another cell, then the next sync adds the row once and lands both edits', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    viaApi();
    expect((await plans(...syncArgs(file, plan))).exitCode).toBe(0);
    await edit(file, (sheet) => {
      sheet.getRow(13).values = NEW_ROW;
    });
    await syncRefusedAtSave(file, plan);
    expect(await actionsOf(plan)).toHaveLength(10);
    // Meanwhile, in Excel: the new row's timescale filled in, and the first row moved to Finance.
    await edit(file, (sheet) => {
      sheet.getCell('E13').value = 'By March 2022';
      sheet.getCell('D4').value = 'Finance';
    });

    viaApi();
    const run = await plans(...syncArgs(file, plan));
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ conflicts: [], refused: [] });
    const actions = (await actionsOf(plan)).filter((a) => !a.deleted);
    expect(actions.filter((a) => a.action === NEW_ROW[1])).toMatchObject([{ timescale: 'By March 2022' }]);
    expect(actions).toHaveLength(10);
    const first = await cell(file, 'F4');
    expect(actions.find((a) => a.id === first)?.directorate).toBe('Finance');
    expect(await cell(file, 'F13')).toBe(actions.find((a) => a.action === NEW_ROW[1])?.id);
    await expect(readFile(journalPath(file))).rejects.toThrow(/ENOENT/);
  });

  it('when the next sync comes within a day, then it sends the same request again under its key', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const first = await syncRefusedAtSave(file, plan);
    const again = viaApi();
    expect((await plans(...syncArgs(file, plan))).exitCode).toBe(0);
    expect(again.syncs[0]).toEqual(first.syncs[0]);
    expect(await actionsOf(plan)).toHaveLength(9);
  });

  it('when the journal is older than the server remembers keys (a day), then its rows are matched by id: the create is sent again, changes nothing and is no conflict', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const first = await syncRefusedAtSave(file, plan);
    const journal = journalPath(file);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await writeFile(
      journal,
      (await readFile(journal, 'utf8')).replace(/"at":"[^"]+"/g, `"at":"${twoDaysAgo}"`),
    );

    const again = viaApi();
    const run = await plans(...syncArgs(file, plan));
    expect(run.stderr).toBe('');
    expect(again.syncs[0]?.idempotencyKey).not.toBe(first.syncs[0]?.idempotencyKey);
    expect(again.syncs[0]?.changes.map((c) => [c.op, c.id])).toEqual(
      first.syncs[0]?.changes.map((c) => [c.op, c.id]),
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ pushed: 0, conflicts: [], refused: [] });
    expect(await actionsOf(plan)).toHaveLength(9);
  });
});

describe('the sync lock', () => {
  it('when another sync of the file is running, then this one is refused in one line and the file is untouched', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const before = await readFile(file);
    const since = new Date().toISOString();
    await writeFile(
      lockPath(file),
      JSON.stringify({ pid: process.pid, host: hostname(), since, token: 'another sync' }),
    );
    viaApi();
    const run = await plans(...syncArgs(file, plan));
    await rm(lockPath(file));
    expect(run.exitCode).toBe(1);
    // syncArgs asks for --json: the one line is a JSON object.
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        message: `another plans sync of ${file} is running (pid ${process.pid}, since ${new Date(since).toLocaleString('en-GB')}); wait for it to finish`,
        code: 1,
      },
    });
    expect(await readFile(file)).toEqual(before);
    expect(await actionsOf(plan)).toEqual([]);
  });

  it('when the lock was left by a sync whose process is gone, then it is taken over and released after', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((done) => gone.once('exit', done));
    await writeFile(
      lockPath(file),
      JSON.stringify({ pid: gone.pid, host: hostname(), since: new Date().toISOString(), token: 'dead' }),
    );
    viaApi();
    const run = await plans(...syncArgs(file, plan));
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect((await readdir(bed.dir)).filter((name) => name.includes(`${basename(file)}.lock`))).toEqual([]);
  });

  it('when the sync fails, then the lock is released', async () => {
    vi.stubEnv('PLANS_TOKEN', 'not-a-jwt');
    const file = await fixtureCopy();
    viaApi();
    const run = await plans('sync', file, '--council', COUNCIL, '--plan', await newPlan());
    expect(run.stderr).toContain('the token was refused');
    await expect(readFile(lockPath(file))).rejects.toThrow(/ENOENT/);
  });
});

describe('which API the token goes to', () => {
  it('when --api is mistyped and the sync fails part way, then the workbook does not record that URL', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    viaApi();
    expect((await plans(...syncArgs(file, plan))).exitCode).toBe(0);
    await edit(file, (sheet) => {
      sheet.getCell('D4').value = 'Finance';
    });
    // Down for longer than the client keeps retrying: each failed attempt moves the clock a minute on.
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    vi.stubGlobal('fetch', () => {
      now += 60_000;
      return Promise.reject(new TypeError('fetch failed'));
    });
    const run = await plans(...syncArgs(file, plan), '--api', 'http://127.0.0.1:9');
    expect(run.stderr).toMatch(/could not reach the plans API at http:\/\/127\.0\.0\.1:9/);
    expect(await cell(file, 'A7', 'PlansSync')).toBe('api');
    expect(await cell(file, 'B7', 'PlansSync')).not.toContain('127.0.0.1:9');
  });

  it('when the workbook names another API, then a line says so and the sync goes to the configured one', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    viaApi();
    expect((await plans(...syncArgs(file, plan), '--api', 'http://127.0.0.1:8787')).exitCode).toBe(0);
    await edit(file, (_, workbook) => {
      (workbook.getWorksheet('PlansSync') as ExcelJS.Worksheet).getCell('B7').value =
        'https://plans.example.net\nplans: \u009b2J';
    });
    vi.stubEnv('PLANS_API', 'http://127.0.0.1:8787');
    const seen = viaApi();
    const run = await plans(...syncArgs(file, plan));
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(
      'plans: this workbook names the plans API https://plans.example.net?plans: ?2J, but syncs with http://127.0.0.1:8787 (from --api, PLANS_API or the default): a workbook never chooses where your token is sent\n',
    );
    expect(seen.urls.every((url) => url.startsWith('http://127.0.0.1:8787/'))).toBe(true);
    expect(await cell(file, 'B7', 'PlansSync')).toBe('http://127.0.0.1:8787');
  });
});
