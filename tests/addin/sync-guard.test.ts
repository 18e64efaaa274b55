import { describe, expect, it } from 'vitest';
import { mayWorkbookSyncHere } from '../../addin/sync-guard.js';

const here = { council: 'chorley', api: 'https://api.plans.chorley.gov.uk' };
const meta = (council: string, api: string | null) => ({ council, api, plan: '01JAAAAAAAAAAAAAAAAAAAAAAA' });

describe('mayWorkbookSyncHere', () => {
  it('when the workbook syncs no plan yet, then it may not, and the officer is told to open or adopt first', () => {
    expect(mayWorkbookSyncHere(null, here)).toEqual({
      may: false,
      reason: 'This workbook is not synced with a plan yet: open a plan, or adopt this sheet, first.',
    });
  });

  it("when the workbook's plan is another council's, then it may not, and both councils are named", () => {
    expect(mayWorkbookSyncHere(meta('wyre', null), here)).toEqual({
      may: false,
      reason: "This workbook's plan belongs to wyre; you are signed in for chorley.",
    });
  });

  it('when the workbook syncs with another API, then it may not, and both addresses are named', () => {
    expect(mayWorkbookSyncHere(meta('chorley', 'http://127.0.0.1:8787'), here)).toEqual({
      may: false,
      reason:
        'This workbook syncs with http://127.0.0.1:8787, but the add-in is connected to https://api.plans.chorley.gov.uk.',
    });
  });

  it('when the council and API match (a trailing slash aside), then it may, and the workbook’s plan is handed back', () => {
    const mine = meta('chorley', 'https://api.plans.chorley.gov.uk/');
    expect(mayWorkbookSyncHere(mine, here)).toEqual({ may: true, meta: mine });
  });

  it('when the workbook names no API (written before it did), then the council alone decides', () => {
    expect(mayWorkbookSyncHere(meta('chorley', null), here).may).toBe(true);
  });
});
