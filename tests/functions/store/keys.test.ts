/** DynamoDB's key limits are in UTF-8 bytes: the longest, widest values the edge lets through must fit. */
import { describe, expect, it } from 'vitest';
import { ActionFields, MAX_DIRECTORATE } from '../../../core/plan.js';
import {
  actionIndexAttributes,
  actionKey,
  idempotencyKey,
  recommendationKey,
} from '../../../functions/store/keys.js';

const PARTITION_KEY_BYTES = 2_048;
const SORT_KEY_BYTES = 1_024;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const ref = { council: `c${'-'.repeat(62)}`, plan: '01JD0000000000000000000000' };
const id = '01JD0000000000000000000001';

describe('keys at the edge limits', () => {
  it('when a directorate is as long as allowed in letters that grow when lower-cased, then its index sort key fits', () => {
    // "İ" is 2 bytes and one UTF-16 unit, and lower-cases to "i̇", 3 bytes: the widest there is.
    const directorate = 'İ'.repeat(MAX_DIRECTORATE);
    expect(ActionFields.shape.directorate.safeParse(directorate).success).toBe(true);
    const { councilPk, councilSk } = actionIndexAttributes(ref, id, directorate);
    expect(bytes(councilSk)).toBeLessThanOrEqual(SORT_KEY_BYTES);
    expect(bytes(councilPk)).toBeLessThanOrEqual(PARTITION_KEY_BYTES);
  });

  it('when one character more is sent, then the field refuses it', () => {
    expect(ActionFields.shape.directorate.safeParse('x'.repeat(MAX_DIRECTORATE + 1)).success).toBe(false);
  });

  it('when the other keys take their longest values, then they fit', () => {
    expect(bytes(actionKey(ref, id).pk)).toBeLessThanOrEqual(PARTITION_KEY_BYTES);
    expect(bytes(recommendationKey(ref, 'R'.repeat(50)).sk)).toBeLessThanOrEqual(SORT_KEY_BYTES);
    expect(bytes(idempotencyKey(ref, 'k'.repeat(128)).pk)).toBeLessThanOrEqual(PARTITION_KEY_BYTES);
  });
});
