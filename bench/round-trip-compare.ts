/**
 * Two or more checkouts of the server timed against one DynamoDB Local, interleaved: each round
 * runs bench/round-trip.ts once in every checkout (a fresh process each), in turn, the order
 * reversed every other round, so the machine's drift falls on all alike. Each checkout needs
 * bench/round-trip.ts (copy it into an older one) and node_modules. The samples go to
 * <out>-<checkout folder>.jsonl, one line per run, and a summary is printed (the first round left
 * out: it warms DynamoDB Local's JVM). Not part of `npm run bench` (issue 13).
 *
 *   node --import tsx bench/round-trip-compare.ts --trees=/tmp/old,. --rounds=6 --out=/tmp/trip [-- --runs=15 --sizes=100,1000]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, resolve } from 'node:path';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local.js';
import { median } from './stats.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const trees = (arg('trees') ?? '.').split(',').map((tree) => resolve(tree));
const rounds = Number(arg('rounds') ?? 4);
const out = arg('out') ?? 'round-trip';
const passOn = process.argv.includes('--') ? process.argv.slice(process.argv.indexOf('--') + 1) : [];

const dynamo = await startDynamoDbLocal();
try {
  for (let round = 0; round < rounds; round++) {
    for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) {
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'bench/round-trip.ts',
          `--endpoint=${dynamo.endpoint}`,
          `--java-pid=${dynamo.pid}`,
          ...passOn,
        ],
        {
          cwd: tree,
          encoding: 'utf8',
          env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
          maxBuffer: 1 << 28,
        },
      );
      if (run.status !== 0) throw new Error(`${tree}: ${run.stderr.slice(-2000)}`);
      appendFileSync(`${out}-${basename(tree)}.jsonl`, run.stdout);
      process.stderr.write(`round ${round + 1}/${rounds}: ${tree} done (load ${loadavg()[0]?.toFixed(1)})\n`);
    }
  }
} finally {
  await dynamo.stop();
}

interface Sample {
  ms: number;
  nodeCpuMs: number;
  jvmCpuMs: number;
  calls: { command: string; sent: number; answered: number }[];
}

/** Round trips waited through one after another: a request that left before the last answer overlaps it. */
function depth(calls: Sample['calls']): number {
  let waves = 0;
  let lastAnswered = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.sent - b.sent)) {
    if (call.sent >= lastAnswered) waves++;
    lastAnswered = Math.max(lastAnswered, call.answered);
  }
  return waves;
}

const r = (n: number) => Math.round(n * 10) / 10;
for (const tree of trees) {
  const runs = readFileSync(`${out}-${basename(tree)}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const samples = runs.flatMap((line) => JSON.parse(line) as Sample[]);
  const jvm = samples.reduce((sum, s) => sum + s.jvmCpuMs, 0) / samples.length;
  process.stdout.write(
    `${basename(tree)}: ${samples.length} syncs; round trip median ${r(median(samples.map((s) => s.ms)))} ms; ` +
      `CPU per sync: this process ${r(median(samples.map((s) => s.nodeCpuMs)))} ms (median), DynamoDB Local ${r(jvm)} ms (mean); ` +
      `requests ${median(samples.map((s) => s.calls.length))}, in ${median(samples.map((s) => depth(s.calls)))} round trips; ` +
      `DynamoDB waits ${r(median(samples.map((s) => s.calls.reduce((sum, c) => sum + c.answered - c.sent, 0))))} ms\n`,
  );
}
