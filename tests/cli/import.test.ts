import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, type ImportInterruptedError, importReading } from '../../cli/commands/import.js';
import { readPlanFile } from '../../cli/commands/parse.js';
import { readSheetCells } from '../../cli/workbook-read.js';
import { createPlansClient, type PlansClient } from '../../core/client.js';
import { readGrid } from '../../core/grid.js';
import type { GridReading } from '../../core/grid-types.js';
import { createTestApi, type TestApi } from '../support/app.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/peer-challenge-2019-grid.xlsx', import.meta.url));

let api: TestApi;
let client: (token: string) => PlansClient;

beforeAll(async () => {
  api = await createTestApi('import');
  client = (token) => createPlansClient({ baseUrl: 'http://plans.test', token, fetch: api.fetch });
});

async function fixtureReading() {
  const { sheet, cells } = await readSheetCells(FIXTURE);
  return readGrid(cells, { sheet });
}

describe('plans import', () => {
  it('when the 2019 fixture is imported as a new plan, then its nine actions and recommendations are stored', async () => {
    const policy = client(await api.token({ council: 'chorley', role: 'policy' }));
    const summary = await importReading(
      policy,
      { council: 'chorley', title: 'CPC October 2019' },
      await fixtureReading(),
    );
    expect(summary).toMatchObject({ created: 9, recommendations: 9, refused: [] });
    expect(summary.warnings.map((w) => w.row)).toEqual([5, 6, 9]);

    const plan = await policy.getPlan('chorley', summary.plan);
    expect(plan.title).toBe('CPC October 2019');
    expect(plan.recommendations.map((r) => r.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const { actions } = await policy.listActions('chorley', summary.plan);
    expect(actions.map((a) => [a.theme, a.recommendations[0], a.due])).toEqual([
      ['Change management', '3', '2020-12-31'],
      ['Change management', '8', '2020-12-31'],
      ['Organisational development', '4', '2021-03-31'],
      ['Organisational development', '5', '2021-03-31'],
      ['Organisational development', '6', '2020-12-31'],
      ['Organisational development', '7', '2021-05-31'],
      ['Partnership working', '1', '2022-03-31'],
      ['Partnership working', '2', '2021-03-31'],
      ['Partnership working', '9', '2020-12-31'],
    ]);
  });

  it('when an officer imports into a plan, then rows outside their directorate are refused by row, the rest imported', async () => {
    const policy = client(await api.token({ council: 'chorley', role: 'policy' }));
    const plan = await policy.createPlan('chorley', { title: 'Officer import' });
    const officer = client(
      await api.token({ council: 'chorley', role: 'officer', directorates: ['Policy and Governance'] }),
    );
    const reading = await fixtureReading();
    reading.recommendations = [];
    const summary = await importReading(officer, { council: 'chorley', plan: plan.id }, reading);
    expect(summary.created).toBe(7);
    expect(summary.refused.map((r) => r.row)).toEqual([4, 5]);
    expect(summary.refused[0]?.reason).toContain('Commercial Services');
  });
});

/** A plan of many distinct rows, enough for two batches (the second of them also the bulk way). */
function bigReading(rows: number): GridReading {
  return {
    headerRow: 1,
    columns: {},
    recommendations: [],
    warnings: [],
    tables: [],
    skipped: [],
    actions: Array.from({ length: rows }, (_, i) => ({
      row: i + 2,
      id: null,
      theme: 'Governance',
      action: `Action ${i}`,
      recommendations: [String(i % 9)],
      directorate: 'Policy and Governance',
      lead: 'Head of Policy',
      timescale: '',
      due: null,
      milestones: [],
      status: null,
      progress: '',
      extra: {},
      warnings: [],
    })),
  };
}

const isSync = (input: RequestInfo | URL) =>
  String(input instanceof Request ? input.url : input).endsWith('/sync');

/** Each row of the reading is in the plan exactly once, and nothing else is. */
async function expectEachRowOnce(policy: PlansClient, plan: string, reading: GridReading) {
  const { actions } = await policy.listActions('chorley', plan);
  expect(actions.map((a) => a.action).sort()).toEqual(reading.actions.map((a) => a.action).sort());
}

describe('plans import run again', () => {
  it('when the same file is imported again into the same plan, then nothing is added twice and it says what it matched', async () => {
    const policy = client(await api.token({ council: 'chorley', role: 'policy' }));
    const first = await importReading(
      policy,
      { council: 'chorley', title: 'Imported twice' },
      await fixtureReading(),
    );
    const again = await importReading(
      policy,
      { council: 'chorley', plan: first.plan },
      await fixtureReading(),
    );
    expect(again).toMatchObject({ created: 0, recommendations: 0, recommendationsMatched: 9, refused: [] });
    expect(again.matched.map((m) => m.row)).toEqual((await fixtureReading()).actions.map((a) => a.row));
    expect(again.matched.every((m) => m.by === 'id')).toBe(true);
    const plan = await policy.getPlan('chorley', first.plan);
    expect(plan.recommendations).toHaveLength(9);
    await expectEachRowOnce(policy, first.plan, await fixtureReading());
  });

  it('when the plan already holds the rows under other ids (an earlier import), then they are matched by their words', async () => {
    const policy = client(await api.token({ council: 'chorley', role: 'policy' }));
    const plan = await policy.createPlan('chorley', { title: 'Imported before, other ids' });
    const reading = await fixtureReading();
    reading.recommendations = [];
    await policy.sync('chorley', plan.id, {
      cursor: 0,
      idempotencyKey: ulid(),
      changes: reading.actions.map((read, i) => ({
        op: 'create',
        id: ulid(),
        // Spaced and cased otherwise: the same action all the same.
        fields: { ...fieldsOf(read, i + 1), action: `  ${read.action.toUpperCase()} ` },
      })),
    });
    const summary = await importReading(policy, { council: 'chorley', plan: plan.id }, reading);
    expect(summary.created).toBe(0);
    expect(summary.matched.map((m) => m.by)).toEqual(reading.actions.map(() => 'words'));
    expect((await policy.listActions('chorley', plan.id)).actions).toHaveLength(reading.actions.length);
  });

  it('when a row was deleted in the plan since, then importing the file again does not bring it back', async () => {
    const policy = client(await api.token({ council: 'chorley', role: 'policy' }));
    const first = await importReading(
      policy,
      { council: 'chorley', title: 'One row deleted since' },
      await fixtureReading(),
    );
    const [gone] = (await policy.listActions('chorley', first.plan)).actions;
    await policy.deleteAction('chorley', first.plan, gone?.id as string, gone?.version as number);
    const again = await importReading(
      policy,
      { council: 'chorley', plan: first.plan },
      await fixtureReading(),
    );
    expect(again.created).toBe(0);
    expect(again.matched.filter((m) => m.deleted).map((m) => m.id)).toEqual([gone?.id]);
  });

  it('when the reply of one batch is lost and the API then stops answering, then the error names the plan, and running it again leaves every row exactly once', async () => {
    const token = await api.token({ council: 'chorley', role: 'policy' });
    const policy = client(token);
    const reading = bigReading(1_200);
    let syncs = 0;
    // The first batch to arrive lands but its answer is lost; the server is gone for the rest.
    const failing = createPlansClient({
      baseUrl: 'http://plans.test',
      token,
      retryForMs: 0,
      fetch: async (input, init) => {
        if (!isSync(input)) return api.fetch(input, init);
        if (++syncs === 1) await api.fetch(input, init);
        throw new TypeError('fetch failed');
      },
    });
    const told: string[] = [];
    const stopped: boolean[] = [];
    const failure = await importReading(
      failing,
      { council: 'chorley', title: 'Interrupted import' },
      reading,
      {
        onPlan: (plan) => told.push(plan.id),
        progress: { onProgress: () => {}, stop: () => stopped.push(true) },
      },
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ plan: expect.stringMatching(/^[0-9A-Z]{26}$/) });
    const plan = (failure as ImportInterruptedError).plan;
    expect(told).toEqual([plan]);
    expect(stopped).toEqual([true]);
    const landed = (await policy.listActions('chorley', plan)).actions.length;
    expect(landed).toBeGreaterThan(0);
    expect(landed).toBeLessThan(reading.actions.length);

    const rerun = await importReading(policy, { council: 'chorley', plan }, reading);
    expect(rerun.created).toBe(reading.actions.length - landed);
    expect(rerun.matched).toHaveLength(landed);
    await expectEachRowOnce(policy, plan, reading);
  }, 60_000);

  it('when the store stalls (503, while the rows still land), then a rerun at once, as the stalled batches land, adds every row exactly once', async () => {
    const token = await api.token({ council: 'chorley', role: 'policy' });
    const policy = client(token);
    const reading = bigReading(1_200);
    const landing: Promise<Response>[] = [];
    const stalled = createPlansClient({
      baseUrl: 'http://plans.test',
      token,
      retryForMs: 0,
      fetch: async (input, init) => {
        if (!isSync(input)) return api.fetch(input, init);
        landing.push(api.fetch(input, init));
        return new Response(
          JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'too slow' }),
          { status: 503, headers: { 'content-type': 'application/problem+json' } },
        );
      },
    });
    const failure = await importReading(
      stalled,
      { council: 'chorley', title: 'Stalled import' },
      reading,
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ plan: expect.stringMatching(/^[0-9A-Z]{26}$/) });
    const plan = (failure as ImportInterruptedError).plan;

    const patient = createPlansClient({ baseUrl: 'http://plans.test', token, fetch: api.fetch });
    const rerun = await importReading(patient, { council: 'chorley', plan }, reading);
    await Promise.all(landing);
    expect(rerun.created + rerun.matched.length).toBe(reading.actions.length);
    await expectEachRowOnce(policy, plan, reading);
  }, 90_000);

  it('when importing, then the plan is told before any recommendation or row is sent', async () => {
    const token = await api.token({ council: 'chorley', role: 'policy' });
    const events: string[] = [];
    const watched = createPlansClient({
      baseUrl: 'http://plans.test',
      token,
      fetch: (input, init) => {
        events.push(`${init?.method ?? 'GET'} ${String(input).replace(/^.*\/plans\/?[0-9A-Z]*/, '')}`);
        return api.fetch(input, init);
      },
    });
    await importReading(watched, { council: 'chorley', title: 'Told first' }, await fixtureReading(), {
      onPlan: () => events.push('told'),
    });
    expect(events.slice(0, 2)).toEqual(['POST ', 'told']);
    expect(events.filter((e) => e.endsWith('/sync'))).not.toHaveLength(0);
  });
});

