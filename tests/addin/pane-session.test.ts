import { describe, expect, it } from 'vitest';
import { chosenPlan, councilPlans, pastedTokenError, signedInMessage } from '../../addin/pane-session.js';
import { ApiError, type Me, type PlanEntry } from '../../core/client.js';

const entry = (id: string, title: string): PlanEntry => ({
  id,
  council: 'chorley',
  title,
  reportReceived: '2025-02-03',
  onSiteFrom: null,
  onSiteTo: null,
  themes: [],
  actionPlanPublished: null,
  checkInHeld: null,
  deadlines: { actionPlanDue: '2025-03-31', sixMonthCheckIn: '2025-08-03' },
  revision: 3,
  createdAt: '2025-02-03T10:00:00.000Z',
  createdBy: 'Priya Shah',
});
const ONE = entry('01JAAAAAAAAAAAAAAAAAAAAAAA', 'Chorley peer challenge 2025');
const TWO = entry('01JBBBBBBBBBBBBBBBBBBBBBBB', 'Chorley check-in 2026');

describe('councilPlans', () => {
  it.each([
    ['no plans', [], null, 'chorley has no plans yet: your policy team starts them.'],
    ['one plan', [ONE], ONE.id, null],
    ['two plans', [ONE, TWO], null, null],
  ])(
    'when the council has %s, then the one chosen and what the officer is told follow',
    (_, plans, chosen, message) => {
      expect(councilPlans('chorley', plans)).toEqual({ plans, chosen, message });
    },
  );
});

describe('chosenPlan', () => {
  it('when a plan in the list is chosen, then it is that plan', () => {
    expect(chosenPlan([ONE, TWO], TWO.id)).toBe(TWO);
  });

  it.each([null, '01JZZZZZZZZZZZZZZZZZZZZZZZ'])(
    'when %s is chosen, then the officer is asked to choose a plan first',
    (chosen) => {
      expect(() => chosenPlan([ONE, TWO], chosen)).toThrow('Choose a plan first.');
    },
  );
});

describe('pastedTokenError', () => {
  it('when the server refuses the pasted token (401), then the officer is told it expired or is for another server', () => {
    const refused = pastedTokenError(
      new ApiError(401, {
        type: 'unauthorized',
        title: 'Unauthorized',
        status: 401,
        detail: 'token expired',
      }),
    );
    expect((refused as Error).message).toBe(
      'That token was refused: it has expired or is for another server. Make a new one with `npx plans token`.',
    );
  });

  it('when the sign-in fails otherwise, then the error passes as it is', () => {
    const forbidden = new ApiError(403, { type: 'forbidden', title: 'Forbidden', status: 403, detail: 'no' });
    expect(pastedTokenError(forbidden)).toBe(forbidden);
  });
});

describe('signedInMessage', () => {
  it('when the server says who the officer is, then the pane names their council', () => {
    const me: Me = {
      id: 'officer@chorley',
      kind: 'person',
      name: 'Olivia Officer',
      council: 'chorley',
      councilName: 'Chorley Council',
      role: 'officer',
      directorates: [],
      tokenDirectorates: [],
      sources: { council: 'token', role: 'token', name: 'token', directorates: 'none' },
    };
    expect(signedInMessage(me)).toBe('Signed in for Chorley Council.');
  });
});
