import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActionFields } from '../../../core/plan.js';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';

let api: TestApi;
let admin: string;
let officer: string;

beforeAll(async () => {
  api = await createTestApi('sync-route');
  admin = await api.token({ council: 'chorley', role: 'admin', name: 'Chris Admin' });
  officer = await api.token({
    council: 'chorley',
    role: 'officer',
    directorates: ['Policy and Governance'],
    name: 'Olivia Officer',
  });
});

async function newPlan(title: string): Promise<string> {
  return (
    await (
      await api.request('/councils/chorley/plans', { method: 'POST', token: admin, json: { title } })
    ).json()
  ).id;
}

async function addRow(plan: string, directorate: string) {
  const res = await api.request(`/councils/chorley/plans/${plan}/actions`, {
    method: 'POST',
    token: admin,
    json: buildAction({ directorate, action: 'Open the new depot', progress: 'Contract signed' }),
  });
  return res.json();
}

const history = async (plan: string, id: string) =>
  (
    await (
      await api.request(`/councils/chorley/plans/${plan}/actions/${id}/history`, { token: admin })
    ).json()
  ).history as { kind: string; by: string }[];

describe('POST /councils/:council/plans/:plan/sync: rights against the stored row', () => {
  it("when an officer sends a create with the id of another directorate's row, then it is refused and nothing goes into its history", async () => {
    const plan = await newPlan('Rights');
    const theirs = await addRow(plan, 'Commercial Services');
    const before = await history(plan, theirs.id);
    const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token: officer,
      json: {
        cursor: 1,
        idempotencyKey: ulid(),
        changes: [
          {
            op: 'create',
            id: theirs.id,
            fields: ActionFields.parse({
              action: 'Mine now',
              progress: 'Cancelled',
              directorate: 'Policy and Governance',
            }),
          },
        ],
      },
    });
    const reply = await res.json();
    expect(res.status).toBe(200);
    expect(reply.conflicts).toEqual([]);
    expect(reply.refused).toEqual([
      { id: theirs.id, reason: expect.stringContaining('belongs to Commercial Services') },
    ]);
    // The client is sent the row as stored, to put back what it showed.
    expect(reply.changes).toEqual([expect.objectContaining({ id: theirs.id, action: 'Open the new depot' })]);
    expect(await history(plan, theirs.id)).toEqual(before);
  });
});
