/**
 * One sync round trip on the server: merge each change into its row, write what merged in
 * revisioned transactions, record conflicts, and answer with every row changed since the cursor.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RowWrite } from '../core/changes.js';
import type { Action } from '../core/plan.js';
import { danglingLinks, danglingWarning, registerKeys } from '../core/recommendation-links.js';
import { mergeChange } from '../core/sync-merge.js';
import type {
  Applied,
  Conflict,
  Refusal,
  RowWarning,
  SyncChange,
  SyncReply,
  SyncRequest,
} from '../core/sync-protocol.js';
import { type Caller, refusalFor } from './caller.js';
import { problems } from './problem.js';
import { getActions } from './store/actions.js';
import { BULK_THRESHOLD, commitCreatesInBulk } from './store/bulk-create.js';
import { type Actor, type CommitResult, commitWrites } from './store/commit.js';
import { recordConflicts } from './store/conflicts.js';
import { readCounterAndRows } from './store/counter-and-rows.js';
import type { Store } from './store/dynamodb.js';
import { readSinceRepairing } from './store/gap-repair.js';
import { claimKey, completeKey, type KeyUse, releaseKey } from './store/idempotency.js';
import type { PlanRef } from './store/keys.js';
import { listRecommendations } from './store/plans.js';
import { readSince } from './store/read-since.js';

/** A row that keeps moving under us is merged again, a few times, before it is reported. */
const MERGE_ATTEMPTS = 5;

interface Outcome {
  applied: Applied[];
  conflicts: Conflict[];
  refused: Refusal[];
  warnings?: RowWarning[];
}

/** What is kept for a retried request: the outcome and the cursors; rows are read again. */
interface StoredAnswer extends Outcome {
  since: number;
  cursor: number;
  /** The request asked for no rows back. */
  pushOnly?: boolean;
}

export async function runSync(
  store: Store,
  ref: PlanRef,
  caller: Caller,
  request: SyncRequest,
  leaseMs?: number,
): Promise<SyncReply> {
  assertOneChangePerRow(request.changes);
  // The plan must exist before the key is claimed: a missing plan is a 404 every time, not a list of
  // refusals, and it leaves no claim behind for its retry to wait on. The rows the changes name are
  // read in the same request (one round trip and one request fewer): a read claims nothing, and a
  // row that moves between this read and the write fails the write's version check and is merged again.
  const { rows } = await readCounterAndRows(
    store,
    ref,
    request.changes.map((c) => c.id),
  );
  const use: KeyUse = { caller: caller.subject, requestHash: hashOf(request) };
  const claim = await claimKey<string>(store, ref, request.idempotencyKey, use, leaseMs);
  if (claim.state === 'mismatch') throw problems.keyReused(KEY_REUSED[claim.reason]);
  if (claim.state === 'in-progress') {
    throw problems.syncInProgress(
      'The same sync is still being applied. Wait a moment and send it again with the same key.',
    );
  }
  if (claim.state === 'done') return replay(store, ref, unpack(claim.answer));
  try {
    return await applyAndAnswer(store, ref, caller, request, use, rows);
  } catch (error) {
    // A failed attempt lets its claim go, so the client's retry runs at once rather than waiting
    // out the lease: the lease's takeover, sooner. Whatever landed is merged again as already there.
    // If even the release fails, the lease still expires.
    await releaseKey(store, ref, request.idempotencyKey, claim.holder).catch(() => undefined);
    throw error;
  }
}

const KEY_REUSED = {
  caller: 'This idempotency key was already used by another sign-in. Use a new key for each new sync.',
  request:
    'This idempotency key was already used for a different sync (other changes, cursor or pull). A retry sends the same body; a new sync needs a new key.',
} as const;

