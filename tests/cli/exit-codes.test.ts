/**
 * What `plans sync` and `plans import` exit with and print on failure, as a scheduled task reads
 * them: 0 synced, 3 a person must look, 1 failed; with --json, errors as one JSON object on stderr.
 * The commands run in-process against the API in-process.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { registerImport } from '../../cli/commands/import.js';
import { registerSync } from '../../cli/commands/sync.js';
import { EXIT } from '../../cli/exit-codes.js';
import { runCommands } from '../support/cli-in-process.js';
import { COUNCIL, editWorkbook, workbookTestbed } from '../support/workbook-testbed.js';

const bed = workbookTestbed('exit-codes');
const { newPlan, fixtureCopy } = bed;

/** Runs `plans …` in-process (sync and import only), capturing what it prints and its exit code. */
const plans = (...args: string[]) => runCommands([registerSync, registerImport], args);
const edit = editWorkbook;

const syncArgs = (file: string, plan: string) => ['sync', file, '--council', COUNCIL, '--plan', plan];

describe('plans sync exit codes', () => {
  it('when everything synced, then it exits 0', async () => {
    vi.stubGlobal('fetch', bed.api.fetch);
    vi.stubEnv('PLANS_TOKEN', bed.token);
    const run = await plans(...syncArgs(await fixtureCopy(), await newPlan()));
    expect(run.stdout).toContain('pushed 9');
    expect(run.exitCode).toBe(EXIT.SYNCED);
  });

  it('when the sync ends with a conflict, then it exits 3, so a scheduled task calls a person', async () => {
    vi.stubGlobal('fetch', bed.api.fetch);
    vi.stubEnv('PLANS_TOKEN', bed.token);
    const plan = await newPlan();
    const a = await fixtureCopy();
    await plans(...syncArgs(a, plan));
    const b = join(bed.dir, 'conflict-copy.xlsx');
    await copyFile(a, b);
    await edit(a, (sheet) => {
      sheet.getCell('C5').value = 'Recommendation 9';
    });
    await edit(b, (sheet) => {
      sheet.getCell('C5').value = 'Recommendation 7';
    });
    expect((await plans(...syncArgs(a, plan))).exitCode).toBe(EXIT.SYNCED);
    const run = await plans(...syncArgs(b, plan), '--json');
    expect(JSON.parse(run.stdout).conflicts).toHaveLength(1);
    expect(run.exitCode).toBe(EXIT.NEEDS_A_PERSON);
  });

  it('when the plan refuses a row the officer added, then it exits 3', async () => {
    vi.stubGlobal('fetch', bed.api.fetch);
    vi.stubEnv('PLANS_TOKEN', bed.token);
    const plan = await newPlan();
    const file = await fixtureCopy();
    await plans(...syncArgs(file, plan));
    await edit(file, (sheet) => {
      sheet.getRow(13).values = [
        '',
        'Join the county climate board',
        '',
        'Commercial Services',
        'By March 2022',
      ];
    });
    vi.stubEnv(
      'PLANS_TOKEN',
      await bed.api.token({ council: COUNCIL, role: 'officer', directorates: ['Policy and Governance'] }),
    );
    const run = await plans(...syncArgs(file, plan));
    expect(run.stdout).toContain('row 13: not synced');
    expect(run.exitCode).toBe(EXIT.NEEDS_A_PERSON);
  });

  it('when the sync fails, then it exits 1', async () => {
    vi.stubEnv('PLANS_TOKEN', undefined);
    const run = await plans(...syncArgs(await fixtureCopy(), await newPlan()), '--api', 'http://127.0.0.1:9');
    expect(run.exitCode).toBe(EXIT.FAILED);
  });
});

describe('plans import exit codes', () => {
  it('when the plan refuses some rows, then the rest are imported and it exits 3', async () => {
    vi.stubGlobal('fetch', bed.api.fetch);
    const plan = await newPlan();
    const file = join(bed.dir, 'two-directorates.csv');
    await writeFile(
      file,
      'Proposed action,Directorate\nWrite the strategy,Policy and Governance\nSell the depot,Commercial Services\n',
    );
    vi.stubEnv(
      'PLANS_TOKEN',
      await bed.api.token({ council: COUNCIL, role: 'officer', directorates: ['Policy and Governance'] }),
    );
    const run = await plans('import', file, '--council', COUNCIL, '--plan', plan);
    expect(run.stdout).toContain('1 actions');
    expect(run.stdout).toContain('row 3: not imported');
    expect(run.exitCode).toBe(EXIT.NEEDS_A_PERSON);
  });
});

describe('--json errors', () => {
  it('when a sync with --json fails, then stderr is one JSON object with the message, the fix and the exit code, and stdout is empty', async () => {
    vi.stubEnv('PLANS_TOKEN', undefined);
    const run = await plans(
      ...syncArgs(await fixtureCopy(), await newPlan()),
      '--api',
      'http://127.0.0.1:9',
      '--json',
    );
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        message: 'no token for http://127.0.0.1:9',
        fix: 'run `plans login --api URL` or set PLANS_TOKEN (locally: `npx plans token --council C --role policy`)',
        code: 1,
      },
    });
    expect(run.exitCode).toBe(EXIT.FAILED);
  });

  it('when an option is missing under --json, then commander says so as the same JSON object, without usage text', async () => {
    // (plans sync needs --council only on a first sync, and says so itself; plans import always does)
    const run = await plans('import', 'plan.xlsx', '--plan', 'x', '--json');
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      error: { message: "required option '--council <council>' not specified", code: 1 },
    });
    expect(run.exitCode).toBe(EXIT.FAILED);
  });

  it('when the same failure happens without --json, then it is one line: the cause, then the fix', async () => {
    vi.stubEnv('PLANS_TOKEN', undefined);
    const run = await plans(...syncArgs(await fixtureCopy(), await newPlan()), '--api', 'http://127.0.0.1:9');
    expect(run.stderr).toBe(
      'plans: no token for http://127.0.0.1:9: run `plans login --api URL` or set PLANS_TOKEN (locally: `npx plans token --council C --role policy`)\n',
    );
  });
});
