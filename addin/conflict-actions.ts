/**
 * Keep mine and Take theirs: what each does to the sheet for each kind of conflict, and what the
 * pane says meanwhile and after. The choice is pure (`resolution`); the list (`ConflictList`)
 * hands the step to the workbook.
 */
import type { ConflictItem } from './conflict-items.js';
import type { PanePage } from './pane-page.js';
import type { PaneWork } from './pane-work.js';
import type { WorkbookHost } from './workbook-host.js';

export type ConflictChoice = 'keepMine' | 'takeTheirs';

export interface Resolution {
  /** What the pane says while the workbook changes. */
  working: string;
  /** The workbook's step: put the officer's value back, take the row out, or only clear the mark. */
  step: 'writeMine' | 'removeRow' | 'markConflictResolved';
  /** What the pane says when it is done. */
  done: string;
}

export function resolution(item: ConflictItem, choice: ConflictChoice): Resolution {
  if (choice === 'takeTheirs')
    return {
      working: 'Taking the plan’s value…',
      step: item.takeTheirs === 'remove' ? 'removeRow' : 'markConflictResolved',
      done: `Kept the plan's value for ${item.field}.`,
    };
  const working = 'Putting your value back…';
  if (item.keepMine === 'clear') return { working, step: 'markConflictResolved', done: 'Marked as settled.' };
  return {
    working,
    step: item.keepMine === 'write' ? 'writeMine' : 'removeRow',
    done: `Kept yours for ${item.field}: Sync to send it to the plan.`,
  };
}

/** The conflicts listed in the pane, each with Go to the cell, Keep mine and Take theirs. */
export class ConflictList {
  private items: ConflictItem[] = [];

  constructor(private readonly deps: { page: PanePage; host: WorkbookHost; work: PaneWork }) {}

  get listed(): readonly ConflictItem[] {
    return this.items;
  }

  /** The list after a sync (shown at the next render). */
  set(items: ConflictItem[]): void {
    this.items = items;
  }

  render(): void {
    this.deps.page.conflicts(this.items, {
      goToCell: (item) => void this.goToCell(item),
      keepMine: (item) => void this.resolve(item, 'keepMine'),
      takeTheirs: (item) => void this.resolve(item, 'takeTheirs'),
    });
  }

  async resolve(item: ConflictItem, choice: ConflictChoice): Promise<void> {
    const { page, host, work } = this.deps;
    const { working, step, done } = resolution(item, choice);
    await work.run(working, async () => {
      await host[step](item.conflict);
      this.items = this.items.filter((c) => c.key !== item.key);
      this.render();
      page.el('conflicts-title').focus();
      page.say(done);
    });
  }

  async goToCell(item: ConflictItem): Promise<void> {
    try {
      if (!(await this.deps.host.selectCell(item.conflict)))
        this.deps.page.say('That row is no longer in the sheet.');
    } catch (error) {
      this.deps.work.fail(error);
    }
  }
}
