import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';

let api: TestApi;
let policy: string;
let officer: string;
const asOf = '2026-11-23';

beforeAll(async () => {
  api = await createTestApi('summary-scope');
  policy = await api.token({ council: 'wyre', role: 'policy' });
  officer = await api.token({ council: 'wyre', role: 'officer', directorates: ['Housing'] });
  const plan = await (
    await api.request('/councils/wyre/plans', { method: 'POST', token: policy, json: { title: 'CPC 2026' } })
  ).json();
  for (const number of ['1', '2', '3']) {
    await api.request(`/councils/wyre/plans/${plan.id}/recommendations`, {
      method: 'POST',
      token: policy,
      json: { number, text: `Recommendation ${number}` },
    });
  }
  const rows = [
    { action: 'Homes plan', directorate: 'Housing', recommendations: ['1'], timescale: 'Q3 2025/26' },
    { action: 'Budget', directorate: 'Finance', recommendations: ['2'], timescale: 'Q4 2026/27' },
    { action: 'Void repairs', directorate: 'Housing', recommendations: ['7'], lead: '', timescale: 'TBC' },
    { action: 'Audit', directorate: 'Finance', recommendations: ['8'], status: 'At risk' as const },
  ];
  for (const row of rows) {
    const res = await api.request(`/councils/wyre/plans/${plan.id}/actions`, {
      method: 'POST',
      token: policy,
      json: buildAction({ due: null, ...row }),
    });
    expect(res.status).toBe(201);
  }
});

const summaryAs = async (token: string) =>
  (await api.request(`/councils/wyre/summary?asOf=${asOf}`, { token })).json();

describe('an officer summary against policy view of the same data', () => {
  it('when policy asks, then the recommendation no action answers and the dangling links are listed', async () => {
    const summary = await summaryAs(policy);
    expect(summary.scope).toBeNull();
    expect(summary.unlinkedRecommendations.map((r: { number: string }) => r.number)).toEqual(['3']);
    expect(
      summary.danglingLinks.map((d: { action: string; numbers: string[] }) => [d.action, d.numbers]),
    ).toEqual([
      ['Void repairs', ['7']],
      ['Audit', ['8']],
    ]);
  });

  it('when an officer asks, then the summary does not claim recommendations are unlinked when their actions may sit elsewhere', async () => {
    const summary = await summaryAs(officer);
    expect(summary.scope).toEqual({ directorates: ['Housing'] });
    expect(summary.unlinkedRecommendations).toEqual([]);
  });

  it("when an officer asks, then everything they are shown agrees with policy's view of their directorate", async () => {
    const [mine, all] = await Promise.all([summaryAs(officer), summaryAs(policy)]);
    const housing = <T extends { directorate?: string; id?: string }>(list: T[]) =>
      list.filter((x) => x.directorate === 'Housing');
    for (const list of ['overdue', 'dueSoon', 'noLead', 'noDueDate', 'stale'] as const) {
      expect(mine[list], list).toEqual(housing(all[list]));
    }
    expect(mine.byDirectorate).toEqual(housing(all.byDirectorate));
    const drill = await (
      await api.request('/councils/wyre/actions?directorate=Housing', { token: policy })
    ).json();
    const housingIds = new Set((drill.actions as { id: string }[]).map((a) => a.id));
    expect(mine.danglingLinks).toEqual(all.danglingLinks.filter((d: { id: string }) => housingIds.has(d.id)));
    expect(mine.danglingLinks).toHaveLength(1);
    expect(mine.plans).toEqual(all.plans);
    expect(mine.live).toBe(2);
  });
});
