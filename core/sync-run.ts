/**
 * One sync of a sheet, whatever holds it: read it through the port, send the diff in as few
 * requests as the limits allow, apply each reply, and write the sheet and its base once.
 */
import { ulid } from 'ulid';
import { chunksUnder } from './chunks.js';
import { ApiError } from './client.js';
import { replayDeclined } from './client-retry.js';
import { MAX_SYNC_REQUEST_BYTES } from './limits.js';
import {
  foldEarlier,
  replayable,
  type SentRequest,
  type SyncJournal,
  withEarlierIds,
} from './sync-journal.js';
import {
  type Conflict,
  MAX_SYNC_CHANGES,
  type Refusal,
  type RowWarning,
  type SyncChange,
  type SyncReply,
  type SyncRequest,
} from './sync-protocol.js';
import {
  applyReply,
  diffSheet,
  type ModelRow,
  type SheetLayout,
  type SheetPatch,
  type SheetRow,
  type SyncBase,
  sheetPatch,
  type UnwrittenValue,
} from './sync-sheet.js';

export interface SheetState {
  rows: SheetRow[];
  base: SyncBase;
  layout: SheetLayout;
}

/**
 * What an adapter (an .xlsx file, a workbook open in Excel) provides to sync. The port keeps
 * nothing between the two calls: `read` gives the sheet's state with whatever the adapter needs
 * to write onto the same cells, and `write` is handed that read back with the outcome.
 */
export interface SheetPort<Read extends SheetState = SheetState> {
  read(): Promise<Read>;
  write(read: Read, outcome: SyncOutcome): Promise<void>;
}

export interface SyncTransport {
  sync(request: SyncRequest): Promise<SyncReply>;
}

/**
 * A refusal, with what the officer had typed when it was an edit of a row: the refusal puts the
 * plan's value back in the cell, so the typed text must be shown somewhere, never dropped.
 */
export interface RefusedChange extends Refusal {
  /** The values typed that the plan refused, by field; none for a new row (it stays as typed) or a delete. */
  edits: { field: string; mine: unknown }[];
}

export interface SyncOutcome {
  patch: SheetPatch;
  base: SyncBase;
  conflicts: Conflict[];
  refused: RefusedChange[];
  /** Plan values a cell could not take (it holds a formula, or was not sent): the officer is told. */
  unwritten: UnwrittenValue[];
}

export interface SyncResult {
  pushed: number;
  pulled: number;
  conflicts: Conflict[];
  refused: RefusedChange[];
  /** What the plan accepted but a person should know, per row (a link to a recommendation it lacks). */
  warnings?: RowWarning[];
  cursor: number;
  /** The base the sheet was left with: conflicts and refusals are described from it. */
  base: SyncBase;
}

export interface SyncOptions {
  newId?: () => string;
  newKey?: () => string;
  /** Called after each request with how many changes have been sent of how many. */
  onProgress?: (sent: number, total: number) => void;
  /** Where what is sent is made durable first, so a sync that dies after the server applied it is recognised. */
  journal?: SyncJournal;
  now?: () => number;
}

