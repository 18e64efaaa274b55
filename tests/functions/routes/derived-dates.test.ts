import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActionFields } from '../../../core/plan.js';
import type { SyncChange } from '../../../core/sync-protocol.js';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';

let api: TestApi;
let policy: string;
let officer: string;
let colleague: string;

beforeAll(async () => {
  api = await createTestApi('derived-dates');
  policy = await api.token({ council: 'chorley', role: 'policy', name: 'Pat Policy' });
  officer = await api.token({
    council: 'chorley',
    role: 'officer',
    directorates: ['Policy and Governance'],
    name: 'Olivia Officer',
  });
  colleague = await api.token({
    council: 'chorley',
    role: 'officer',
    directorates: ['Policy and Governance'],
    name: 'Carl Colleague',
  });
});

async function newPlan(title: string): Promise<string> {
  const res = await api.request('/councils/chorley/plans', {
    method: 'POST',
    token: policy,
    json: { title },
  });
  return (await res.json()).id;
}

async function create(plan: string, fields: Partial<ActionFields>) {
  const res = await api.request(`/councils/chorley/plans/${plan}/actions`, {
    method: 'POST',
    token: officer,
    json: buildAction({ due: null, ...fields }),
  });
  expect(res.status).toBe(201);
  return res.json();
}

