import { describe, expect, it } from 'vitest';
import { adoptRefusal } from '../../addin/adopt-workflow.js';

describe('adoptRefusal', () => {
  it('when the chosen plan is empty, then it may take the sheet', () => {
    expect(adoptRefusal('Chorley peer challenge 2025', 0)).toBeNull();
  });

  it('when the chosen plan has actions, then the officer is told how many and to open it or choose an empty plan', () => {
    expect(adoptRefusal('Chorley peer challenge 2025', 12)).toBe(
      '"Chorley peer challenge 2025" already has 12 actions: use Open plan, or choose an empty plan to adopt this sheet into.',
    );
  });
});
