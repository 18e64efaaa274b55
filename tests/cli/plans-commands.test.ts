/** `plans list`, `plans plan new|set`, `plans recommendations …` and the command `plans export` prints, in-process. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerExport, shellQuoted } from '../../cli/commands/export.js';
import { registerPlans } from '../../cli/commands/plans.js';
import { registerRecommendations } from '../../cli/commands/recommendations.js';
import { registerSync } from '../../cli/commands/sync.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { runCommands } from '../support/cli-in-process.js';

let api: TestApi;
let token: string;
const dir = mkdtempSync(join(tmpdir(), 'plans-commands-'));
const plans = (...args: string[]) =>
  runCommands([registerPlans, registerRecommendations, registerExport, registerSync], args);

beforeAll(async () => {
  api = await createTestApi('plans-commands');
  token = await api.token({ council: 'chorley', role: 'policy', name: 'Pat Policy' });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

function viaApi() {
  vi.stubGlobal('fetch', api.fetch);
  vi.stubEnv('PLANS_TOKEN', token);
}

async function newPlan(title: string): Promise<string> {
  const run = await plans(
    'plan',
    'new',
    '--council',
    'chorley',
    '--title',
    title,
    '--report-received',
    '2019-11-15',
  );
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}

describe('managing a plan without curl', () => {
  it('when a plan is started and its dates set, then plans list shows it with them', async () => {
    viaApi();
    const id = await newPlan('Corporate Peer Challenge 2019');
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    const set = await plans(
      'plan',
      'set',
      '--council',
      'chorley',
      '--plan',
      id,
      '--on-site-from',
      '2019-10-01',
      '--on-site-to',
      '2019-10-04',
      '--published',
      '2020-01-08',
      '--check-in-held',
      '2020-05-20',
    );
    expect(set.exitCode).toBe(0);
    const list = await plans('list', '--council', 'chorley');
    expect(list.stdout).toContain(`${id}  Corporate Peer Challenge 2019\n`);
    expect(list.stdout).toContain(
      'on site from 1 October 2019; to 4 October 2019; feedback report 15 November 2019; action plan due 10 January 2020; published 8 January 2020; check-in due 15 May 2020; check-in held 20 May 2020',
    );
  });

  it('when a date is not a date, then one line says which option and what to give', async () => {
    viaApi();
    const id = await newPlan('Bad date');
    const run = await plans('plan', 'set', '--council', 'chorley', '--plan', id, '--published', '8/1/2020');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      '--published must be a real date written YYYY-MM-DD, or none (got "8/1/2020")',
    );
  });

  it('when recommendations are added one by one and from a CSV, then the register lists them with their text', async () => {
    viaApi();
    const id = await newPlan('Register');
    const add = await plans(
      'recommendations',
      'add',
      '4',
      'Develop an internal communications strategy',
      '--code',
      'CRD4',
      '--council',
      'chorley',
      '--plan',
      id,
    );
    expect(add.stdout).toBe('4 (CRD4): Develop an internal communications strategy\n');
    const csv = join(dir, 'recommendations.csv');
    writeFileSync(
      csv,
      'Number,Text,Code\n1,"Restructure the senior leadership team",CRD1\n\n2,"Adopt a Corporate Delivery Plan",\n',
    );
    const imported = await plans('recommendations', 'import', csv, '--council', 'chorley', '--plan', id);
    expect(imported.stdout).toBe("Added 2 recommendations to the plan's register\n");
    const list = await plans('recommendations', 'list', '--council', 'chorley', '--plan', id);
    expect(list.stdout).toBe(
      '1 (CRD1): Restructure the senior leadership team\n2: Adopt a Corporate Delivery Plan\n4 (CRD4): Develop an internal communications strategy\n',
    );
  });

  it('when a plan is exported, then it prints a quoted command that syncs the file with nothing else given', async () => {
    viaApi();
    const id = await newPlan("Chorley's plan");
    const file = join(dir, "Chorley's plan (2019).xlsx");
    const exported = await plans('export', '--council', 'chorley', '--plan', id, '--out', file);
    const command = exported.stdout
      .split('\n')
      .find((l) => l.trim().startsWith('plans sync'))
      ?.trim();
    expect(command).toBe(`plans sync ${shellQuoted(file)}`);
    expect(command).toContain(`'\\''`);
    const synced = await plans('sync', file);
    expect(synced.stderr).toBe('');
    expect(synced.exitCode).toBe(0);
    expect(synced.stdout).toContain(`with plan ${id}`);
  });

  it('when a workbook that never synced is synced without --council and --plan, then one line says to give them', async () => {
    viaApi();
    const file = join(dir, 'never synced.xlsx');
    copyFileSync(fileURLToPath(new URL('../fixtures/peer-challenge-2019-grid.xlsx', import.meta.url)), file);
    const run = await plans('sync', file);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('has not been synced yet, so it does not say which plan it belongs to');
    expect(run.stderr).toContain('give --council and --plan on its first sync');
  });
});

describe('plans sync and the recommendation register', () => {
  it('when a workbook links rows to recommendations the plan does not have, then the sync names each row', async () => {
    viaApi();
    const id = await newPlan('Register gaps');
    await plans('recommendations', 'add', '1', 'The first', '--council', 'chorley', '--plan', id);
    const file = join(dir, 'gaps.xlsx');
    copyFileSync(fileURLToPath(new URL('../fixtures/peer-challenge-2019-grid.xlsx', import.meta.url)), file);
    const run = await plans('sync', file, '--council', 'chorley', '--plan', id);
    expect(run.exitCode).toBe(0);
    const warned = run.stdout
      .split('\n')
      .filter((l) => l.includes("which the plan's register does not have"));
    expect(warned.length).toBeGreaterThan(0);
    for (const line of warned) expect(line).toMatch(/^ {2}row \d+: linked to recommendations? /);
  });
});

describe('shellQuoted', () => {
  it.each([
    ['plan.xlsx', 'plan.xlsx'],
    ['Action plan.xlsx', "'Action plan.xlsx'"],
    ["Chorley's plan.xlsx", "'Chorley'\\''s plan.xlsx'"],
    ['$(rm -rf).xlsx', "'$(rm -rf).xlsx'"],
  ])('when the file is %s, then the command quotes it as %s', (file, quoted) => {
    expect(shellQuoted(file)).toBe(quoted);
  });
});
