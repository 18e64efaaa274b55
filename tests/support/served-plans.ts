/**
 * The real `plans serve` as a child process, for the end-to-end tests: a data folder of its own, a
 * policy token minted by `plans token` (put in PLANS_TOKEN, as a scheduled task gives it, since a
 * --token would add its warning to stderr), new plans, and officers' copies of workbooks.
 */
import type { ChildProcess } from 'node:child_process';
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Action } from '../../core/plan.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { runPlans, spawnPlans, waitForHealth } from './cli.js';
import { COUNCIL, FIXTURE } from './workbook-testbed.js';

export interface ServedPlans {
  readonly url: string;
  readonly token: string;
  readonly dir: string;
  newPlan(): Promise<string>;
  actionsOf(plan: string): Promise<Action[]>;
  /** A writable copy of a workbook (the fixture by default) in the scratch folder. */
  copy(from?: string): Promise<string>;
}

export function servedPlans(name: string): ServedPlans {
  let server: ChildProcess;
  let url: string;
  let token: string;
  let dir: string;
  let files = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `plans-e2e-${name}-`));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawnPlans(['serve', '--port', String(port), '--data', join(dir, 'data')]);
    await waitForHealth(url);
    const minted = await runPlans([
      'token',
      '--council',
      COUNCIL,
      '--role',
      'policy',
      '--data',
      join(dir, 'data'),
    ]);
    token = minted.stdout.trim();
    process.env.PLANS_TOKEN = token;
  }, 90_000);
  afterAll(async () => {
    try {
      if (server.exitCode === null) {
        const exited = new Promise((done) => server.once('exit', done));
        server.kill('SIGINT');
        await exited;
      }
    } finally {
      delete process.env.PLANS_TOKEN;
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
  const authorization = () => ({ authorization: `Bearer ${token}` });
  return {
    get url() {
      return url;
    },
    get token() {
      return token;
    },
    get dir() {
      return dir;
    },
    async newPlan() {
      const res = await fetch(`${url}/councils/${COUNCIL}/plans`, {
        method: 'POST',
        headers: { ...authorization(), 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'CPC October 2019' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    },
    async actionsOf(plan) {
      const res = await fetch(`${url}/councils/${COUNCIL}/plans/${plan}/actions`, {
        headers: authorization(),
      });
      return ((await res.json()) as { actions: Action[] }).actions;
    },
    async copy(from = FIXTURE) {
      const file = join(dir, `plan-${++files}.xlsx`);
      await copyFile(from, file);
      await chmod(file, 0o644);
      return file;
    },
  };
}
