import { describe, expect, it } from 'vitest';
import {
  deadlinesLine,
  directoratesFrom,
  managing,
  missingFromRegister,
  personLine,
  planChanges,
  type TypedPlanDetails,
} from '../../addin/manage-rules.js';
import type { Me } from '../../core/client.js';
import type { Plan } from '../../core/plan.js';

const me = (role: Me['role'], kind: Me['kind'] = 'person'): Me => ({
  id: `${role}@chorley`,
  kind,
  name: 'Someone',
  council: 'chorley',
  councilName: 'Chorley',
  role,
  directorates: [],
  tokenDirectorates: [],
  sources: { council: 'token', role: 'token', name: 'token', directorates: 'none' },
});

const plan: Plan = {
  id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  council: 'chorley',
  title: 'Chorley peer challenge 2025',
  reportReceived: '2025-02-03',
  onSiteFrom: null,
  onSiteTo: null,
  themes: [],
  actionPlanPublished: null,
  checkInHeld: null,
  deadlines: { actionPlanDue: '2025-03-31', sixMonthCheckIn: '2025-08-03' },
  recommendations: [],
  revision: 3,
  createdAt: '2025-02-03T10:00:00.000Z',
  createdBy: 'Priya Shah',
};

const typed = (changes: Partial<TypedPlanDetails['dates']> = {}, title = plan.title): TypedPlanDetails => ({
  title,
  dates: {
    reportReceived: '2025-02-03',
    onSiteFrom: '',
    onSiteTo: '',
    actionPlanPublished: '',
    checkInHeld: '',
    ...changes,
  },
});

describe('managing', () => {
  it.each([
    ['policy', true],
    ['admin', true],
    ['officer', false],
    ['viewer', false],
    ['sync', false],
  ] as const)(
    'when the server says the caller is %s, then the management screens are shown: %s',
    (role, shown) => {
      expect(managing(me(role))).toEqual({ plans: shown, people: shown });
    },
  );

  it('when the caller is an application, then it gets no management screens whatever its role', () => {
    expect(managing(me('admin', 'application'))).toEqual({ plans: false, people: false });
  });
});

describe('planChanges', () => {
  it('when nothing was changed, then nothing is sent', () => {
    expect(planChanges(plan, typed())).toEqual({});
  });

  it('when a date is typed, then only that date is sent', () => {
    expect(planChanges(plan, typed({ actionPlanPublished: ' 2025-03-20 ' }))).toEqual({
      actionPlanPublished: '2025-03-20',
    });
  });

  it('when a date is emptied, then it is sent as not recorded (null)', () => {
    expect(planChanges(plan, typed({ reportReceived: '' }))).toEqual({ reportReceived: null });
  });

  it('when the title is changed, then the trimmed title is sent', () => {
    expect(planChanges(plan, typed({}, '  Chorley CPC 2025 '))).toEqual({ title: 'Chorley CPC 2025' });
  });
});

describe('deadlinesLine', () => {
  it('when the report date is known, then both deadlines are named', () => {
    expect(deadlinesLine(plan)).toBe(
      'Deadlines: action plan due 2025-03-31; six-month check-in due 2025-08-03.',
    );
  });

  it('when it is not, then the line says which date gives them', () => {
    expect(deadlinesLine({ deadlines: { actionPlanDue: null, sixMonthCheckIn: null } })).toBe(
      'Deadlines: set the date the feedback report was received to see them.',
    );
  });
});

describe('directoratesFrom', () => {
  it('when directorates are typed with commas or one a line, then each is trimmed, blanks and repeats dropped', () => {
    expect(directoratesFrom(' Housing, Resources,\nHousing ,, ')).toEqual(['Housing', 'Resources']);
  });

  it('when nothing is typed, then the list is empty', () => {
    expect(directoratesFrom('  ')).toEqual([]);
  });
});

describe('personLine', () => {
  it('when a person has directorates, then they are listed after the name and id', () => {
    expect(personLine({ id: 'officer@chorley', name: 'Olivia Officer', directorates: ['Housing'] })).toBe(
      'Olivia Officer (officer@chorley): edits Housing',
    );
  });

  it('when a person has none, then the line says so', () => {
    expect(personLine({ id: 'o1', name: 'Olivia Officer', directorates: [] })).toBe(
      'Olivia Officer (o1): edits no directorate',
    );
  });
});

describe('missingFromRegister', () => {
  const register = [
    { number: '1', code: 'CRD1' },
    { number: '2', code: null },
  ];
  const linked = (recommendations: string[], deleted = false) => ({ recommendations, deleted });

  it('when every link is in the register (by number or code), then there is nothing to say', () => {
    expect(missingFromRegister([linked(['1']), linked(['crd1', '2'])], register)).toBeNull();
  });

  it('when one number is missing, then it is named once, however many actions link to it', () => {
    expect(missingFromRegister([linked(['4']), linked(['4', '1'])], register)).toBe(
      'Actions link to recommendation 4, which this register does not have: add it, or correct the link in the plan.',
    );
  });

  it('when several are missing, then they are listed in number order; deleted actions do not count', () => {
    expect(missingFromRegister([linked(['10', '4']), linked(['7']), linked(['9'], true)], register)).toBe(
      'Actions link to recommendations 4, 7 and 10, which this register does not have: add them, or correct the links in the plan.',
    );
  });
});
