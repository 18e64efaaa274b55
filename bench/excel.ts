/**
 * Figure 5: the Excel adapter (addin/excel-*.ts) driven through office-addin-mock, as
 * tests/addin/excel-adapter.test.ts drives it: `context.sync()` calls and bytes sent per sync for
 * plans of 10, 1,000 and 10,000 rows, the largest request (Excel on the web refuses one over
 * 5 MB), and the pure diff of a 10,000-row sheet. The server side is the in-memory plan server the
 * adapter tests use: this figure is about the workbook, not the store.
 */
import { ulid } from 'ulid';
import { FULL_LAYOUT } from '../core/memory-sheet.js';
import { PLAN_HEADINGS } from '../core/sheet-table.js';
import { syncSheet } from '../core/sync-run.js';
import { diffSheet, type SheetRow, type SyncBase } from '../core/sync-sheet.js';
import { type BenchEnv, emptySection, type SectionResult, timed } from './env.js';
import { benchFields } from './fixtures.js';
import { booleanTarget, figure, median, numericTarget } from './stats.js';

export interface ExcelOptions {
  sizes: number[];
  /** Syncs of 10 edits per size. */
  runs: number;
  diffRows: number;
  diffRuns: number;
  editedRows: number;
}

export const EXCEL: ExcelOptions = {
  sizes: [10, 1_000, 10_000],
  runs: 3,
  diffRows: 10_000,
  diffRuns: 9,
  editedRows: 10,
};

/** Excel on the web's limit on one request (one `context.sync()`). */
export const EXCEL_REQUEST_LIMIT = 5 * 1024 * 1024;

