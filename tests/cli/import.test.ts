import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { importReading } from '../../cli/commands/import.js';
import { readSheetCells } from '../../cli/workbook-read.js';
import { createPlansClient, type PlansClient } from '../../core/client.js';
import { readGrid } from '../../core/grid.js';
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
