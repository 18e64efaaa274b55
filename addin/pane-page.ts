/**
 * The task pane's live page: finds its elements by id and puts state onto them. The elements
 * themselves are built by taskpane-view.ts, and what shows when is decided by pane-state.ts; this
 * is the one place the controller's state meets the DOM.
 */
import type { Me, PlanEntry } from '../core/client.js';
import type { SyncMeta } from '../core/sync-base-sheet.js';
import type { ConflictItem, RefusalItem } from './conflict-items.js';
import { type PaneState, paneButtons, paneViews } from './pane-state.js';
import {
  type ConflictHandlers,
  conflictEntries,
  planRadios,
  refusalLines,
  type SyncCounts,
  syncCountGroups,
} from './taskpane-view.js';
import { whoLine } from './who.js';

export class PanePage {
  constructor(readonly document: Document) {}

  readonly el = <T extends HTMLElement = HTMLElement>(id: string): T => {
    const found = this.document.getElementById(id);
    if (!found) throw new Error(`the task pane has no #${id}`);
    return found as T;
  };

  show(id: string, visible: boolean): void {
    this.el(id).hidden = !visible;
  }

  /** The live region: what the pane is doing, or what it did. */
  say(message: string): void {
    this.el('status').textContent = message;
  }

  /** The error box: a message in plain words, or hidden when null. */
  error(message: string | null): void {
    const box = this.el('error');
    if (message !== null) box.textContent = message;
    box.hidden = message === null;
  }

  /** The views for a state, who is signed in, and which sheet the workbook syncs. */
  views(state: PaneState, me: Me | null, synced: SyncMeta | null): void {
    for (const [id, visible] of Object.entries(paneViews(state))) this.show(id, visible);
    if (me) this.el('who').textContent = whoLine(me);
    if (synced) this.el('synced-plan').textContent = `This workbook syncs the sheet "${synced.sheet}".`;
  }

  plans(plans: PlanEntry[], chosen: string | null): void {
    this.el('plan-list').replaceChildren(...planRadios(this.document, plans, chosen));
    this.show('no-plans', plans.length === 0);
  }

  buttons(state: PaneState): void {
    const { enabled, shown } = paneButtons(state);
    for (const [id, on] of Object.entries(enabled)) {
      if (on) this.el(id).removeAttribute('disabled');
      else this.el(id).setAttribute('disabled', '');
    }
    for (const [id, visible] of Object.entries(shown)) this.show(id, visible);
  }

  /** The sync's progress bar, in percent; null hides it. */
  progress(percent: number | null): void {
    const bar = this.el<HTMLElement & { value: number }>('sync-bar');
    if (percent !== null) bar.value = percent;
    bar.hidden = percent === null;
  }

  syncCounts(counts: SyncCounts): void {
    const list = this.el('sync-summary');
    list.replaceChildren(...syncCountGroups(this.document, counts));
    list.hidden = false;
  }

  refusals(items: RefusalItem[]): void {
    const list = this.el('refused-list');
    list.replaceChildren(...refusalLines(this.document, items));
    list.hidden = items.length === 0;
  }

  conflicts(items: ConflictItem[], on: ConflictHandlers): void {
    this.show('view-conflicts', items.length > 0);
    this.el('conflict-list').replaceChildren(...conflictEntries(this.document, items, on));
  }
}
