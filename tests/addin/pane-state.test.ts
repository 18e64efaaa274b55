import { describe, expect, it } from 'vitest';
import { type PaneState, paneButtons, paneViews } from '../../addin/pane-state.js';

const state = (over: Partial<PaneState> = {}): PaneState => ({
  signedIn: true,
  synced: false,
  busy: false,
  chosen: false,
  previewing: false,
  ...over,
});

describe('paneViews', () => {
  it.each([
    ['signed out', state({ signedIn: false }), ['view-sign-in']],
    [
      'signed out, in a workbook that syncs a plan',
      state({ signedIn: false, synced: true }),
      ['view-sign-in'],
    ],
    ['signed in, the workbook syncing no plan', state(), ['view-signed-in', 'view-plans', 'view-summary']],
    [
      'signed in, the workbook syncing a plan',
      state({ synced: true }),
      ['view-signed-in', 'view-sync', 'view-summary'],
    ],
  ])('when %s, then the pane shows exactly its views for that state', (_, given, shown) => {
    const views = paneViews(given);
    expect(Object.keys(views).filter((id) => views[id as keyof typeof views])).toEqual(shown);
  });
});

describe('paneButtons', () => {
  it.each([
    ['no plan is chosen', state(), ['sync', 'council-summary']],
    ['a plan is chosen', state({ chosen: true }), ['open-plan', 'adopt-sheet', 'sync', 'council-summary']],
    [
      'a plan is chosen and its adoption preview waits',
      state({ chosen: true, previewing: true }),
      ['open-plan', 'adopt-sheet', 'adopt-confirm', 'sync', 'council-summary'],
    ],
    ['a preview waits but no plan is chosen', state({ previewing: true }), ['sync', 'council-summary']],
    ['work is running', state({ busy: true, chosen: true, previewing: true }), []],
  ])('when %s, then exactly the buttons for that state may be pressed', (_, given, enabled) => {
    const buttons = paneButtons(given).enabled;
    expect(Object.keys(buttons).filter((id) => buttons[id as keyof typeof buttons])).toEqual(enabled);
  });

  it.each([
    [true, { 'adopt-confirm': true, 'adopt-preview': true }],
    [false, { 'adopt-confirm': false, 'adopt-preview': false }],
  ])(
    'when an adoption preview waits is %s, then Adopt with these columns and the columns show or hide with it',
    (previewing, shown) => {
      expect(paneButtons(state({ previewing, chosen: true })).shown).toEqual(shown);
    },
  );
});
