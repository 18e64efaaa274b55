import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';

let api: TestApi;
let policy: string;
const asOf = '2026-11-23';
const DIRECTORATES = ['Housing', 'Finance', 'Policy and Governance'];
const STATUSES = ['On track', 'At risk', 'Complete', null] as const;
const DUES = ['2026-01-31', '2026-12-15', '2027-06-30', null] as const;
let planIds: string[] = [];

beforeAll(async () => {
  api = await createTestApi('summary');
  policy = await api.token({ council: 'west-lancs', role: 'policy' });
  planIds = [];
  for (const title of ['CPC 2022', 'CPC 2026']) {
    const plan = await (
      await api.request('/councils/west-lancs/plans', {
        method: 'POST',
        token: policy,
        json: { title, reportReceived: '2022-05-20' },
      })
    ).json();
    planIds.push(plan.id);
    await api.request(`/councils/west-lancs/plans/${plan.id}/recommendations`, {
      method: 'POST',
      token: policy,
      json: { number: '1', text: 'Linked' },
    });
    await api.request(`/councils/west-lancs/plans/${plan.id}/recommendations`, {
      method: 'POST',
      token: policy,
      json: { number: '9', text: 'Nobody acts on this' },
    });
    for (let i = 0; i < 12; i++) {
      await api.request(`/councils/west-lancs/plans/${plan.id}/actions`, {
        method: 'POST',
        token: policy,
        json: buildAction({
          action: `${title} action ${i}`,
          directorate: DIRECTORATES[i % 3],
          status: STATUSES[i % 4],
          due: DUES[(i >> 1) % 4],
          recommendations: ['1'],
        }),
      });
    }
  }
  // a deleted row never counts
  const { actions } = await (
    await api.request(`/councils/west-lancs/plans/${planIds[0]}/actions`, { token: policy })
  ).json();
  await api.request(`/councils/west-lancs/plans/${planIds[0]}/actions/${actions[0].id}`, {
    method: 'DELETE',
    token: policy,
    headers: { 'if-match': '1' },
  });
  // another council's plan is invisible
  const other = await api.token({ council: 'chorley', role: 'policy' });
  const theirs = await (
    await api.request('/councils/chorley/plans', {
      method: 'POST',
      token: other,
      json: { title: 'Elsewhere' },
    })
  ).json();
  await api.request(`/councils/chorley/plans/${theirs.id}/actions`, {
    method: 'POST',
    token: other,
    json: buildAction(),
  });
});

async function independentCount() {
  const rows = [];
  for (const plan of planIds) {
    const { actions } = await (
      await api.request(`/councils/west-lancs/plans/${plan}/actions`, { token: policy })
    ).json();
    rows.push(...actions);
  }
  return rows as { directorate: string; status: string | null; due: string | null }[];
}

