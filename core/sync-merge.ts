/**
 * The server's merge of one client change into the row as it stands: the rules table of
 * DESIGN.md. Pure: the caller reads the row, asks the caller's rights, and writes the outcome.
 */
import { fieldChanges, newRowWrite, pickFields, type RowWrite, sameValue } from './changes.js';
import { datesFromTimescale, withDerivedDates } from './derived-dates.js';
import { readPath, writePath } from './field-paths.js';
import type { Action, ActionFields } from './plan.js';
import type { Conflict, FieldEdit, SyncChange } from './sync-protocol.js';

/** Why the caller may not make this change, or null when they may. */
export type RightsCheck = (directorateBefore: string | null, directorateAfter: string) => string | null;

export type MergeOutcome =
  | { kind: 'write'; write: RowWrite; conflicts: Conflict[] }
  | { kind: 'unchanged'; conflicts: Conflict[] }
  | { kind: 'refused'; reason: string };

export function mergeChange(change: SyncChange, current: Action | null, rights: RightsCheck): MergeOutcome {
  switch (change.op) {
    case 'create':
      return mergeCreate(change, current, rights);
    case 'update':
      return mergeUpdate(change, current, rights);
    case 'delete':
      return mergeDelete(change, current, rights);
  }
}

function mergeCreate(
  change: Extract<SyncChange, { op: 'create' }>,
  current: Action | null,
  rights: RightsCheck,
): MergeOutcome {
  // Judged against the row as stored when the id exists: a create is no way round a directorate's rights.
  const refusal = rights(current?.directorate ?? null, change.fields.directorate);
  if (refusal) return { kind: 'refused', reason: refusal };
  if (!current) {
    return { kind: 'write', conflicts: [], write: newRowWrite(change.id, change.fields) };
  }
  // The id exists already: a retried create. Whatever differs is the other side's, and is reported.
  const conflicts = fieldChanges(pickFields(current), withDerivedDates(null, change.fields)).map(
    (c): Conflict => ({
      id: change.id,
      kind: 'field',
      field: c.field,
      base: null,
      mine: c.after,
      theirs: c.before,
      version: current.version,
    }),
  );
  return { kind: 'unchanged', conflicts };
}

function mergeUpdate(
  change: Extract<SyncChange, { op: 'update' }>,
  current: Action | null,
  rights: RightsCheck,
): MergeOutcome {
  if (!current) return { kind: 'refused', reason: 'there is no such row in the plan' };
  const conflicts: Conflict[] = [];
  let fields: ActionFields = pickFields(current);
  for (const edit of ownEdits(change.edits)) {
    const theirs = readPath(fields, edit.field);
    const untouchedByOthers = current.version === change.baseVersion || sameValue(theirs, edit.base ?? null);
    if (untouchedByOthers || sameValue(theirs, edit.mine)) {
      fields = writePath(fields, edit.field, edit.mine);
    } else {
      conflicts.push({
        id: change.id,
        kind: 'field',
        field: edit.field,
        base: edit.base ?? null,
        mine: edit.mine,
        theirs,
        version: current.version,
      });
    }
  }
  const refusal = rights(current.directorate, fields.directorate);
  if (refusal) return { kind: 'refused', reason: refusal };

  fields = withDerivedDates(pickFields(current), fields);
  const changes = fieldChanges(pickFields(current), fields);
  if (current.deleted) {
    // Deleted elsewhere while this side edited it: nothing is lost, the row comes back with the edit.
    conflicts.push(deleteVersusEdit(change.id, current.version, false));
    changes.push({ field: 'deleted', before: true, after: false });
  } else if (changes.length === 0) return { kind: 'unchanged', conflicts };
  return {
    kind: 'write',
    conflicts,
    write: {
      id: change.id,
      expectedVersion: current.version,
      fields,
      deleted: false,
      changes,
      kind: current.deleted ? 'restore' : 'update',
    },
  };
}

/**
 * The edits a person made. Milestones are the timescale's, and a due date that is just what the
 * edited timescale says was read from it by the client (a sheet without a Due column): the server
 * derives both, so neither is merged, and neither can conflict when the timescale cell did.
 */
function ownEdits(edits: FieldEdit[]): FieldEdit[] {
  const timescale = edits.find((e) => e.field === 'timescale');
  const readFromTimescale =
    typeof timescale?.mine === 'string' ? datesFromTimescale(timescale.mine).due : undefined;
  return edits.filter(
    (e) =>
      e.field !== 'milestones' &&
      !(e.field === 'due' && readFromTimescale !== undefined && sameValue(e.mine, readFromTimescale)),
  );
}

/** One side deleted the row, the other edited it: reported to whichever syncs second. */
function deleteVersusEdit(id: string, version: number, deletedHere: boolean): Conflict {
  return {
    id,
    kind: 'deleted',
    field: 'deleted',
    base: false,
    mine: deletedHere,
    theirs: !deletedHere,
    version,
  };
}

function mergeDelete(
  change: Extract<SyncChange, { op: 'delete' }>,
  current: Action | null,
  rights: RightsCheck,
): MergeOutcome {
  if (!current || current.deleted) return { kind: 'unchanged', conflicts: [] };
  const refusal = rights(current.directorate, current.directorate);
  if (refusal) return { kind: 'refused', reason: refusal };
  if (current.version !== change.baseVersion) {
    // Edited elsewhere since this side last saw it: keep the row and its edits, and say so.
    return {
      kind: 'unchanged',
      conflicts: [deleteVersusEdit(change.id, current.version, true)],
    };
  }
  const fields = pickFields(current);
  return {
    kind: 'write',
    conflicts: [],
    write: {
      id: change.id,
      expectedVersion: current.version,
      fields,
      deleted: true,
      changes: [{ field: 'deleted', before: false, after: true }],
      kind: 'delete',
    },
  };
}
