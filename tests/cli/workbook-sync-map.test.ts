/**
 * `plans sync --map` on the first sync (adoption): the officer's mapping decides which field
 * each column syncs, and the workbook remembers it for every later sync (issue 18).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSync } from '../../cli/commands/sync.js';
import { runCommands } from '../support/cli-in-process.js';
import { COUNCIL, editWorkbook, workbookTestbed } from '../support/workbook-testbed.js';

const bed = workbookTestbed('workbook-sync-map');
beforeEach(() => {
  vi.stubEnv('PLANS_TOKEN', bed.token);
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => bed.api.fetch(input, init));
});

const plans = (...args: string[]) => runCommands([registerSync], args);
const sync = (file: string, plan: string, ...more: string[]) =>
  plans('sync', file, '--council', COUNCIL, '--plan', plan, '--api', 'http://plans.test', ...more);

describe('plans sync --map', () => {
  it('when the officer maps a column on the first sync, then the plan takes it so, the sync says so, and later syncs remember it', async () => {
    const file = await bed.fixtureCopy();
    const plan = await bed.newPlan();
    const first = await sync(file, plan, '--map', 'Directorate=lead');
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('"Directorate" -> lead');
    const adopted = await bed.actionsOf(plan);
    expect(adopted.find((a) => a.action === 'Creation of an Investment Strategy')).toMatchObject({
      lead: 'Commercial Services',
      directorate: '',
    });

    await editWorkbook(file, (sheet) => {
      sheet.getCell('D4').value = 'Chief Executive';
    });
    const second = await sync(file, plan);
    expect(second.exitCode).toBe(0);
    const after = await bed.actionsOf(plan);
    expect(after.find((a) => a.action === 'Creation of an Investment Strategy')).toMatchObject({
      lead: 'Chief Executive',
      directorate: '',
    });
  });

  it('when --map is given to a workbook already synced, then it says the mapping was set at adoption', async () => {
    const file = await bed.fixtureCopy();
    const plan = await bed.newPlan();
    await sync(file, plan);
    const again = await sync(file, plan, '--map', 'Directorate=lead');
    expect(again.stderr).toBe(
      `plans: ${file} already syncs with plan ${plan}, with the columns mapped when it was adopted: leave out --map\n`,
    );
    expect(again.exitCode).not.toBe(0);
  });
});