describe('GET /councils/:council/summary', () => {
  it('when policy asks, then the numbers match a count made from the actions themselves', async () => {
    const rows = await independentCount();
    const summary = await (
      await api.request(`/councils/west-lancs/summary?asOf=${asOf}`, { token: policy })
    ).json();
    expect(summary.live).toBe(rows.length);
    expect(summary.live).toBe(23);
    for (const directorate of DIRECTORATES) {
      const row = summary.byDirectorate.find((r: { directorate: string }) => r.directorate === directorate);
      expect(row.total).toBe(rows.filter((r) => r.directorate === directorate).length);
      expect(row.counts['At risk']).toBe(
        rows.filter((r) => r.directorate === directorate && r.status === 'At risk').length,
      );
    }
    expect(summary.overdue).toHaveLength(
      rows.filter((r) => r.due !== null && r.due < asOf && r.status !== 'Complete').length,
    );
    expect(summary.unlinkedRecommendations.map((r: { number: string }) => r.number)).toEqual(['9', '9']);
    expect(summary.plans).toHaveLength(2);
    expect(summary.plans[0]).toMatchObject({ actionPlanDue: '2022-07-15', actionPlan: 'overdue' });
  });

  it('when an officer asks, then only their directorate is counted; asking for another is forbidden', async () => {
    const officer = await api.token({ council: 'west-lancs', role: 'officer', directorates: ['housing'] });
    const summary = await (
      await api.request(`/councils/west-lancs/summary?asOf=${asOf}`, { token: officer })
    ).json();
    const rows = await independentCount();
    expect(summary.live).toBe(rows.filter((r) => r.directorate === 'Housing').length);
    expect(summary.byDirectorate.map((r: { directorate: string }) => r.directorate)).toEqual(['Housing']);
    const res = await api.request('/councils/west-lancs/summary?directorate=Finance', { token: officer });
    expect(res.status).toBe(403);
  });

  it('when scoped to one plan, then only that plan counts', async () => {
    const summary = await (
      await api.request(`/councils/west-lancs/summary?asOf=${asOf}&plan=${planIds[1]}`, { token: policy })
    ).json();
    expect(summary.live).toBe(12);
  });

  it.each([
    ['summary', 'a directorate of 1,100 characters', 'x'.repeat(1_100)],
    ['actions', 'a directorate of 1,100 characters', 'x'.repeat(1_100)],
    ['summary', 'a directorate of 300 four-byte characters (1,200 bytes)', '💥'.repeat(300)],
    ['actions', 'a directorate of 300 four-byte characters (1,200 bytes)', '💥'.repeat(300)],
  ])('when /%s is asked for %s, then 400 names query.directorate', async (route, _what, directorate) => {
    const res = await api.request(
      `/councils/west-lancs/${route}?directorate=${encodeURIComponent(directorate)}`,
      { token: policy },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).errors[0].path).toBe('query.directorate');
  });

  it('when a directorate is as long as a row may hold, in the widest letters, then it is answered', async () => {
    const res = await api.request(
      `/councils/west-lancs/summary?directorate=${encodeURIComponent('İ'.repeat(200))}`,
      {
        token: policy,
      },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).live).toBe(0);
  });

  it('when the plan asked for is not a plan id, then 400 names query.plan', async () => {
    const res = await api.request(`/councils/west-lancs/summary?plan=${'x'.repeat(2_100)}`, {
      token: policy,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toBe('query.plan');
  });

  it('when asOf is not a date, then 400 names it', async () => {
    const res = await api.request('/councils/west-lancs/summary?asOf=tomorrow', { token: policy });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toBe('query.asOf');
  });
});

describe('GET /councils/:council/actions', () => {
  it('when drilling down to overdue actions of a directorate, then exactly those come back with their plan', async () => {
    const rows = await independentCount();
    const res = await api.request(
      `/councils/west-lancs/actions?asOf=${asOf}&overdue=true&directorate=Finance`,
      { token: policy },
    );
    const { actions } = await res.json();
    expect(actions.length).toBe(
      rows.filter(
        (r) => r.directorate === 'Finance' && r.due !== null && r.due < asOf && r.status !== 'Complete',
      ).length,
    );
    expect(actions.every((a: { plan: string }) => planIds.includes(a.plan))).toBe(true);
  });

  it('when filtering by status, then only that status comes back', async () => {
    const { actions } = await (
      await api.request('/councils/west-lancs/actions?status=No%20status', { token: policy })
    ).json();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a: { status: string | null }) => a.status === null)).toBe(true);
  });
});

describe('PATCH /councils/:council/plans/:plan', () => {
  it('when the publication date is recorded, then the lifecycle says met or late', async () => {
    const res = await api.request(`/councils/west-lancs/plans/${planIds[0]}`, {
      method: 'PATCH',
      token: policy,
      json: { actionPlanPublished: '2022-07-01' },
    });
    expect(res.status).toBe(200);
    const summary = await (
      await api.request(`/councils/west-lancs/summary?asOf=${asOf}&plan=${planIds[0]}`, { token: policy })
    ).json();
    expect(summary.plans[0]).toMatchObject({ actionPlanPublished: '2022-07-01', actionPlan: 'met' });
    const { revision } = await (
      await api.request(`/councils/west-lancs/plans/${planIds[0]}`, { token: policy })
    ).json();
    expect(revision).toBe(13);
  });
});
