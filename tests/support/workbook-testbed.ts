/**
 * What the in-process `plans` tests share: the API on a table of their own, a policy token for it,
 * a scratch folder, and officers' copies of the fixture workbook. Each test ends with globals, the
 * environment, spies and the exit code as they were.
 */
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import type { Action } from '../../core/plan.js';
import { createTestApi, type TestApi } from './app.js';

export const FIXTURE = fileURLToPath(new URL('../fixtures/peer-challenge-2019-grid.xlsx', import.meta.url));
export const COUNCIL = 'chorley';

export interface WorkbookTestbed {
  readonly api: TestApi;
  readonly token: string;
  readonly dir: string;
  newPlan(): Promise<string>;
  actionsOf(plan: string): Promise<Action[]>;
  /** A fresh, writable copy of the fixture (the fixture itself is read-only; an officer's copy is not). */
  fixtureCopy(): Promise<string>;
}

export function workbookTestbed(name: string): WorkbookTestbed {
  let api: TestApi;
  let token: string;
  let dir: string;
  let files = 0;
  beforeAll(async () => {
    api = await createTestApi(name);
    token = await api.token({ council: COUNCIL, role: 'policy', name: 'Pat Policy' });
    dir = await mkdtemp(join(tmpdir(), `plans-${name}-`));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  return {
    get api() {
      return api;
    },
    get token() {
      return token;
    },
    get dir() {
      return dir;
    },
    async newPlan() {
      const res = await api.request(`/councils/${COUNCIL}/plans`, {
        method: 'POST',
        token,
        json: { title: 'CPC' },
      });
      return ((await res.json()) as { id: string }).id;
    },
    async actionsOf(plan) {
      const res = await api.request(`/councils/${COUNCIL}/plans/${plan}/actions`, { token });
      return ((await res.json()) as { actions: Action[] }).actions;
    },
    async fixtureCopy() {
      const file = join(dir, `plan-${++files}.xlsx`);
      await copyFile(FIXTURE, file);
      await chmod(file, 0o644);
      return file;
    },
  };
}

/** An officer's edit in Excel: open, change the plan sheet, save. */
export async function editWorkbook(
  file: string,
  change: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  change(workbook.getWorksheet('Action plan') as ExcelJS.Worksheet, workbook);
  await workbook.xlsx.writeFile(file);
}
