import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local.js';
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
      expect(imported.stderr).toBe('');
      expect(JSON.parse(imported.stdout)).toMatchObject({ created: 9, recommendations: 9 });
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
