import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, deriveDeadlines, STATUSES } from '../../core/plan.js';
import {
  DUE_SOON_DAYS,
  lifecycleOf,
  milestoneState,
  type PlannedAction,
  STALE_DAYS,
  STATUS_KEYS,
  summarise,
} from '../../core/summary.js';
import { buildAction } from '../support/factories.js';

let counter = 0;
function planned(overrides: Partial<PlannedAction> = {}): PlannedAction {
  counter += 1;
  return {
    ...buildAction(),
    id: `01JD${String(counter).padStart(22, '0')}`,
    version: 1,
    revision: counter,
    updatedAt: '2026-11-01T10:00:00.000Z',
    updatedBy: 'x',
    deleted: false,
    plan: 'P1',
    ...overrides,
  };
}

const plan = {
  id: 'P1',
  title: 'CPC 2022',
  reportReceived: '2022-05-20',
  deadlines: deriveDeadlines('2022-05-20'),
  actionPlanPublished: null,
  checkInHeld: null,
};

const asOf = '2026-11-23';

describe('summarise', () => {
  it('when actions are overdue, due soon, leaderless, undated or stale, then each list holds exactly them', () => {
    const actions = [
      planned({ action: 'late', due: '2026-10-01', status: 'On track' }),
      planned({ action: 'late but complete', due: '2026-10-01', status: 'Complete' }),
      planned({ action: 'soon', due: '2026-12-10' }),
      planned({ action: 'later', due: '2027-03-31' }),
      planned({ action: 'no lead', lead: '  ', due: '2027-03-31' }),
      planned({ action: 'no date', due: null }),
      planned({ action: 'stale', due: '2027-03-31', updatedAt: '2026-07-01T09:00:00.000Z' }),
      planned({ action: 'deleted', due: '2026-10-01', deleted: true }),
    ];
    const s = summarise([plan], actions, [], asOf);
    expect(s.live).toBe(7);
    expect(s.overdue.map((a) => a.action)).toEqual(['late']);
    expect(s.dueSoon.map((a) => a.action)).toEqual(['soon']);
    expect(s.noLead.map((a) => a.action)).toEqual(['no lead']);
    expect(s.noDueDate.map((a) => a.action)).toEqual(['no date']);
    expect(s.stale.map((a) => a.action)).toEqual(['stale']);
  });

  it('when a recommendation has no live action, then it is listed as unlinked; a code counts as a link', () => {
    const recs = [
      { plan: 'P1', number: '1', text: 'Celebrate', theme: null, code: null },
      { plan: 'P1', number: '2', text: 'Narrative of place', theme: null, code: null },
      { plan: 'P1', number: '3', text: 'IT integrity', theme: null, code: 'CRD3' },
      { plan: 'P1', number: '4', text: 'Only a deleted action', theme: null, code: null },
    ];
    const actions = [
      planned({ recommendations: ['1'] }),
      planned({ recommendations: ['CRD3'] }),
      planned({ recommendations: ['4'], deleted: true }),
    ];
    expect(summarise([plan], actions, recs, asOf).unlinkedRecommendations.map((r) => r.number)).toEqual([
      '2',
      '4',
    ]);
  });

  it('property: every live action is counted once in the directorate × status table and in the status totals', () => {
    const action = fc.record({
      directorate: fc.constantFrom('', 'Housing', 'Finance', 'Policy and Governance'),
      status: fc.constantFrom(null, ...STATUSES),
      deleted: fc.boolean(),
      due: fc.constantFrom(null, '2020-01-31', '2026-12-01', '2030-06-30'),
    });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (specs) => {
        const s = summarise(
          [plan],
          specs.map((spec) => planned(spec)),
          [],
          asOf,
        );
        const live = specs.filter((x) => !x.deleted).length;
        expect(s.live).toBe(live);
        expect(Object.values(s.byStatus).reduce((a, b) => a + b, 0)).toBe(live);
        expect(s.byDirectorate.reduce((sum, row) => sum + row.total, 0)).toBe(live);
        for (const row of s.byDirectorate) {
          expect(STATUS_KEYS.reduce((sum, k) => sum + row.counts[k], 0)).toBe(row.total);
        }
        for (const key of STATUS_KEYS) {
          expect(s.byDirectorate.reduce((sum, row) => sum + row.counts[key], 0)).toBe(s.byStatus[key]);
        }
      }),
    );
  });
});

describe('summarise lists, against their definitions', () => {
  it('property: each list holds exactly the live actions its rule picks, in its order', () => {
    const action = fc.record({
      status: fc.constantFrom(null, ...STATUSES),
      deleted: fc.boolean(),
      lead: fc.constantFrom('', '  ', 'Head of HR'),
      due: fc.constantFrom(null, '2020-01-31', asOf, '2026-12-01', '2026-12-31', '2030-06-30'),
      updatedAt: fc.constantFrom('2025-01-06T09:00:00.000Z', '2026-11-01T10:00:00.000Z'),
    });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (specs) => {
        const actions = specs.map((spec) => planned(spec));
        const s = summarise([plan], actions, [], asOf);
        const open = actions.filter((a) => !a.deleted && a.status !== 'Complete');
        const ids = (list: { id: string }[]) => list.map((a) => a.id);
        const byDue = (a: PlannedAction, b: PlannedAction) =>
          (a.due ?? '9999') < (b.due ?? '9999')
            ? -1
            : (a.due ?? '9999') > (b.due ?? '9999')
              ? 1
              : a.id < b.id
                ? -1
                : 1;
        const soon = addDays(asOf, DUE_SOON_DAYS);
        const staleBefore = addDays(asOf, -STALE_DAYS);
        expect(ids(s.overdue)).toEqual(ids(open.filter((a) => a.due !== null && a.due < asOf).sort(byDue)));
        expect(ids(s.dueSoon)).toEqual(
          ids(open.filter((a) => a.due !== null && a.due >= asOf && a.due <= soon).sort(byDue)),
        );
        expect(ids(s.noLead)).toEqual(ids(open.filter((a) => a.lead.trim() === '')));
        expect(ids(s.noDueDate)).toEqual(ids(open.filter((a) => a.due === null)));
        expect(new Set(ids(s.stale))).toEqual(
          new Set(ids(open.filter((a) => a.updatedAt.slice(0, 10) < staleBefore))),
        );
        expect(s.stale.map((a) => a.updatedAt)).toEqual(s.stale.map((a) => a.updatedAt).sort());
      }),
    );
  });
});

describe('plan lifecycle', () => {
  it('when seed 004 (on site 15-17 March 2022) got its report on 20 May 2022, then the plan was due 15 July and the check-in 20 November', () => {
    const lifecycle = lifecycleOf(plan, '2022-06-01');
    expect(lifecycle).toMatchObject({
      actionPlanDue: '2022-07-15',
      actionPlan: 'due',
      sixMonthCheckIn: '2022-11-20',
      checkIn: 'due',
    });
  });

  it('when the plan was published after its deadline, then it is late; on or before, met', () => {
    expect(lifecycleOf({ ...plan, actionPlanPublished: '2022-09-06' }, '2023-01-01').actionPlan).toBe('late');
    expect(lifecycleOf({ ...plan, actionPlanPublished: '2022-07-15' }, '2023-01-01').actionPlan).toBe('met');
  });

  it('when a deadline passed with nothing recorded, then it is overdue; with no report date, unknown', () => {
    expect(milestoneState('2022-07-15', null, '2022-08-01')).toBe('overdue');
    expect(milestoneState(null, null, '2022-08-01')).toBe('unknown');
  });
});
