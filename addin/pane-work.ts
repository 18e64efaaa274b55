/**
 * One piece of work at a time in the task pane: the buttons wait while it runs, and its error is
 * shown in plain words (a sign-in that has expired signs the officer out). The controller, the
 * conflict list and the management screens all run their work through it.
 */
import type { PanePage } from './pane-page.js';
import { plainError } from './plain-errors.js';

export interface PaneWorkDeps {
  page: PanePage;
  /** The API the pane is connected to, named when it cannot be reached. */
  api: string;
  /** Busy started or ended: the buttons follow. */
  onBusy(): void;
  signOut(message: string): void;
}

export class PaneWork {
  busy = false;

  constructor(private readonly deps: PaneWorkDeps) {}

  /** Runs one piece of work: busy while it runs, its error in plain words. */
  async run(message: string, task: () => Promise<void>): Promise<void> {
    const { page } = this.deps;
    this.busy = true;
    page.error(null);
    page.say(message);
    page.show('progress', true);
    this.deps.onBusy();
    try {
      await task();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
      page.show('progress', false);
      this.deps.onBusy();
    }
  }

  fail(error: unknown): void {
    const plain = plainError(error, this.deps.api);
    if (plain.signInAgain) this.deps.signOut(plain.message);
    this.deps.page.error(plain.message);
    this.deps.page.say('');
  }
}