async function applyAndAnswer(
  store: Store,
  ref: PlanRef,
  caller: Caller,
  request: SyncRequest,
  use: KeyUse,
  rows: Map<string, Action>,
): Promise<SyncReply> {
  // History's name for these changes (an application's says on behalf of which workbook).
  const author = { ...caller, name: authorOf(caller, request) };
  const outcome = await applyChanges(store, ref, author, request.changes, rows);
  const warnings = await linkWarnings(store, ref, request.changes, outcome.applied);
  if (warnings.length > 0) outcome.warnings = warnings;
  // The writer's read: it settles any writer given up on that would hold the cursor back.
  const delta =
    request.pull === false
      ? { cursor: request.cursor, actions: [] }
      : await readSinceRepairing(store, ref, request.cursor);
  const reply: SyncReply = { cursor: delta.cursor, ...outcome, changes: delta.actions };
  await includeRowsTheClientMustReset(store, ref, reply);
  await completeKey(
    store,
    ref,
    request.idempotencyKey,
    use,
    pack({ ...outcome, since: request.cursor, cursor: reply.cursor, pushOnly: request.pull === false }),
  );
  return reply;
}

async function applyChanges(
  store: Store,
  ref: PlanRef,
  caller: Caller,
  changes: SyncChange[],
  firstRead: Map<string, Action>,
): Promise<Outcome> {
  const outcome: Outcome = { applied: [], conflicts: [], refused: [] };
  const rights = (before: string | null, after: string) => refusalFor(caller, before, after);
  let pending = changes;
  for (let attempt = 1; pending.length > 0; attempt++) {
    // A row that moved under the first attempt is read again for the next.
    const current =
      attempt === 1
        ? firstRead
        : await getActions(
            store,
            ref,
            pending.map((c) => c.id),
          );
    const writes: RowWrite[] = [];
    const conflictsById = new Map<string, Conflict[]>();
    for (const change of pending) {
      const merged = mergeChange(change, current.get(change.id) ?? null, rights);
      if (merged.kind === 'refused') outcome.refused.push({ id: change.id, reason: merged.reason });
      else {
        conflictsById.set(change.id, merged.conflicts);
        if (merged.kind === 'write') writes.push(merged.write);
      }
    }
    const { committed, stale } = await commitAll(store, ref, writes, {
      by: caller.name,
      at: new Date().toISOString(),
    });
    const staleIds = new Set(stale.map((s) => s.id));
    // A sync never makes a system change (only migrations do): it would be reported as an update.
    const kinds = new Map(writes.map((w) => [w.id, w.kind === 'system' ? 'update' : w.kind]));
    for (const row of committed)
      outcome.applied.push({ id: row.id, op: kinds.get(row.id) ?? 'update', version: row.version });
    for (const [id, conflicts] of conflictsById) if (!staleIds.has(id)) outcome.conflicts.push(...conflicts);
    pending = pending.filter((c) => staleIds.has(c.id));
    if (pending.length > 0 && attempt >= MERGE_ATTEMPTS) {
      for (const change of pending) {
        outcome.refused.push({
          id: change.id,
          reason: 'the row kept changing while this sync ran; sync again',
        });
      }
      break;
    }
  }
  await recordConflicts(store, ref, outcome.conflicts, { by: caller.name, at: new Date().toISOString() });
  return outcome;
}

/**
 * Who history says made a sync's changes: a person by their name; an application by its name
 * (marked "(app)" when its people record names it) and the workbook it synced on behalf of.
 */
export function authorOf(caller: Caller, request: Pick<SyncRequest, 'workbook'>): string {
  if (caller.kind !== 'application') return caller.name;
  const app = caller.sources.name === 'people' ? `${caller.name} (app)` : caller.name;
  return request.workbook ? `${app} for workbook ${request.workbook}` : app;
}

/**
 * Many new rows go the bulk way; everything else one by one. Either way a row that changed since it
 * was read (a create whose id someone else took meanwhile) comes back stale, to be merged again.
 */
