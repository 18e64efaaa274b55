import { describe, expect, it } from 'vitest';
import { OVERDUE_FILL, RAG_FILLS } from '../../addin/excel-cells.js';
import { overdueFormula, planSheetLists, ragFormula, rowFills } from '../../addin/plan-sheet-rules.js';
import { STATUSES } from '../../core/plan.js';

describe('planSheetLists', () => {
  it('when a plan is opened, then Status offers every status and Directorate the ones in use and the officer’s, sorted, once each', () => {
    const lists = planSheetLists(
      [
        { directorate: 'Resources' },
        { directorate: ' Place ' },
        { directorate: '' },
        { directorate: 'Resources' },
      ],
      ['Policy and Governance', 'Place'],
    );
    expect(lists.statuses).toEqual([...STATUSES]);
    expect(lists.directorates).toEqual(['Place', 'Policy and Governance', 'Resources']);
  });

  it('when a directorate has a comma, then it is left out: Excel would read it as two', () => {
    expect(
      planSheetLists([{ directorate: 'Housing, Planning' }, { directorate: 'Resources' }]).directorates,
    ).toEqual(['Resources']);
  });

  it('when the directorates would not fit Excel’s 255-character list, then there is no Directorate list at all', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ directorate: `Directorate number ${i}` }));
    expect(planSheetLists(many).directorates).toEqual([]);
  });
});

describe('rowFills', () => {
  const today = '2026-06-01';

  it.each([
    ['On track', RAG_FILLS['On track']],
    ['At risk', RAG_FILLS['At risk']],
    ['Off track', RAG_FILLS['Off track']],
    ['Complete', RAG_FILLS.Complete],
    ['Not started', null],
    [null, null],
  ] as const)(
    'when the status is %j, then the Status cell is filled %j, as Excel’s RAG rules fill it',
    (status, fill) => {
      expect(rowFills({ due: null, status }, today).status).toBe(fill);
    },
  );

  it.each([
    ['2026-05-31', 'On track', OVERDUE_FILL],
    ['2026-05-31', 'Complete', null],
    ['2026-06-01', 'At risk', null],
    [null, 'At risk', null],
  ] as const)(
    'when due %j with status %j, then the Due cell is filled %j, as Excel’s overdue rule fills it',
    (due, status, fill) => {
      expect(rowFills({ due, status }, today).due).toBe(fill);
    },
  );

  it('when Excel gets the rules, then they are formulas on the Due and Status columns, one per RAG colour', () => {
    expect(overdueFormula('G', 'H')).toBe('=AND(ISNUMBER($G2),$G2<TODAY(),$H2<>"Complete")');
    expect(ragFormula('H', 'On track')).toBe('=$H2="On track"');
  });
});
