import { describe, expect, it } from 'vitest';
import { openedMessage } from '../../addin/open-workflow.js';
import type { PlacedSheet } from '../../addin/workbook-host.js';

describe('openedMessage', () => {
  it('when a plan is opened, then the pane names the plan, the sheet it went into and its rows', () => {
    const placed: PlacedSheet = {
      meta: {
        council: 'chorley',
        plan: '01JAAAAAAAAAAAAAAAAAAAAAAA',
        sheet: 'Chorley peer challenge',
        headerRow: 1,
        firstColumn: 1,
        api: null,
      },
      rows: 42,
    };
    expect(openedMessage('Chorley peer challenge 2025', placed)).toBe(
      'Opened "Chorley peer challenge 2025" in the sheet "Chorley peer challenge" with 42 rows.',
    );
  });
});
