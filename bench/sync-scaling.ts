/**
 * Figures 1 and 2: a delta sync of 10 changed rows against plans of growing size (its time and its
 * DynamoDB requests should not grow with the plan), and the same 10 changes sent the naive way:
 * the whole sheet written again, row by row, with BatchWriteItem.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ulid } from 'ulid';
import { createPlansClient } from '../core/client.js';
import { MemorySheet } from '../core/memory-sheet.js';
import type { SyncReply, SyncRequest } from '../core/sync-protocol.js';
import { type SyncTransport, syncSheet } from '../core/sync-run.js';
import { createApp } from '../functions/app.js';
import { localAuthConfig } from '../functions/local/issuer.js';
import { countRequests } from './counting.js';
import {
  type BenchEnv,
  benchTable,
  benchToken,
  dropTable,
  emptySection,
  inProcessFetch,
  type SectionResult,
  timed,
} from './env.js';
import { actionItems, batchWriteAll, seedPlan } from './fixtures.js';
import { booleanTarget, figure, median, numericTarget, ratioOfMedians, round } from './stats.js';

export interface SyncScalingOptions {
  sizes: number[];
  /** Recorded syncs per size (after one unrecorded warm-up). */
  runs: number;
  /** Full re-uploads of the largest sheet. */
  naiveRuns: number;
  changedRows: number;
}

export const SYNC_SCALING: SyncScalingOptions = {
  sizes: [100, 1_000, 10_000],
  runs: 15,
  naiveRuns: 5,
  changedRows: 10,
};

const COUNCIL = 'bench-sync';

