/**
 * What the task pane shows, and which buttons may be pressed, in each state. Pure: the controller
 * (taskpane-app.ts) keeps the state, the page (pane-page.ts) applies the answer.
 */

export interface PaneState {
  signedIn: boolean;
  /** The workbook syncs a plan (one was opened or the sheet adopted). */
  synced: boolean;
  /** A piece of work is running: no button may start another. */
  busy: boolean;
  /** A plan is chosen in the list. */
  chosen: boolean;
  /** Adopt this sheet's columns are shown, awaiting the officer's confirmation. */
  previewing: boolean;
}

export type PaneView = 'view-sign-in' | 'view-signed-in' | 'view-plans' | 'view-sync' | 'view-summary';

/** Signed out: the sign-in alone. Signed in: choose a plan until the workbook syncs one, then Sync. */
export function paneViews(state: PaneState): Record<PaneView, boolean> {
  const { signedIn, synced } = state;
  return {
    'view-sign-in': !signedIn,
    'view-signed-in': signedIn,
    'view-plans': signedIn && !synced,
    'view-sync': signedIn && synced,
    'view-summary': signedIn,
  };
}

export type PaneButton = 'open-plan' | 'adopt-sheet' | 'adopt-confirm' | 'sync' | 'council-summary';

export interface PaneButtons {
  enabled: Record<PaneButton, boolean>;
  /** Adopt with these columns, and the columns themselves, appear only while a preview waits. */
  shown: Record<'adopt-confirm' | 'adopt-preview', boolean>;
}

/** Nothing while work runs; Open and Adopt need a chosen plan; confirming an adoption needs its preview. */
export function paneButtons(state: PaneState): PaneButtons {
  const idle = !state.busy;
  return {
    enabled: {
      'open-plan': idle && state.chosen,
      'adopt-sheet': idle && state.chosen,
      'adopt-confirm': idle && state.chosen && state.previewing,
      sync: idle,
      'council-summary': idle,
    },
    shown: { 'adopt-confirm': state.previewing, 'adopt-preview': state.previewing },
  };
}
