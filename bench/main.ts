/**
 * `npm run bench`: every figure in one run against one in-memory DynamoDB Local, written to
 * bench/results.json and printed as a table. A report, not a test: it exits 0 when a target is
 * missed and says which. `--quick` runs smaller sizes (for trying it out) and `--only a,b` some
 * sections; neither overwrites bench/results.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local.js';
import { loadOrCreateIssuerKeys } from '../functions/local/issuer.js';
import type { BenchEnv, SectionResult } from './env.js';
import { EXCEL, runExcel } from './excel.js';
import { IMPORT, runImport } from './import.js';
import { LAMBDA, runLambda } from './lambda.js';
import { LOAD, runLoadFigures } from './load-figures.js';
import { type BenchResults, formatReport, type SectionStatus } from './report.js';
import { ROLLUP, runRollup } from './rollup.js';
import type { Figure, Target } from './stats.js';
import { runSyncScaling, SYNC_SCALING } from './sync-scaling.js';
import { runWorkbookSync, WORKBOOK_SYNC } from './workbook-sync.js';

interface Section {
  name: string;
  /** The targets the section reports (name, what is wanted), so a section that fails still lists them, as missed. */
  targets: [string, string][];
  run(env: BenchEnv): Promise<SectionResult>;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const only = onlyArg ? new Set(onlyArg.split(',')) : null;

const SECTIONS: Section[] = [
  {
    name: 'sync',
    targets: [
      ['sync-10k-vs-100-time', '<= 1.5'],
      ['sync-request-count-constant', 'requests(10000) == requests(100)'],
      ['sync-vs-full-reupload', '>= 50'],
    ],
    run: (env) =>
      runSyncScaling(
        env,
        quick ? { ...SYNC_SCALING, sizes: [100, 1_000], runs: 3, naiveRuns: 1 } : SYNC_SCALING,
      ),
  },
  {
    name: 'workbook-sync',
    targets: [
      ['workbook-sync-10k-vs-100', '<= 3'],
      ['workbook-sync-vs-full-reupload', '>= 5'],
    ],
    run: (env) =>
      runWorkbookSync(
        env,
        quick ? { ...WORKBOOK_SYNC, sizes: [100, 1_000], runs: 2, reuploadRuns: 1 } : WORKBOOK_SYNC,
      ),
  },
  {
    name: 'import',
    targets: [
      ['import-vs-batchwrite', '<= 1.5'],
      ['import-vs-never-overwrite-floor', '<= 1.5'],
    ],
    run: (env) => runImport(env, quick ? { ...IMPORT, rows: 1_000, runs: 2, parseRuns: 1 } : IMPORT),
  },
  {
    name: 'rollup',
    targets: [['rollup-vs-query', '<= 1.3']],
    run: (env) => runRollup(env, quick ? { ...ROLLUP, plans: 10, rowsPerPlan: 100, runs: 3 } : ROLLUP),
  },
  {
    name: 'excel',
    targets: [
      ['excel-sync-calls-by-bytes', 'calls(10000) <= calls(10) + 1'],
      ['excel-chunks-under-5mb', '< 5242880'],
      ['excel-reads-under-5mb', '< 5242880'],
    ],
    run: (env) => runExcel(env, quick ? { ...EXCEL, sizes: [10, 1_000], diffRows: 1_000, runs: 2 } : EXCEL),
  },
  {
    name: 'lambda',
    targets: [
      ['lambda-bundle-under-1mb', '< 1048576'],
      ['lambda-cold-start-vs-hello', '<= 2.5'],
    ],
    run: (env) => runLambda(env, quick ? { ...LAMBDA, runs: 3 } : LAMBDA),
  },
  {
    name: 'load',
    targets: [],
    run: (env) => runLoadFigures(env, quick ? { ...LOAD, clients: 5, syncsPerClient: 10 } : LOAD),
  },
];

function machine(loadAtStart: number): BenchResults['machine'] {
  const cores = cpus();
  return {
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GB`,
    loadAverage: { start: Number(loadAtStart.toFixed(2)), end: Number((loadavg()[0] ?? 0).toFixed(2)) },
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'plans-bench-'));
  const log = (message: string) =>
    process.stderr.write(
      `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`,
    );
  const selected = SECTIONS.filter((s) => !only || only.has(s.name));
  if (selected.length === 0)
    throw new Error(`--only names none of ${SECTIONS.map((s) => s.name).join(', ')}`);

  log('starting DynamoDB Local (in memory)');
  const dynamo = await startDynamoDbLocal().catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const stop = async () => {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping DynamoDB Local`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  // An error no section caught still stops DynamoDB Local before the process goes.
  const fatal = (error: unknown) => {
    log(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void stop().finally(() => process.exit(1));
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);

  const figures: Record<string, Figure | 'pending'> = {};
  const targets: Target[] = [];
  const sections: Record<string, SectionStatus> = {};
  try {
    const env: BenchEnv = {
      endpoint: dynamo.endpoint,
      dataDir,
      keys: await loadOrCreateIssuerKeys(dataDir),
      quick,
      log,
    };
    for (const section of selected) {
      log(`${section.name}: starting`);
      const sectionStarted = performance.now();
      let result: SectionResult;
      let error: string | undefined;
      try {
        result = await section.run(env);
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
        log(`${section.name}: FAILED: ${error}`);
        if (caught instanceof Error && caught.stack) process.stderr.write(`${caught.stack}\n`);
        result = { status: 'failed', figures: {}, targets: [], notes: [] };
      }
      const seconds = (performance.now() - sectionStarted) / 1000;
      log(`${section.name}: ${result.status} in ${seconds.toFixed(0)} s`);
      Object.assign(figures, result.figures);
      if (result.status === 'pending') figures[section.name] = 'pending';
      for (const [name, wanted] of section.targets) {
        const found = result.targets.find((t) => t.name === name);
        targets.push(
          found ?? {
            name,
            target: wanted,
            value: null,
            met: false,
            detail:
              result.status === 'pending'
                ? 'pending: the section could not run yet'
                : `not measured: ${error ?? 'no value'}`,
          },
        );
      }
      targets.push(...result.targets.filter((t) => !section.targets.some(([name]) => name === t.name)));
      sections[section.name] = {
        status: result.status,
        notes: result.notes,
        seconds: Number(seconds.toFixed(1)),
        ...(error ? { error } : {}),
      };
    }
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    process.off('uncaughtException', fatal);
    process.off('unhandledRejection', fatal);
    log('stopping DynamoDB Local');
    await stop();
  }

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode: quick ? 'quick' : only ? 'partial' : 'full',
    durationSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    machine: machine(loadAtStart),
    figures,
    targets,
    sections,
  };
  const file =
    results.mode === 'full'
      ? fileURLToPath(new URL('./results.json', import.meta.url))
      : join(tmpdir(), `plans-bench-${results.mode}-results.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(formatReport(results));
  process.stdout.write(`\nWritten to ${file}\n`);
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
