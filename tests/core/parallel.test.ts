import { describe, expect, it } from 'vitest';
import { eachInParallel } from '../../core/parallel.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('eachInParallel', () => {
  it('when given more items than the limit, then no more than the limit run at once and every item runs once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachInParallel([5, 1, 4, 2, 3, 1, 2], 3, async (ms, index) => {
      running += 1;
      most = Math.max(most, running);
      await pause(ms);
      running -= 1;
      done.push(index);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('when an item fails, then no new item starts, the running ones finish, and the failure is thrown', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = eachInParallel([0, 1, 2, 3, 4, 5], 2, async (_, index) => {
      started.push(index);
      if (index === 1) throw new Error('row 2 refused');
      await pause(5);
      finished.push(index);
    });
    await expect(run).rejects.toThrow('row 2 refused');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  it('when there are no items, then nothing runs', async () => {
    let calls = 0;
    await eachInParallel([], 4, async () => {
      calls += 1;
    });
    expect(calls).toBe(0);
  });
});
