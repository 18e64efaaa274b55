import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../support/app.js';

let api: TestApi;
let admin: string;
let policy: string;
let officer: string;
let viewer: string;

beforeAll(async () => {
  api = await createTestApi('plans');
  admin = await api.token({ council: 'west-lancs', role: 'admin' });
  policy = await api.token({ council: 'west-lancs', role: 'policy' });
  officer = await api.token({ council: 'west-lancs', role: 'officer', directorates: ['Housing'] });
  viewer = await api.token({ council: 'west-lancs', role: 'viewer' });
});

describe('POST /councils/:council/plans', () => {
  it('when policy starts a plan with a report date, then the deadlines are derived from it', async () => {
    const res = await api.request('/councils/west-lancs/plans', {
      method: 'POST',
      token: policy,
      json: {
        title: 'Corporate Peer Challenge 2022',
        onSiteFrom: '2022-03-15',
        onSiteTo: '2022-03-17',
        reportReceived: '2022-05-20',
      },
    });
    expect(res.status).toBe(201);
    const plan = await res.json();
    expect(plan).toMatchObject({
      council: 'west-lancs',
      title: 'Corporate Peer Challenge 2022',
      onSiteFrom: '2022-03-15',
      deadlines: { actionPlanDue: '2022-07-15', sixMonthCheckIn: '2022-11-20' },
      revision: 0,
      recommendations: [],
    });
    expect(plan.id).toMatch(/^[0-9A-Z]{26}$/);
  });

  it.each([
    ['officer', () => officer],
    ['viewer', () => viewer],
  ])('when an %s tries to start a plan, then it is forbidden', async (_role, token) => {
    const res = await api.request('/councils/west-lancs/plans', {
      method: 'POST',
      token: token(),
      json: { title: 'Nope' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('when the title is missing or a date is not a date, then a 400 names each field', async () => {
    const res = await api.request('/councils/west-lancs/plans', {
      method: 'POST',
      token: admin,
      json: { reportReceived: '20/05/2022' },
    });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.title', 'body.reportReceived']),
    );
    expect(problem.detail).toContain('body.reportReceived');
  });

  it('when the body is not JSON, then a 400 problem says so', async () => {
    const res = await api.request('/councils/west-lancs/plans', {
      method: 'POST',
      token: admin,
      body: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/not valid JSON/);
  });
});

describe('GET /councils/:council/plans and /plans/:plan', () => {
  it('when plans exist, then every role of the council can list and read them', async () => {
    const created = await (
      await api.request('/councils/west-lancs/plans', {
        method: 'POST',
        token: admin,
        json: { title: 'Listed plan' },
      })
    ).json();
    for (const token of [admin, policy, officer, viewer]) {
      const list = await (await api.request('/councils/west-lancs/plans', { token })).json();
      expect(list.plans.map((p: { id: string }) => p.id)).toContain(created.id);
      const one = await api.request(`/councils/west-lancs/plans/${created.id}`, { token });
      expect(one.status).toBe(200);
    }
  });

  it('when the plan id is unknown, then 404; when malformed, then 400 naming the parameter', async () => {
    expect(
      (await api.request('/councils/west-lancs/plans/01JD0000000000000000000000', { token: viewer })).status,
    ).toBe(404);
    const bad = await api.request('/councils/west-lancs/plans/not-an-id', { token: viewer });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe('param.plan');
  });
});

describe('POST /councils/:council/plans/:plan/recommendations', () => {
  it('when policy adds recommendations, then the plan lists them in number order', async () => {
    const plan = await (
      await api.request('/councils/west-lancs/plans', {
        method: 'POST',
        token: admin,
        json: { title: 'With recs' },
      })
    ).json();
    for (const [number, text] of [
      ['10', 'Keep the MTFS under review'],
      ['2', 'Develop a narrative of place'],
      ['CRD3', 'Ensure the integrity of the IT system'],
    ]) {
      const res = await api.request(`/councils/west-lancs/plans/${plan.id}/recommendations`, {
        method: 'POST',
        token: policy,
        json: { number, text },
      });
      expect(res.status).toBe(201);
    }
    const read = await (await api.request(`/councils/west-lancs/plans/${plan.id}`, { token: viewer })).json();
    expect(read.recommendations.map((r: { number: string }) => r.number)).toEqual(['2', '10', 'CRD3']);
    expect(read.recommendations[0]).toMatchObject({ text: 'Develop a narrative of place', theme: null });
  });

  it('when an officer adds a recommendation, then it is forbidden', async () => {
    const plan = await (
      await api.request('/councils/west-lancs/plans', {
        method: 'POST',
        token: admin,
        json: { title: 'Officer recs' },
      })
    ).json();
    const res = await api.request(`/councils/west-lancs/plans/${plan.id}/recommendations`, {
      method: 'POST',
      token: officer,
      json: { number: '1', text: 'x' },
    });
    expect(res.status).toBe(403);
  });

  it('when the plan does not exist, then 404 and nothing is stored', async () => {
    const res = await api.request('/councils/west-lancs/plans/01JD0000000000000000000000/recommendations', {
      method: 'POST',
      token: admin,
      json: { number: '1', text: 'x' },
    });
    expect(res.status).toBe(404);
  });
});

describe('GET /health and /openapi.json', () => {
  it('when the table answers, then /health is ok without a token', async () => {
    const res = await api.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('when the OpenAPI document is read, then it lists every route with bearer security', async () => {
    const doc = await (await api.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/councils/{council}/plans',
        '/councils/{council}/plans/{plan}/actions/{id}',
        '/councils/{council}/plans/{plan}/actions/{id}/history',
      ]),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
