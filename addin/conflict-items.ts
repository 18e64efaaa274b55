/**
 * The task pane's words for a sync's result and its conflicts, shaped from the reply and the base
 * the sync left: which row (its action text), which column, "Yours" and "Kept". Pure.
 */

import type { Conflict } from '../core/sync-protocol.js';
import { extraKey } from '../core/sync-protocol.js';
import type { RefusedChange, SyncResult } from '../core/sync-run.js';
import type { SyncBase } from '../core/sync-sheet.js';
import { fieldText } from './excel-cells.js';

const HEADINGS: Record<string, string> = {
  theme: 'Theme',
  action: 'Proposed action',
  recommendations: 'Recommendation',
  directorate: 'Directorate',
  lead: 'Lead officer',
  timescale: 'Timescale',
  due: 'Due',
  milestones: 'Milestones',
  status: 'Status',
  progress: 'Progress',
  deleted: 'Row',
};

export function fieldLabel(path: string): string {
  return extraKey(path) ?? HEADINGS[path] ?? path;
}

export interface ConflictItem {
  key: string;
  conflict: Conflict;
  /** The row's proposed action, as the plan now has it. */
  row: string;
  field: string;
  yours: string;
  kept: string;
  /** What "Keep mine" and "Take theirs" do to the sheet. */
  keepMine: 'write' | 'remove' | 'clear';
  takeTheirs: 'clear' | 'remove';
}

const shorten = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function conflictItems(conflicts: readonly Conflict[], base: SyncBase): ConflictItem[] {
  return conflicts.map((conflict) => {
    const row = shorten(base.rows[conflict.id]?.fields.action || 'A row with no action text');
    const key = `${conflict.id}:${conflict.field}`;
    if (conflict.kind === 'deleted') {
      const youDeleted = conflict.mine === true;
      return {
        key,
        conflict,
        row,
        field: 'Row',
        yours: youDeleted ? 'You deleted this row' : 'You edited this row',
        kept: youDeleted
          ? 'The row, as someone else edited it'
          : 'The row with your edit (someone else had deleted it)',
        keepMine: youDeleted ? 'remove' : 'clear',
        takeTheirs: youDeleted ? 'clear' : 'remove',
      };
    }
    return {
      key,
      conflict,
      row,
      field: fieldLabel(conflict.field),
      yours: fieldText(conflict.field, conflict.mine) || '(blank)',
      kept: fieldText(conflict.field, conflict.theirs) || '(blank)',
      keepMine: 'write',
      takeTheirs: 'clear',
    };
  });
}

export interface RefusalItem {
  key: string;
  row: string;
  reason: string;
  /** What the officer had typed, which the refusal took out of the sheet: shown so it is not lost. */
  typed: string | null;
}

export function refusalItems(refused: readonly RefusedChange[], base: SyncBase): RefusalItem[] {
  return refused.map((refusal) => {
    const typed = refusal.edits.map(
      ({ field, mine }) => `${fieldLabel(field)}: ${fieldText(field, mine) || '(blank)'}`,
    );
    return {
      key: refusal.id,
      row: shorten(base.rows[refusal.id]?.fields.action || 'A new row'),
      reason: refusal.reason,
      typed: typed.length > 0 ? typed.join('; ') : null,
    };
  });
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line for the live region: what the sync did. */
export function summaryLine(summary: SyncResult): string {
  if (
    summary.pushed === 0 &&
    summary.pulled === 0 &&
    summary.conflicts.length === 0 &&
    summary.refused.length === 0
  )
    return 'Synced: nothing had changed on either side.';
  const parts = [
    `sent ${count(summary.pushed, 'change', 'changes')}`,
    `received ${count(summary.pulled, 'change', 'changes')}`,
  ];
  if (summary.conflicts.length > 0) parts.push(count(summary.conflicts.length, 'conflict', 'conflicts'));
  if (summary.refused.length > 0) parts.push(`${summary.refused.length} refused`);
  return `Synced: ${parts.join(', ')}.`;
}
