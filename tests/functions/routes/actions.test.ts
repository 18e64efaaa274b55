import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';

let api: TestApi;
let admin: string;
let officer: string;
let viewer: string;
let planId: string;
const base = () => `/councils/chorley/plans/${planId}`;

beforeAll(async () => {
  api = await createTestApi('actions');
  admin = await api.token({ council: 'chorley', role: 'admin', name: 'Chris Admin' });
  officer = await api.token({
    council: 'chorley',
    role: 'officer',
    directorates: ['Policy and Governance'],
    name: 'Olivia Officer',
  });
  viewer = await api.token({ council: 'chorley', role: 'viewer' });
  planId = (
    await (
      await api.request('/councils/chorley/plans', { method: 'POST', token: admin, json: { title: 'CPC' } })
    ).json()
  ).id;
});

async function create(token: string, overrides = {}) {
  const res = await api.request(`${base()}/actions`, { method: 'POST', token, json: buildAction(overrides) });
  return { status: res.status, body: await res.json() };
}

describe('POST /councils/:council/plans/:plan/actions', () => {
  it('when an officer adds an action in their directorate, then it is created at version 1', async () => {
    const { status, body } = await create(officer);
    expect(status).toBe(201);
    expect(body).toMatchObject({
      version: 1,
      deleted: false,
      updatedBy: 'Olivia Officer',
      directorate: 'Policy and Governance',
    });
  });

  it('when a client supplies its own ULID, then the row keeps it; a second create with it is a 409 already-exists', async () => {
    const id = '01JD5Z4X8Q0000000000000001';
    const first = await api.request(`${base()}/actions`, {
      method: 'POST',
      token: admin,
      json: { ...buildAction(), id },
    });
    expect(first.status).toBe(201);
    expect((await first.json()).id).toBe(id);
    const again = await api.request(`${base()}/actions`, {
      method: 'POST',
      token: admin,
      json: { ...buildAction(), id },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      type: 'http://localhost/problems/already-exists',
      title: 'Already exists',
    });
  });

  it('when an officer adds an action to another directorate, then it is forbidden', async () => {
    const { status, body } = await create(officer, { directorate: 'Commercial Services' });
    expect(status).toBe(403);
    expect(body.detail).toContain('Commercial Services');
  });

  it("when an officer posts a new action under the id of another directorate's row, then 409 and its history is untouched", async () => {
    const { body: theirs } = await create(admin, { directorate: 'Commercial Services' });
    const historyOf = async () =>
      (await (await api.request(`${base()}/actions/${theirs.id}/history`, { token: admin })).json()).history;
    const before = await historyOf();
    const res = await api.request(`${base()}/actions`, {
      method: 'POST',
      token: officer,
      json: { ...buildAction({ action: 'Mine now' }), id: theirs.id },
    });
    expect(res.status).toBe(409);
    expect(await historyOf()).toEqual(before);
  });

  it('when an extra column has no heading, then 400 names body.extra, and nothing is stored', async () => {
    const res = await api.request(`${base()}/actions`, {
      method: 'POST',
      token: admin,
      json: { ...buildAction(), extra: { '': 'a value under no heading' } },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toMatch(/^body\.extra/);
  });

  it('when a viewer adds an action, then it is forbidden', async () => {
    expect((await create(viewer)).status).toBe(403);
  });

  it('when a field is wrong, then 400 names it and nothing is stored', async () => {
    const before = (await (await api.request(`${base()}/actions`, { token: admin })).json()).actions.length;
    const res = await api.request(`${base()}/actions`, {
      method: 'POST',
      token: admin,
      json: { ...buildAction(), status: 'Green', due: '31/03/2021' },
    });
    expect(res.status).toBe(400);
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.status', 'body.due']));
    expect((await (await api.request(`${base()}/actions`, { token: admin })).json()).actions).toHaveLength(
      before,
    );
  });
});

describe('PATCH /councils/:council/plans/:plan/actions/:id', () => {
  it('when If-Match holds the current version, then the change is applied and the version moves on', async () => {
    const { body: action } = await create(admin);
    const res = await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'if-match': '"1"' },
      json: { status: 'On track', progress: 'Draft strategy out for consultation' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      version: 2,
      status: 'On track',
      action: action.action,
      theme: action.theme,
    });
  });

  it('when If-Match is old, then 412 carries the current row and nothing changes', async () => {
    const { body: action } = await create(admin);
    await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'if-match': '1' },
      json: { lead: 'A' },
    });
    const res = await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'if-match': '1' },
      json: { lead: 'B' },
    });
    expect(res.status).toBe(412);
    const problem = await res.json();
    expect(problem.current).toMatchObject({ version: 2, lead: 'A' });
  });

  it('when If-Match is missing, then 428 asks for it', async () => {
    const { body: action } = await create(admin);
    const res = await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: admin,
      json: { lead: 'B' },
    });
    expect(res.status).toBe(428);
  });

  it('when two writers race with the same version, then exactly one wins and the other gets 412', async () => {
    const { body: action } = await create(admin);
    const responses = await Promise.all(
      ['Ann', 'Bob'].map((lead) =>
        api.request(`${base()}/actions/${action.id}`, {
          method: 'PATCH',
          token: admin,
          headers: { 'if-match': '1' },
          json: { lead },
        }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 412]);
    const history = (
      await (await api.request(`${base()}/actions/${action.id}/history`, { token: viewer })).json()
    ).history;
    const leadChanges = history.filter(
      (h: { field: string; kind: string }) => h.field === 'lead' && h.kind === 'update',
    );
    expect(leadChanges).toHaveLength(1);
    const winner = await responses.find((r) => r.status === 200)!.json();
    expect(leadChanges[0].after).toBe(winner.lead);
  });

  it('when an officer moves a row of theirs into another directorate, then it is refused', async () => {
    const { body: action } = await create(officer);
    const res = await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: officer,
      headers: { 'if-match': '1' },
      json: { directorate: 'Commercial Services' },
    });
    expect(res.status).toBe(403);
  });

  it("when an officer edits another directorate's row, then it is refused", async () => {
    const { body: action } = await create(admin, { directorate: 'Commercial Services' });
    const res = await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: officer,
      headers: { 'if-match': '1' },
      json: { progress: 'sneaky' },
    });
    expect(res.status).toBe(403);
  });

  it("when an officer sends an old If-Match for another directorate's row, then 403, not 412 with the row", async () => {
    const { body: action } = await create(admin, { directorate: 'Commercial Services' });
    await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'if-match': '1' },
      json: { progress: 'Moved on' },
    });
    const res = await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: officer,
      headers: { 'if-match': '1' },
      json: { progress: 'sneaky' },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).current).toBeUndefined();
  });

  it('when a field the API does not know is sent, then 400 names it', async () => {
    const { body: action } = await create(admin);
    const res = await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'if-match': '1' },
      json: { colour: 'red' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toContain('colour');
  });
});

