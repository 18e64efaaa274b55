/**
 * The task pane's controller: the session, the workflows (sign in, choose a plan, open it or adopt
 * the sheet, sync, the council summary) and the conflict actions.
 * It talks to the workbook only through a WorkbookHost and to the plans service only through the
 * typed client; the page is built by taskpane-view.ts, whether a workbook may sync here is
 * sync-guard.ts, and the words come from small pure modules. `taskpane.ts` starts it.
 */
import {
  ApiError,
  createPlansClient,
  type Me,
  type PlanEntry,
  type PlansClient,
  type TokenProvider,
} from '../core/client.js';
import { INTERACTIVE_RETRY_MS } from '../core/limits.js';
import type { SyncMeta } from '../core/sync-base-sheet.js';
import {
  type AdoptPreview,
  adoptPreview,
  confirmedMap,
  readChoices,
  renderAdoptPreview,
} from './adopt-preview.js';
import { type AddinConfig, apiBase, usesMicrosoftSignIn } from './config.js';
import { type ConflictItem, conflictItems, refusalItems, summaryLine } from './conflict-items.js';
import { syncKeepingUp } from './excel-sync.js';
import { localIsoDate } from './local-date.js';
import { ManagePane } from './manage-pane.js';
import { plainError } from './plain-errors.js';
import { microsoftTokens, pastedToken, type TokenStore } from './sign-in.js';
import { planTitlesOf, SUMMARY_SHEET, SummaryNotAPlanError, summaryMessage } from './summary-rows.js';
import { mayWorkbookSyncHere } from './sync-guard.js';
import {
  conflictEntries,
  planRadios,
  refusalLines,
  type SyncCounts,
  syncCountGroups,
} from './taskpane-view.js';
import { whoLine } from './who.js';
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

interface Session {
  token: TokenProvider | string;
  /** Who the server says the officer is (GET /me): the pane never reads a token. */
  me: Me;
  client: PlansClient;
}

export class TaskPane {
  private session: Session | null = null;
  private plans: PlanEntry[] = [];
  private chosen: string | null = null;
  private synced: SyncMeta | null = null;
  private conflicts: ConflictItem[] = [];
  private busy = false;
  /** The columns shown for Adopt this sheet, awaiting the officer's confirmation. */
  private preview: { data: AdoptPreview; table: HTMLTableElement } | null = null;
  readonly api: string;
  /** Plan details, recommendations and people: policy and admin users only. */
  private readonly manage: ManagePane;

  constructor(private readonly deps: TaskPaneDeps) {
    this.api = apiBase(deps.config, deps.pageUrl);
    this.manage = new ManagePane({
      document: deps.document,
      work: (message, task) => (this.busy ? Promise.resolve() : this.work(message, task)),
      say: (message) => this.say(message),
    });
  }

  private el<T extends HTMLElement = HTMLElement>(id: string): T {
    const found = this.deps.document.getElementById(id);
    if (!found) throw new Error(`the task pane has no #${id}`);
    return found as T;
  }

  private show(id: string, visible: boolean): void {
    this.el(id).hidden = !visible;
  }

