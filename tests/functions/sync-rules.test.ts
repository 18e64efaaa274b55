/** The rules table of DESIGN.md ("Sync, in one round trip"), one example each, end to end in-process. */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySheet } from '../../core/memory-sheet.js';
import { ActionFields } from '../../core/plan.js';
import { syncSheet } from '../../core/sync-run.js';
import type { SheetRow } from '../../core/sync-sheet.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { apiTransport } from '../support/transport.js';

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await createTestApi('rules');
  token = await api.token({ council: 'chorley', role: 'policy', name: 'Pat Policy' });
});

const row = (action: string, extra: Partial<ActionFields> = {}): SheetRow => ({
  id: null,
  fields: ActionFields.parse({ action, directorate: 'Policy and Governance', ...extra }),
});

/** A plan adopted from a sheet of three rows, and two officers' copies of the adopted workbook. */
async function adoptedPlan() {
  const plan = (
    await (
      await api.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'Rules' } })
    ).json()
  ).id;
  const transport = apiTransport(api, token, 'chorley', plan);
  const first = new MemorySheet([
    row('Refresh the OD Strategy'),
    row('Review communication channels'),
    row('Scope devolution'),
  ]);
  await syncSheet(first, transport);
  return { plan, transport, a: first.copy(), b: first.copy(), ids: first.rows.map((r) => r.id as string) };
}

