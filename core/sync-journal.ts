/**
 * What a sync has sent, kept where it outlives the client (for `plans sync`, a file beside the
 * workbook), made durable before each request goes out. A client killed after the server applied
 * its request, or whose save was refused, leaves the sheet without its new rows' ids; the next sync
 * gives those rows back the ids they were sent with and replays the request under its own
 * idempotency key, so it recognises its own earlier work instead of creating the rows again.
 */
import { z } from 'zod';
import { readPath, writePath } from './field-paths.js';
import { ActionFields, Ulid } from './plan.js';
import { type SyncReply, SyncRequest } from './sync-protocol.js';
import { type SheetLayout, type SheetRow, type SyncBase, sameMeaning } from './sync-sheet.js';

/**
 * The server keeps an idempotency key's answer for a day; a request older than this (with a
 * margin) is no longer replayed, and its rows are recognised by their ids alone: a create of an id
 * the plan already holds, with the same values, changes nothing.
 */
export const REPLAY_WINDOW_MS = 23 * 60 * 60 * 1000;

/** A row that had no id of its own and was given one: the sheet does not show that id until saved. */
export const JournalRow = z.object({
  /** 0-based position in the table when it was read, to tell apart rows that read the same. */
  row: z.number().int().nonnegative(),
  id: Ulid,
  fields: ActionFields,
});
export type JournalRow = z.infer<typeof JournalRow>;

export const SentRequest = z.object({ at: z.string().datetime(), request: SyncRequest });
export type SentRequest = z.infer<typeof SentRequest>;

export const PendingSync = z.object({ newRows: z.array(JournalRow), sent: z.array(SentRequest) });
export type PendingSync = z.infer<typeof PendingSync>;

/** Where an adapter keeps its journal. Clearing it is the adapter's: only it knows when the sheet is saved. */
export interface SyncJournal {
  /** What an earlier sync of this sheet sent and never saw saved; null when there is none. */
  readonly earlier: PendingSync | null;
  /** Replaces the journal: this sync's new rows, and the earlier requests still worth replaying. */
  begin(pending: PendingSync): Promise<void>;
  /** Adds a request; it must be durable when this resolves, since the request goes out next. */
  sent(entry: SentRequest): Promise<void>;
}

/** The earlier requests the server still holds the answers of, oldest first. */
export function replayable(pending: PendingSync, now: number): SentRequest[] {
  return pending.sent.filter((entry) => now - Date.parse(entry.at) < REPLAY_WINDOW_MS);
}

/**
 * The sheet's rows with the ids an earlier sync gave them: a row that would get a new id (none,
 * mangled, or a copy's) takes back the id of a journalled row that reads the same, nearest to
 * where it was; then one edited since takes the id of the journalled row at its own position.
 * An id already in the sheet is never given twice.
 */
export function withEarlierIds(rows: SheetRow[], pending: PendingSync, layout: SheetLayout): SheetRow[] {
  const inSheet = new Set(rows.map((row) => row.id).filter((id): id is string => id !== null));
  const free = pending.newRows.filter((entry) => !inSheet.has(entry.id));
  const wanting: number[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    // The same test diffSheet makes: these rows are the ones it would give a new id.
    const own = row.id !== null && Ulid.safeParse(row.id).success && !seen.has(row.id);
    if (own) seen.add(row.id as string);
    else wanting.push(index);
  });
  const given = new Map<number, string>();
  const take = (index: number, entry: JournalRow) => {
    given.set(index, entry.id);
    free.splice(free.indexOf(entry), 1);
  };
  const paths = layout.paths.filter((path) => path !== 'order');
  const readsSame = (row: SheetRow, entry: JournalRow) =>
    paths.every((path) => sameMeaning(readPath(row.fields, path), readPath(entry.fields, path)));
  for (const index of wanting) {
    const row = rows[index] as SheetRow;
    const nearest = free
      .filter((entry) => readsSame(row, entry))
      .sort((a, b) => Math.abs(a.row - index) - Math.abs(b.row - index))[0];
    if (nearest) take(index, nearest);
  }
  for (const index of wanting) {
    if (given.has(index)) continue;
    const atPlace = free.find((entry) => entry.row === index);
    if (atPlace) take(index, atPlace);
  }
  return rows.map((row, index) => {
    const id = given.get(index);
    return id === undefined ? row : { ...row, id };
  });
}

/**
 * The base as it would have been saved after an earlier request, as far as that request's own
 * changes go: each applied change at the version it made, with the values it sent. Rows with a
 * conflict or a refusal stay as they were, so sending the sheet again meets the same conflict
 * rather than overwriting the value that won; rows the base already holds at that version or later
 * are left alone. The cursor does not move: the rows others changed are pulled by the sync that
 * follows, with the sheet.
 */
export function foldEarlier(base: SyncBase, request: SyncRequest, reply: SyncReply): SyncBase {
  const unsettled = new Set([...reply.conflicts.map((c) => c.id), ...reply.refused.map((r) => r.id)]);
  const sent = new Map(request.changes.map((change) => [change.id, change]));
  const rows = { ...base.rows };
  for (const applied of reply.applied) {
    const change = sent.get(applied.id);
    const was = rows[applied.id];
    if (!change || unsettled.has(applied.id) || (was && was.version >= applied.version)) continue;
    if (change.op === 'delete') {
      delete rows[applied.id];
    } else if (change.op === 'create') {
      rows[applied.id] = { id: applied.id, version: applied.version, fields: change.fields };
    } else if (was) {
      const fields = change.edits.reduce((f, edit) => writePath(f, edit.field, edit.mine), was.fields);
      rows[applied.id] = { id: applied.id, version: applied.version, fields };
    }
  }
  return { cursor: base.cursor, rows };
}
