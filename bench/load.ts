/**
 * Many officers syncing one plan at once, over HTTP to a running server: the load test asserts
 * its invariants, the benchmark reports its throughput and latency. Loopback only, bounded in
 * count and time.
 */
import { ulid } from 'ulid';
import { createPlansClient } from '../core/client.js';
import { MemorySheet } from '../core/memory-sheet.js';
import { ActionFields } from '../core/plan.js';
import type {
  Applied,
  Conflict,
  Refusal,
  SyncChange,
  SyncReply,
  SyncRequest,
} from '../core/sync-protocol.js';
import { syncSheet } from '../core/sync-run.js';

export interface LoadOptions {
  url: string;
  token: string;
  council: string;
  plan: string;
  clients: number;
  syncsPerClient: number;
  /** Starting rows every client shares. */
  seedRows?: number;
  /** Stops every client early when it passes, so a run is bounded in time. */
  deadlineMs?: number;
  /** Called between syncs, e.g. to kill and restart the server mid-run. */
  onSync?: (done: number) => Promise<void> | void;
  random?: () => number;
}

export interface Acknowledged {
  change: SyncChange;
  applied: Applied;
}

export interface LoadResult {
  syncs: number;
  seconds: number;
  latenciesMs: number[];
  statuses: Record<number, number>;
  acknowledged: Acknowledged[];
  conflicts: Conflict[];
  refused: Refusal[];
  failures: string[];
}

const STATUSES = ['On track', 'At risk', 'Off track', 'Complete'] as const;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const random = options.random ?? Math.random;
  const result: LoadResult = {
    syncs: 0,
    seconds: 0,
    latenciesMs: [],
    statuses: {},
    acknowledged: [],
    conflicts: [],
    refused: [],
    failures: [],
  };
  const countingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
    return res;
  };
  const client = createPlansClient({
    baseUrl: options.url,
    token: options.token,
    fetch: countingFetch,
    retryForMs: 90_000,
  });
  const transport = {
    async sync(request: SyncRequest): Promise<SyncReply> {
      const started = performance.now();
      const reply = await client.sync(options.council, options.plan, request);
      result.latenciesMs.push(performance.now() - started);
      const byId = new Map(request.changes.map((c) => [c.id, c]));
      for (const applied of reply.applied)
        result.acknowledged.push({ change: byId.get(applied.id) as SyncChange, applied });
      result.conflicts.push(...reply.conflicts);
      result.refused.push(...reply.refused);
      return reply;
    },
  };

  const seed = new MemorySheet(
    Array.from({ length: options.seedRows ?? 30 }, (_, i) => ({
      id: null,
      fields: ActionFields.parse({
        action: `Shared action ${i}`,
        directorate: 'Policy and Governance',
        order: i + 1,
      }),
    })),
  );
  await syncSheet(seed, transport);
  const started = performance.now();
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  let done = 0;

  await Promise.all(
    Array.from({ length: options.clients }, async (_, c) => {
      const sheet = seed.copy();
      for (let s = 0; s < options.syncsPerClient && Date.now() < deadline; s++) {
        editAtRandom(sheet, c, s, random);
        try {
          await syncSheet(sheet, transport, { newKey: ulid });
        } catch (error) {
          result.failures.push(`client ${c} sync ${s}: ${(error as Error).message}`);
        }
        result.syncs += 1;
        done += 1;
        await options.onSync?.(done);
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** One to three cell edits, and now and then a new row or a deleted one, as officers do. */
function editAtRandom(sheet: MemorySheet, client: number, step: number, random: () => number): void {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits && sheet.rows.length > 0; e++) {
    const row = pick(sheet.rows);
    const field = pick(['status', 'progress', 'lead'] as const);
    const value = field === 'status' ? pick(STATUSES) : `${field} by client ${client} at step ${step}`;
    row.fields = { ...row.fields, [field]: value };
  }
  const roll = random();
  if (roll < 0.1) {
    sheet.rows.push({
      id: null,
      fields: ActionFields.parse({
        action: `Added by client ${client} at step ${step}`,
        directorate: 'Policy and Governance',
      }),
    });
  } else if (roll < 0.13 && sheet.rows.length > 10) {
    sheet.rows.splice(Math.floor(random() * sheet.rows.length), 1);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
