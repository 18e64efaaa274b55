/**
 * Where `plans` finds its token: --token (with a warning), PLANS_TOKEN, then the one `plans login`
 * kept for the API in use, and never one kept for another API. Commands run in-process.
 */
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSync } from '../../cli/commands/sync.js';
import { credentialsPath, forgetToken, storedToken, storeToken } from '../../cli/credentials.js';
import { runCommands } from '../support/cli-in-process.js';
import { COUNCIL, workbookTestbed } from '../support/workbook-testbed.js';

const LOCAL = 'http://127.0.0.1:8787';
const WARNING = 'plans: a token on the command line shows in process lists: use PLANS_TOKEN or plans login\n';

const bed = workbookTestbed('credentials');
beforeEach(async () => {
  vi.stubEnv('XDG_CONFIG_HOME', await mkdtemp(join(bed.dir, 'config-')));
  vi.stubEnv('PLANS_TOKEN', undefined);
  vi.stubEnv('PLANS_API', undefined);
});

/** Every request the commands make, answered by the API in-process: where it went, with which token. */
function viaApi(): { url: string; authorization: string | null }[] {
  const seen: { url: string; authorization: string | null }[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
    return bed.api.fetch(input, init);
  });
  return seen;
}

const plans = (...args: string[]) => runCommands([registerSync], args);

async function syncArgs(): Promise<string[]> {
  return ['sync', await bed.fixtureCopy(), '--council', COUNCIL, '--plan', await bed.newPlan()];
}

describe('the token store', () => {
  it('when a token is kept, then it is in $XDG_CONFIG_HOME/plans/credentials.json, readable by its owner only, under the API origin', async () => {
    await storeToken('http://127.0.0.1:8787/some/path/', 'the-token');
    const path = credentialsPath();
    expect(path).toBe(join(process.env.XDG_CONFIG_HOME as string, 'plans', 'credentials.json'));
    expect(JSON.parse(await readFile(path, 'utf8')).tokens).toEqual({
      [LOCAL]: { token: 'the-token', saved: expect.any(String) },
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(storedToken(`${LOCAL}/`)).toBe('the-token');
    expect(storedToken('http://localhost:8787')).toBeNull();
  });

  it('when a token is forgotten, then only that API loses it', async () => {
    await storeToken(LOCAL, 'local-token');
    await storeToken('https://plans.example.gov.uk', 'council-token');
    expect(await forgetToken(LOCAL)).toBe(true);
    expect(await forgetToken(LOCAL)).toBe(false);
    expect(storedToken(LOCAL)).toBeNull();
    expect(storedToken('https://plans.example.gov.uk')).toBe('council-token');
  });
});

describe('which token a command sends', () => {
  it('when neither --token nor PLANS_TOKEN is given, then the token kept for that API is sent', async () => {
    const seen = viaApi();
    await storeToken(LOCAL, bed.token);
    const run = await plans(...(await syncArgs()));
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((request) => request.authorization === `Bearer ${bed.token}`)).toBe(true);
  });

  it('when the command talks to another API than the one the token was kept for, then the kept token is never sent', async () => {
    const seen = viaApi();
    await storeToken(LOCAL, bed.token);
    const run = await plans(...(await syncArgs()), '--api', 'https://plans.example.net');
    expect(run.stderr).toMatch(
      /^plans: no token for https:\/\/plans\.example\.net: run `plans login --api URL`/,
    );
    expect(run.exitCode).toBe(1);
    expect(seen).toEqual([]);
  });

  it('when PLANS_TOKEN is set, then it wins over the kept token', async () => {
    const seen = viaApi();
    await storeToken(LOCAL, 'an-old-token');
    vi.stubEnv('PLANS_TOKEN', bed.token);
    expect((await plans(...(await syncArgs()))).exitCode).toBe(0);
    expect(seen.every((request) => request.authorization === `Bearer ${bed.token}`)).toBe(true);
  });

  it('when a token is passed with --token, then it is used and a one-line warning says process lists show it', async () => {
    const seen = viaApi();
    const run = await plans(...(await syncArgs()), '--token', bed.token);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(WARNING);
    expect(seen.every((request) => request.authorization === `Bearer ${bed.token}`)).toBe(true);
  });
});
