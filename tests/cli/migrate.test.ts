/** `plans migrate derive-dates` in-process, against the API on its own table, over rows stored before the rule. */
import { ulid } from 'ulid';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerMigrate } from '../../cli/commands/migrate.js';
import { fieldChanges } from '../../core/changes.js';
import type { ActionFields } from '../../core/plan.js';
import { getAction } from '../../functions/store/actions.js';
import { commitWrites } from '../../functions/store/commit.js';
import type { PlanRef } from '../../functions/store/keys.js';
import { createPlan } from '../../functions/store/plans.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { runCommands } from '../support/cli-in-process.js';
import { buildAction } from '../support/factories.js';

let api: TestApi;
const actor = { by: 'Test Officer', at: '2026-11-23T09:00:00.000Z' };
const plans = (...args: string[]) => runCommands([registerMigrate], args);

beforeAll(async () => {
  api = await createTestApi('migrate-derive-dates');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

async function asPolicyOf(council: string, fetch: typeof globalThis.fetch = api.fetch) {
  vi.stubGlobal('fetch', fetch);
  vi.stubEnv('PLANS_TOKEN', await api.token({ council, role: 'policy', name: 'Pat Policy' }));
}

/** A plan whose rows were stored as given, before the server derived due dates: no due, no milestones. */
async function oldPlan(
  council: string,
  title: string,
  rows: ActionFields[],
): Promise<PlanRef & { ids: string[] }> {
  const ref = { council, plan: (await createPlan(api.store, council, { title }, actor)).id };
  const ids = rows.map(() => ulid());
  await commitWrites(
    api.store,
    ref,
    rows.map((fields, i) => ({
      id: ids[i] as string,
      expectedVersion: null,
      fields,
      deleted: false,
      changes: fieldChanges(null, fields),
      kind: 'create' as const,
    })),
    actor,
  );
  return { ...ref, ids };
}

const missingDue = () => buildAction({ timescale: 'Q3 2025/26', due: null, milestones: [] });
const typedDue = () => buildAction({ timescale: 'Q3 2025/26', due: '2025-10-15', milestones: [] });

describe('plans migrate derive-dates', () => {
  it('when run for every plan of a council, then each is corrected in turn with a summary, and a second run changes nothing', async () => {
    const first = await oldPlan('chorley', 'CPC 2019', [missingDue(), missingDue(), typedDue()]);
    const second = await oldPlan('chorley', 'CPC 2023', [missingDue()]);
    await asPolicyOf('chorley');

    const run = await plans('migrate', 'derive-dates', '--council', 'chorley');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`${first.plan}  CPC 2019: 2 rows corrected\n`);
    expect(run.stdout).toContain(`${second.plan}  CPC 2023: 1 row corrected\n`);
    expect(run.stdout).toContain('\n2 plans: 2 done; 3 rows corrected\n');
    // The hand-typed due is kept, untouched.
    expect(await getAction(api.store, first, first.ids[0] as string)).toMatchObject({ due: '2025-12-31' });
    expect(await getAction(api.store, first, first.ids[2] as string)).toMatchObject({
      due: '2025-10-15',
      version: 1,
    });
    const versions = await Promise.all(
      first.ids.map(async (id) => (await getAction(api.store, first, id))?.version),
    );

    const again = await plans('migrate', 'derive-dates', '--council', 'chorley', '--json');
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout).counts).toEqual({
      plans: 2,
      done: 2,
      failed: 0,
      corrected: 0,
      skipped: 0,
    });
    expect(
      await Promise.all(first.ids.map(async (id) => (await getAction(api.store, first, id))?.version)),
    ).toEqual(versions);
  });

  it('when one plan fails, then it is one line with the reason, the others are still done, and the exit code is 1', async () => {
    const broken = await oldPlan('wyre', 'Broken plan', [missingDue()]);
    const fine = await oldPlan('wyre', 'Fine plan', [missingDue()]);
    const failing = ((input: RequestInfo | URL, init?: RequestInit) =>
      String(input).includes(`/plans/${broken.plan}/migrations/`)
        ? Promise.resolve(
            Response.json(
              {
                type: 'about:blank',
                title: 'Unavailable',
                status: 503,
                detail: 'the table is being restored',
              },
              { status: 503, headers: { 'content-type': 'application/problem+json' } },
            ),
          )
        : api.fetch(input, init)) as typeof fetch;
    await asPolicyOf('wyre', failing);

    const run = await plans('migrate', 'derive-dates', '--council', 'wyre');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      `${broken.plan}  Broken plan: FAILED: the plans API said: the table is being restored\n`,
    );
    expect(run.stdout).toContain(`${fine.plan}  Fine plan: 1 row corrected\n`);
    expect(run.stdout).toContain(
      '\n2 plans: 1 done, 1 failed (run it again for them once the reason is fixed); 1 row corrected\n',
    );
    expect(await getAction(api.store, fine, fine.ids[0] as string)).toMatchObject({ due: '2025-12-31' });
  });

  it('when --plan is given, then only that plan is corrected', async () => {
    const one = await oldPlan('preston', 'One', [missingDue()]);
    const other = await oldPlan('preston', 'Other', [missingDue()]);
    await asPolicyOf('preston');

    const run = await plans('migrate', 'derive-dates', '--council', 'preston', '--plan', one.plan, '--json');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      plans: [{ plan: one.plan, title: null, corrected: 1, skipped: 0 }],
      counts: { plans: 1, done: 1, failed: 0, corrected: 1, skipped: 0 },
    });
    expect(await getAction(api.store, other, other.ids[0] as string)).toMatchObject({ due: null });
  });

  it('when --plan is not a plan of the council, then the line says so and the exit code is 1', async () => {
    await asPolicyOf('fylde');
    const missing = ulid();
    const run = await plans('migrate', 'derive-dates', '--council', 'fylde', '--plan', missing);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^${missing}: FAILED: the plans API said: .+\\n`));
  });

  it("when an officer runs it, then every plan fails with the API's reason", async () => {
    await oldPlan('lancaster', 'Plan', [missingDue()]);
    vi.stubGlobal('fetch', api.fetch);
    vi.stubEnv(
      'PLANS_TOKEN',
      await api.token({ council: 'lancaster', role: 'officer', directorates: ['Housing'] }),
    );
    const run = await plans('migrate', 'derive-dates', '--council', 'lancaster');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('1 plan: 0 done, 1 failed');
  });
});
