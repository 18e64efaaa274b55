/**
 * The task pane's controller: keeps who is signed in and what the workbook syncs, and wires the
 * page's controls to the workflows: sign in (pane-session.ts), choose, open or adopt a plan
 * (plan-chooser.ts), sync (sync-workflow.ts), Keep mine / Take theirs (conflict-actions.ts), the
 * council summary (summary-workflow.ts). The page is pane-page.ts, what shows when pane-state.ts,
 * and one piece of work runs at a time through pane-work.ts. `taskpane.ts` starts it.
 */
import type { TokenProvider } from '../core/client.js';
import type { SyncMeta } from '../core/sync-base-sheet.js';
import { type AddinConfig, apiBase, usesMicrosoftSignIn } from './config.js';
import { ConflictList } from './conflict-actions.js';
import { ManagePane } from './manage-pane.js';
import { PanePage } from './pane-page.js';
import { PaneSession } from './pane-session.js';
import type { PaneState } from './pane-state.js';
import { PaneWork } from './pane-work.js';
import { PlanChooser } from './plan-chooser.js';
import type { TokenStore } from './sign-in.js';
import { writeCouncilSummary } from './summary-workflow.js';
import { syncShown, syncWorkbook } from './sync-workflow.js';
import type { WorkbookHost } from './workbook-host.js';

export interface TaskPaneDeps {
  document: Document;
  host: WorkbookHost;
  config: AddinConfig;
  pageUrl: string;
  tokens: TokenStore;
  fetch?: typeof fetch;
  /** Microsoft sign-in's token provider (tests give one of their own). */
  microsoftTokens?: (config: AddinConfig) => TokenProvider;
  /** Today, for the summary's "as of" (the officer's calendar date). */
  now?: () => Date;
}

export class TaskPane {
  private synced: SyncMeta | null = null;
  readonly api: string;
  private readonly page: PanePage;
  private readonly work: PaneWork;
  private readonly session: PaneSession;
  private readonly plans: PlanChooser;
  private readonly conflicts: ConflictList;
  /** Plan details, recommendations and people: policy and admin users only. */
  private readonly manage: ManagePane;

  constructor(private readonly deps: TaskPaneDeps) {
    const { host, document } = deps;
    const page = new PanePage(document);
    const api = apiBase(deps.config, deps.pageUrl);
    const buttons = () => page.buttons(this.state());
    const signOut = (message: string) => this.session.end(message);
    const work = new PaneWork({ page, api, onBusy: buttons, signOut });
    this.page = page;
    this.api = api;
    this.work = work;
    const render = () => this.render();
    this.plans = new PlanChooser({
      page,
      host,
      api,
      work,
      buttons,
      render,
      session: () => this.session.require(),
      synced: (meta) => {
        this.synced = meta;
      },
    });
    this.conflicts = new ConflictList({ page, host, work });
    this.manage = new ManagePane({
      document,
      work: (message, task) => (work.busy ? Promise.resolve() : work.run(message, task)),
      say: (message) => page.say(message),
    });
    // The session's own settings (config, tokens, fetch, microsoftTokens) come as the pane was given them.
    this.session = new PaneSession({
      ...deps,
      api,
      page,
      work,
      render,
      manage: this.manage,
      plans: this.plans,
      synced: () => this.synced !== null,
    });
  }

  /** Wires the page's controls to the workflows: the only DOM event code there is. */
  wire(): void {
    const { el } = this.page;
    const click = (id: string, work: () => Promise<void>) =>
      el(id).addEventListener('click', () => {
        if (!this.work.busy && !el(id).hasAttribute('disabled')) void work();
      });
    el<HTMLFormElement>('sign-in-local').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.session.useToken(el<HTMLTextAreaElement>('token').value);
    });
    click('sign-in-microsoft', () => this.session.withMicrosoft());
    click('sign-out', async () => this.session.end('Signed out.'));
    click('open-plan', () => this.plans.open());
    click('adopt-sheet', () => this.plans.previewAdoption());
    click('adopt-confirm', () => this.plans.adopt());
    click('sync', () => this.syncNow());
    click('council-summary', () => this.councilSummary());
    this.manage.wire();
    el('plan-list').addEventListener('change', (event) => {
      const value = (event.target as { value?: unknown }).value;
      this.plans.choose(typeof value === 'string' && value !== '' ? value : null);
    });
    el('plan-list').addEventListener('click', (event) => {
      const radio = (event.target as HTMLElement).closest<HTMLElement>('[data-plan]');
      if (radio?.dataset.plan) this.plans.choose(radio.dataset.plan);
    });
  }

  /** First view: signed in already this session? Does the workbook already sync a plan? */
  async start(): Promise<void> {
    const cloud = usesMicrosoftSignIn(this.deps.config);
    this.page.show('sign-in-cloud', cloud);
    this.page.show('sign-in-local', !cloud);
    this.wire();
    try {
      this.synced = await this.deps.host.syncedPlan();
    } catch (error) {
      this.work.fail(error);
    }
    if (!(await this.session.resume())) this.render();
  }

  /** Sync: one round trip, then the summary and any conflicts. */
  async syncNow(): Promise<void> {
    await this.work.run('Syncing…', async () => {
      const result = await syncWorkbook({
        session: this.session.require(),
        host: this.deps.host,
        api: this.api,
        synced: this.synced,
        onProgress: (percent) => this.page.progress(percent),
      });
      const shown = syncShown(result, this.conflicts.listed);
      this.conflicts.set(shown.conflicts);
      this.page.syncCounts(shown.counts);
      this.page.refusals(shown.refusals);
      this.page.say(shown.message);
    });
    this.page.progress(null);
    this.render();
  }

  /** Council summary: the roll-up as of today into the Summary sheet, refreshed in place. */
  async councilSummary(): Promise<void> {
    await this.work.run('Fetching the council summary…', async () => {
      const today = this.deps.now?.() ?? new Date();
      const say = (message: string) => this.page.say(message);
      say(await writeCouncilSummary(this.session.require(), this.deps.host, this.plans.plans, today, say));
    });
  }

  private state(): PaneState {
    return {
      signedIn: this.session.current !== null,
      synced: this.synced !== null,
      busy: this.work.busy,
      chosen: this.plans.chosen !== null,
      previewing: this.plans.previewing,
    };
  }

  private render(): void {
    this.page.views(this.state(), this.session.current?.me ?? null, this.synced);
    this.plans.render();
    this.conflicts.render();
    this.page.buttons(this.state());
  }
}
