import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../support/app.js';

let api: TestApi;
let policy: string;
let officer: string;
let viewer: string;
let otherCouncil: string;
let admin: string;
const RUN = '01JD3ZQ5X4W6N8Q0R2S4T6V8X0';
const PLAN = '01JD3ZQ5X4W6N8Q0R2S4T6V8X1';

beforeAll(async () => {
  api = await createTestApi('sync-runs');
  policy = await api.token({ council: 'pendle', role: 'policy', name: 'Sync application' });
  officer = await api.token({ council: 'pendle', role: 'officer', directorates: ['Housing'] });
  viewer = await api.token({ council: 'pendle', role: 'viewer' });
  otherCouncil = await api.token({ council: 'burnley', role: 'policy' });
  admin = await api.token({ council: 'pendle', role: 'admin', name: 'Ada Admin' });
});

const entry = (workbook: string, status = 'synced', more: Record<string, unknown> = {}) => ({
  run: RUN,
  workbook,
  plan: PLAN,
  status,
  ...more,
});
const post = (token: string, json: unknown) =>
  api.request('/councils/pendle/sync-runs', { method: 'POST', token, json });

describe('/councils/:council/sync-runs', () => {
  it('when the sync application records each workbook, then policy reads them newest first, with who and when', async () => {
    expect((await post(policy, entry('a.xlsx', 'synced', { pushed: 9, pulled: 0 }))).status).toBe(201);
    const failed = entry('https://pendle.sharepoint.com/b.xlsx', 'retry-later', {
      error: { message: 'locked in SharePoint', fix: 'the next run syncs it' },
    });
    expect((await post(policy, failed)).status).toBe(201);
    const res = await api.request('/councils/pendle/sync-runs', { token: policy });
    expect(res.status).toBe(200);
    const { runs, next } = (await res.json()) as { runs: Record<string, unknown>[]; next: string | null };
    expect(runs.map((r) => r.workbook)).toEqual(['https://pendle.sharepoint.com/b.xlsx', 'a.xlsx']);
    expect(runs[0]).toMatchObject({ ...failed, council: 'pendle', by: 'Sync application' });
    expect(runs[0]).not.toHaveProperty('pk');
    expect(next).toBeNull();
  });

  it('when the log is read a page at a time, then each page continues where the last stopped', async () => {
    for (const n of [1, 2, 3]) await post(policy, entry(`page-${n}.xlsx`));
    const first = (await (
      await api.request('/councils/pendle/sync-runs?limit=2', { token: policy })
    ).json()) as {
      runs: { id: string; workbook: string }[];
      next: string;
    };
    expect(first.runs.map((r) => r.workbook)).toEqual(['page-3.xlsx', 'page-2.xlsx']);
    const second = (await (
      await api.request(`/councils/pendle/sync-runs?limit=2&before=${first.next}`, { token: policy })
    ).json()) as { runs: { workbook: string }[] };
    expect(second.runs.map((r) => r.workbook)).toEqual([
      'page-1.xlsx',
      'https://pendle.sharepoint.com/b.xlsx',
    ]);
  });

  it('when an officer or a viewer asks, then 403; another council sees nothing (404)', async () => {
    expect((await api.request('/councils/pendle/sync-runs', { token: officer })).status).toBe(403);
    expect((await api.request('/councils/pendle/sync-runs', { token: viewer })).status).toBe(403);
    expect((await post(officer, entry('x.xlsx'))).status).toBe(403);
    expect((await api.request('/councils/pendle/sync-runs', { token: otherCouncil })).status).toBe(404);
  });

  it('when the OpenAPI document is read, then it lists the sync-run log', async () => {
    const doc = (await (await api.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths['/councils/{council}/sync-runs'] ?? {})).toEqual(['post', 'get']);
  });

  it('when an entry has an unknown status or field, then 400 names it', async () => {
    const res = await post(policy, { ...entry('x.xlsx', 'fine'), token: 'secret' });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body.status']));
  });
});

describe('/councils/:council/sync-list', () => {
  const list = { workbooks: [{ workbook: 'https://pendle.sharepoint.com/sites/p/Plan.xlsx', plan: PLAN }] };
  const put = (token: string, json: unknown) =>
    api.request('/councils/pendle/sync-list', { method: 'PUT', token, json });

  it('when an admin sets the list, then policy reads it back with who set it; before that it is empty', async () => {
    const empty = await api.request('/councils/pendle/sync-list', { token: policy });
    expect(await empty.json()).toEqual({
      council: 'pendle',
      workbooks: [],
      updatedAt: null,
      updatedBy: null,
    });
    expect((await put(admin, list)).status).toBe(200);
    const res = await api.request('/councils/pendle/sync-list', { token: policy });
    expect(await res.json()).toMatchObject({ ...list, council: 'pendle', updatedBy: 'Ada Admin' });
  });

  it('when policy or an officer writes it, then 403; when it is too long or has stray fields, then 400', async () => {
    expect((await put(policy, list)).status).toBe(403);
    expect((await put(officer, list)).status).toBe(403);
    expect((await api.request('/councils/pendle/sync-list', { token: officer })).status).toBe(403);
    const many = {
      workbooks: Array.from({ length: 301 }, (_, n) => ({ workbook: `w${n}.xlsx`, plan: PLAN })),
    };
    expect((await put(admin, many)).status).toBe(400);
    expect((await put(admin, { workbooks: [{ ...list.workbooks[0], token: 'x' }] })).status).toBe(400);
  });
});
