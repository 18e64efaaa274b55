import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActionFields } from '../../../core/plan.js';
import { createTestApi, type TestApi } from '../../support/app.js';
import { buildAction } from '../../support/factories.js';
import { wavesOf } from '../../support/waves.js';

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

describe('POST /councils/:council/plans/:plan/sync: idempotency keys bound to caller and request', () => {
  const syncOf = (plan: string, token: string, body: Record<string, unknown>) =>
    api.request(`/councils/chorley/plans/${plan}/sync`, { method: 'POST', token, json: body });
  const createBody = (key: string, extra: Record<string, unknown> = {}) => ({
    cursor: 0,
    idempotencyKey: key,
    changes: [{ op: 'create', id: ulid(), fields: buildAction({ action: 'Refresh the OD Strategy' }) }],
    ...extra,
  });

  async function expectKeyReused(res: Response, detail: RegExp) {
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await res.json();
    expect(problem.type).toBe('http://localhost/problems/idempotency-key-reused');
    expect(problem.detail).toMatch(detail);
    expect(problem.errors).toEqual([{ path: 'body.idempotencyKey', message: expect.any(String) }]);
    return problem;
  }

  it("when another caller sends the same key and body, then 422 and not the first caller's answer", async () => {
    const plan = await newPlan('Keys: callers');
    const body = createBody(ulid());
    expect((await syncOf(plan, admin, body)).status).toBe(200);
    const mallory = await api.token({ council: 'chorley', role: 'admin', subject: 'mallory' });
    const problem = await expectKeyReused(await syncOf(plan, mallory, body), /new key/i);
    expect(JSON.stringify(problem)).not.toContain('Refresh the OD Strategy');
  });

  it('when the same key comes back with pull toggled, then 422, not an empty pull at cursor 0', async () => {
    const plan = await newPlan('Keys: pull');
    await addRow(plan, 'Policy and Governance');
    const key = ulid();
    const pushOnly = { cursor: 0, idempotencyKey: key, changes: [], pull: false };
    expect((await syncOf(plan, admin, pushOnly)).status).toBe(200);
    await expectKeyReused(await syncOf(plan, admin, { ...pushOnly, pull: true }), /different sync/i);
  });

  it('when the same key comes back with another cursor, then 422', async () => {
    const plan = await newPlan('Keys: cursor');
    const body = createBody(ulid());
    expect((await syncOf(plan, admin, body)).status).toBe(200);
    await expectKeyReused(await syncOf(plan, admin, { ...body, cursor: 1 }), /different sync/i);
  });

  it('when a sync is retried after its workbook was renamed, then it is the same sync: the first answer, not a 422', async () => {
    const plan = await newPlan('Keys: renamed workbook');
    const body = { ...createBody(ulid()), workbook: 'Plan.xlsx' };
    const first = await (await syncOf(plan, admin, body)).json();
    const again = await syncOf(plan, admin, { ...body, workbook: 'Plan (final).xlsx' });
    expect(again.status).toBe(200);
    expect((await again.json()).applied).toEqual(first.applied);
  });

  it('when the same caller sends the same request again, then the first answer comes back', async () => {
    const plan = await newPlan('Keys: replay');
    const body = createBody(ulid());
    const first = await (await syncOf(plan, admin, body)).json();
    const again = await syncOf(plan, admin, body);
    expect(again.status).toBe(200);
    expect((await again.json()).applied).toEqual(first.applied);
  });

  it('when a sync names a plan that does not exist, then 404, and its retry with the same key is 404 again', async () => {
    const body = createBody(ulid());
    const missing = '01JD0000000000000000000000';
    expect((await syncOf(missing, admin, body)).status).toBe(404);
    expect((await syncOf(missing, admin, body)).status).toBe(404);
  });

  it('when an attempt fails with an error, then the retry with the same key runs at once and lands once', async () => {
    const plan = await newPlan('Keys: failed attempt');
    const body = createBody(ulid());
    let failures = 1;
    api.store.raw.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && failures-- > 0)
          throw Object.assign(new Error('The request processing has failed'), {
            name: 'InternalFailure',
            $fault: 'server',
            $metadata: {},
          });
        return next(args);
      },
      { step: 'initialize', name: 'fail-once' },
    );
    try {
      expect((await syncOf(plan, admin, body)).status).toBeGreaterThanOrEqual(500);
    } finally {
      api.store.raw.middlewareStack.remove('fail-once');
    }
    const retry = await syncOf(plan, admin, body);
    expect(retry.status).toBe(200);
    expect((await retry.json()).applied).toHaveLength(1);
    const { actions } = await (
      await api.request(`/councils/chorley/plans/${plan}/actions`, { token: admin })
    ).json();
    expect(actions).toHaveLength(1);
  });
});

