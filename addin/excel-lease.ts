/**
 * Two task panes must not sync one workbook at the same instant (co-authoring: two officers with
 * the file open, AutoSave on, both pressing Sync). Each sync takes a lease in PlansSync cell C2,
 * `lease <pane> <expires at, ms>`, when it reads, checks it is still its own in the write's own
 * Excel.run, and gives it back with the write's last request. A lease older than its expiry is
 * free again (a pane closed mid-sync). Co-authoring merges cells last-writer-wins and spreads
 * changes within seconds, so two panes taking it in the same second are told apart at the write:
 * the one whose lease was overwritten writes nothing. It is a courtesy between panes, not a lock.
 */

/** How long a lease holds without its sync finishing. */
export const LEASE_MS = 2 * 60 * 1000;

/** This task pane, for as long as it is open. */
export const PANE_ID = Math.random().toString(36).slice(2, 12);

export class WorkbookBusyError extends Error {
  constructor() {
    super(
      'Someone else is syncing this workbook right now (a co-author\u2019s task pane). Wait a moment, then Sync again.',
    );
    this.name = 'WorkbookBusyError';
  }
}

export interface Lease {
  pane: string;
  expires: number;
}

export function readLease(cell: string): Lease | null {
  const match = /^lease (\S+) (\d+)$/.exec(cell);
  return match ? { pane: match[1] as string, expires: Number(match[2]) } : null;
}

export const leaseText = (pane: string, now: number) => `lease ${pane} ${now + LEASE_MS}`;

/** Whether `pane` may take (or keep) the lease the cell holds. */
export const mayHold = (cell: string, pane: string, now: number): boolean => {
  const lease = readLease(cell);
  return lease === null || lease.pane === pane || lease.expires <= now;
};