describe('DELETE and restore', () => {
  it('when an action is deleted, then it is a tombstone, hidden by default, and can be restored', async () => {
    const { body: action } = await create(admin);
    const del = await api.request(`${base()}/actions/${action.id}`, {
      method: 'DELETE',
      token: admin,
      headers: { 'if-match': '1' },
    });
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({ deleted: true, version: 2 });

    const live = (await (await api.request(`${base()}/actions`, { token: viewer })).json()).actions;
    expect(live.map((a: { id: string }) => a.id)).not.toContain(action.id);
    const all = (await (await api.request(`${base()}/actions?includeDeleted=true`, { token: viewer })).json())
      .actions;
    expect(all.find((a: { id: string }) => a.id === action.id)).toMatchObject({ deleted: true });

    const restored = await api.request(`${base()}/actions/${action.id}/restore`, {
      method: 'POST',
      token: admin,
      headers: { 'if-match': '2' },
    });
    expect(await restored.json()).toMatchObject({ deleted: false, version: 3, action: action.action });
  });

  it('when a viewer deletes, then it is refused and the row stays', async () => {
    const { body: action } = await create(admin);
    const res = await api.request(`${base()}/actions/${action.id}`, {
      method: 'DELETE',
      token: viewer,
      headers: { 'if-match': '1' },
    });
    expect(res.status).toBe(403);
  });
});

describe('GET /councils/:council/plans/:plan/actions', () => {
  it('when read, then the cursor is the plan revision and rows come in row order', async () => {
    const fresh = (
      await (
        await api.request('/councils/chorley/plans', {
          method: 'POST',
          token: admin,
          json: { title: 'Order' },
        })
      ).json()
    ).id;
    for (const order of [3, 1, 2]) {
      await api.request(`/councils/chorley/plans/${fresh}/actions`, {
        method: 'POST',
        token: admin,
        json: buildAction({ order, action: `#${order}` }),
      });
    }
    const body = await (
      await api.request(`/councils/chorley/plans/${fresh}/actions`, { token: viewer })
    ).json();
    expect(body.cursor).toBe(3);
    expect(body.actions.map((a: { action: string }) => a.action)).toEqual(['#1', '#2', '#3']);
  });
});

describe('GET /councils/:council/plans/:plan/actions/:id/history', () => {
  it('when an action was created and changed, then one record per changed field says who, when, before and after', async () => {
    const { body: action } = await create(admin);
    await api.request(`${base()}/actions/${action.id}`, {
      method: 'PATCH',
      token: officer,
      headers: { 'if-match': '1' },
      json: { status: 'At risk', progress: 'Delayed by elections' },
    });
    const { history } = await (
      await api.request(`${base()}/actions/${action.id}/history`, { token: viewer })
    ).json();
    const update = history.filter((h: { kind: string }) => h.kind === 'update');
    expect(update).toEqual([
      expect.objectContaining({
        field: 'status',
        before: null,
        after: 'At risk',
        by: 'Olivia Officer',
        revision: expect.any(Number),
      }),
      expect.objectContaining({ field: 'progress', before: '', after: 'Delayed by elections' }),
    ]);
    expect(
      history.filter((h: { kind: string }) => h.kind === 'create').map((h: { field: string }) => h.field),
    ).toContain('action');
  });

  it('when the action does not exist, then 404', async () => {
    expect(
      (await api.request(`${base()}/actions/01JD0000000000000000000000/history`, { token: viewer })).status,
    ).toBe(404);
  });
});
