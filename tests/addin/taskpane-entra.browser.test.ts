/**
 * The task pane signed in with Microsoft, in Chromium, against `plans serve` configured for an
 * Entra-shaped issuer (AUTH_ISSUER with {tenantid}, AUTH_TENANTS): the real MSAL.js in the page
 * talks to a stand-in Office host through the nested app authentication bridge
 * (`window.nestedAppAuthBridge`, the messages MSAL's BridgeProxy sends), which mints tokens from
 * the stand-in issuer. The pane never decodes a token: who is signed in comes from GET /me.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../core/plan.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { type EntraTestIssuer, startEntraTestIssuer } from '../../functions/local/entra-issuer.js';
import { PLANS_BIN, waitForHealth } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const CHORLEY = '11111111-1111-4111-8111-111111111111';
const OLIVIA = 'aaaaaaaa-0000-4000-8000-000000000001';
const ADA = 'aaaaaaaa-0000-4000-8000-000000000002';
const CLIENT_ID = '00000000-0000-4000-8000-00000000addf';

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

/** The Office host's side of the NAA bridge, in the page: each request goes to hostToken in the test. */
const FAKE_BRIDGE = `
(() => {
  const listeners = [];
  window.nestedAppAuthBridge = {
    addEventListener: (_type, handler) => listeners.push(handler),
    removeEventListener: (_type, handler) => {
      const i = listeners.indexOf(handler);
      if (i >= 0) listeners.splice(i, 1);
    },
    postMessage: async (text) => {
      const request = JSON.parse(text);
      const body =
        request.method === 'GetInitContext'
          ? { initContext: { sdkName: 'test-office', sdkVersion: '1.0', capabilities: { queryAccount: false } } }
          : await window.hostToken(request.method, Boolean(request.tokenParams && request.tokenParams.forceRefresh));
      const reply = JSON.stringify({ messageType: 'NestedAppAuthResponse', requestId: request.requestId, success: true, ...body });
      for (const handler of listeners) handler(reply);
    },
  };
})();
`;

/** An ID token as MSAL reads it (claims only; MSAL does not check its signature). */
const unsignedJwt = (claims: object) => {
  const [header, payload] = [{ alg: 'none', typ: 'JWT' }, claims].map((p) =>
    Buffer.from(JSON.stringify(p)).toString('base64url'),
  );
  return `${header}.${payload}.sig`;
};

describe.skipIf(!existsSync(CHROMIUM))('the task pane with Microsoft sign-in (NAA), in Chromium', () => {
  let issuer: EntraTestIssuer;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let url = '';
  const bridgeCalls: string[] = [];

  const adminToken = () =>
    issuer.mint({
      tenant: CHORLEY,
      oid: ADA,
      name: 'Ada Admin',
      scp: 'access_as_user',
      roles: ['Plans.Admin'],
    });
  const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    issuer = await startEntraTestIssuer();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    await buildAddin();
    server = spawn(
      process.execPath,
      [PLANS_BIN, 'serve', '--port', String(port), '--data', mkdtempSync(join(tmpdir(), 'plans-entra-'))],
      {
        stdio: 'ignore',
        env: {
          ...process.env,
          AUTH_ISSUER: issuer.issuerTemplate,
          AUTH_AUDIENCE: issuer.audience,
          AUTH_JWKS_URL: issuer.jwksUrl,
          AUTH_TENANTS: JSON.stringify({ [CHORLEY]: 'chorley' }),
          COUNCIL_NAMES: JSON.stringify({ chorley: 'Chorley Council' }),
        },
      },
    );
    await waitForHealth(url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server?.once('exit', done));
      server.kill('SIGINT');
      await exited;
    }
    await issuer?.close();
  }, 30_000);

  it('when an officer signs in with Microsoft, then the pane shows role and directorates from /me, and a token that expires mid-session is renewed silently', async () => {
    const plan = await api<Plan>('/councils/chorley/plans', 'POST', { title: 'Chorley peer challenge 2026' });
    await api(`/councils/chorley/people/${OLIVIA}`, 'PUT', {
      name: 'Olivia Officer',
      directorates: ['Resources'],
    });

    if (!browser) throw new Error('no browser');
    const page = await browser.newPage();
    const start = Date.now();
    await page.clock.setFixedTime(start);
    await page.exposeFunction('hostToken', async (method: string, forceRefresh: boolean) => {
      bridgeCalls.push(`${method}${forceRefresh ? '(force)' : ''}`);
      const accessToken = await issuer.mint({
        tenant: CHORLEY,
        oid: OLIVIA,
        name: 'Olivia O.',
        scp: 'access_as_user',
        roles: ['Plans.Officer'],
        clientId: CLIENT_ID,
      });
      const now = Math.floor(Date.now() / 1000);
      const idClaims = {
        ver: '2.0',
        iss: issuer.issuerOf(CHORLEY),
        aud: CLIENT_ID,
        tid: CHORLEY,
        oid: OLIVIA,
        sub: 'pairwise',
        name: 'Olivia O.',
        preferred_username: 'olivia@chorley.example',
        iat: now,
        exp: now + 3600,
      };
      return {
        token: {
          access_token: accessToken,
          expires_in: 3600,
          id_token: unsignedJwt(idClaims),
          properties: null,
        },
        account: {
          homeAccountId: `${OLIVIA}.${CHORLEY}`,
          environment: 'login.microsoftonline.com',
          tenantId: CHORLEY,
          username: 'olivia@chorley.example',
          localAccountId: OLIVIA,
          name: 'Olivia O.',
        },
      };
    });
    await page.addInitScript(FAKE_BRIDGE);
    await page.route('https://appsforoffice.microsoft.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
    );
    await page.route('**/addin/config.json', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          apiUrl: '',
          clientId: CLIENT_ID,
          // Never contacted under NAA: the host signs in. MSAL insists on https.
          authority: `https://login.microsoftonline.com/${CHORLEY}`,
          scopes: [`${issuer.audience}/access_as_user`],
        }),
      }),
    );
    await page.goto(`${url}/addin/taskpane.html?host=inpage`);
    await page.waitForSelector('body[data-ready="true"]');

    // Sign in: MSAL asks the host through the bridge; the pane asks the API who that is.
    await expect(page.locator('#sign-in-cloud').isVisible()).resolves.toBe(true);
    await page.locator('#sign-in-microsoft').click();
    await page.locator('#view-plans').waitFor();
    // The name is the council's record, not the token's "Olivia O.", and the directorates are the product's.
    expect(await page.locator('#who').textContent()).toBe(
      'Olivia Officer, officer, Chorley Council; edits Resources (assigned in plans)',
    );
    const atSignIn = bridgeCalls.length;
    expect(atSignIn).toBeGreaterThan(0);

    // Two hours on in the page: MSAL's cached token has expired. The next call is renewed silently.
    await page.clock.setFixedTime(start + 2 * 3600 * 1000);
    await page.getByLabel(/^Chorley peer challenge 2026/).click();
    await page.locator('#open-plan').click();
    await page.locator('#view-sync').waitFor();
    expect(await page.locator('#view-sign-in').isHidden()).toBe(true);
    const renewals = bridgeCalls.slice(atSignIn);
    expect(renewals.length).toBeGreaterThan(0);
    expect(renewals.every((call) => call.startsWith('GetToken') && !call.startsWith('GetTokenPopup'))).toBe(
      true,
    );
    expect(plan.id).toBeTruthy();
    await page.close();
  }, 120_000);
});