describe('POST /councils/:council/plans/:plan/sync: a sync still being applied', () => {
  it('when the same sync arrives while its first attempt is being applied, then 409 sync-in-progress (not "already exists"), and the first still lands', async () => {
    const held = await createTestApi('sync-in-progress');
    const token = await held.token({ council: 'chorley', role: 'admin' });
    const plan = (
      await (
        await held.request('/councils/chorley/plans', { method: 'POST', token, json: { title: 'Held' } })
      ).json()
    ).id;
    let reached = () => {};
    const writing = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first attempt's write waits, its key claimed, until the second has had its answer.
    held.store.raw.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          reached();
          await released;
        }
        return next(args);
      },
      { step: 'initialize', name: 'hold-the-write' },
    );
    const body = {
      cursor: 0,
      idempotencyKey: ulid(),
      changes: [{ op: 'create', id: ulid(), fields: buildAction() }],
    };
    const sync = () =>
      held.request(`/councils/chorley/plans/${plan}/sync`, { method: 'POST', token, json: body });

    const first = sync();
    await writing;
    const second = await sync();
    release();

    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(await second.json()).toMatchObject({
      type: 'http://localhost/problems/sync-in-progress',
      title: 'This sync is still being applied',
      status: 409,
    });
    expect((await first).status).toBe(200);
  });
});

describe("POST /councils/:council/plans/:plan/sync: one sync's DynamoDB requests", () => {
  it('when an officer syncs edits of two rows, then the independent reads go out together or as one: nine requests in eight round trips, not ten in ten', async () => {
    const plan = await newPlan('Round trips');
    const rows = [await addRow(plan, 'Policy and Governance'), await addRow(plan, 'Policy and Governance')];
    const sync = () =>
      api.request(`/councils/chorley/plans/${plan}/sync`, {
        method: 'POST',
        token: officer,
        json: {
          cursor: 2,
          idempotencyKey: ulid(),
          changes: rows.map((row) => ({
            op: 'update',
            id: row.id,
            baseVersion: row.version,
            edits: [{ field: 'progress', base: row.progress, mine: 'Depot open' }],
          })),
        },
      });
    let reply: { status: number; applied: unknown[] } | undefined;
    const waves = await wavesOf(api.store.raw, async () => {
      const res = await sync();
      reply = { status: res.status, ...(await res.json()) };
    });
    expect(reply).toMatchObject({ status: 200, applied: [expect.anything(), expect.anything()] });
    expect(waves).toEqual([
      ['GetItem'], // the person's record (identify): rights from the stored row, on every request
      ['BatchGetItem'], // the plan's counter (a missing plan is a 404) with the rows the changes name
      ['PutItem'], // the idempotency key claimed, once the plan is known to exist
      ['GetItem'], // the counter the transaction is conditioned on
      ['TransactWriteItems'], // the rows, their change records and the counter
      ['GetItem', 'Query'], // the counter and the change records since the cursor, for the answer
      ['BatchGetItem'], // the rows changed since the cursor
      ['PutItem'], // the answer kept under the key
    ]);
  });
});
