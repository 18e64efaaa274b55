/**
 * The task pane in a real browser against the real local server: built with Vite, served by
 * `plans serve` at /addin/, opened with the in-page workbook (?host=inpage), driven with
 * playwright-core in Debian's Chromium. Sign in with a pasted token, open a plan, edit, sync, meet
 * a conflict, keep mine, sync again; the council summary into the in-page Summary tab; then
 * axe-core for accessibility, and screenshots for the docs. The in-page grid is checked against
 * what Excel gets (whole dates, drop-downs, overdue and RAG fills), and axe runs in the light and
 * the dark theme. The page's clock is fixed, so the summary's "as of" date (the officer's today)
 * and every screenshot are the same on every run.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERDUE_FILL, RAG_FILLS } from '../../addin/excel-cells.js';
import { type Action, type Plan, STATUSES } from '../../core/plan.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { runPlans, spawnPlans, waitForHealth } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(ROOT, 'docs/screenshots');
const require = createRequire(import.meta.url);
/** The officer's today in the page: the summary is as of this date. */
const PAGE_TODAY = new Date('2026-06-01T10:00:00');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

function buildAddin(): Promise<void> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'addin/vite.config.ts')],
      { cwd: ROOT },
      (error, _stdout, stderr) => (error ? fail(new Error(`vite build failed: ${stderr}`)) : done()),
    );
  });
}

