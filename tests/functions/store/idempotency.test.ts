/** An idempotency key is bound to its caller and its request, and a claim whose attempt failed is let go. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../functions/store/dynamodb.js';
import { claimKey, completeKey, releaseKey } from '../../../functions/store/idempotency.js';
import { createTestStore } from '../../support/store.js';

let store: Store;
const ref = { council: 'chorley', plan: '01JD0000000000000000000000' };
const olivia = { caller: 'olivia', requestHash: 'sync-a' };
let n = 0;
const freshKey = () => `key-${Date.now()}-${n++}`;

beforeAll(async () => {
  store = await createTestStore('idempotency');
});

describe('claimKey', () => {
  it('when another caller sends a key in use, then it is a mismatch of caller, not a wait', async () => {
    const key = freshKey();
    expect(await claimKey(store, ref, key, olivia)).toMatchObject({ state: 'claimed' });
    expect(await claimKey(store, ref, key, { ...olivia, caller: 'mallory' })).toEqual({
      state: 'mismatch',
      reason: 'caller',
    });
  });

  it('when another caller sends a key already answered, then it is a mismatch, and the answer is not theirs', async () => {
    const key = freshKey();
    await claimKey(store, ref, key, olivia);
    await completeKey(store, ref, key, olivia, 'the first answer');
    expect(await claimKey(store, ref, key, { ...olivia, caller: 'mallory' })).toEqual({
      state: 'mismatch',
      reason: 'caller',
    });
    expect(await claimKey(store, ref, key, olivia)).toEqual({ state: 'done', answer: 'the first answer' });
  });

  it('when the same caller sends the key with another request, then it is a mismatch of request', async () => {
    const key = freshKey();
    await claimKey(store, ref, key, olivia);
    await completeKey(store, ref, key, olivia, 'the first answer');
    expect(await claimKey(store, ref, key, { ...olivia, requestHash: 'sync-b' })).toEqual({
      state: 'mismatch',
      reason: 'request',
    });
  });

  it("when another caller's lease has run out, then they still cannot take the key over", async () => {
    const key = freshKey();
    await claimKey(store, ref, key, olivia, 1, 1_000);
    expect(await claimKey(store, ref, key, { ...olivia, caller: 'mallory' }, 30_000, 5_000)).toEqual({
      state: 'mismatch',
      reason: 'caller',
    });
  });
});

describe('releaseKey', () => {
  it('when the attempt holding a claim failed and let it go, then the same request claims it again at once', async () => {
    const key = freshKey();
    const claim = await claimKey(store, ref, key, olivia);
    if (claim.state !== 'claimed') throw new Error(`expected a claim, got ${claim.state}`);
    await releaseKey(store, ref, key, claim.holder);
    expect(await claimKey(store, ref, key, olivia)).toMatchObject({ state: 'claimed' });
  });

  it('when a claim was taken over after its lease, then the late release of the first leaves the new holder', async () => {
    const key = freshKey();
    const first = await claimKey(store, ref, key, olivia, 1, 1_000);
    const second = await claimKey(store, ref, key, olivia, 30_000, 5_000);
    if (first.state !== 'claimed' || second.state !== 'claimed') throw new Error('expected two claims');
    await releaseKey(store, ref, key, first.holder);
    expect(await claimKey(store, ref, key, olivia, 30_000, 6_000)).toEqual({ state: 'in-progress' });
  });

  it('when a key was answered, then a release keeps the answer', async () => {
    const key = freshKey();
    const claim = await claimKey(store, ref, key, olivia);
    if (claim.state !== 'claimed') throw new Error('expected a claim');
    await completeKey(store, ref, key, olivia, 'kept');
    await releaseKey(store, ref, key, claim.holder);
    expect(await claimKey(store, ref, key, olivia)).toEqual({ state: 'done', answer: 'kept' });
  });
});
