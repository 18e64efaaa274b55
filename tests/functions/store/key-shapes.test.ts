/** The keys as keys.ts documents them, and the orders and separations the store relies on. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionIndexAttributes,
  actionKey,
  changeIndexAttributes,
  changeKey,
  changePrefix,
  conflictKey,
  councilProfileKey,
  createdRunKey,
  directorateKey,
  gapFillerKey,
  idempotencyKey,
  planIndexAttributes,
  planKey,
  planPk,
  recommendationIndexAttributes,
} from '../../../functions/store/keys.js';

const ref = { council: 'chorley', plan: '01JD0000000000000000000000' };
const id = '01JD0000000000000000000001';

describe('keys', () => {
  it.each([
    ['plan', planKey(ref), { pk: 'COUNCIL#chorley', sk: `PLAN#${ref.plan}` }],
    ['action', actionKey(ref, id), { pk: `PLAN#chorley#${ref.plan}`, sk: `ACTION#${id}` }],
    [
      'change record',
      changeKey(ref, id, 42),
      { pk: `PLAN#chorley#${ref.plan}`, sk: `CHANGE#${id}#000000000042` },
    ],
    [
      'bulk creation',
      createdRunKey(ref, 7),
      { pk: `PLAN#chorley#${ref.plan}`, sk: 'CHANGE#~created#000000000007' },
    ],
    ['gap marker', gapFillerKey(ref, 7), { pk: `PLAN#chorley#${ref.plan}`, sk: 'CHANGE#~gap#000000000007' }],
    [
      'conflict',
      conflictKey(ref, id, 'U'),
      { pk: `PLAN#chorley#${ref.plan}`, sk: `CHANGE#${id}#~conflict#U` },
    ],
    ['idempotency', idempotencyKey(ref, 'k'), { pk: `IDEMPOTENCY#chorley#${ref.plan}#k`, sk: 'IDEMPOTENCY' }],
    ['council profile', councilProfileKey('chorley'), { pk: 'COUNCIL#chorley', sk: 'PROFILE' }],
  ])('when a %s key is built, then it has the documented shape', (_, key, expected) => {
    expect(key).toEqual(expected);
  });

  it('when the same plan id is used by two councils, then no plan-level key is shared', () => {
    const other = { ...ref, council: 'preston' };
    expect(planPk(other)).not.toBe(planPk(ref));
    expect(actionKey(other, id)).not.toEqual(actionKey(ref, id));
    expect(idempotencyKey(other, 'k')).not.toEqual(idempotencyKey(ref, 'k'));
  });

  it('when change records sort as text, then they sort by revision, and a row’s conflicts after all its changes', () => {
    fc.assert(
      fc.property(fc.nat(999_999_999_999), fc.nat(999_999_999_999), (a, b) => {
        const [ka, kb] = [changeKey(ref, id, a).sk, changeKey(ref, id, b).sk];
        // DynamoDB compares sort keys byte by byte: for these ASCII keys, as JavaScript compares strings.
        expect(ka < kb).toBe(a < b);
        expect(conflictKey(ref, id, '01A').sk > ka).toBe(true);
        expect(ka.startsWith(changePrefix(id))).toBe(true);
      }),
    );
  });

  it('when a directorate is typed with other case and spacing, then its index key is the same', () => {
    expect(directorateKey('  Policy and   Governance ')).toBe(directorateKey('policy and governance'));
    expect(actionIndexAttributes(ref, id, 'Policy and  Governance')).toEqual({
      councilPk: 'COUNCIL#chorley',
      councilSk: `policy and governance#${ref.plan}#${id}`,
    });
  });

  it('when plans and recommendations are indexed, then they sort after every directorate', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z &,-]{0,40}$/), (directorate) => {
        const action = actionIndexAttributes(ref, id, directorate).councilSk;
        expect(planIndexAttributes(ref).councilSk > action).toBe(true);
        expect(recommendationIndexAttributes(ref, '3').councilSk > action).toBe(true);
      }),
    );
  });

  it('when a change record is indexed, then byRevision is keyed on its plan and revision', () => {
    expect(changeIndexAttributes(ref, 9)).toEqual({ revPk: planPk(ref), revSk: 9 });
  });
});