describe.skipIf(!existsSync(CHROMIUM))('the task pane in Chromium, against plans serve', () => {
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let url = '';
  let token = '';
  /** A council of its own for each theme's grid test, so the main test's summary counts only its plan. */
  const GRID_COUNCILS = { light: 'grid-light', dark: 'grid-dark' } as const;
  const tokens: Record<string, string> = {};

  const api = async <T>(path: string, init: RequestInit = {}, council = 'chorley'): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${tokens[council]}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    if (!response.ok)
      throw new Error(
        `${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`,
      );
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    const data = mkdtempSync(join(tmpdir(), 'plans-addin-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await buildAddin();
    server = spawnPlans(['serve', '--port', String(port), '--data', data]);
    const councils = ['chorley', ...Object.values(GRID_COUNCILS)];
    const [minted] = await Promise.all([
      Promise.all(
        councils.map((council) =>
          runPlans([
            'token',
            '--council',
            council,
            '--role',
            'policy',
            '--name',
            'Priya Shah',
            '--data',
            data,
          ]),
        ),
      ),
      waitForHealth(url),
    ]);
    councils.forEach((council, i) => {
      tokens[council] = minted[i]?.stdout.trim() ?? '';
    });
    token = tokens.chorley ?? '';
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server?.once('exit', done));
      server.kill('SIGINT');
      await exited;
    }
  }, 30_000);

  /** axe-core in the page: the violations an officer using a screen reader or keyboard would hit. */
  async function seriousViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: require.resolve('axe-core') });
    const result = (await page.evaluate(() =>
      (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
    )) as AxeResult;
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.map((n) => n.target))})`);
  }

  async function openPane(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1600, height: 800 }, colorScheme });
    await page.clock.setFixedTime(PAGE_TODAY);
    // No Office here, and no internet: office.js is not needed outside Office.
    await page.route('https://appsforoffice.microsoft.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
    );
    await page.goto(`${url}/addin/taskpane.html?host=inpage`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  /** Makes a plan of two actions, both due on 31 March 2026 (before the page's today), through the API. */
  async function planOfTwo(title: string, council = 'chorley'): Promise<Plan> {
    const plan = await api<Plan>(
      `/councils/${council}/plans`,
      { method: 'POST', body: JSON.stringify({ title, reportReceived: '2025-02-03' }) },
      council,
    );
    for (const [order, action, status] of [
      [1, 'Refresh the Corporate Strategy with partners', 'On track'],
      [2, 'Set up a member development programme', 'At risk'],
    ] as const) {
      await api<Action>(
        `/councils/${council}/plans/${plan.id}/actions`,
        {
          method: 'POST',
          body: JSON.stringify({
            order,
            action,
            status,
            theme: 'Organisational and place leadership',
            directorate: 'Policy and Governance',
            lead: 'Head of Policy',
            timescale: 'By March 2026',
            due: '2026-03-31',
          }),
        },
        council,
      );
    }
    return plan;
  }

  async function signInAndOpen(page: Page, title: string, council: string): Promise<void> {
    await page.locator('#token textarea').fill(tokens[council] ?? '');
    await page.locator('#use-token').click();
    await page.getByLabel(new RegExp(`^${title}`)).click();
    await page.locator('#open-plan').click();
    await page.locator('#view-sync').waitFor();
  }

  const rgb = (hex: string) =>
    `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

  it('when an officer signs in, opens a plan, edits, syncs, meets a conflict and keeps mine, then the plan takes the value the officer kept', async () => {
    // Arrange: a plan with two actions, made through the API.
    const plan = await planOfTwo('Chorley peer challenge 2025');
    const base = `/councils/chorley/plans/${plan.id}/actions`;
    const page = await openPane();
    const grid = page.locator('#workbook');

    // Sign in: the local server has no Microsoft sign-in, so a token is pasted.
    await expect(page.locator('#sign-in-local').isVisible()).resolves.toBe(true);
    await page.locator('#token textarea').fill(token);
    await page.locator('#use-token').click();
    await page.locator('#view-plans').waitFor();
    expect(await page.locator('#who').textContent()).toBe('Priya Shah, policy, Chorley');

    // Choose the plan and open it: the in-page sheet shows the rows.
    await page.getByLabel(/^Chorley peer challenge 2025/).click();
    await page.locator('#open-plan').click();
    await page.locator('#view-sync').waitFor();
    await expect(grid.getByLabel('Proposed action, row 1').inputValue()).resolves.toBe(
      'Refresh the Corporate Strategy with partners',
    );
    await expect(grid.getByLabel('Status, row 2').inputValue()).resolves.toBe('At risk');
    await page.screenshot({ path: join(SCREENSHOTS, 'taskpane-plan-open.png'), animations: 'disabled' });

    // Edit a cell in the sheet and sync: one change pushed.
    await grid.getByLabel('Progress, row 1').fill('Draft circulated to Cabinet');
    await page.locator('#sync').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Synced'));
    expect(await page.locator('[data-count="pushed"]').textContent()).toBe('1');
    expect(await page.locator('[data-count="conflicts"]').textContent()).toBe('0');

    // Someone else changes the same cell through the API, with the version they saw.
    const { actions } = await api<{ actions: Action[] }>(base);
    const first = actions.find((a) => a.order === 1);
    if (!first) throw new Error('no first action');
    expect(first.progress).toBe('Draft circulated to Cabinet');
    await api<Action>(`${base}/${first.id}`, {
      method: 'PATCH',
      headers: { 'if-match': `"${first.version}"` },
      body: JSON.stringify({ progress: 'Approved by Cabinet on 12 March' }),
    });

    // The officer edits the same cell and syncs: a conflict, with both values.
    await grid.getByLabel('Progress, row 1').fill('Cabinet asked for a second draft');
    await page.locator('#sync').click();
    await page.locator('#view-conflicts').waitFor();
    const item = page.locator('.conflict-item').first();
    expect(await item.locator('.conflict-row').textContent()).toBe(
      'Refresh the Corporate Strategy with partners: Progress',
    );
    expect(await item.locator('[data-value="yours"]').textContent()).toBe('Cabinet asked for a second draft');
    expect(await item.locator('[data-value="kept"]').textContent()).toBe('Approved by Cabinet on 12 March');
    expect(await page.locator('[data-count="conflicts"]').textContent()).toBe('1');
    await expect(grid.getByLabel('Progress, row 1').inputValue()).resolves.toBe(
      'Approved by Cabinet on 12 March',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'taskpane-conflicts.png'), animations: 'disabled' });

    // Accessible with the plan open and a conflict listed: nothing serious or critical.
    expect(await seriousViolations(page)).toEqual([]);

    // Clicking the item selects the cell.
    await item.locator('.conflict-row').click();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(
      'Progress, row 1',
    );

    // Keep mine, then Sync: the plan takes the officer's value.
    await item.locator('fluent-button', { hasText: 'Keep mine' }).click();
    await page.locator('#view-conflicts').waitFor({ state: 'hidden' });
    await expect(grid.getByLabel('Progress, row 1').inputValue()).resolves.toBe(
      'Cabinet asked for a second draft',
    );
    await page.locator('#sync').click();
    await page.waitForFunction(() => document.querySelector('[data-count="pushed"]')?.textContent === '1');
    const after = await api<{ actions: Action[] }>(base);
    expect(after.actions.find((a) => a.id === first.id)?.progress).toBe('Cabinet asked for a second draft');

    // Council summary: the roll-up as of the page's today goes into the Summary tab, totals and all.
    const summaryDone = () =>
      page.waitForFunction(() =>
        document.querySelector('#status')?.textContent?.startsWith('Council summary as of'),
      );
    await page.locator('#council-summary').click();
    await summaryDone();
    expect(await page.locator('#status').textContent()).toBe(
      'Council summary as of 1 June 2026 in the sheet "Summary": 2 live actions, 2 overdue, 0 recommendations with no live action.',
    );
    const table = grid.locator('#summary-by-directorate');
    const count = (row: string, column: string) =>
      table.locator(`tr[data-directorate="${row}"] td[data-column="${column}"]`).textContent();
    expect(await count('Policy and Governance', 'On track')).toBe('1');
    expect(await count('Policy and Governance', 'At risk')).toBe('1');
    expect(await count('Policy and Governance', 'Complete')).toBe('0');
    expect(await count('Policy and Governance', 'Total')).toBe('2');
    expect(await count('Total', 'On track')).toBe('1');
    expect(await count('Total', 'At risk')).toBe('1');
    expect(await count('Total', 'Total')).toBe('2');
    // Both actions were due on 31 March 2026 and are not complete: both overdue.
    expect(await grid.locator('#summary-overdue tbody tr').count()).toBe(2);
    expect(await grid.locator('#summary-chart-title').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'taskpane-summary.png'), animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);

    // Asked for again, the same Summary tab is refreshed: never a second one.
    await page.evaluate(() => {
      const status = document.querySelector('#status');
      if (status) status.textContent = '';
    });
    await page.locator('#council-summary').click();
    await summaryDone();
    expect(await grid.locator('.sheet-tab', { hasText: 'Summary' }).count()).toBe(1);
    expect(await count('Total', 'Total')).toBe('2');

    await page.close();
  }, 60_000);

  it.each(['light', 'dark'] as const)(
    'when a plan is opened in the in-page workbook (%s), then it shows whole text and dates, the drop-downs and the overdue and RAG fills Excel gets',
    async (scheme) => {
      const council = GRID_COUNCILS[scheme];
      const title = `Grid plan ${scheme}`;
      const plan = await planOfTwo(title, council);
      const page = await openPane(scheme);
      const grid = page.locator('#workbook');
      await signInAndOpen(page, title, council);

      // Nothing cut short: every cell shows its whole text, the date on one line.
      await expect(grid.getByLabel('Due, row 1').inputValue()).resolves.toBe('2026-03-31');
      const clipped = await grid
        .locator('td textarea, td input')
        .evaluateAll((cells) =>
          cells
            .filter((c) => c.scrollWidth > c.clientWidth || c.scrollHeight > c.clientHeight)
            .map((c) => c.getAttribute('aria-label')),
        );
      expect(clipped).toEqual([]);

      // The drop-downs of an opened sheet: Status from the statuses only, Directorate a list to help.
      const status = grid.getByLabel('Status, row 1');
      expect(await status.locator('option').allTextContents()).toEqual(['', ...STATUSES]);
      await expect(status.inputValue()).resolves.toBe('On track');
      const directorates = grid.getByLabel('Choose a directorate for row 2');
      expect(await directorates.locator('option').allTextContents()).toEqual(['', 'Policy and Governance']);

      // The fills: RAG on Status; the Due date filled while 31 March 2026 is past and not Complete.
      const fill = (label: string) =>
        grid
          .getByLabel(label)
          .evaluate((el) => getComputedStyle(el.closest('td') as Element).backgroundColor);
      expect(await fill('Status, row 1')).toBe(rgb(RAG_FILLS['On track'] as string));
      expect(await fill('Status, row 2')).toBe(rgb(RAG_FILLS['At risk'] as string));
      expect(await fill('Due, row 1')).toBe(rgb(OVERDUE_FILL));
      await status.selectOption('Complete');
      expect(await fill('Status, row 1')).toBe(rgb(RAG_FILLS.Complete as string));
      expect(await fill('Due, row 1')).toBe('rgba(0, 0, 0, 0)');

      // The theme the page asked for, and nothing serious or critical for axe: with the grid filled,
      // with a conflict listed, and with the Summary sheet.
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      expect(await seriousViolations(page)).toEqual([]);
      const base = `/councils/${council}/plans/${plan.id}/actions`;
      const { actions } = await api<{ actions: Action[] }>(base, {}, council);
      const second = actions.find((a) => a.order === 2);
      if (!second) throw new Error('no second action');
      await api<Action>(
        `${base}/${second.id}`,
        {
          method: 'PATCH',
          headers: { 'if-match': `"${second.version}"` },
          body: JSON.stringify({ lead: 'Chief Executive' }),
        },
        council,
      );
      await grid.getByLabel('Lead officer, row 2').fill('Director of Policy');
      await page.locator('#sync').click();
      await page.locator('#view-conflicts').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('#council-summary').click();
      await grid.locator('#summary-by-directorate').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    },
  );

  it.each(['light', 'dark'] as const)(
    'when axe-core checks the sign-in view (%s), then it finds nothing serious or critical',
    async (scheme) => {
      const page = await openPane(scheme);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    },
  );

  it('when the token is not a token, then the pane says so in plain words', async () => {
    const page = await openPane();
    await page.locator('#token textarea').fill('hello');
    await page.locator('#use-token').click();
    await page.locator('#error').waitFor();
    expect(await page.locator('#error').textContent()).toContain('That is not a sign-in token');
    await page.close();
  });
});
