/**
 * Figure 3: `plans import` of a 10,000-row plan through its sending path (importReading, an HTTP
 * client, the local server) against the floor: raw BatchWriteItem of the same action items into the
 * same table. Also the CLI's parse of the workbook, so the whole command's wall time is visible.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ulid } from 'ulid';
import { fieldsOf, importReading } from '../cli/commands/import.js';
import { readSheetCells } from '../cli/workbook-read.js';
import { createPlansClient } from '../core/client.js';
import { type GridReading, readGrid } from '../core/grid.js';
import type { ActionFields } from '../core/plan.js';
import { PLAN_HEADINGS } from '../core/sheet-table.js';
import { createApp } from '../functions/app.js';
import { localAuthConfig } from '../functions/local/issuer.js';
import { countRequests } from './counting.js';
import {
  type BenchEnv,
  benchServer,
  benchToken,
  dropTable,
  emptySection,
  inProcessFetch,
  type SectionResult,
  timed,
} from './env.js';
import { actionItems, batchWriteAll, benchFields, transactWriteAll } from './fixtures.js';
import { figure, numericTarget, ratioOfMedians, round } from './stats.js';

export interface ImportOptions {
  rows: number;
  /** Imports and raw uploads, interleaved. */
  runs: number;
  parseRuns: number;
}

export const IMPORT: ImportOptions = { rows: 10_000, runs: 5, parseRuns: 5 };

/** As many BatchWriteItem calls in flight as the import's bulk path keeps. */
const PARALLEL_FLOOR = 8;

const rowsWithIds = (rows: ActionFields[]) => rows.map((fields) => ({ id: ulid(), fields }));

const COUNCIL = 'bench-import';

/** The product's own headings, without Due (the timescale gives it) and the Id a first import has not got. */
const HEADINGS = PLAN_HEADINGS.filter((h) => h !== 'Due' && h !== 'Id');

/** A plan workbook as councils keep them: one header row, one action a row. */
export async function writePlanWorkbook(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Action plan');
  sheet.addRow(HEADINGS);
  for (let i = 0; i < rows; i++) {
    const f = benchFields(i);
    sheet.addRow([
      f.theme,
      f.action,
      `Recommendation ${f.recommendations[0]}`,
      f.directorate,
      f.lead,
      f.timescale,
      f.status,
      f.progress,
    ]);
  }
  await workbook.xlsx.writeFile(file);
}