describe('sync rules', () => {
  it('when a plain sheet is adopted, then every row gets an id and the plan holds it', async () => {
    const { plan, ids } = await adoptedPlan();
    expect(ids.every((id) => /^[0-9A-Z]{26}$/.test(id))).toBe(true);
    const { actions } = await (
      await api.request(`/councils/chorley/plans/${plan}/actions`, { token })
    ).json();
    expect(actions.map((a: { id: string }) => a.id)).toEqual(ids);
  });

  it('when a row is copied and pasted, then the first keeps the id and the copy becomes a new row', async () => {
    const { a, transport, ids } = await adoptedPlan();
    a.rows.push(structuredClone(a.rows[0]!));
    const summary = await syncSheet(a, transport);
    expect(summary.pushed).toBe(1);
    expect(a.rows[0]!.id).toBe(ids[0]);
    expect(a.rows[3]!.id).not.toBe(ids[0]);
    expect(a.rows[3]!.fields.action).toBe('Refresh the OD Strategy');
  });

  it('when rows are sorted or moved, then nothing is sent', async () => {
    const { a, transport } = await adoptedPlan();
    a.rows.reverse();
    const summary = await syncSheet(a, transport);
    expect(summary).toMatchObject({ pushed: 0, pulled: 0, conflicts: [] });
    expect(transport.requests.at(-1)?.changes).toEqual([]);
  });

  it('when a cell is retyped with the same meaning (trailing spaces, line endings), then it is not an edit', async () => {
    const { a, transport, ids } = await adoptedPlan();
    a.edit(ids[0]!, { action: 'Refresh the OD Strategy   ', directorate: ' Policy and Governance' });
    await syncSheet(a, transport);
    expect(transport.requests.at(-1)?.changes).toEqual([]);
  });

  it('when one officer deletes a row another edited, then the row comes back with the edit and the deleter is told', async () => {
    const { a, b, transport, ids } = await adoptedPlan();
    a.edit(ids[1]!, { progress: 'Member survey sent' });
    await syncSheet(a, transport);
    b.rows = b.rows.filter((r) => r.id !== ids[1]);
    const summary = await syncSheet(b, transport);
    expect(summary.conflicts).toEqual([expect.objectContaining({ id: ids[1], kind: 'deleted' })]);
    expect(b.row(ids[1]!).fields.progress).toBe('Member survey sent');
  });

  it('when a row is deleted and then edited in the other copy, then the edit restores it and the editor is told', async () => {
    const { a, b, transport, ids } = await adoptedPlan();
    a.rows = a.rows.filter((r) => r.id !== ids[2]);
    await syncSheet(a, transport);
    b.edit(ids[2]!, { status: 'At risk' });
    const summary = await syncSheet(b, transport);
    expect(summary.conflicts).toEqual([expect.objectContaining({ id: ids[2], kind: 'deleted' })]);
    await syncSheet(a, transport);
    expect(a.row(ids[2]!).fields.status).toBe('At risk');
  });

  it('when both change the same field to the same value, then there is no conflict', async () => {
    const { a, b, transport, ids } = await adoptedPlan();
    a.edit(ids[0]!, { status: 'Complete' });
    b.edit(ids[0]!, { status: 'Complete' });
    await syncSheet(a, transport);
    expect((await syncSheet(b, transport)).conflicts).toEqual([]);
  });

  it('when both change the same field differently, then the server value is kept and both are reported and in history', async () => {
    const { plan, a, b, transport, ids } = await adoptedPlan();
    a.edit(ids[0]!, { lead: 'Ann' });
    b.edit(ids[0]!, { lead: 'Bob' });
    await syncSheet(a, transport);
    const summary = await syncSheet(b, transport);
    expect(summary.conflicts).toEqual([
      expect.objectContaining({
        id: ids[0],
        kind: 'field',
        field: 'lead',
        base: '',
        mine: 'Bob',
        theirs: 'Ann',
      }),
    ]);
    expect(b.row(ids[0]!).fields.lead).toBe('Ann');
    const { history } = await (
      await api.request(`/councils/chorley/plans/${plan}/actions/${ids[0]}/history`, { token })
    ).json();
    const lead = history.filter((h: { field: string }) => h.field === 'lead');
    expect(lead.map((h: { kind: string; after: string }) => [h.kind, h.after])).toEqual([
      ['update', 'Ann'],
      ['conflict', 'Bob'],
    ]);
  });

  it('when a conflict is resolved by syncing the chosen value on the kept version, then it is applied', async () => {
    const { a, b, transport, ids } = await adoptedPlan();
    a.edit(ids[0]!, { lead: 'Ann' });
    b.edit(ids[0]!, { lead: 'Bob' });
    await syncSheet(a, transport);
    await syncSheet(b, transport);
    b.edit(ids[0]!, { lead: 'Bob' });
    const resolved = await syncSheet(b, transport);
    expect(resolved.conflicts).toEqual([]);
    await syncSheet(a, transport);
    expect(a.row(ids[0]!).fields.lead).toBe('Bob');
  });

  it('when different fields of one row are changed in two copies, then both survive', async () => {
    const { a, b, transport, ids } = await adoptedPlan();
    a.edit(ids[0]!, { status: 'On track' });
    b.edit(ids[0]!, { progress: 'Draft with SLT' });
    await syncSheet(a, transport);
    await syncSheet(b, transport);
    await syncSheet(a, transport);
    for (const sheet of [a, b])
      expect(sheet.row(ids[0]!).fields).toMatchObject({ status: 'On track', progress: 'Draft with SLT' });
  });

  it('when a column the server does not know is edited, then it is kept as an extra field', async () => {
    const plan = (
      await (
        await api.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'Extra' } })
      ).json()
    ).id;
    const transport = apiTransport(api, token, 'chorley', plan);
    const layout = { paths: ['action', 'directorate', 'extra.Budget'] };
    const sheet = new MemorySheet([row('Invest', { extra: { Budget: '£1m' } })], layout);
    await syncSheet(sheet, transport);
    const other = new MemorySheet([], layout);
    await syncSheet(other, transport);
    expect(other.rows[0]!.fields.extra).toEqual({ Budget: '£1m' });
  });

  it('when the id cell is cleared by hand, then the row is new and the old row is deleted (restorable)', async () => {
    const { plan, a, transport, ids } = await adoptedPlan();
    a.row(ids[1]!).id = null;
    const summary = await syncSheet(a, transport);
    expect(summary.pushed).toBe(2);
    expect(a.rows[1]!.id).not.toBe(ids[1]);
    const { actions } = await (
      await api.request(`/councils/chorley/plans/${plan}/actions?includeDeleted=true`, { token })
    ).json();
    expect(actions.find((x: { id: string }) => x.id === ids[1])).toMatchObject({ deleted: true });
  });

  it('when the workbook is copied and both copies sync, then both keep syncing and converge', async () => {
    const { a, b, transport, ids } = await adoptedPlan();
    a.rows.push(row('New in A'));
    b.edit(ids[0]!, { status: 'Complete' });
    await syncSheet(a, transport);
    await syncSheet(b, transport);
    await syncSheet(a, transport);
    expect(a.rows.map((r) => [r.id, r.fields.action, r.fields.status])).toEqual(
      b.rows.map((r) => [r.id, r.fields.action, r.fields.status]),
    );
    expect(b.rows.map((r) => r.fields.action)).toContain('New in A');
  });

  it('when an unchanged workbook syncs a second time, then it pushes and pulls nothing', async () => {
    const { a, transport } = await adoptedPlan();
    await syncSheet(a, transport);
    expect(await syncSheet(a, transport)).toMatchObject({ pushed: 0, pulled: 0, conflicts: [], refused: [] });
  });
});

