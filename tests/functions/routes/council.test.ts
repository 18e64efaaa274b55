import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../support/app.js';

let api: TestApi;
let policy: string;
let officer: string;

beforeAll(async () => {
  api = await createTestApi('council');
  policy = await api.token({ council: 'chorley', role: 'policy' });
  officer = await api.token({ council: 'chorley', role: 'officer', directorates: ['Housing'] });
});

const report = async (plan: string) =>
  (
    await api.request(`/councils/chorley/plans/${plan}/report.html?asOf=2020-09-30`, { token: policy })
  ).text();

describe('a council has a display name', () => {
  it('when no name is given, then the council is called by its id in words, and the report says so', async () => {
    const res = await api.request('/councils/chorley', { token: officer });
    expect(await res.json()).toEqual({ id: 'chorley', name: 'Chorley', named: false });
  });

  it('when policy names the council, then the report shows the name, never the id', async () => {
    const plan = (
      await (
        await api.request('/councils/chorley/plans', {
          method: 'POST',
          token: policy,
          json: { title: 'CPC' },
        })
      ).json()
    ).id;
    const named = await api.request('/councils/chorley', {
      method: 'PATCH',
      token: policy,
      json: { name: 'Chorley Council' },
    });
    expect(await named.json()).toEqual({ id: 'chorley', name: 'Chorley Council', named: true });
    const page = await report(plan);
    expect(page).toContain('As at 30 September 2020 · Chorley Council');
    expect(page).not.toContain('· chorley');
  });

  it('when an officer names the council, or another council is asked for, then 403 and 404', async () => {
    const refused = await api.request('/councils/chorley', {
      method: 'PATCH',
      token: officer,
      json: { name: 'Mine' },
    });
    expect(refused.status).toBe(403);
    expect((await api.request('/councils/wyre', { token: policy })).status).toBe(404);
    const blank = await api.request('/councils/chorley', {
      method: 'PATCH',
      token: policy,
      json: { name: '  ' },
    });
    expect(blank.status).toBe(400);
  });
});
