/** `plans people …` and `plans whoami`, in-process against the API (local tokens: `sub` is the person's id). */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerPeople } from '../../cli/commands/people.js';
import { createPlansClient } from '../../core/client.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { runCommands } from '../support/cli-in-process.js';

const API_URL = 'http://plans.test';
let api: TestApi;
let admin: string;
let officer: string;

beforeAll(async () => {
  api = await createTestApi('cli-people');
  admin = await api.token({ council: 'chorley', role: 'admin', name: 'Ada Admin' });
  officer = await api.token({
    council: 'chorley',
    role: 'officer',
    subject: 'olivia',
    name: 'Olivia',
    directorates: ['Place'],
  });
});

const as =
  (token: string) =>
  (...args: string[]) =>
    runCommands(
      [
        (program) =>
          registerPeople(program, () => ({
            client: createPlansClient({ baseUrl: API_URL, token, fetch: api.fetch }),
            api: API_URL,
          })),
      ],
      args,
    );

describe('plans people and plans whoami', () => {
  it("when an admin assigns an officer to a directorate, then whoami shows it came from the council's records, and show lists the change", async () => {
    const before = await as(officer)('whoami');
    expect(before.stdout).toContain('directorates: Place, from the token');

    const set = await as(admin)(
      'people',
      'set',
      'olivia',
      '--council',
      'chorley',
      '--name',
      'Olivia Officer',
      '--directorate',
      'Resources',
    );
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toMatch(/^olivia {2}Olivia Officer: Resources {2}\(by Ada Admin, /);

    const after = await as(officer)('whoami');
    expect(after.stdout).toContain('Olivia Officer (a person, id olivia)');
    expect(after.stdout).toContain('directorates: Resources, from the council’s people records');

    const shown = await as(admin)('people', 'show', 'olivia', '--council', 'chorley');
    expect(shown.stdout).toMatch(/assigned by Ada Admin: Resources/);
    expect((await as(admin)('people', 'list', '--council', 'chorley')).stdout).toContain(
      'Olivia Officer: Resources',
    );

    const removed = await as(admin)('people', 'remove', 'olivia', '--council', 'chorley');
    expect(removed.stdout).toContain('Removed olivia');
    expect((await as(officer)('whoami')).stdout).toContain('directorates: Place, from the token');
  });

  it('when an officer tries to assign people, then one line says who may', async () => {
    const run = await as(officer)(
      'people',
      'set',
      'olivia',
      '--council',
      'chorley',
      '--name',
      'x',
      '--directorate',
      'Everything',
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toBe(
      'plans: the plans API said: Only admin and policy users can assign people to directorates.',
    );
  });
});