  /** Wires the page's controls to the work below: the only DOM event code there is. */
  wire(): void {
    const click = (id: string, work: () => Promise<void>) =>
      this.el(id).addEventListener('click', () => {
        if (!this.busy && !this.el(id).hasAttribute('disabled')) void work();
      });
    this.el<HTMLFormElement>('sign-in-local').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.useToken(this.el<HTMLTextAreaElement>('token').value);
    });
    click('sign-in-microsoft', () => this.signInWithMicrosoft());
    click('sign-out', async () => this.signOut('Signed out.'));
    click('open-plan', () => this.openChosenPlan());
    click('adopt-sheet', () => this.previewAdoption());
    click('adopt-confirm', () => this.adoptActiveSheet());
    click('sync', () => this.syncNow());
    click('council-summary', () => this.councilSummary());
    this.manage.wire();
    this.el('plan-list').addEventListener('change', (event) => {
      const value = (event.target as { value?: unknown }).value;
      this.choose(typeof value === 'string' && value !== '' ? value : null);
    });
    this.el('plan-list').addEventListener('click', (event) => {
      const radio = (event.target as HTMLElement).closest<HTMLElement>('[data-plan]');
      if (radio?.dataset.plan) this.choose(radio.dataset.plan);
    });
  }

  /** First view: signed in already this session? Does the workbook already sync a plan? */
  async start(): Promise<void> {
    const cloud = usesMicrosoftSignIn(this.deps.config);
    this.show('sign-in-cloud', cloud);
    this.show('sign-in-local', !cloud);
    this.wire();
    try {
      this.synced = await this.deps.host.syncedPlan();
    } catch (error) {
      this.fail(error);
    }
    const saved = this.deps.tokens.load();
    if (saved) {
      try {
        await this.begin(saved);
        await this.afterSignIn();
        return;
      } catch {
        // expired, or refused: sign in again
      }
      this.deps.tokens.clear();
    }
    this.render();
  }

  /** Asks the server who the token is for; the session starts only when it answers. */
  private async begin(token: TokenProvider | string): Promise<Session> {
    const client = createPlansClient({
      baseUrl: this.api,
      token,
      // An officer waiting at the pane should hear within seconds that the service is out of reach.
      retryForMs: INTERACTIVE_RETRY_MS,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
    });
    const session = { token, me: await client.me(), client };
    // What a policy or admin user manages loads with the session, inside the sign-in's own work.
    await this.manage.begin(session);
    this.session = session;
    return session;
  }

  /** Local sign-in: a token pasted from `npx plans token`. */
  async useToken(text: string): Promise<void> {
    await this.work('Checking your token…', async () => {
      const token = pastedToken(text);
      const { me } = await this.begin(token).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401)
          throw new Error(
            'That token was refused: it has expired or is for another server. Make a new one with `npx plans token`.',
          );
        throw error;
      });
      await this.loadPlans();
      this.deps.tokens.save(token);
      this.el<HTMLTextAreaElement>('token').value = '';
      this.say(`Signed in for ${me.councilName}.`);
    });
    if (this.session) await this.afterSignIn(false);
  }

  /** Cloud sign-in: MSAL (nested app authentication, or the dialog), asked again before every call. */
  async signInWithMicrosoft(): Promise<void> {
    await this.work('Signing you in…', async () => {
      const { me } = await this.begin((this.deps.microsoftTokens ?? microsoftTokens)(this.deps.config));
      this.say(`Signed in for ${me.councilName}.`);
    });
    if (this.session) await this.afterSignIn();
  }

  private async afterSignIn(load = true): Promise<void> {
    if (load && !this.synced) await this.work('Loading your council’s plans…', () => this.loadPlans());
    this.render();
  }

  signOut(message: string): void {
    this.session = null;
    this.plans = [];
    this.chosen = null;
    this.manage.end();
    this.deps.tokens.clear();
    this.render();
    this.say(message);
  }

  private async loadPlans(): Promise<void> {
    const session = this.requireSession();
    this.plans = await session.client.listPlans(session.me.council);
    this.chosen = this.plans.length === 1 ? (this.plans[0]?.id ?? null) : null;
    this.render();
    if (this.plans.length === 0)
      this.say(`${session.me.council} has no plans yet: your policy team starts them.`);
  }

  choose(planId: string | null): void {
    this.chosen = planId;
    this.renderButtons();
  }

  private chosenPlan(): PlanEntry {
    const plan = this.plans.find((p) => p.id === this.chosen);
    if (!plan) throw new Error('Choose a plan first.');
    return plan;
  }

  /** Open plan: the plan and its actions into a new sheet. */
  async openChosenPlan(): Promise<void> {
    await this.work('Opening the plan…', async () => {
      const session = this.requireSession();
      const summary = this.chosenPlan();
      const [plan, list] = await Promise.all([
        session.client.getPlan(summary.council, summary.id),
        session.client.listActions(summary.council, summary.id),
      ]);
      const placed = await this.deps.host.openPlan(plan, list, {
        api: this.api,
        directorates: session.me.directorates,
      });
      this.synced = placed.meta;
      this.say(`Opened "${plan.title}" in the sheet "${placed.meta.sheet}" with ${placed.rows} rows.`);
    });
    this.render();
  }

  /** Adopt this sheet, first step: the columns found and how each will be read, to confirm or correct. */
  async previewAdoption(): Promise<void> {
    const cellsOf = this.deps.host.activeSheetCells?.bind(this.deps.host);
    if (!cellsOf) return this.adoptActiveSheet();
    await this.work('Reading this sheet…', async () => {
      const sheet = await this.deps.host.activeSheetName();
      if (sheet === SUMMARY_SHEET) throw new SummaryNotAPlanError(SUMMARY_SHEET);
      const data = adoptPreview(sheet, await cellsOf());
      if (!data)
        throw new Error(
          `The sheet "${sheet}" has no plan table: it needs a row of headings such as "Action" and "Timescale".`,
        );
      const table = renderAdoptPreview(this.deps.document, data);
      this.el('adopt-preview').replaceChildren(table);
      this.preview = { data, table };
      this.say(
        'Check how each column will be read, change any that are wrong, then Adopt with these columns.',
      );
    });
    this.render();
  }

  /** Adopt this sheet: the grid on the active sheet becomes the chosen (empty) plan's rows. */
  async adoptActiveSheet(): Promise<void> {
    await this.work('Adopting this sheet…', async () => {
      const session = this.requireSession();
      const plan = this.chosenPlan();
      // The Summary sheet's overdue list has plan-like headings: it is not a plan to adopt.
      if ((await this.deps.host.activeSheetName()) === SUMMARY_SHEET)
        throw new SummaryNotAPlanError(SUMMARY_SHEET);
      const { actions } = await session.client.listActions(plan.council, plan.id);
      if (actions.length > 0) {
        throw new Error(
          `"${plan.title}" already has ${actions.length} actions: use Open plan, or choose an empty plan to adopt this sheet into.`,
        );
      }
      // Only the mapping the officer was shown (and may have corrected) is adopted.
      const map = this.preview ? confirmedMap(this.preview.data, readChoices(this.preview.table)) : undefined;
      const placed = await this.deps.host.adoptSheet({
        council: plan.council,
        plan: plan.id,
        api: this.api,
        ...(map ? { map } : {}),
      });
      this.preview = null;
      this.el('adopt-preview').replaceChildren();
      this.synced = placed.meta;
      this.say(
        `The sheet "${placed.meta.sheet}" now syncs with "${plan.title}". Sync to send its ${placed.rows} rows.`,
      );
    });
    this.render();
  }

  /** Sync: one round trip, then the summary and any conflicts. */
  async syncNow(): Promise<void> {
    const bar = this.el<HTMLElement & { value: number }>('sync-bar');
    await this.work('Syncing…', async () => {
      const session = this.requireSession();
      const verdict = mayWorkbookSyncHere(this.synced ?? (await this.deps.host.syncedPlan()), {
        council: session.me.council,
        api: this.api,
      });
      if (!verdict.may) throw new Error(verdict.reason);
      const { meta } = verdict;
      const port = this.deps.host.port();
      bar.value = 0;
      bar.hidden = false;
      // Starts again if the officer sorts or types over the cells while the request is out.
      const summary = await syncKeepingUp(
        port,
        { sync: (request) => session.client.sync(meta.council, meta.plan, request) },
        meta.plan,
        { onProgress: (sent, total) => (bar.value = total === 0 ? 100 : Math.round((sent / total) * 100)) },
      );
      const fresh = conflictItems(summary.conflicts, summary.base);
      this.conflicts = [...this.conflicts.filter((c) => !fresh.some((f) => f.key === c.key)), ...fresh];
      this.renderSummary({
        pushed: summary.pushed,
        pulled: summary.pulled,
        conflicts: summary.conflicts.length,
        refused: summary.refused.length,
      });
      this.renderRefusals(refusalItems(summary.refused, summary.base));
      this.say(summaryLine(summary));
    });
    bar.hidden = true;
    this.render();
  }

  /**
   * Council summary: the roll-up as of today (whole council, or an officer's directorates: the
   * server decides) into the Summary sheet, refreshed in place.
   */
  async councilSummary(): Promise<void> {
    await this.work('Fetching the council summary…', async () => {
      const session = this.requireSession();
      const summary = await session.client.summary(session.me.council, {
        asOf: localIsoDate(this.deps.now?.() ?? new Date()),
      });
      this.say('Writing the Summary sheet…');
      const written = await this.deps.host.writeSummary(summary, planTitlesOf(summary, this.plans));
      this.say(summaryMessage(summary, written.sheet, session.me));
    });
  }

  /** Keep mine: the officer's value goes back in the cell; the next Sync sends it. */
  async keepMine(item: ConflictItem): Promise<void> {
    await this.work('Putting your value back…', async () => {
      if (item.keepMine === 'write') await this.deps.host.writeMine(item.conflict);
      else if (item.keepMine === 'remove') await this.deps.host.removeRow(item.conflict);
      else await this.deps.host.markConflictResolved(item.conflict);
      this.resolved(item);
      this.say(
        item.keepMine === 'clear'
          ? 'Marked as settled.'
          : `Kept yours for ${item.field}: Sync to send it to the plan.`,
      );
    });
  }

  /** Take theirs: the plan's value stays; the mark comes off. */
  async takeTheirs(item: ConflictItem): Promise<void> {
    await this.work('Taking the plan’s value…', async () => {
      if (item.takeTheirs === 'remove') await this.deps.host.removeRow(item.conflict);
      else await this.deps.host.markConflictResolved(item.conflict);
      this.resolved(item);
      this.say(`Kept the plan's value for ${item.field}.`);
    });
  }

  async goToCell(item: ConflictItem): Promise<void> {
    try {
      const found = await this.deps.host.selectCell(item.conflict);
      if (!found) this.say('That row is no longer in the sheet.');
    } catch (error) {
      this.fail(error);
    }
  }

  private resolved(item: ConflictItem): void {
    this.conflicts = this.conflicts.filter((c) => c.key !== item.key);
    this.renderConflicts();
    this.el('conflicts-title').focus();
  }

  private requireSession(): Session {
    if (!this.session) throw new Error('Sign in first.');
    return this.session;
  }

  /** Runs one piece of work: busy while it runs, its error in plain words. */
  private async work(message: string, task: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.el('error').hidden = true;
    this.say(message);
    this.show('progress', true);
    this.renderButtons();
    try {
      await task();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
      this.show('progress', false);
      this.renderButtons();
    }
  }

  private fail(error: unknown): void {
    const plain = plainError(error, this.api);
    if (plain.signInAgain) this.signOut(plain.message);
    const box = this.el('error');
    box.textContent = plain.message;
    box.hidden = false;
    this.say('');
  }

  private say(message: string): void {
    this.el('status').textContent = message;
  }

  private render(): void {
    const signedIn = this.session !== null;
    this.show('view-sign-in', !signedIn);
    this.show('view-signed-in', signedIn);
    this.show('view-plans', signedIn && !this.synced);
    this.show('view-sync', signedIn && this.synced !== null);
    this.show('view-summary', signedIn);
    if (this.session) {
      this.el('who').textContent = whoLine(this.session.me);
    }
    if (this.synced)
      this.el('synced-plan').textContent = `This workbook syncs the sheet "${this.synced.sheet}".`;
    this.renderPlans();
    this.renderConflicts();
    this.renderButtons();
  }

  private renderButtons(): void {
    const set = (id: string, enabled: boolean) => {
      const button = this.el(id);
      if (enabled) button.removeAttribute('disabled');
      else button.setAttribute('disabled', '');
    };
    set('open-plan', !this.busy && this.chosen !== null);
    set('adopt-sheet', !this.busy && this.chosen !== null);
    set('adopt-confirm', !this.busy && this.chosen !== null && this.preview !== null);
    this.show('adopt-confirm', this.preview !== null);
    this.show('adopt-preview', this.preview !== null);
    set('sync', !this.busy);
    set('council-summary', !this.busy);
  }

  private renderPlans(): void {
    this.el('plan-list').replaceChildren(...planRadios(this.deps.document, this.plans, this.chosen));
    this.show('no-plans', this.plans.length === 0);
  }

  private renderSummary(counts: SyncCounts): void {
    const list = this.el('sync-summary');
    list.replaceChildren(...syncCountGroups(this.deps.document, counts));
    list.hidden = false;
  }

  private renderRefusals(items: ReturnType<typeof refusalItems>): void {
    const list = this.el('refused-list');
    list.replaceChildren(...refusalLines(this.deps.document, items));
    list.hidden = items.length === 0;
  }

  private renderConflicts(): void {
    this.show('view-conflicts', this.conflicts.length > 0);
    this.el('conflict-list').replaceChildren(
      ...conflictEntries(this.deps.document, this.conflicts, {
        goToCell: (item) => void this.goToCell(item),
        keepMine: (item) => void this.keepMine(item),
        takeTheirs: (item) => void this.takeTheirs(item),
      }),
    );
  }
}