/**
 * Client and server share this process; in the cloud they do not. The client's garbage from
 * diffing a 10,000-row sheet is collected before each timed round trip, so it is not billed to the
 * server's answer.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface SizeRuns {
  roundTripMs: number[];
  clientTotalMs: number[];
  requests: number[];
  lastRequests: Record<string, number>;
  dynamoMs: number[];
  commandMs: Record<string, number[]>;
}

export async function runSyncScaling(env: BenchEnv, options: SyncScalingOptions): Promise<SectionResult> {
  const result = emptySection();
  const store = await benchTable(env, 'sync');
  try {
    const counter = countRequests(store.raw);
    const app = createApp({ store, auth: localAuthConfig(env.keys) });
    const statuses: Record<number, number> = {};
    const appFetch = inProcessFetch(app);
    const client = createPlansClient({
      baseUrl: 'http://bench.local',
      token: await benchToken(env, COUNCIL),
      fetch: async (input, init) => {
        const res = await appFetch(input, init);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        return res;
      },
    });

    // Every plan is seeded and opened first (which also warms DynamoDB Local's JVM); then the
    // measured syncs go round the sizes in turn, so drift in the machine falls on every size alike.
    interface Subject {
      size: number;
      sheet: MemorySheet;
      transport: SyncTransport;
      runs: SizeRuns;
    }
    let record = false;
    const subjects: Subject[] = [];
    for (const size of options.sizes) {
      const seeded = await timed(() => seedPlan(store, COUNCIL, `Sync scaling ${size}`, size));
      const ref = seeded.value;
      env.log(`sync: seeded a plan of ${size} rows in ${(seeded.ms / 1000).toFixed(1)} s`);
      const runs: SizeRuns = {
        roundTripMs: [],
        clientTotalMs: [],
        requests: [],
        lastRequests: {},
        dynamoMs: [],
        commandMs: {},
      };
      const transport: SyncTransport = {
        async sync(request: SyncRequest): Promise<SyncReply> {
          counter.reset();
          if (record) collectGarbage();
          const { ms, value } = await timed(() => client.sync(ref.council, ref.plan, request));
          if (record) {
            runs.roundTripMs.push(ms);
            runs.requests.push(counter.total());
            runs.lastRequests = counter.snapshot();
            const timings = counter.timings();
            runs.dynamoMs.push(Object.values(timings).reduce((sum, t) => sum + t, 0));
            for (const [command, t] of Object.entries(timings)) {
              runs.commandMs[command] = [...(runs.commandMs[command] ?? []), t];
            }
          }
          return value;
        },
      };
      // The officer's copy: opened by a first sync (which pulls the whole plan), so its base is current.
      const sheet = new MemorySheet();
      const first = await timed(() => syncSheet(sheet, transport));
      if (sheet.rows.length !== size)
        throw new Error(`the first sync pulled ${sheet.rows.length} of ${size} rows`);
      result.figures[`sync-first-pull-${size}`] = figure(
        `first sync of an empty copy (pulls all ${size} rows)`,
        'ms',
        [first.ms],
        { rows: size, transport: 'createPlansClient over app.request (in-process)' },
      );
      subjects.push({ size, sheet, transport, runs });
    }

    for (let run = -1; run < options.runs; run++) {
      record = run >= 0;
      for (const { size, sheet, transport, runs } of subjects) {
        for (let k = 0; k < options.changedRows; k++) {
          const index = (Math.floor(((k + 0.5) * size) / options.changedRows) + Math.max(run, 0)) % size;
          const row = sheet.rows[index];
          if (!row) throw new Error(`no row ${index}`);
          row.fields = { ...row.fields, progress: `Run ${run}, edit ${k}: update agreed at CMT` };
        }
        const total = await timed(() => syncSheet(sheet, transport, { newKey: ulid }));
        if (total.value.pushed !== options.changedRows)
          throw new Error(`a sync pushed ${total.value.pushed} changes, not ${options.changedRows}`);
        if (record) runs.clientTotalMs.push(total.ms);
      }
    }

    const bySize = new Map<number, SizeRuns>();
    for (const { size, runs } of subjects) {
      bySize.set(size, runs);
      const inputs = {
        planRows: size,
        changedRows: options.changedRows,
        warmUpRuns: 1,
        order: 'round-robin over the plan sizes',
        transport: 'createPlansClient over app.request (in-process), DynamoDB Local',
      };
      result.figures[`sync-roundtrip-${size}`] = figure(
        `sync of ${options.changedRows} changed rows, plan of ${size} rows: request to reply`,
        'ms',
        runs.roundTripMs,
        inputs,
      );
      result.figures[`sync-requests-${size}`] = figure(
        `DynamoDB requests for that sync, plan of ${size} rows`,
        'requests',
        runs.requests,
        { ...inputs, byCommand: runs.lastRequests },
      );
      result.figures[`sync-dynamo-time-${size}`] = figure(
        `time that sync spent waiting on DynamoDB Local, plan of ${size} rows`,
        'ms',
        runs.dynamoMs,
        {
          ...inputs,
          medianMsByCommand: Object.fromEntries(
            Object.entries(runs.commandMs).map(([command, ms]) => [command, round(median(ms))]),
          ),
        },
      );
      result.figures[`sync-client-total-${size}`] = figure(
        `whole syncSheet (read, diff all ${size} rows, round trip, patch), plan of ${size} rows`,
        'ms',
        runs.clientTotalMs,
        { ...inputs, sheet: 'MemorySheet' },
      );
    }
    const largestSheet = subjects.reduce((a, b) => (b.size > a.size ? b : a)).sheet;

    const smallest = Math.min(...options.sizes);
    const largest = Math.max(...options.sizes);
    const small = bySize.get(smallest) as SizeRuns;
    const large = bySize.get(largest) as SizeRuns;
    const timeRatio = ratioOfMedians(large.roundTripMs, small.roundTripMs);
    result.targets.push(
      numericTarget(
        'sync-10k-vs-100-time',
        '<=',
        1.5,
        timeRatio.value === null ? null : round(timeRatio.value),
        `median round trip of a ${options.changedRows}-row sync: ${largest}-row plan / ${smallest}-row plan (extremes ${round(timeRatio.low ?? Number.NaN)}–${round(timeRatio.high ?? Number.NaN)})`,
      ),
    );
    const sameCounts = median(large.requests) === median(small.requests);
    result.targets.push(
      booleanTarget(
        'sync-request-count-constant',
        `requests(${largest}) == requests(${smallest})`,
        sameCounts,
        `median DynamoDB requests per sync: ${median(large.requests)} at ${largest} rows, ${median(small.requests)} at ${smallest} rows (all runs: ${[...new Set(large.requests)].join('/')} vs ${[...new Set(small.requests)].join('/')})`,
      ),
    );

    // The naive way: the whole sheet, with the same 10 changes, written again as raw items.
    const sheet = largestSheet;
    const naiveRef = { council: COUNCIL, plan: ulid() };
    const items = actionItems(
      naiveRef,
      sheet.rows.map((row) => ({ id: row.id as string, fields: row.fields })),
    );
    const naiveMs: number[] = [];
    let calls = 0;
    for (let run = 0; run < options.naiveRuns; run++) {
      const upload = await timed(() => batchWriteAll(store, items));
      naiveMs.push(upload.ms);
      calls = upload.value;
      env.log(
        `sync: full re-upload ${run + 1}/${options.naiveRuns} of ${items.length} rows in ${(upload.ms / 1000).toFixed(1)} s`,
      );
    }
    result.figures[`naive-reupload-${largest}`] = figure(
      `the whole ${largest}-row sheet written again with BatchWriteItem (25 a call, sequential)`,
      'ms',
      naiveMs,
      {
        rows: items.length,
        batchWriteCalls: calls,
        target: 'same table, its own partition, overwritten each run',
      },
    );
    const naiveRatio = ratioOfMedians(naiveMs, large.roundTripMs);
    result.targets.push(
      numericTarget(
        'sync-vs-full-reupload',
        '>=',
        50,
        naiveRatio.value === null ? null : round(naiveRatio.value),
        `median full re-upload of ${largest} rows / median round trip of the ${options.changedRows}-row sync (extremes ${round(naiveRatio.low ?? Number.NaN)}–${round(naiveRatio.high ?? Number.NaN)})`,
      ),
    );
    const endToEnd = ratioOfMedians(naiveMs, large.clientTotalMs);
    result.notes.push(
      `Counting the client's own work too (reading and diffing all ${largest} rows), the full re-upload takes ${round(endToEnd.value ?? Number.NaN)}× the whole syncSheet.`,
    );
    const failures = Object.entries(statuses).filter(([status]) => Number(status) >= 300);
    if (failures.length > 0)
      result.notes.push(`non-2xx answers during the runs: ${JSON.stringify(statuses)}`);
    counter.detach();
    return result;
  } finally {
    await dropTable(store);
  }
}