/** The adapter and its Office.js stand-in, if they are there yet (they are written alongside). */
async function loadAdapter() {
  try {
    const [fake, server, open, port] = await Promise.all([
      import('../tests/addin/fake-excel.js'),
      import('../tests/addin/memory-plan-server.js'),
      import('../addin/excel-open.js'),
      import('../addin/excel-port.js'),
    ]);
    return {
      FakeExcel: fake.FakeExcel,
      MemoryPlanServer: server.MemoryPlanServer,
      buildPlan: server.buildPlan,
      openPlan: open.openPlan,
      ExcelSheetPort: port.ExcelSheetPort,
    };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

const PROGRESS = PLAN_HEADINGS.indexOf('Progress');

/** The pure diff: a synced sheet of `rows` rows with `edited` cells changed since. */
export function diffFixture(rows: number, edited: number): { base: SyncBase; sheet: SheetRow[] } {
  const base: SyncBase = { cursor: rows, rows: {} };
  const sheet: SheetRow[] = [];
  for (let i = 0; i < rows; i++) {
    const id = ulid();
    const fields = benchFields(i);
    base.rows[id] = { id, version: 1, fields };
    sheet.push({ id, fields: { ...fields } });
  }
  for (let k = 0; k < edited; k++) {
    const row = sheet[Math.floor(((k + 0.5) * rows) / edited)] as SheetRow;
    row.fields = { ...row.fields, progress: `Edited ${k}` };
  }
  return { base, sheet };
}

export async function runExcel(env: BenchEnv, options: ExcelOptions): Promise<SectionResult> {
  const result = emptySection();

  // The diff needs nothing but core.
  const { base, sheet } = diffFixture(options.diffRows, options.editedRows);
  const diffMs: number[] = [];
  for (let run = -1; run < options.diffRuns; run++) {
    const started = performance.now();
    const { changes } = diffSheet(base, sheet, FULL_LAYOUT);
    const ms = performance.now() - started;
    if (changes.length !== options.editedRows) throw new Error(`the diff found ${changes.length} changes`);
    if (run >= 0) diffMs.push(ms);
  }
  result.figures[`excel-diff-${options.diffRows}`] = figure(
    `diffSheet of ${options.diffRows} rows with ${options.editedRows} edited (pure, core/sync-sheet.ts)`,
    'ms',
    diffMs,
    {
      rows: options.diffRows,
      editedRows: options.editedRows,
      layout: 'FULL_LAYOUT (9 columns)',
      warmUpRuns: 1,
    },
  );

  const adapter = await loadAdapter();
  if (adapter instanceof Error) {
    result.status = 'pending';
    result.notes.push(`the Excel adapter could not be loaded yet: ${adapter.message}`);
    return result;
  }
  const { FakeExcel, MemoryPlanServer, buildPlan, openPlan, ExcelSheetPort } = adapter;

  let largestRequest = 0;
  let largestAt = '';
  const note = (bytes: number[], where: string) => {
    for (const b of bytes)
      if (b > largestRequest) {
        largestRequest = b;
        largestAt = where;
      }
  };
  // Excel on the web limits responses as it does requests: the reads are measured too (the
  // values each accepted sync brought back; a band Excel refused is read again halved).
  let largestRead = 0;
  let largestReadAt = '';
  let refusedReads = 0;
  const noteReads = (syncs: { responseBytes?: number; refused?: boolean }[], where: string) => {
    for (const s of syncs) {
      if (s.refused) refusedReads += 1;
      else if ((s.responseBytes ?? 0) > largestRead) {
        largestRead = s.responseBytes ?? 0;
        largestReadAt = where;
      }
    }
  };
  const syncCalls = new Map<number, number[]>();
  for (const size of options.sizes) {
    const server = new MemoryPlanServer();
    server.seed(size, benchFields);
    const excel = new FakeExcel({ Sheet1: [] });
    const opened = await timed(() =>
      excel.run((context) => openPlan(context, buildPlan(), server.list(), { api: 'http://127.0.0.1:8787' })),
    );
    const sheetName = opened.value.meta.sheet;
    const openBytes = excel.syncs.map((s) => s.bytes);
    note(openBytes, `opening ${size} rows`);
    result.figures[`excel-open-syncs-${size}`] = figure(
      `context.sync calls to open a ${size}-row plan into a new sheet`,
      'calls',
      [excel.syncs.length],
      { rows: size, bytesPerSync: openBytes, ms: Math.round(opened.ms) },
    );

    const calls: number[] = [];
    const ms: number[] = [];
    let bytesPerSync: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      for (let k = 0; k < options.editedRows; k++) {
        const row = 1 + ((Math.floor(((k + 0.5) * size) / options.editedRows) + run) % size);
        excel.sheet(sheetName).type(row, PROGRESS, `Run ${run}, edit ${k}: agreed at CMT`);
      }
      excel.resetCounts();
      const port = new ExcelSheetPort(excel.run);
      const synced = await timed(() => syncSheet(port, server));
      if (synced.value.pushed !== Math.min(options.editedRows, size))
        throw new Error(`an Excel sync pushed ${synced.value.pushed} changes`);
      calls.push(excel.syncs.length);
      ms.push(synced.ms);
      bytesPerSync = excel.syncs.map((s) => s.bytes);
      note(bytesPerSync, `a sync of ${size} rows`);
      noteReads(excel.syncs, `reading ${size} rows for a sync`);
    }
    syncCalls.set(size, calls);
    const inputs = {
      rows: size,
      editedRows: Math.min(options.editedRows, size),
      bytesPerSync,
      bytes:
        'estimated by the mock: JSON length of the values written plus a fixed cost per operation; reads send nothing',
      server: 'in-memory plan server (tests/addin/memory-plan-server.ts)',
    };
    result.figures[`excel-sync-calls-${size}`] = figure(
      `context.sync calls for a sync of ${inputs.editedRows} edits, ${size}-row sheet`,
      'calls',
      calls,
      inputs,
    );
    result.figures[`excel-sync-bytes-${size}`] = figure(
      `bytes sent in the largest context.sync of that sync, ${size}-row sheet`,
      'bytes',
      [Math.max(...bytesPerSync)],
      inputs,
    );
    result.figures[`excel-sync-time-${size}`] = figure(
      `whole sync through the adapter (mocked Office.js), ${size}-row sheet`,
      'ms',
      ms,
      inputs,
    );

    if (size === Math.max(...options.sizes)) {
      // The heaviest write: someone else rewrote every row's progress note at length.
      for (const action of server.list().actions)
        server.edit(action.id, {
          progress: `${'Progress reported to Overview and Scrutiny. '.repeat(12)}${action.order}`,
        });
      excel.resetCounts();
      const pulled = await timed(() => syncSheet(new ExcelSheetPort(excel.run), server));
      const pullBytes = excel.syncs.map((s) => s.bytes);
      note(pullBytes, `pulling ${size} long progress notes`);
      noteReads(excel.syncs, `reading ${size} rows before pulling long notes`);
      // And the read that failed before reads were banded: the same plan, every note long, synced again.
      excel.resetCounts();
      await syncSheet(new ExcelSheetPort(excel.run), server);
      noteReads(excel.syncs, `reading ${size} rows with long progress notes`);
      result.figures[`excel-pull-all-syncs-${size}`] = figure(
        `context.sync calls to pull a long progress note into every one of ${size} rows`,
        'calls',
        [excel.syncs.length],
        { rows: size, pulled: pulled.value.pulled, bytesPerSync: pullBytes, ms: Math.round(pulled.ms) },
      );
    }
  }

  const smallest = Math.min(...options.sizes);
  const largest = Math.max(...options.sizes);
  const small = syncCalls.get(smallest) as number[];
  const large = syncCalls.get(largest) as number[];
  result.targets.push(
    // Reads are banded under the 5 MB response limit, so the count follows the bytes, not the
    // rows: a 10,000-row snapshot (4.2 MB) takes one band more than a 10-row one, and no more.
    booleanTarget(
      'excel-sync-calls-by-bytes',
      `calls(${largest}) <= calls(${smallest}) + 1`,
      median(large) <= median(small) + 1,
      `context.sync calls for a sync of ${options.editedRows} edits: ${median(large)} at ${largest} rows, ${median(small)} at ${smallest} rows`,
    ),
  );
  result.targets.push(
    numericTarget(
      'excel-chunks-under-5mb',
      '<',
      EXCEL_REQUEST_LIMIT,
      largestRequest,
      `largest single context.sync in any open, sync or pull measured: ${(largestRequest / 1024 / 1024).toFixed(2)} MB (${largestAt}), limit 5 MB`,
    ),
  );
  result.targets.push(
    numericTarget(
      'excel-reads-under-5mb',
      '<',
      EXCEL_REQUEST_LIMIT,
      largestRead,
      `largest single context.sync response (values read) in any sync measured: ${(largestRead / 1024 / 1024).toFixed(2)} MB (${largestReadAt}), limit 5 MB; ${refusedReads} band(s) refused and read again halved`,
    ),
  );
  env.log(`excel: largest request ${(largestRequest / 1024 / 1024).toFixed(2)} MB (${largestAt})`);
  env.log(
    `excel: largest read ${(largestRead / 1024 / 1024).toFixed(2)} MB (${largestReadAt}), ${refusedReads} refused`,
  );
  return result;
}
