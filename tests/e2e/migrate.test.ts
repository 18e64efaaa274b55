/** `plans migrate derive-dates` as a council runs it: the real command against the real `plans serve`. */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { runPlans } from '../support/cli.js';
import { servedPlans } from '../support/served-plans.js';
import { COUNCIL } from '../support/workbook-testbed.js';

const served = servedPlans('migrate');

describe('plans migrate derive-dates against plans serve', () => {
  it('when run over every plan of the council twice, then each plan is done, hand-typed dues stay, and the second run changes nothing', async () => {
    const first = await served.newPlan();
    const second = await served.newPlan();
    const res = await fetch(`${served.url}/councils/${COUNCIL}/plans/${first}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'Typed due', timescale: 'Q3 2025/26', due: '2025-10-15' }),
    });
    expect(res.status).toBe(201);
    const migrate = ['migrate', 'derive-dates', '--council', COUNCIL, '--api', served.url];

    const run = await runPlans(migrate);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${first}  CPC October 2019: 0 rows corrected\n`);
    expect(run.stdout).toContain(`${second}  CPC October 2019: 0 rows corrected\n`);
    expect(run.stdout).toContain('\n2 plans: 2 done; 0 rows corrected\n');

    const again = await runPlans([...migrate, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).counts).toEqual({
      plans: 2,
      done: 2,
      failed: 0,
      corrected: 0,
      skipped: 0,
    });
    expect(await served.actionsOf(first)).toMatchObject([
      { due: '2025-10-15', version: 1, dueSetByHand: true },
    ]);
  });

  it('when --plan names no plan of the council, then one FAILED line gives the reason and the exit code is 1', async () => {
    const missing = ulid();
    const run = await runPlans([
      'migrate',
      'derive-dates',
      '--council',
      COUNCIL,
      '--plan',
      missing,
      '--api',
      served.url,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^${missing}: FAILED: the plans API said: `));
    expect(run.stdout).toContain('1 plan: 0 done, 1 failed');
  });
});
