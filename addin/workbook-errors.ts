/** What can stop a plan going into a workbook, in words an officer can act on: shared by both hosts. */
import { NO_HEADER_EXPECTATION } from '../core/grid-header.js';
import type { SyncMeta } from '../core/sync-base-sheet.js';

/** The workbook already keeps another sheet in sync: one plan per workbook. */
export class AlreadySyncedError extends Error {
  constructor(readonly meta: SyncMeta) {
    super(
      `This workbook already syncs the sheet "${meta.sheet}" with a plan. Open another plan in a new workbook (one plan per workbook), or delete that sheet first.`,
    );
    this.name = 'AlreadySyncedError';
  }
}

/** No row on the active sheet looks like plan headings. */
export class NoPlanHeadingsError extends Error {
  constructor(sheet: string) {
    super(`No plan headings found in the first 30 rows of "${sheet}": ${NO_HEADER_EXPECTATION}.`);
    this.name = 'NoPlanHeadingsError';
  }
}

/** The column an Id would go in already holds something. */
export class IdColumnTakenError extends Error {
  constructor(column: string) {
    super(
      `Column ${column}, just after the last heading, has entries: the add-in keeps each row's id there. Move them, or add a heading "Id" to an empty column yourself, then adopt again.`,
    );
    this.name = 'IdColumnTakenError';
  }
}

/** The workbook has no synced plan: nothing to read. */
export class NotSyncedError extends Error {
  constructor() {
    super('This workbook is not synced with a plan yet: open a plan, or adopt this sheet, first.');
    this.name = 'NotSyncedError';
  }
}

/** The sheet the plan lives on has gone. */
export class PlanSheetMissingError extends Error {
  constructor(readonly sheet: string) {
    super(
      `The plan's sheet "${sheet}" is not in this workbook any more. If you renamed it, give it its old name back, then sync.`,
    );
    this.name = 'PlanSheetMissingError';
  }
}