export async function runImport(env: BenchEnv, options: ImportOptions): Promise<SectionResult> {
  const result = emptySection();
  const file = join(env.dataDir, `plan-${options.rows}.xlsx`);
  const made = await timed(() => writePlanWorkbook(file, options.rows));
  env.log(`import: wrote a ${options.rows}-row workbook in ${(made.ms / 1000).toFixed(1)} s`);

  const parseMs: number[] = [];
  let reading: GridReading | null = null;
  for (let run = 0; run < options.parseRuns; run++) {
    const parsed = await timed(async () => {
      const { sheet, cells } = await readSheetCells(file);
      return readGrid(cells, { sheet });
    });
    parseMs.push(parsed.ms);
    reading = parsed.value;
  }
  const grid = reading as GridReading;
  if (grid.actions.length !== options.rows)
    throw new Error(`the workbook read as ${grid.actions.length} actions, not ${options.rows}`);
  result.figures[`import-parse-${options.rows}`] = figure(
    `plans import's parse of a ${options.rows}-row .xlsx (readSheetCells + readGrid)`,
    'ms',
    parseMs,
    { rows: options.rows, columns: HEADINGS.length, generatedWith: 'ExcelJS' },
  );

  const { server, store } = await benchServer(env, 'import');
  try {
    let httpRequests = 0;
    const client = createPlansClient({
      baseUrl: server.url,
      token: await benchToken(env, COUNCIL),
      fetch: (input, init) => {
        httpRequests += 1;
        return fetch(input, init);
      },
    });
    const rows = grid.actions.map((read, i) => fieldsOf(read, i + 1));

    // One smaller import and floor first, not counted: the server's and DynamoDB Local's JIT warm up.
    const warmRows = Math.min(1_000, options.rows);
    await importReading(
      client,
      { council: COUNCIL, title: 'Warm-up' },
      { ...structuredClone(grid), actions: grid.actions.slice(0, warmRows) },
    );
    await batchWriteAll(
      store,
      actionItems({ council: COUNCIL, plan: ulid() }, rowsWithIds(rows.slice(0, warmRows))),
    );

    const importMs: number[] = [];
    const floorMs: number[] = [];
    const parallelFloorMs: number[] = [];
    const transactFloorMs: number[] = [];
    let floorCalls = 0;
    let lastHttp = 0;
    for (let run = 0; run < options.runs; run++) {
      httpRequests = 0;
      const imported = await timed(() =>
        importReading(client, { council: COUNCIL, title: `Import run ${run + 1}` }, structuredClone(grid)),
      );
      if (imported.value.created !== options.rows || imported.value.refused.length > 0)
        throw new Error(`import created ${imported.value.created} of ${options.rows} actions`);
      importMs.push(imported.ms);
      lastHttp = httpRequests;
      env.log(`import: plans import ${run + 1}/${options.runs} in ${(imported.ms / 1000).toFixed(1)} s`);

      const items = actionItems({ council: COUNCIL, plan: ulid() }, rowsWithIds(rows));
      const floor = await timed(() => batchWriteAll(store, items));
      floorMs.push(floor.ms);
      floorCalls = floor.value;
      env.log(`import: raw BatchWriteItem ${run + 1}/${options.runs} in ${(floor.ms / 1000).toFixed(1)} s`);

      const parallelItems = actionItems({ council: COUNCIL, plan: ulid() }, rowsWithIds(rows));
      const parallel = await timed(() => batchWriteAll(store, parallelItems, PARALLEL_FLOOR));
      parallelFloorMs.push(parallel.ms);

      const guardedItems = actionItems({ council: COUNCIL, plan: ulid() }, rowsWithIds(rows));
      const guarded = await timed(() => transactWriteAll(store, guardedItems, 50, PARALLEL_FLOOR));
      transactFloorMs.push(guarded.ms);
    }

    result.figures[`import-${options.rows}`] = figure(
      `plans import's sending path: ${options.rows} actions (importReading over HTTP to the local server)`,
      'ms',
      importMs,
      {
        rows: options.rows,
        recommendations: grid.recommendations.length,
        httpRequests: lastHttp,
        sending: '1,000-row push-only syncs, 3 in flight',
        writes:
          'per run of up to 50 new rows: one transaction (its change record and its rows, each on condition its id is absent); 8 runs at a time',
        server: 'startLocalServer on loopback, DynamoDB Local',
        order: 'interleaved with the floor runs',
        warmUp: `one import and one floor of ${warmRows} rows before, not counted`,
      },
    );
    result.figures[`import-floor-batchwrite-${options.rows}`] = figure(
      `floor: the same ${options.rows} action items, raw BatchWriteItem (25 a call, sequential)`,
      'ms',
      floorMs,
      { rows: options.rows, batchWriteCalls: floorCalls, changeRecords: 'none (the floor keeps no history)' },
    );
    result.figures[`import-floor-batchwrite-parallel-${options.rows}`] = figure(
      `diagnostic: the same ${options.rows} action items, raw BatchWriteItem with ${PARALLEL_FLOOR} calls in flight`,
      'ms',
      parallelFloorMs,
      { rows: options.rows, inFlight: PARALLEL_FLOOR, changeRecords: 'none' },
    );
    result.figures[`import-floor-transact-${options.rows}`] = figure(
      `diagnostic: the same ${options.rows} action items, raw TransactWriteItems of 50 rows each on condition the id is absent, ${PARALLEL_FLOOR} in flight`,
      'ms',
      transactFloorMs,
      { rows: options.rows, perTransaction: 50, inFlight: PARALLEL_FLOOR, changeRecords: 'none' },
    );
    const guardedRatio = ratioOfMedians(importMs, transactFloorMs);
    result.notes.push(
      `Against a floor that also never overwrites (raw conditional TransactWriteItems, 50 a call, ${PARALLEL_FLOOR} in flight), the import takes ${round(guardedRatio.value ?? Number.NaN)}× (DynamoDB Local applies transactions one at a time; DynamoDB runs them in parallel).`,
    );
    // Where the time goes: the same import once more, in-process, with the store's requests counted.
    const counter = countRequests(store.raw);
    const inProcess = createPlansClient({
      baseUrl: 'http://bench.local',
      token: await benchToken(env, COUNCIL),
      fetch: inProcessFetch(createApp({ store, auth: localAuthConfig(env.keys) })),
    });
    const counted = await timed(() =>
      importReading(inProcess, { council: COUNCIL, title: 'Import, counted' }, structuredClone(grid)),
    );
    const timings = counter.timings();
    counter.detach();
    result.figures[`import-inprocess-${options.rows}`] = figure(
      `diagnostic: the same import in-process (app.request), its DynamoDB requests counted`,
      'ms',
      [counted.ms],
      {
        rows: options.rows,
        dynamoRequests: counter.total(),
        byCommand: counter.snapshot(),
        msByCommand: Object.fromEntries(Object.entries(timings).map(([c, ms]) => [c, Math.round(ms)])),
        dynamoMs: Math.round(Object.values(timings).reduce((sum, ms) => sum + ms, 0)),
      },
    );
    env.log(`import: in-process import with counted requests in ${(counted.ms / 1000).toFixed(1)} s`);

    const parseMedian = result.figures[`import-parse-${options.rows}`]?.median ?? 0;
    const importMedian = result.figures[`import-${options.rows}`]?.median ?? 0;
    result.notes.push(
      `Whole \`plans import\` of ${options.rows} rows ≈ parse ${(parseMedian / 1000).toFixed(1)} s + send ${(importMedian / 1000).toFixed(1)} s = ${((parseMedian + importMedian) / 1000).toFixed(1)} s (medians).`,
    );
    const r = ratioOfMedians(importMs, floorMs);
    result.targets.push(
      numericTarget(
        'import-vs-batchwrite',
        '<=',
        1.5,
        r.value === null ? null : round(r.value),
        `median import of ${options.rows} actions / median raw BatchWriteItem of the same items (extremes ${round(r.low ?? Number.NaN)}–${round(r.high ?? Number.NaN)})`,
      ),
    );
    // The floor above overwrites whatever a row held; the import must not (a row someone created or
    // edited meanwhile is kept), so it is also held to a floor that never overwrites either.
    result.targets.push(
      numericTarget(
        'import-vs-never-overwrite-floor',
        '<=',
        1.5,
        guardedRatio.value === null ? null : round(guardedRatio.value),
        `median import of ${options.rows} actions / median raw conditional TransactWriteItems of the same items, 50 a call, ${PARALLEL_FLOOR} in flight (extremes ${round(guardedRatio.low ?? Number.NaN)}–${round(guardedRatio.high ?? Number.NaN)})`,
      ),
    );
    return result;
  } finally {
    await server.stop();
    await dropTable(store);
  }
}
