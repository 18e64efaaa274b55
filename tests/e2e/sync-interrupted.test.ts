/**
 * `plans sync` killed at any moment, saving included, never leaves a corrupt workbook: the file
 * is always the one before the sync or the one after it (written to a temporary file, renamed).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { PLANS_BIN, runPlans, startServer } from '../support/cli.js';

async function bigPlanWorkbook(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Action plan');
  sheet.addRow(PLAN_HEADINGS.slice(0, -1));
  for (let i = 0; i < rows; i++) {
    sheet.addRow([
      'Governance',
      `Action ${i}: ${'words '.repeat(30)}`,
      String(i % 9),
      'Policy and Governance',
      'Lead',
      'March 2025',
      '',
      'On track',
      'Progress note '.repeat(10),
    ]);
  }
  await workbook.xlsx.writeFile(file);
}

async function readable(file: string): Promise<'before' | 'after'> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  expect(workbook.getWorksheet('Action plan')?.rowCount).toBeGreaterThan(1);
  return workbook.getWorksheet('PlansSync') ? 'after' : 'before';
}

describe('plans sync interrupted', () => {
  it('when plans sync is killed at random moments, then the workbook is always whole: before or after', async () => {
    const data = mkdtempSync(join(tmpdir(), 'plans-kill-'));
    const server = await startServer(await freePort(), data);
    try {
      const token = (
        await runPlans(['token', '--council', 'chorley', '--role', 'policy', '--data', data])
      ).stdout.trim();
      const seen = new Set<string>();
      for (const delay of [150, 400, 700, 1_000, 1_300, 1_600, 2_000, 2_600]) {
        const plan = (
          (await (
            await fetch(`${server.url}/councils/chorley/plans`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ title: `Killed at ${delay} ms` }),
            })
          ).json()) as { id: string }
        ).id;
        const file = join(data, `plan-${delay}.xlsx`);
        await bigPlanWorkbook(file, 1_500);
        const child = spawn(
          process.execPath,
          [PLANS_BIN, 'sync', file, '--council', 'chorley', '--plan', plan, '--api', server.url],
          { stdio: 'ignore', env: { ...process.env, PLANS_TOKEN: token } },
        );
        const exited = new Promise((done) => child.once('exit', done));
        await new Promise((r) => setTimeout(r, delay));
        child.kill('SIGKILL');
        await exited;
        seen.add(await readable(file));
        // A temporary file may be left by the kill, never the workbook itself half-written.
        expect(readdirSync(data).filter((f) => f.startsWith(`plan-${delay}`))).toEqual([
          `plan-${delay}.xlsx`,
        ]);
      }
      expect(seen.has('before')).toBe(true);
    } finally {
      await server.stop();
    }
  }, 240_000);
});
