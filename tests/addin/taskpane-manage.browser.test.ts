/**
 * The task pane's management screens in a real browser against the real local server (built with
 * Vite, served by `plans serve`, the in-page workbook, Debian's Chromium through playwright-core):
 * a policy user keeps a plan's dates and its recommendation register; an admin assigns an officer
 * to a directorate, and the officer's next request has it; an officer gets no management screens.
 * Each check reads what was stored through the API, not the pane's own words.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../core/client.js';
import type { Action, Plan } from '../../core/plan.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { runPlans, spawnPlans, waitForHealth } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(ROOT, 'docs/screenshots');
const require = createRequire(import.meta.url);
/** A council of this file's own. */
const COUNCIL = 'wyre';

interface AxeResult {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: unknown[]; html: string }[];
  }[];
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

describe.skipIf(!existsSync(CHROMIUM))(
  'the task pane’s management screens in Chromium, against plans serve',
  () => {
    let server: ChildProcess | undefined;
    let browser: Browser | undefined;
    let url = '';
    const tokens = { policy: '', admin: '', officer: '' };

    const api = async <T>(path: string, init: RequestInit = {}, token = tokens.policy): Promise<T> => {
      const response = await fetch(`${url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
      if (!response.ok)
        throw new Error(
          `${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`,
        );
      return (await response.json()) as T;
    };

    beforeAll(async () => {
      const data = mkdtempSync(join(tmpdir(), 'plans-manage-'));
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      mkdirSync(SCREENSHOTS, { recursive: true });
      await buildAddin();
      server = spawnPlans(['serve', '--port', String(port), '--data', data]);
      const mint = (role: string, ...more: string[]) =>
        runPlans(['token', '--council', COUNCIL, '--role', role, ...more, '--data', data]).then((r) =>
          r.stdout.trim(),
        );
      const [policy, admin, officer] = await Promise.all([
        mint('policy', '--name', 'Priya Shah'),
        mint('admin', '--name', 'Ada Admin'),
        mint('officer', '--name', 'Olivia Officer', '--directorate', 'Resources'),
        waitForHealth(url),
      ]);
      Object.assign(tokens, { policy, admin, officer });
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

    /**
     * axe-core over the management screens (the plan chooser above them has a finding of its own:
     * fluent-radio's aria-posinset, whose role axe cannot see; left to the chooser's owner).
     */
    async function seriousViolations(page: Page, section: string): Promise<string[]> {
      await page.addScriptTag({ path: require.resolve('axe-core') });
      const result = (await page.evaluate(
        (selector) =>
          (window as unknown as { axe: { run(context: unknown): Promise<unknown> } }).axe.run({
            include: [[selector]],
          }),
        section,
      )) as AxeResult;
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.map((n) => [n.target, n.html]))})`);
    }

    async function signedIn(token: string): Promise<Page> {
      if (!browser) throw new Error('no browser');
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.route('https://appsforoffice.microsoft.com/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
      );
      await page.goto(`${url}/addin/taskpane.html?host=inpage`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.locator('#token textarea').fill(token);
      await page.locator('#use-token').click();
      await page.locator('#view-signed-in').waitFor();
      await page.waitForFunction(() => !document.querySelector('#progress')?.checkVisibility());
      return page;
    }

    const status = (page: Page, starts: string) =>
      page.waitForFunction((s) => document.querySelector('#status')?.textContent?.startsWith(s), starts);

    it('when a policy user opens a plan’s details, sets a date and adds a recommendation, then the plan stores both and the dangling link is no longer reported', async () => {
      const plan = await api<Plan>(`/councils/${COUNCIL}/plans`, {
        method: 'POST',
        body: JSON.stringify({ title: 'Wyre peer challenge 2025', reportReceived: '2025-02-03' }),
      });
      await api<Action>(`/councils/${COUNCIL}/plans/${plan.id}/actions`, {
        method: 'POST',
        body: JSON.stringify({
          action: 'Refresh the Corporate Strategy',
          directorate: 'Resources',
          timescale: 'By March 2026',
          recommendations: ['4'],
        }),
      });
      const page = await signedIn(tokens.policy);
      // Loading what a policy user manages does not take the place of the sign-in's own words.
      expect(await page.locator('#status').textContent()).toBe('Signed in for Wyre.');

      await page.locator('#view-manage-plans').waitFor();
      await page.locator('fluent-button[aria-label="Details of \\"Wyre peer challenge 2025\\""]').click();
      await page.locator('#plan-details').waitFor();
      await expect(page.locator('#plan-reportReceived input').inputValue()).resolves.toBe('2025-02-03');
      expect(await page.locator('#plan-deadlines').textContent()).toBe(
        'Deadlines: action plan due 2025-03-31; six-month check-in due 2025-08-03.',
      );
      expect(await page.locator('#recommendations-missing').textContent()).toBe(
        'Actions link to recommendation 4, which this register does not have: add it, or correct the link in the plan.',
      );

      // The plan was published on 20 March 2025: saved, and only that field sent.
      await page.locator('#plan-actionPlanPublished input').fill('2025-03-20');
      await page.locator('#plan-save').click();
      await status(page, 'Saved the details');
      expect((await api<Plan>(`/councils/${COUNCIL}/plans/${plan.id}`)).actionPlanPublished).toBe(
        '2025-03-20',
      );

      // A date the server cannot read: its problem, in words, and nothing stored.
      await page.locator('#plan-checkInHeld input').fill('next spring');
      await page.locator('#plan-save').click();
      await page.locator('#error').waitFor();
      expect(await page.locator('#error').textContent()).toMatch(/^Check these fields: body\.checkInHeld/);
      expect((await api<Plan>(`/councils/${COUNCIL}/plans/${plan.id}`)).checkInHeld).toBeNull();
      await page.locator('#plan-checkInHeld input').fill('');

      // Recommendation 4 into the register: stored, and the link is no longer dangling.
      await page.locator('#recommendation-number input').fill('4');
      await page
        .locator('#recommendation-text textarea')
        .fill('Refresh the Corporate Strategy with partners');
      await page.locator('#recommendation-add-button').click();
      await status(page, 'Added recommendation 4');
      const stored = await api<Plan>(`/councils/${COUNCIL}/plans/${plan.id}`);
      expect(stored.recommendations).toEqual([
        { number: '4', text: 'Refresh the Corporate Strategy with partners', theme: null, code: null },
      ]);
      await page.locator('#recommendations-missing').waitFor({ state: 'hidden' });
      await expect(page.locator('[data-recommendation="4"] textarea').inputValue()).resolves.toBe(
        'Refresh the Corporate Strategy with partners',
      );

      // Its text edited in the register: rewritten in place.
      await page
        .locator('[data-recommendation="4"] textarea')
        .fill('Refresh the Corporate Strategy with partners by 2026');
      await page.locator('fluent-button[aria-label="Save recommendation 4"]').click();
      await status(page, 'Saved recommendation 4');
      expect((await api<Plan>(`/councils/${COUNCIL}/plans/${plan.id}`)).recommendations[0]?.text).toBe(
        'Refresh the Corporate Strategy with partners by 2026',
      );

      await page.locator('#view-manage-plans').screenshot({
        path: join(SCREENSHOTS, 'taskpane-plan-details.png'),
        animations: 'disabled',
      });
      expect(await seriousViolations(page, '#view-manage-plans')).toEqual([]);
      await page.close();
    }, 60_000);

    it('when an admin assigns an officer to a directorate, then the officer’s next request has it, and the officer gets no management screens', async () => {
      const officerBefore = await api<Me>('/me', {}, tokens.officer);
      expect(officerBefore.directorates).toEqual(['Resources']);
      const page = await signedIn(tokens.admin);
      await page.locator('#view-people').waitFor();

      // A refusal from the server is read out: an id is the sign-in's object id or subject, not a name.
      await page.locator('#person-id input').fill('Olivia Officer');
      await page.locator('#person-name input').fill('Olivia Officer');
      await page.locator('#person-directorates input').fill('Housing, Resources');
      await page.locator('#person-assign').click();
      await page.locator('#error').waitFor();
      expect(await page.locator('#error').textContent()).toBe(
        'Check these fields: param.id: must be an Entra object id, or a local token subject.',
      );
      expect(await page.locator('#person-name input').inputValue()).toBe('Olivia Officer');

      await page.locator('#person-id input').fill(officerBefore.id);
      await page.locator('#person-assign').click();
      await status(page, 'Olivia Officer now edits Housing, Resources');
      expect(await page.locator(`[data-person="${officerBefore.id}"] .person-line`).textContent()).toBe(
        `Olivia Officer (${officerBefore.id}): edits Housing, Resources`,
      );

      // The officer's next request: the assignment, from the product.
      const officerAfter = await api<Me>('/me', {}, tokens.officer);
      expect(officerAfter.directorates).toEqual(['Housing', 'Resources']);
      expect(officerAfter.sources.directorates).toBe('people');

      // Narrowed to Housing alone from the list.
      await page
        .locator(`[data-person="${officerBefore.id}"] fluent-text-input[id$="-directorates"] input`)
        .fill('Housing');
      await page.locator('fluent-button[aria-label="Save Olivia Officer"]').click();
      await status(page, 'Olivia Officer now edits Housing,');
      expect((await api<Me>('/me', {}, tokens.officer)).directorates).toEqual(['Housing']);
      await page.locator('#view-people').screenshot({
        path: join(SCREENSHOTS, 'taskpane-people.png'),
        animations: 'disabled',
      });
      expect(await seriousViolations(page, '#view-people')).toEqual([]);

      // The officer: the who-line from the assignment, and no management screens.
      const officer = await signedIn(tokens.officer);
      expect(await officer.locator('#who').textContent()).toBe(
        'Olivia Officer, officer, Wyre; edits Housing (assigned in plans)',
      );
      expect(await officer.locator('#view-manage-plans').isHidden()).toBe(true);
      expect(await officer.locator('#view-people').isHidden()).toBe(true);
      await officer.close();

      // Removed: the officer's sign-in counts again.
      await page.locator('fluent-button[aria-label="Remove Olivia Officer\'s assignment"]').click();
      await status(page, "Removed Olivia Officer's assignment");
      expect(await page.locator('#no-people').isVisible()).toBe(true);
      expect((await api<Me>('/me', {}, tokens.officer)).directorates).toEqual(['Resources']);
      await page.close();
    }, 60_000);
  },
);
