import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActionFields } from '../../../core/plan.js';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';

let api: TestApi;
let policy: string;
let plan: string;
const base = () => `/councils/chorley/plans/${plan}`;

beforeAll(async () => {
  api = await createTestApi('recommendation-links');
  policy = await api.token({ council: 'chorley', role: 'policy' });
  plan = (
    await (
      await api.request('/councils/chorley/plans', { method: 'POST', token: policy, json: { title: 'CPC' } })
    ).json()
  ).id;
  for (const number of ['1', '2']) {
    await api.request(`${base()}/recommendations`, {
      method: 'POST',
      token: policy,
      json: { number, text: `Recommendation ${number}`, code: `CRD${number}` },
    });
  }
});

describe('links to recommendations the plan does not have', () => {
  it('when an action is created linked to a number the register lacks, then it is created and the reply warns', async () => {
    const res = await api.request(`${base()}/actions`, {
      method: 'POST',
      token: policy,
      json: buildAction({ recommendations: ['1', '4'] }),
    });
    expect(res.status).toBe(201);
    expect((await res.json()).warnings).toEqual([
      "linked to recommendation 4, which the plan's register does not have: add it to the register or correct the link",
    ]);
  });

  it('when every link is in the register (by number or code), then there is no warning', async () => {
    const res = await api.request(`${base()}/actions`, {
      method: 'POST',
      token: policy,
      json: buildAction({ recommendations: ['1', 'crd2'] }),
    });
    expect((await res.json()).warnings).toBeUndefined();
  });

  it('when a patch links to two missing numbers, then the reply names both', async () => {
    const created = await (
      await api.request(`${base()}/actions`, {
        method: 'POST',
        token: policy,
        json: buildAction({ recommendations: ['1'] }),
      })
    ).json();
    const res = await api.request(`${base()}/actions/${created.id}`, {
      method: 'PATCH',
      token: policy,
      headers: { 'if-match': '"1"' },
      json: { recommendations: ['5', '6'] },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).warnings).toEqual([
      "linked to recommendations 5 and 6, which the plan's register does not have: add them to the register or correct the links",
    ]);
  });

  it('when a sync creates rows, then each row linked to a missing number gets its own warning', async () => {
    const good = ulid();
    const dangling = ulid();
    const row = (recommendations: string[]) =>
      ActionFields.parse({ action: 'Act', directorate: 'Policy', recommendations });
    const res = await api.request(`${base()}/sync`, {
      method: 'POST',
      token: policy,
      json: {
        cursor: 0,
        idempotencyKey: ulid(),
        changes: [
          { op: 'create', id: good, fields: row(['2']) },
          { op: 'create', id: dangling, fields: row(['9']) },
        ],
      },
    });
    const reply = await res.json();
    expect(reply.applied).toHaveLength(2);
    expect(reply.warnings).toEqual([{ id: dangling, message: expect.stringContaining('recommendation 9') }]);
  });
});
