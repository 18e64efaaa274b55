/**
 * `plans sync` at its edges, with the real command and server as child processes: killed after the
 * server committed, the workbook opened in Excel during the sync, two runs of one file at once, and
 * a received workbook naming an API of its own. A proxy between the two picks the moment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PLANS_BIN, runPlans } from '../support/cli.js';
import { startProxy } from '../support/proxy.js';
import { servedPlans } from '../support/served-plans.js';
import { COUNCIL } from '../support/workbook-testbed.js';

/** The fixture's nine actions. */
const ACTIONS = 9;

const served = servedPlans('edges');

const { newPlan, actionsOf, copy } = served;

const fixtureCopy = () => copy();

const syncArgs = (file: string, plan: string, api: string) => [
  'sync',
  file,
  '--council',
  COUNCIL,
  '--plan',
  plan,
  '--api',
  api,
];

/** The ids in the workbook's hidden Id column (F), row by row. */
async function idsIn(file: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
  const ids: string[] = [];
  for (let row = 4; row <= sheet.rowCount; row++) {
    const value = sheet.getCell(row, 6).value;
    if (typeof value === 'string' && value !== '') ids.push(value);
  }
  return ids;
}

/** Every action of the plan once, and the workbook holding exactly their ids. */
async function expectNothingTwice(file: string, plan: string): Promise<void> {
  const actions = (await actionsOf(plan)).filter((a) => !a.deleted);
  expect(actions.map((a) => a.action).sort()).toHaveLength(ACTIONS);
  expect(new Set(actions.map((a) => a.action)).size).toBe(ACTIONS);
  expect((await idsIn(file)).sort()).toEqual(actions.map((a) => a.id).sort());
}

describe('plans sync interrupted after the server committed', () => {
  it('when the command is killed after the server applied its sync, then the next sync adds no row twice', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    let child: ChildProcess | undefined;
    const proxy = await startProxy(served.url, {
      async afterSync() {
        // The server has committed the nine new rows; the command never hears of it.
        const exited = new Promise((done) => child?.once('exit', done));
        child?.kill('SIGKILL');
        await exited;
      },
    });
    try {
      child = spawn(process.execPath, [PLANS_BIN, ...syncArgs(file, plan, proxy.url)], { stdio: 'ignore' });
      const code = await new Promise((done) => child?.once('exit', (c, signal) => done(signal ?? c)));
      expect(code).toBe('SIGKILL');
    } finally {
      await proxy.stop();
    }
    expect(await actionsOf(plan)).toHaveLength(ACTIONS);
    expect(await idsIn(file)).toEqual([]);

    const again = await runPlans(syncArgs(file, plan, served.url));
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    await expectNothingTwice(file, plan);
    // What the interrupted sync left beside the workbook is gone once its result is saved.
    expect(
      (await readdir(served.dir)).filter((name) => name.includes(basename(file)) && name !== basename(file)),
    ).toEqual([]);
  }, 60_000);

  it('when Excel opens the workbook during the sync so the save is refused, then the next sync adds no row twice', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const lock = join(dirname(file), `~$${basename(file)}`);
    const proxy = await startProxy(served.url, {
      afterSync: () => writeFile(lock, 'owner'),
    });
    let first: Awaited<ReturnType<typeof runPlans>>;
    try {
      first = await runPlans(syncArgs(file, plan, proxy.url));
    } finally {
      await proxy.stop();
    }
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('is open in Excel');
    expect(await actionsOf(plan)).toHaveLength(ACTIONS);
    await rm(lock);

    const again = await runPlans(syncArgs(file, plan, served.url));
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    await expectNothingTwice(file, plan);
  }, 60_000);
});

describe('two runs of plans sync on one workbook', () => {
  it('when a second sync of the same file starts while the first runs, then it is refused in one line and no row is added twice', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    let release: () => void = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    let arrived: () => void = () => {};
    const firstArrived = new Promise<void>((done) => {
      arrived = done;
    });
    const proxy = await startProxy(served.url, {
      async beforeSync(count) {
        if (count !== 1) return;
        arrived();
        await held;
      },
    });
    try {
      const first = runPlans(syncArgs(file, plan, proxy.url));
      await firstArrived;
      const second = await runPlans(syncArgs(file, plan, proxy.url));
      release();
      const done = await first;
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(
          `^plans: another plans sync of ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is running \\(pid \\d+, since [^)]+\\); wait for it to finish\\n$`,
        ),
      );
    } finally {
      release();
      await proxy.stop();
    }
    await expectNothingTwice(file, plan);
  }, 60_000);
  it('when a sync is stopped with SIGTERM while it waits for the server, then it says so, exits 143 and leaves no lock', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    let arrived: () => void = () => {};
    const waiting = new Promise<void>((done) => {
      arrived = done;
    });
    let release: () => void = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    const proxy = await startProxy(served.url, {
      async beforeSync() {
        arrived();
        await held;
      },
    });
    try {
      const child = spawn(process.execPath, [PLANS_BIN, ...syncArgs(file, plan, proxy.url)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk) => {
        stderr += String(chunk);
      });
      const exited = new Promise((done) => child.once('close', (code) => done(code)));
      await waiting;
      expect(
        (await readdir(served.dir)).filter((name) => name.endsWith(`${basename(file)}.lock`)),
      ).toHaveLength(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(stderr).toBe(`plans: the sync of ${file} was stopped (SIGTERM); sync again to finish it\n`);
      expect((await readdir(served.dir)).filter((name) => name.endsWith(`${basename(file)}.lock`))).toEqual(
        [],
      );
    } finally {
      release();
      await proxy.stop();
    }
  }, 60_000);
});

describe('a received workbook that names an API', () => {
  it('when the hidden sheet names another API and no --api or PLANS_API is given, then the token is never sent there', async () => {
    const plan = await newPlan();
    const file = await fixtureCopy();
    const adopted = await runPlans(syncArgs(file, plan, served.url));
    expect(adopted.code).toBe(0);
    const stranger = await startProxy(null);
    try {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const hidden = workbook.getWorksheet('PlansSync') as ExcelJS.Worksheet;
      expect(hidden.getCell('A7').value).toBe('api');
      hidden.getCell('B7').value = stranger.url;
      await workbook.xlsx.writeFile(file);

      const run = await runPlans(['sync', file, '--council', COUNCIL, '--plan', plan], {
        env: { PLANS_TOKEN: served.token, PLANS_API: undefined },
      });
      expect(stranger.authorizations).toEqual([]);
      expect(run.stderr).toContain(`this workbook names the plans API ${stranger.url}`);
    } finally {
      await stranger.stop();
    }
  }, 60_000);
});