async function patch(plan: string, row: { id: string; version: number }, body: object) {
  const res = await api.request(`/councils/chorley/plans/${plan}/actions/${row.id}`, {
    method: 'PATCH',
    token: officer,
    headers: { 'if-match': `"${row.version}"` },
    json: body,
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function sync(plan: string, token: string, changes: SyncChange[], cursor = 0) {
  const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
    method: 'POST',
    token,
    json: { cursor, idempotencyKey: ulid(), changes },
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function row(plan: string, id: string) {
  const res = await api.request(`/councils/chorley/plans/${plan}/actions`, { token: policy });
  return ((await res.json()).actions as { id: string }[]).find((a) => a.id === id) as Record<string, unknown>;
}

describe('due dates and milestones are derived on every write path', () => {
  it.each([
    ['2020/21 – by March 2021', '2021-03-31'],
    ['Q3 2025/26', '2025-12-31'],
  ])(
    'when an action is created through the API with the timescale "%s", then it is due %s',
    async (timescale, due) => {
      const plan = await newPlan('REST create');
      expect(await create(plan, { timescale })).toMatchObject({ timescale, due });
    },
  );

  it('when the timescale is patched, then due and milestones follow it', async () => {
    const plan = await newPlan('REST patch');
    const created = await create(plan, { timescale: 'Q3 2025/26' });
    const patched = await patch(plan, created, { timescale: 'Establish Dec 21 / Report April 22' });
    expect(patched).toMatchObject({
      due: '2022-04-30',
      milestones: [
        { label: 'Establish', due: '2021-12-31' },
        { label: 'Report', due: '2022-04-30' },
      ],
    });
  });

  it('when a due date is typed by hand, then a timescale edit keeps it, and clearing it returns to the derived date', async () => {
    const plan = await newPlan('Override');
    const created = await create(plan, { timescale: 'Q3 2025/26' });
    const typed = await patch(plan, created, { due: '2025-10-15' });
    expect(typed).toMatchObject({ due: '2025-10-15', dueSetByHand: true });
    const moved = await patch(plan, typed, { timescale: 'Q4 2025/26' });
    expect(moved).toMatchObject({ due: '2025-10-15', dueSetByHand: true });
    const cleared = await patch(plan, moved, { due: null });
    expect(cleared).toMatchObject({ due: '2026-03-31', dueSetByHand: false });
  });

  it('when a row is created and then edited by sync, then its due date is derived both times', async () => {
    const plan = await newPlan('Sync');
    const id = ulid();
    const fields = ActionFields.parse({
      action: 'Refresh the Digital Strategy',
      directorate: 'Policy and Governance',
      timescale: 'Q3 2025/26',
    });
    const first = await sync(plan, officer, [{ op: 'create', id, fields }]);
    expect(first.applied).toEqual([{ id, op: 'create', version: 1 }]);
    expect(await row(plan, id)).toMatchObject({ due: '2025-12-31' });
    await sync(
      plan,
      officer,
      [
        {
          op: 'update',
          id,
          baseVersion: 1,
          edits: [{ field: 'timescale', base: 'Q3 2025/26', mine: 'Establish Dec 21 / Report April 22' }],
        },
      ],
      first.cursor,
    );
    expect(await row(plan, id)).toMatchObject({ due: '2022-04-30', milestones: [{}, {}] });
  });

  it('when a sheet adds 120 rows at once (the bulk way), then every one has its derived due date', async () => {
    const plan = await newPlan('Bulk');
    const changes: SyncChange[] = Array.from({ length: 120 }, (_, i) => ({
      op: 'create',
      id: ulid(),
      fields: ActionFields.parse({ action: `Action ${i}`, timescale: 'Q3 2025/26', order: i + 1 }),
    }));
    const reply = await sync(plan, policy, changes);
    expect(reply.applied).toHaveLength(120);
    const rows = (
      await (await api.request(`/councils/chorley/plans/${plan}/actions`, { token: policy })).json()
    ).actions as { due: string | null }[];
    expect(rows.filter((r) => r.due !== '2025-12-31')).toEqual([]);
  });

  it('when the history of a row whose timescale moved is read, then the due date moved in the same change', async () => {
    const plan = await newPlan('History');
    const created = await create(plan, { timescale: 'Q3 2025/26' });
    await patch(plan, created, { timescale: 'Q4 2025/26' });
    const res = await api.request(`/councils/chorley/plans/${plan}/actions/${created.id}/history`, {
      token: policy,
    });
    const history = (await res.json()).history as { revision: number; field: string; after: unknown }[];
    const second = history.filter((h) => h.revision === 2);
    expect(second.map((h) => [h.field, h.after])).toEqual([
      ['timescale', 'Q4 2025/26'],
      ['due', '2026-03-31'],
    ]);
  });
});

describe('derived fields never conflict on their own', () => {
  it('when two officers change one Timescales cell differently, then the second gets one conflict, on the timescale', async () => {
    const plan = await newPlan('One cell');
    const created = await create(plan, { timescale: 'Q3 2025/26' });
    const base = { timescale: 'Q3 2025/26', due: '2025-12-31' };
    // A sheet without a Due column sends what it read from the timescale, as clients always did.
    const edit = (timescale: string, due: string): SyncChange => ({
      op: 'update',
      id: created.id,
      baseVersion: 1,
      edits: [
        { field: 'timescale', base: base.timescale, mine: timescale },
        { field: 'due', base: base.due, mine: due },
      ],
    });
    const first = await sync(plan, officer, [edit('Q4 2025/26', '2026-03-31')]);
    expect(first.conflicts).toEqual([]);
    const second = await sync(plan, colleague, [edit('Q1 2026/27', '2026-06-30')]);
    expect(second.conflicts.map((c: { field: string }) => c.field)).toEqual(['timescale']);
    expect(await row(plan, created.id)).toMatchObject({ timescale: 'Q4 2025/26', due: '2026-03-31' });
  });
});

describe('POST …/plans/:plan/migrations/derive-dates', () => {
  it('when policy runs it on a plan whose rows are right, then nothing changes; an officer may not run it', async () => {
    const plan = await newPlan('Migration');
    await create(plan, { timescale: 'Q3 2025/26' });
    const path = `/councils/chorley/plans/${plan}/migrations/derive-dates`;
    const refused = await api.request(path, { method: 'POST', token: officer });
    expect(refused.status).toBe(403);
    const res = await api.request(path, { method: 'POST', token: policy });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ corrected: 0, skipped: 0 });
  });
});