async function commitAll(
  store: Store,
  ref: PlanRef,
  writes: RowWrite[],
  actor: Actor,
): Promise<CommitResult> {
  const creates = writes.filter((w) => w.kind === 'create');
  if (creates.length < BULK_THRESHOLD) return commitWrites(store, ref, writes, actor);
  const bulk = await commitCreatesInBulk(store, ref, creates, actor);
  const rest = await commitWrites(
    store,
    ref,
    writes.filter((w) => w.kind !== 'create'),
    actor,
  );
  return { committed: [...bulk.committed, ...rest.committed], stale: [...bulk.stale, ...rest.stale] };
}

/** Conflicted and refused rows go back as the server has them, so the client shows the kept value. */
async function includeRowsTheClientMustReset(store: Store, ref: PlanRef, reply: SyncReply): Promise<void> {
  const present = new Set(reply.changes.map((a) => a.id));
  const missing = [...reply.conflicts.map((c) => c.id), ...reply.refused.map((r) => r.id)].filter(
    (id) => !present.has(id),
  );
  if (missing.length === 0) return;
  const rows = await getActions(store, ref, missing);
  reply.changes.push(...rows.values());
}

async function replay(store: Store, ref: PlanRef, answer: StoredAnswer): Promise<SyncReply> {
  const delta = answer.pushOnly
    ? { actions: [] }
    : await readSince(store, ref, answer.since, {
        upTo: { revision: answer.cursor, settled: answer.cursor, abandoned: [] },
      });
  const reply: SyncReply = {
    cursor: answer.cursor,
    applied: answer.applied,
    conflicts: answer.conflicts,
    refused: answer.refused,
    ...(answer.warnings ? { warnings: answer.warnings } : {}),
    changes: delta.actions as Action[],
  };
  await includeRowsTheClientMustReset(store, ref, reply);
  return reply;
}

/** The recommendations each applied change links to, where it set them. */
function linksSet(change: SyncChange): string[] | null {
  if (change.op === 'create') return change.fields.recommendations;
  if (change.op === 'update') {
    const edit = change.edits.find((e) => e.field === 'recommendations');
    return Array.isArray(edit?.mine) ? (edit.mine as string[]) : null;
  }
  return null;
}

/** A warning per applied row that links to a recommendation the plan's register does not have. */
async function linkWarnings(
  store: Store,
  ref: PlanRef,
  changes: SyncChange[],
  applied: Applied[],
): Promise<RowWarning[]> {
  const done = new Set(applied.map((a) => a.id));
  const linked = changes.flatMap((c) => {
    const links = done.has(c.id) ? linksSet(c) : null;
    return links && links.length > 0 ? [{ id: c.id, links }] : [];
  });
  // Only a sync that set links pays for reading the register.
  if (linked.length === 0) return [];
  const register = registerKeys(await listRecommendations(store, ref));
  return linked.flatMap(({ id, links }) => {
    const message = danglingWarning(danglingLinks(links, register));
    return message ? [{ id, message }] : [];
  });
}

function assertOneChangePerRow(changes: SyncChange[]): void {
  const seen = new Set<string>();
  changes.forEach((change, index) => {
    if (seen.has(change.id)) {
      throw problems.badRequest(
        `Row ${change.id} appears twice in this sync (changes.${index}); send one change per row.`,
        [{ path: `body.changes.${index}.id`, message: 'appears twice' }],
      );
    }
    seen.add(change.id);
  });
}

/** Everything in the body but the key itself: whatever shapes the answer (cursor, changes, pull) is bound to the key. */
/** The workbook's name is not part of it: a retry after the file was renamed is still the same sync. */
function hashOf({ idempotencyKey: _key, workbook: _name, ...body }: SyncRequest): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...body, pull: body.pull !== false }))
    .digest('base64url');
}

/** Answers are gzipped: a 5,000-row sync's outcome would otherwise press on DynamoDB's 400 KB item limit. */
const pack = (answer: StoredAnswer) => gzipSync(JSON.stringify(answer)).toString('base64');
const unpack = (packed: string) =>
  JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as StoredAnswer;