export async function syncSheet<Read extends SheetState>(
  port: SheetPort<Read>,
  transport: SyncTransport,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const state = await port.read();
  const { journal } = options;
  const now = options.now ?? Date.now;
  const earlier = journal?.earlier ?? null;
  const summary: SyncResult = {
    pushed: 0,
    pulled: 0,
    conflicts: [],
    refused: [],
    warnings: [],
    cursor: state.base.cursor,
    base: state.base,
  };
  // An earlier sync that never saw its result saved is finished first, under its own keys.
  let base = state.base;
  const replayed: SentRequest[] = [];
  for (const entry of earlier ? replayable(earlier, now()) : []) {
    const reply = await replay(transport, entry.request);
    if (!reply) continue;
    base = foldEarlier(base, entry.request, reply);
    summary.pushed += reply.applied.length;
    replayed.push(entry);
  }
  const read = earlier ? withEarlierIds(state.rows, earlier, state.layout) : state.rows;
  const { changes, ids, rows } = diffSheet(base, read, state.layout, options.newId);
  // The sheet does not show these ids until it is saved: they are kept before anything is sent.
  if (journal && (changes.length > 0 || earlier)) {
    await journal.begin({
      newRows: ids.flatMap((id, row) => {
        const sheetRow = state.rows[row] as SheetRow;
        return sheetRow.id === id ? [] : [{ row, id, fields: sheetRow.fields }];
      }),
      sent: replayed,
    });
  }
  // The earlier sync's own changes coming back are echoes, not others' edits.
  const sentBefore = replayed.flatMap((entry) => entry.request.changes);
  let model: ModelRow[] = rows;
  const unwritten = new Map<string, UnwrittenValue>();
  let sent = 0;
  const writeWhatLanded = () =>
    port.write(state, {
      patch: sheetPatch(state.rows, ids, model, state.layout),
      base,
      conflicts: summary.conflicts,
      refused: summary.refused,
      unwritten: [...unwritten.values()],
    });
  try {
    for (const batch of batches(changes)) {
      const request: SyncRequest = {
        cursor: base.cursor,
        changes: batch,
        idempotencyKey: (options.newKey ?? ulid)(),
      };
      if (journal && batch.length > 0) await journal.sent({ at: new Date(now()).toISOString(), request });
      const reply = await transport.sync(request);
      const result = applyReply(model, base, [...sentBefore, ...batch], reply, state.layout);
      model = result.rows;
      base = result.base;
      summary.pushed += reply.applied.length;
      summary.pulled += result.pulled;
      summary.conflicts.push(...reply.conflicts);
      summary.warnings?.push(...(reply.warnings ?? []));
      summary.refused.push(...reply.refused.map((refusal) => withEdits(refusal, batch, state.layout)));
      for (const value of result.unwritten) unwritten.set(`${value.id}\t${value.path}`, value);
      sent += batch.length;
      options.onProgress?.(sent, changes.length);
    }
  } catch (error) {
    // New rows keep the ids they were sent with, and applied requests their versions: a request
    // whose answer was lost may have landed, and the next sync must not create its rows again.
    await writeWhatLanded();
    throw error;
  }
  summary.cursor = base.cursor;
  summary.base = base;
  await writeWhatLanded();
  return summary;
}

/**
 * An earlier request sent again under its key: the server answers as it did then (or, past its
 * memory of the key, applies it again, which changes nothing it already holds). Null when the
 * server will not take it as that request any more (a different caller now, a key it refuses,
 * still being applied after the client's retries): its rows are then recognised by their ids.
 */
async function replay(transport: SyncTransport, request: SyncRequest): Promise<SyncReply | null> {
  try {
    return await transport.sync(request);
  } catch (error) {
    if (error instanceof ApiError && replayDeclined(error.status, error.problem)) return null;
    throw error;
  }
}

/** The refused change's typed values: fields with a column (a due date read from a timescale was not typed). */
function withEdits(refusal: Refusal, sent: SyncChange[], layout: SheetLayout): RefusedChange {
  const change = sent.find((c) => c.id === refusal.id);
  const edits =
    change?.op === 'update'
      ? change.edits.filter((e) => layout.paths.includes(e.field)).map(({ field, mine }) => ({ field, mine }))
      : [];
  return { ...refusal, edits };
}

/** Always at least one request: a sync with nothing to send still pulls. */
export function batches(changes: SyncChange[], maxChanges = MAX_SYNC_CHANGES): SyncChange[][] {
  const requests = chunksUnder(changes, {
    bytesOf: (change) => JSON.stringify(change).length + 1,
    maxBytes: MAX_SYNC_REQUEST_BYTES,
    maxItems: Math.min(maxChanges, MAX_SYNC_CHANGES),
  });
  return requests.length > 0 ? requests : [[]];
}
