/**
 * The API against Entra-shaped tokens from the stand-in issuer: a v2 issuer per tenant, keys
 * fetched from its JWKS and rolled, oid + tid, scp for people, app roles for applications, no
 * council claim.
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteKeys } from '../../functions/auth.js';
import {
  type EntraTestIssuer,
  type EntraTokenRequest,
  startEntraTestIssuer,
} from '../../functions/local/entra-issuer.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { buildAction } from '../support/factories.js';

const CHORLEY = '11111111-1111-4111-8111-111111111111';
const WEST_LANCS = '22222222-2222-4222-8222-222222222222';
const STRANGER = '33333333-3333-4333-8333-333333333333';
const OLIVIA = 'aaaaaaaa-0000-4000-8000-000000000001';
const ADA = 'aaaaaaaa-0000-4000-8000-000000000002';
const SYNC_APP = 'aaaaaaaa-0000-4000-8000-0000000000a9';

let issuer: EntraTestIssuer;
let api: TestApi;
let plan: string;

const person = (oid: string, name: string, roles: string[], extra: Partial<EntraTokenRequest> = {}) =>
  issuer.mint({ tenant: CHORLEY, oid, name, scp: 'access_as_user', roles, ...extra });
const adminToken = () => person(ADA, 'Ada Admin', ['Plans.Admin']);
const officerToken = () => person(OLIVIA, 'Olivia Officer', ['Plans.Officer']);
const appToken = () =>
  issuer.mint({
    tenant: CHORLEY,
    oid: SYNC_APP,
    app: true,
    roles: ['Plans.Sync'],
    clientId: 'c0ffee00-0000-4000-8000-000000000000',
  });

beforeAll(async () => {
  issuer = await startEntraTestIssuer();
  api = await createTestApi('entra', {
    issuer: issuer.issuerTemplate,
    audience: issuer.audience,
    keys: remoteKeys(issuer.jwksUrl),
    tenants: { [CHORLEY]: 'chorley', [WEST_LANCS]: 'west-lancs' },
    councilNames: { chorley: 'Chorley Council' },
  });
  const res = await api.request('/councils/chorley/plans', {
    method: 'POST',
    token: await adminToken(),
    json: { title: 'Entra plan' },
  });
  plan = (await res.json()).id;
});

afterAll(() => issuer.close());

const me = async (token: string) => api.request('/me', { token });
const addRow = async (token: string, directorate: string) =>
  api.request(`/councils/chorley/plans/${plan}/actions`, {
    method: 'POST',
    token,
    json: buildAction({ directorate, action: `Row in ${directorate}` }),
  });

describe('Entra ID tokens', () => {
  it('when an officer signs in with a token that names no council, then /me gives the council of their tenant, their role and name', async () => {
    const res = await me(await officerToken());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: OLIVIA,
      kind: 'person',
      name: 'Olivia Officer',
      council: 'chorley',
      councilName: 'Chorley Council',
      role: 'officer',
      directorates: [],
      tokenDirectorates: [],
      sources: { council: 'tenant', role: 'token', name: 'token', directorates: 'none' },
    });
  });

  it('when the issuer rolls its signing key, then tokens signed with the new key are accepted', async () => {
    const before = issuer.signingKid();
    expect((await me(await adminToken())).status).toBe(200);
    await issuer.rotate();
    expect(issuer.signingKid()).not.toBe(before);
    const res = await me(await adminToken());
    expect(res.status).toBe(200);
  });

  it('when a key is retired from the JWKS after a rollover, then a token it signed is refused and tokens of the new key are taken', async () => {
    // Its own issuer and API: the API must read the keys as published after the retirement (a
    // running API keeps the keys it fetched for jose's cache time, 10 minutes, before it reads them again).
    const rolling = await startEntraTestIssuer();
    try {
      const oldKid = rolling.signingKid();
      const mint = () =>
        rolling.mint({
          tenant: CHORLEY,
          oid: ADA,
          name: 'Ada Admin',
          scp: 'access_as_user',
          roles: ['Plans.Admin'],
        });
      const signedWithOld = await mint();
      await rolling.rotate();
      expect(rolling.retire()).toBe(oldKid);
      const fresh = await createTestApi('entra-retired', {
        issuer: rolling.issuerTemplate,
        audience: rolling.audience,
        keys: remoteKeys(rolling.jwksUrl),
        tenants: { [CHORLEY]: 'chorley' },
      });
      const refused = await fresh.request('/me', { token: signedWithOld });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await fresh.request('/me', { token: await mint() })).status).toBe(200);
    } finally {
      await rolling.close();
    }
  });

  it('when a token from a tenant the deployment does not map comes, then 401', async () => {
    const res = await me(
      await issuer.mint({
        tenant: STRANGER,
        oid: OLIVIA,
        name: 'x',
        scp: 'access_as_user',
        roles: ['Plans.Admin'],
      }),
    );
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toMatch(/not set up to use this service/);
  });

  it("when a token's issuer names another tenant than its tid, then 401", async () => {
    const res = await me(await person(ADA, 'Ada', ['Plans.Admin'], { extra: { tid: WEST_LANCS } }));
    expect(res.status).toBe(401);
  });

  it('when a person token lacks the API scope, or an app-only token lacks an app role, then 403', async () => {
    const noScope = await me(await person(ADA, 'Ada', ['Plans.Admin'], { scp: 'User.Read' }));
    expect(noScope.status).toBe(403);
    const neither = await me(await issuer.mint({ tenant: CHORLEY, oid: SYNC_APP, app: true }));
    expect(neither.status).toBe(403);
    expect((await neither.json()).detail).toMatch(/Plans\.Sync/);
  });

  it('when a token has expired, then 401', async () => {
    expect((await me(await person(ADA, 'Ada', ['Plans.Admin'], { lifetimeSeconds: -120 }))).status).toBe(401);
  });

  it('when an admin edits a row, then history shows their name', async () => {
    const row = await (await addRow(await adminToken(), 'Resources')).json();
    const history = await (
      await api.request(`/councils/chorley/plans/${plan}/actions/${row.id}/history`, {
        token: await adminToken(),
      })
    ).json();
    expect(new Set(history.history.map((h: { by: string }) => h.by))).toEqual(new Set(['Ada Admin']));
  });
});

describe('people and directorates in the product', () => {
  const peoplePath = (id: string) => `/councils/chorley/people/${id}`;

  it('when an officer is moved to another directorate, then their rights change on the next request, and each move is in the audit trail', async () => {
    const officer = await officerToken();
    const admin = await adminToken();
    expect((await addRow(officer, 'Resources')).status).toBe(403);

    const put = await api.request(peoplePath(OLIVIA), {
      method: 'PUT',
      token: admin,
      json: { name: 'Olivia Officer', directorates: ['Resources'] },
    });
    expect(put.status).toBe(200);
    expect((await addRow(officer, 'Resources')).status).toBe(201);
    expect((await (await me(officer)).json()).sources.directorates).toBe('people');

    await api.request(peoplePath(OLIVIA), {
      method: 'PUT',
      token: admin,
      json: { name: 'Olivia Officer', directorates: ['Place'] },
    });
    expect((await addRow(officer, 'Resources')).status).toBe(403);
    expect((await addRow(officer, 'Place')).status).toBe(201);

    expect((await api.request(peoplePath(OLIVIA), { method: 'DELETE', token: admin })).status).toBe(204);
    expect((await addRow(officer, 'Place')).status).toBe(403);

    const trail = await api.request(peoplePath(OLIVIA), { token: admin });
    expect(trail.status).toBe(404);
    await api.request(peoplePath(OLIVIA), {
      method: 'PUT',
      token: admin,
      json: { name: 'Olivia Officer', directorates: ['Place'] },
    });
    const record = await (await api.request(peoplePath(OLIVIA), { token: admin })).json();
    expect(
      record.history.map((h: { change: string; directorates: string[]; by: string }) => [
        h.change,
        h.directorates,
        h.by,
      ]),
    ).toEqual([
      ['assigned', ['Resources'], 'Ada Admin'],
      ['assigned', ['Place'], 'Ada Admin'],
      ['removed', ['Place'], 'Ada Admin'],
      ['assigned', ['Place'], 'Ada Admin'],
    ]);
  });

  it('when an officer tries to assign themselves, then 403', async () => {
    const res = await api.request(peoplePath(OLIVIA), {
      method: 'PUT',
      token: await officerToken(),
      json: { name: 'Olivia', directorates: ['Everything'] },
    });
    expect(res.status).toBe(403);
  });
});

describe('an application with the Plans.Sync app role', () => {
  it('when it syncs, then the sync is applied and history names the application; when it manages people or plans, then 403', async () => {
    const admin = await adminToken();
    await api.request(`/councils/chorley/people/${SYNC_APP}`, {
      method: 'PUT',
      token: admin,
      json: { name: 'Nightly sync (Chorley IT)', directorates: [] },
    });
    const app = await appToken();
    expect((await api.request(`/councils/chorley/plans/${plan}`, { token: app })).status).toBe(200);
    const id = ulid();
    const sync = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token: app,
      json: {
        cursor: 0,
        idempotencyKey: ulid(),
        changes: [{ op: 'create', id, fields: buildAction({ directorate: 'Place' }) }],
      },
    });
    expect(sync.status).toBe(200);
    expect((await sync.json()).refused).toEqual([]);
    const history = await (
      await api.request(`/councils/chorley/plans/${plan}/actions/${id}/history`, { token: admin })
    ).json();
    expect(new Set(history.history.map((h: { by: string }) => h.by))).toEqual(
      new Set(['Nightly sync (Chorley IT) (app)']),
    );

    const people = await api.request(`/councils/chorley/people/${OLIVIA}`, {
      method: 'PUT',
      token: app,
      json: { name: 'x', directorates: ['Resources'] },
    });
    expect(people.status).toBe(403);
    const newPlan = await api.request('/councils/chorley/plans', {
      method: 'POST',
      token: app,
      json: { title: 'x' },
    });
    expect(newPlan.status).toBe(403);
    expect((await addRow(app, 'Place')).status).toBe(403);
  });

  it("when it syncs on behalf of a workbook, then history names the sync application for that workbook; a person's sync is theirs alone", async () => {
    const admin = await adminToken();
    await api.request(`/councils/chorley/people/${SYNC_APP}`, {
      method: 'PUT',
      token: admin,
      json: { name: 'Plans sync', directorates: [] },
    });
    const create = async (token: string, workbook: unknown) => {
      const id = ulid();
      const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
        method: 'POST',
        token,
        json: {
          cursor: 0,
          idempotencyKey: ulid(),
          workbook,
          changes: [{ op: 'create', id, fields: buildAction({ directorate: 'Place' }) }],
        },
      });
      return { id, res };
    };
    const by = async (id: string) => {
      const res = await api.request(`/councils/chorley/plans/${plan}/actions/${id}/history`, {
        token: admin,
      });
      return [...new Set((await res.json()).history.map((h: { by: string }) => h.by))];
    };
    const fromApp = await create(await appToken(), 'Resources plan.xlsx');
    expect(fromApp.res.status).toBe(200);
    expect(await by(fromApp.id)).toEqual(['Plans sync (app) for workbook Resources plan.xlsx']);
    const fromPerson = await create(admin, 'My copy.xlsx');
    expect(fromPerson.res.status).toBe(200);
    expect(await by(fromPerson.id)).toEqual(['Ada Admin']);
    for (const bad of ['x'.repeat(201), 'Plan\n2.xlsx', '', 42]) {
      const refused = await create(await appToken(), bad);
      expect(refused.res.status, JSON.stringify(bad)).toBe(400);
      expect((await refused.res.json()).type).toMatch(/invalid-request/);
    }
  });

  it("when the scheduled sync reads its sync list and records its runs, then it may; reading the log stays policy's", async () => {
    const app = await appToken();
    expect((await api.request('/councils/chorley/sync-list', { token: app })).status).toBe(200);
    const recorded = await api.request('/councils/chorley/sync-runs', {
      method: 'POST',
      token: app,
      json: { run: ulid(), workbook: 'Action plan.xlsx', plan, status: 'synced', pushed: 1 },
    });
    expect(recorded.status).toBe(201);
    expect((await api.request('/councils/chorley/sync-runs', { token: app })).status).toBe(403);
    const log = await (
      await api.request('/councils/chorley/sync-runs', { token: await adminToken() })
    ).json();
    expect(log.runs.map((r: { workbook: string }) => r.workbook)).toContain('Action plan.xlsx');
  });

  it("when it reads another council's plans, then 404", async () => {
    const res = await api.request('/councils/west-lancs/plans', { token: await appToken() });
    expect(res.status).toBe(404);
  });
});
