/**
 * Your council's plans, before the workbook syncs one: the list to choose from, then the two ways
 * the workbook comes to sync the chosen plan, Open plan (open-workflow.ts) and Adopt this sheet
 * (adopt-workflow.ts, with its preview of the columns awaiting the officer's confirmation).
 */
import type { PlanEntry } from '../core/client.js';
import type { SyncMeta } from '../core/sync-base-sheet.js';
import { adoptSheet, PREVIEW_SHOWN, previewSheet, type ShownPreview } from './adopt-workflow.js';
import { openPlan } from './open-workflow.js';
import type { PanePage } from './pane-page.js';
import { chosenPlan, councilPlans, type Session } from './pane-session.js';
import type { PaneWork } from './pane-work.js';
import type { WorkbookHost } from './workbook-host.js';

export interface PlanChooserDeps {
  page: PanePage;
  host: WorkbookHost;
  api: string;
  work: PaneWork;
  /** The signed-in session, or the error that says to sign in first. */
  session(): Session;
  /** The workbook now syncs this plan. */
  synced(meta: SyncMeta): void;
  /** The whole pane again, or its buttons alone. */
  render(): void;
  buttons(): void;
}

export class PlanChooser {
  plans: PlanEntry[] = [];
  chosen: string | null = null;
  /** The columns shown for Adopt this sheet, awaiting the officer's confirmation. */
  private preview: ShownPreview | null = null;

  constructor(private readonly deps: PlanChooserDeps) {}

  get previewing(): boolean {
    return this.preview !== null;
  }

  /** The council's plans, the only one chosen already; the officer is told when there are none. */
  async load(): Promise<void> {
    const { client, me } = this.deps.session();
    const loaded = councilPlans(me.council, await client.listPlans(me.council));
    this.plans = loaded.plans;
    this.chosen = loaded.chosen;
    this.deps.render();
    if (loaded.message) this.deps.page.say(loaded.message);
  }

  /** Signed out: no plans, none chosen. */
  clear(): void {
    this.plans = [];
    this.chosen = null;
  }

  choose(planId: string | null): void {
    this.chosen = planId;
    this.deps.buttons();
  }

  render(): void {
    this.deps.page.plans(this.plans, this.chosen);
  }

  /** Open plan: the plan and its actions into a new sheet. */
  async open(): Promise<void> {
    const { page, host, api, work } = this.deps;
    await work.run('Opening the plan…', async () => {
      const opened = await openPlan(this.deps.session(), host, api, chosenPlan(this.plans, this.chosen));
      this.deps.synced(opened.placed.meta);
      page.say(opened.message);
    });
    this.deps.render();
  }

  /** Adopt this sheet, first step: the columns found and how each will be read, to confirm or correct. */
  async previewAdoption(): Promise<void> {
    const { page, host, work } = this.deps;
    const cellsOf = host.activeSheetCells?.bind(host);
    if (!cellsOf) return this.adopt();
    await work.run('Reading this sheet…', async () => {
      const preview = await previewSheet(host, cellsOf, page.document);
      page.el('adopt-preview').replaceChildren(preview.table);
      this.preview = preview;
      page.say(PREVIEW_SHOWN);
    });
    this.deps.render();
  }

  /** Adopt this sheet: the grid on the active sheet becomes the chosen (empty) plan's rows. */
  async adopt(): Promise<void> {
    const { page, host, api, work } = this.deps;
    await work.run('Adopting this sheet…', async () => {
      const session = this.deps.session();
      const plan = chosenPlan(this.plans, this.chosen);
      const adopted = await adoptSheet(session, host, api, plan, this.preview);
      this.preview = null;
      page.el('adopt-preview').replaceChildren();
      this.deps.synced(adopted.placed.meta);
      page.say(adopted.message);
    });
    this.deps.render();
  }
}
