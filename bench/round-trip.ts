/**
 * One sync round trip, call by call: every DynamoDB request a sync of 10 changed rows sends, in
 * the order sent, with when it left and when its answer came back (ms from the request), and the
 * CPU each side spent (this process: client and server in-process; DynamoDB Local's JVM, read from
 * /proc when its pid is given). Written to compare two versions of the server interleaved (issue
 * 13): each run is a fresh process against one shared DynamoDB Local, so the machine's drift falls
 * on both alike (bench/round-trip-compare.ts runs it so). Not part of `npm run bench`.
 *
 *   node --import tsx bench/round-trip.ts --endpoint=http://127.0.0.1:8000 [--java-pid=N] [--runs=15] [--sizes=100,1000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DeserializeMiddleware, HandlerExecutionContext, MetadataBearer } from '@smithy/types';
import { ulid } from 'ulid';
import { createPlansClient } from '../core/client.js';
import { MemorySheet } from '../core/memory-sheet.js';
import type { SyncReply, SyncRequest } from '../core/sync-protocol.js';
import { type SyncTransport, syncSheet } from '../core/sync-run.js';
import { createApp } from '../functions/app.js';
import { loadOrCreateIssuerKeys, localAuthConfig } from '../functions/local/issuer.js';
import { type BenchEnv, benchTable, benchToken, dropTable, inProcessFetch } from './env.js';
import { seedPlan } from './fixtures.js';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const endpoint = arg('endpoint');
if (!endpoint) throw new Error('--endpoint=<DynamoDB Local> is needed');
const javaPid = arg('java-pid');
const runs = Number(arg('runs') ?? 15);
const sizes = (arg('sizes') ?? '100,1000').split(',').map(Number);
const CHANGED_ROWS = 10;
const COUNCIL = 'bench-trip';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** One DynamoDB request of a sync: sent and answered, in ms from the sync's start. */
interface Call {
  command: string;
  sent: number;
  answered: number;
}

/** The JVM's user + system CPU so far, in ms (Linux counts it in ticks of 10 ms). */
function jvmCpuMs(): number {
  if (!javaPid) return Number.NaN;
  const fields = readFileSync(`/proc/${javaPid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const dataDir = mkdtempSync(join(tmpdir(), 'plans-trip-'));
const env: BenchEnv = {
  endpoint,
  dataDir,
  keys: await loadOrCreateIssuerKeys(dataDir),
  quick: false,
  log: () => undefined,
};
const store = await benchTable(env, 'trip');
let calls: Call[] = [];
let syncStarted = 0;
const timeline: DeserializeMiddleware<object, MetadataBearer> =
  (next, context: HandlerExecutionContext) => async (args) => {
    const call = {
      command: context.commandName ?? 'unknown',
      sent: performance.now() - syncStarted,
      answered: 0,
    };
    calls.push(call);
    try {
      return await next(args);
    } finally {
      call.answered = performance.now() - syncStarted;
    }
  };
store.raw.middlewareStack.add(timeline, { step: 'deserialize', name: 'roundTripTimeline' });

try {
  const app = createApp({ store, auth: localAuthConfig(env.keys) } as Parameters<typeof createApp>[0]);
  const client = createPlansClient({
    baseUrl: 'http://bench.local',
    token: await benchToken(env, COUNCIL),
    fetch: inProcessFetch(app),
  });
  const samples: { size: number; ms: number; nodeCpuMs: number; jvmCpuMs: number; calls: Call[] }[] = [];
  let record = false;
  const subjects: { size: number; sheet: MemorySheet; transport: SyncTransport }[] = [];
  for (const size of sizes) {
    const ref = await seedPlan(store, COUNCIL, `Round trip ${size}`, size);
    const transport: SyncTransport = {
      async sync(request: SyncRequest): Promise<SyncReply> {
        if (record) collectGarbage();
        calls = [];
        const cpu = process.cpuUsage();
        const jvm = jvmCpuMs();
        syncStarted = performance.now();
        const reply = await client.sync(ref.council, ref.plan, request);
        const ms = performance.now() - syncStarted;
        const used = process.cpuUsage(cpu);
        if (record)
          samples.push({
            size,
            ms,
            nodeCpuMs: (used.user + used.system) / 1000,
            jvmCpuMs: jvmCpuMs() - jvm,
            calls,
          });
        return reply;
      },
    };
    const sheet = new MemorySheet();
    await syncSheet(sheet, transport);
    subjects.push({ size, sheet, transport });
  }
  for (let run = -2; run < runs; run++) {
    record = run >= 0;
    for (const { size, sheet, transport } of subjects) {
      for (let k = 0; k < CHANGED_ROWS; k++) {
        const row = sheet.rows[(Math.floor(((k + 0.5) * size) / CHANGED_ROWS) + Math.max(run, 0)) % size];
        if (row) row.fields = { ...row.fields, progress: `Run ${run}, edit ${k}: update agreed at CMT` };
      }
      const { pushed } = await syncSheet(sheet, transport, { newKey: ulid });
      if (pushed !== CHANGED_ROWS) throw new Error(`a sync pushed ${pushed} changes, not ${CHANGED_ROWS}`);
    }
  }
  process.stdout.write(`${JSON.stringify(samples)}\n`);
} finally {
  await dropTable(store);
  rmSync(dataDir, { recursive: true, force: true });
}