describe('plans import of a whole workbook (issue 18)', () => {
  async function areasWorkbook(): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    for (const [name, actions] of [
      ['Leadership', ['Appoint a permanent director', 'Refresh the improvement board']],
      ['Practice', ['Audit every open case']],
    ] as const) {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(['Action', 'Who by?', 'When?']);
      for (const action of actions) sheet.addRow([action, 'Director of Children’s Services', 'June 2025']);
    }
    const dir = await mkdtemp(join(tmpdir(), 'plans-import-'));
    const file = join(dir, 'areas.xlsx');
    await workbook.xlsx.writeFile(file);
    return file;
  }

  it('when each area has its own sheet, then every sheet goes into the one plan with the sheet name as the theme', async () => {
    const policy = client(await api.token({ council: 'chorley', role: 'policy' }));
    const reading = await readPlanFile(await areasWorkbook(), {});
    const summary = await importReading(policy, { council: 'chorley', title: 'Inspection 2025' }, reading);
    expect(summary).toMatchObject({ created: 3, refused: [], skipped: [] });
    const { actions } = await policy.listActions('chorley', summary.plan);
    expect(actions.map((a) => [a.theme, a.action, a.lead])).toEqual([
      ['Leadership', 'Appoint a permanent director', 'Director of Children’s Services'],
      ['Leadership', 'Refresh the improvement board', 'Director of Children’s Services'],
      ['Practice', 'Audit every open case', 'Director of Children’s Services'],
    ]);
  });

  it('when the officer maps a column with --map, then the plan stores it where they said', async () => {
    const policy = client(await api.token({ council: 'chorley', role: 'policy' }));
    const reading = await readPlanFile(await areasWorkbook(), {
      sheet: ['Practice'],
      map: 'Who by?=directorate',
    });
    const summary = await importReading(policy, { council: 'chorley', title: 'Practice only' }, reading);
    const { actions } = await policy.listActions('chorley', summary.plan);
    expect(actions.map((a) => [a.theme, a.directorate, a.lead])).toEqual([
      ['', 'Director of Children’s Services', ''],
    ]);
  });
});
