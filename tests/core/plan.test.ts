import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldChanges, sameValue } from '../../core/changes.js';
import {
  Action,
  ActionFields,
  ActionPatch,
  addMonths,
  deriveDeadlines,
  IsoDate,
  Recommendation,
  withoutControlCharacters,
} from '../../core/plan.js';
import { buildAction } from '../support/factories.js';

describe('deriveDeadlines', () => {
  it.each([
    // seed 004: on site 15-17 March 2022; a report received 20 May 2022 must be answered by 15 July 2022
    ['2022-05-20', '2022-07-15', '2022-11-20'],
    ['2019-11-15', '2020-01-10', '2020-05-15'],
    ['2023-08-31', '2023-10-26', '2024-02-29'],
  ])('when the report came on %s, then the plan is due %s and the check-in is %s', (report, due, checkIn) => {
    expect(deriveDeadlines(report)).toEqual({ actionPlanDue: due, sixMonthCheckIn: checkIn });
  });

  it('when there is no report date yet, then there are no deadlines', () => {
    expect(deriveDeadlines(null)).toEqual({ actionPlanDue: null, sixMonthCheckIn: null });
  });

  it('when months are added to a month end, then the day is clamped to the shorter month', () => {
    expect(addMonths('2021-08-31', 6)).toBe('2022-02-28');
    expect(addMonths('2023-12-31', 2)).toBe('2024-02-29');
  });
});

describe('schemas', () => {
  it('when an action is parsed with only some fields, then the rest take their empty defaults', () => {
    expect(ActionFields.parse({ action: 'Refresh the Digital Strategy' })).toMatchObject({
      action: 'Refresh the Digital Strategy',
      recommendations: [],
      due: null,
      status: null,
      extra: {},
    });
  });

  it('when a patch names one field, then no other field is filled in', () => {
    expect(ActionPatch.parse({ status: 'Complete' })).toEqual({ status: 'Complete' });
  });

  it.each(['2021-02-29', '2021-13-01', '31/03/2021', '2021-3-1'])(
    'when a date is %s, then it is refused',
    (date) => {
      expect(IsoDate.safeParse(date).success).toBe(false);
    },
  );

  it('when a status is not one of the six, then it is refused with the allowed values', () => {
    const result = ActionFields.safeParse({ status: 'Green' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('On track');
  });

  it('when cell text is longer than 10,000 characters, then it is refused', () => {
    expect(ActionFields.safeParse({ progress: 'x'.repeat(10_001) }).success).toBe(false);
  });

  it('when a recommendation number is written as the plan writes it, then it is accepted', () => {
    for (const number of ['3', 'CRD3', 'PCR1', 'R 2.1'])
      expect(Recommendation.safeParse({ number }).success).toBe(true);
  });

  it('when an action is complete, then it has an id, version and audit fields', () => {
    const shape = Object.keys(Action.shape);
    expect(shape).toEqual(
      expect.arrayContaining([
        'id',
        'version',
        'revision',
        'updatedAt',
        'updatedBy',
        'deleted',
        'milestones',
      ]),
    );
  });
});

describe('fieldChanges', () => {
  it('when only the status changed, then one change is reported with before and after', () => {
    const before = buildAction();
    expect(fieldChanges(before, { ...before, status: 'Complete' })).toEqual([
      { field: 'status', before: null, after: 'Complete' },
    ]);
  });

  it('when objects differ only in key order, then they are the same value', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
  });

  it('property: a row compared with itself has no changes; with any edit, exactly the edited fields', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.string({ maxLength: 50 }), (action, progress) => {
        const before = buildAction();
        expect(fieldChanges(before, before)).toEqual([]);
        const after = { ...before, action, progress };
        const changed = fieldChanges(before, after).map((c) => c.field);
        expect(changed).toEqual(
          ['action', 'progress'].filter((f) =>
            f === 'action' ? action !== before.action : progress !== before.progress,
          ),
        );
      }),
    );
  });
});

describe('withoutControlCharacters', () => {
  it('when texts with and without control characters are cleaned one after another, then each loses exactly those and keeps tabs and line breaks', () => {
    // A lone high surrogate only: a low one after it would make a pair, which is text.
    const REFUSED = ['\u0000', '\u0007', '\u000b', '\u001f', '\u007f', '\ud800'];
    const part = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
      fc.constantFrom('\t', '\n', '\r\n', 'é', '😀', ...REFUSED),
    );
    fc.assert(
      fc.property(fc.array(fc.array(part, { maxLength: 6 }), { maxLength: 5 }), (texts) => {
        for (const parts of texts) {
          const clean = parts.filter((p) => !REFUSED.includes(p));
          expect(withoutControlCharacters(parts.join(''))).toBe(clean.join(''));
        }
      }),
    );
  });
});
