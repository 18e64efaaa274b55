/**
 * `plans import` when the server dies under it: the plan is named before any row is sent, the
 * failure says the exact command that finishes the import, and that command leaves every row of
 * the file in the plan exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { PLANS_BIN, runPlans, startServer } from '../support/cli.js';

const ROWS = 2_000;

function bigPlanCsv(file: string): void {
  const lines = [PLAN_HEADINGS.slice(0, -1).join(',')];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `Governance,Action ${i},${i % 9},Policy and Governance,Lead,March 2025,,On track,Progress ${i}`,
    );
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('plans import interrupted', () => {
  it('when the server is killed part way through an import, then the rerun command it prints finishes it with every row exactly once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'plans-import-kill-'));
    const file = join(data, 'plan.csv');
    bigPlanCsv(file);
    const port = await freePort();
    let server = await startServer(port, data);
    try {
      const token = (
        await runPlans(['token', '--council', 'chorley', '--role', 'policy', '--data', data])
      ).stdout.trim();
      const args = ['import', file, '--council', 'chorley', '--title', 'Big plan', '--api', server.url];
      const child = spawn(process.execPath, [PLANS_BIN, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PLANS_TOKEN: token },
      });
      let stdout = '';
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<number | null>((done) => child.once('exit', done));
      // The server dies the moment the plan is named: rows are on their way, or about to be.
      await new Promise<void>((named) => {
        child.stdout?.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('\n')) named();
        });
        child.once('exit', () => named());
      });
      await server.crash();
      expect(await exited).toBe(1);
      const plan = /^Created plan ([0-9A-Z]{26}) \("Big plan"\): importing 2000 rows of /.exec(stdout)?.[1];
      expect(plan).toBeDefined();
      expect(stderr.trim().split('\n')).toHaveLength(1);
      const rerun = `npx plans import ${file} --council chorley --plan ${plan} --api ${server.url}`;
      expect(stderr.trim().endsWith(rerun)).toBe(true);

      server = await startServer(port, data);
      // On a slow machine a rerun may itself be cut short by the server's deadline: it then says
      // the same command again, and each run adds only what the plan still lacks.
      const again = () => runPlans(rerun.split(' ').slice(2), { env: { PLANS_TOKEN: token } });
      let finished = await again();
      for (let run = 1; finished.code !== 0 && run < 5; run++) {
        expect(finished.stderr.trim().endsWith(rerun)).toBe(true);
        finished = await again();
      }
      expect(finished.stderr).toBe('');
      expect(finished.code).toBe(0);
      const response = await fetch(`${server.url}/councils/chorley/plans/${plan}/actions`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { actions } = (await response.json()) as { actions: { action: string }[] };
      const texts = actions.map((a) => a.action);
      expect(new Set(texts).size).toBe(texts.length);
      expect(texts).toHaveLength(ROWS);
      // What landed before the kill is matched, the rest added: together, the file.
      const added = Number(/: (\d+) actions added/.exec(finished.stdout)?.[1]);
      const matched = Number(/(\d+) rows already in the plan/.exec(finished.stdout)?.[1] ?? 0);
      expect(added + matched).toBe(ROWS);
    } finally {
      await server.stop();
    }
  }, 300_000);
});
