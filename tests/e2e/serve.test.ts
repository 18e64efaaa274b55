import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { dynamoDbLocalsOn, isAlive } from '../../functions/local/processes.js';
import { runPlans, spawnPlans, waitForHealth } from '../support/cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/peer-challenge-2019-grid.xlsx', import.meta.url));

const javaProcessesFor = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('plans serve (npm start)', () => {
  it('when started on a fresh data folder, then /health answers, tokens work, and Ctrl-C stops DynamoDB Local', async () => {
    const data = mkdtempSync(join(tmpdir(), 'plans-serve-'));
    const port = await freePort();
    const server = spawnPlans(['serve', '--port', String(port), '--data', data]);
    let output = '';
    server.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForHealth(url);
      expect(output).toContain(`listening on ${url}`);
      expect(output).toContain('plans token');

      const token = (
        await runPlans(['token', '--council', 'chorley', '--role', 'policy', '--data', data])
      ).stdout.trim();
      const created = await fetch(`${url}/councils/chorley/plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Kept across restarts' }),
      });
      expect(created.status).toBe(201);
      expect(javaProcessesFor(data).length).toBeGreaterThan(0);

      const imported = await runPlans(
        ['import', FIXTURE, '--council', 'chorley', '--title', 'CPC 2019', '--api', url, '--json'],
        { env: { PLANS_TOKEN: token } },
      );
      // stdout is the JSON alone; the plan, said before any row is sent, goes to stderr.
      const result = JSON.parse(imported.stdout);
      expect(result).toMatchObject({ created: 9, recommendations: 9 });
      expect(imported.stderr).toBe(
        `Created plan ${result.plan} ("CPC 2019"): importing 9 rows of ${FIXTURE}\n`,
      );
      const wrongCouncil = await runPlans(
        ['import', FIXTURE, '--council', 'other', '--title', 'x', '--api', url],
        { env: { PLANS_TOKEN: token } },
      );
      expect(wrongCouncil.code).toBe(1);
      expect(wrongCouncil.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGINT');
      await exited;
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(javaProcessesFor(data)).toEqual([]);
  }, 120_000);
});

/** The JVMs running DynamoDB Local on this data folder's database. */
const jvmsOn = (data: string) => dynamoDbLocalsOn(join(data, 'dynamodb'));

const parentOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};

/** Waits for something that must come about, without timing it: the test's own timeout is the limit. */
async function until(what: string, done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 200) {
    if (waited > 60_000) throw new Error(`still not so after 60 s: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('plans serve owns its data folder', () => {
  const folders: string[] = [];
  const servers: ChildProcess[] = [];

  async function serve(data: string) {
    const port = await freePort();
    const server = spawnPlans(['serve', '--port', String(port), '--data', data]);
    servers.push(server);
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url);
    const token = (
      await runPlans(['token', '--council', 'chorley', '--role', 'policy', '--data', data])
    ).stdout.trim();
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    const exited = new Promise((done) => server.once('exit', done));
    return { server, url, port, call, exited };
  }

  function dataFolder() {
    const data = mkdtempSync(join(tmpdir(), 'plans-own-'));
    folders.push(data);
    return data;
  }

  afterEach(async () => {
    // Whatever a failing test left: nothing of it may outlive the run on a shared machine.
    for (const server of servers.splice(0)) if (server.exitCode === null) server.kill('SIGKILL');
    for (const data of folders.splice(0)) for (const pid of jvmsOn(data)) process.kill(pid, 'SIGKILL');
  });

  it('when plans serve is killed with kill -9, then its DynamoDB Local goes too, and the next serve on the folder runs one and keeps the data', async () => {
    const data = dataFolder();
    const first = await serve(data);
    const plan = (await (
      await first.call('/councils/chorley/plans', {
        method: 'POST',
        body: JSON.stringify({ title: 'Outlives a crash' }),
      })
    ).json()) as { id: string };
    expect(jvmsOn(data)).toHaveLength(1);
    first.server.kill('SIGKILL');
    await first.exited;
    await until('the DynamoDB Local of a killed serve has stopped', () => jvmsOn(data).length === 0);

    const second = await serve(data);
    expect(jvmsOn(data)).toHaveLength(1);
    expect((await second.call(`/councils/chorley/plans/${plan.id}`)).status).toBe(200);
    second.server.kill('SIGINT');
    await second.exited;
    expect(jvmsOn(data)).toEqual([]);
  }, 180_000);

  it('when a DynamoDB Local from an earlier serve still runs on the folder, then the next serve stops it and runs exactly one, data intact', async () => {
    const data = dataFolder();
    const first = await serve(data);
    const plan = (await (
      await first.call('/councils/chorley/plans', {
        method: 'POST',
        body: JSON.stringify({ title: 'Orphan stopped' }),
      })
    ).json()) as { id: string };
    const [orphan] = jvmsOn(data);
    // Everything above the JVM dies at once (its watcher too), as a kill of the whole tree but the JVM would.
    const watcher = parentOf(orphan as number);
    if (watcher !== first.server.pid) process.kill(watcher, 'SIGKILL');
    first.server.kill('SIGKILL');
    await first.exited;
    expect(isAlive(orphan as number)).toBe(true);

    const second = await serve(data);
    expect(isAlive(orphan as number)).toBe(false);
    expect(jvmsOn(data)).toHaveLength(1);
    expect((await second.call(`/councils/chorley/plans/${plan.id}`)).status).toBe(200);
    second.server.kill('SIGINT');
    await second.exited;
    expect(jvmsOn(data)).toEqual([]);
  }, 180_000);

  it('when a second serve is started on a folder in use, then it is refused in one line and the first keeps its one DynamoDB Local', async () => {
    const data = dataFolder();
    const first = await serve(data);
    const second = await runPlans(['serve', '--port', String(await freePort()), '--data', data]);
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toEqual([
      `plans: ${data} is in use by another plans serve (pid ${first.server.pid}): stop it, or pass another --data`,
    ]);
    expect(jvmsOn(data)).toHaveLength(1);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    first.server.kill('SIGINT');
    await first.exited;
  }, 180_000);

  it('when the port is in use, then one line says so, and no DynamoDB Local is left running', async () => {
    const data = dataFolder();
    const taken = createServer();
    const port = await new Promise<number>((done) =>
      taken.listen(0, '127.0.0.1', () => done((taken.address() as { port: number }).port)),
    );
    try {
      const result = await runPlans(['serve', '--port', String(port), '--data', data]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `plans: port ${port} is in use; stop what uses it or pass --port`,
      ]);
      expect(jvmsOn(data)).toEqual([]);
    } finally {
      taken.close();
    }
  }, 120_000);
});

describe('plans token', () => {
  it('when an officer token is asked for without a directorate, then a one-line error says what to add', async () => {
    const data = mkdtempSync(join(tmpdir(), 'plans-token-'));
    const result = await runPlans(['token', '--council', 'chorley', '--role', 'officer', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--directorate');
  });

  it('when asked for a role that does not exist, then it lists the roles', async () => {
    const result = await runPlans(['token', '--council', 'chorley', '--role', 'king']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('viewer, officer, policy, admin');
  });
});