describe('bulk and push-only syncs', () => {
  it('when a sheet of 250 rows is adopted, then every row lands once and a second sync is quiet', async () => {
    const plan = (
      await (
        await api.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'Big' } })
      ).json()
    ).id;
    const transport = apiTransport(api, token, 'chorley', plan);
    const sheet = new MemorySheet(Array.from({ length: 250 }, (_, i) => row(`Action ${i}`)));
    const first = await syncSheet(sheet, transport);
    expect(first.pushed).toBe(250);
    expect(first.cursor).toBe(250);
    expect(await syncSheet(sheet, transport)).toMatchObject({ pushed: 0, pulled: 0 });
    expect(new Set(sheet.rows.map((r) => r.id)).size).toBe(250);
  });

  it('when an officer keeps syncing while a large sheet is adopted, then they end with every row and nothing twice', async () => {
    const plan = (
      await (
        await api.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'Landing' } })
      ).json()
    ).id;
    const transport = apiTransport(api, token, 'chorley', plan);
    const adopted = new MemorySheet(Array.from({ length: 1_200 }, (_, i) => row(`Imported ${i}`)));
    const reader = new MemorySheet();
    let done = false;
    const adoption = syncSheet(adopted, transport).finally(() => {
      done = true;
    });
    let readerSyncs = 0;
    while (!done) {
      await syncSheet(reader, transport);
      readerSyncs += 1;
    }
    await adoption;
    await syncSheet(reader, transport);
    expect(readerSyncs).toBeGreaterThan(0);
    const ids = reader.rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(1_200);
    expect(ids).toHaveLength(1_200);
    expect(new Set(ids)).toEqual(new Set(adopted.rows.map((r) => r.id)));
  });

  it('when a bulk sync carries a create whose id exists, then the row is kept and the difference reported', async () => {
    const plan = (
      await (
        await api.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'Taken' } })
      ).json()
    ).id;
    const transport = apiTransport(api, token, 'chorley', plan);
    const first = new MemorySheet([row('Already here')]);
    await syncSheet(first, transport);
    const taken = first.rows[0]?.id as string;
    const changes = [
      ...Array.from({ length: 150 }, (_, i) => ({
        op: 'create' as const,
        id: ulid(),
        fields: ActionFields.parse({ action: `New ${i}`, directorate: 'Policy and Governance' }),
      })),
      {
        op: 'create' as const,
        id: taken,
        fields: ActionFields.parse({ action: 'Overwrite?', directorate: 'Policy and Governance', order: 1 }),
      },
    ];
    const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token,
      json: { cursor: 1, idempotencyKey: 'bulk-taken-1', changes },
    });
    const reply = await res.json();
    expect(reply.applied).toHaveLength(150);
    expect(reply.conflicts).toEqual([
      expect.objectContaining({ id: taken, field: 'action', mine: 'Overwrite?', theirs: 'Already here' }),
    ]);
    expect(reply.cursor).toBe(151);
    const listed = await (await api.request(`/councils/chorley/plans/${plan}/actions`, { token })).json();
    expect(listed.actions).toHaveLength(151);
    expect(listed.actions.find((a: { id: string }) => a.id === taken).action).toBe('Already here');
  });

  it('when two syncs with different keys bulk-create the same new rows at once, then each row is created once and the other sync is told of the difference', async () => {
    const plan = (
      await (
        await api.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'Twice' } })
      ).json()
    ).id;
    // Two copies of a workbook that kept the same new-row ids after a failed sync.
    const ids = Array.from({ length: 120 }, () => ulid());
    const copy = (who: string) =>
      ids.map((id, i) => ({
        op: 'create' as const,
        id,
        fields: ActionFields.parse({ action: `${who} ${i}`, directorate: 'Policy and Governance', order: i }),
      }));
    const send = (who: string) =>
      api
        .request(`/councils/chorley/plans/${plan}/sync`, {
          method: 'POST',
          token,
          json: { cursor: 0, idempotencyKey: `twice-copy-${who}`, changes: copy(who) },
        })
        .then((res) => res.json());
    const [a, b] = await Promise.all([send('a'), send('b')]);
    expect(a.applied.length + b.applied.length).toBe(120);
    const told = (reply: typeof a) => new Set(reply.conflicts.map((c: { id: string }) => c.id));
    for (const id of ids) {
      const applied = [a, b].filter((r) => r.applied.some((x: { id: string }) => x.id === id));
      expect(applied).toHaveLength(1);
      const other = applied[0] === a ? b : a;
      expect(told(other).has(id)).toBe(true);
    }
    const listed = await (await api.request(`/councils/chorley/plans/${plan}/actions`, { token })).json();
    expect(listed.actions).toHaveLength(120);
  });

  it('when a sync says pull: false, then nothing comes back and the cursor stays', async () => {
    const plan = (
      await (
        await api.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'Push only' } })
      ).json()
    ).id;
    const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token,
      json: {
        cursor: 0,
        pull: false,
        idempotencyKey: 'push-only-1',
        changes: [
          {
            op: 'create',
            id: '01JD5Z4X8Q0000000000000099',
            fields: ActionFields.parse({ action: 'x', directorate: 'Policy and Governance' }),
          },
        ],
      },
    });
    const reply = await res.json();
    expect(reply).toMatchObject({ cursor: 0, changes: [], applied: [{ op: 'create', version: 1 }] });
  });
});
