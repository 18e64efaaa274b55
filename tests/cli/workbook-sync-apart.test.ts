/**
 * A later sync reads the plan sheet from its XML and builds ExcelJS's model only when the outcome
 * writes into the sheet's cells (cli/workbook-sync.ts). Whatever the officers and the plan did, it
 * must send what the sync through ExcelJS sends and save the workbook that sync saves, part for part.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it, vi } from 'vitest';
import { WorkbookPackage } from '../../cli/workbook-package.js';
import { openPlanWorkbook, type PlanWorkbook } from '../../cli/workbook-sync.js';
import type { SyncReply, SyncRequest } from '../../core/sync-protocol.js';
import { type SyncOptions, type SyncResult, type SyncTransport, syncSheet } from '../../core/sync-run.js';
import { apiTransport } from '../support/transport.js';
import { COUNCIL, workbookTestbed } from '../support/workbook-testbed.js';

/** The fixture's nine actions sit in rows 4 to 12; B is the action, D the directorate, E the timescale. */
const FIRST_ROW = 4;
const ROWS = 9;

const bed = workbookTestbed('workbook-sync-apart');
let copies = 0;

async function copyTo(from: string): Promise<string> {
  const file = join(bed.dir, `copy-${++copies}.xlsx`);
  await copyFile(from, file);
  return file;
}

const transportTo = (plan: string) => apiTransport(bed.api, bed.token, COUNCIL, plan);

/** An officer's edits in Excel (here ExcelJS): cells typed, a row cleared, a row added. */
interface Edits {
  cells: { row: number; column: 'B' | 'D' | 'E' | 'F'; text: string | Date }[];
  cleared: number | null;
  added: string | null;
  /** A due date cell the officer formats as text (when the workbook has due dates). */
  asText: number | null;
  /** A directorate the officer makes a formula. */
  formula?: number | null;
  /** An action the officer puts a note of their own on. */
  note?: number | null;
}

async function edit(file: string, edits: Edits): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
  for (const { row, column, text } of edits.cells) sheet.getCell(`${column}${FIRST_ROW + row}`).value = text;
  if (edits.cleared !== null)
    for (const column of 'BCDE') sheet.getCell(`${column}${FIRST_ROW + edits.cleared}`).value = null;
  if (edits.asText !== null) sheet.getCell(`F${FIRST_ROW + edits.asText}`).numFmt = '@';
  if (edits.note != null) sheet.getCell(`B${FIRST_ROW + edits.note}`).note = 'Check with the LEP';
  if (edits.formula != null)
    sheet.getCell(`D${FIRST_ROW + edits.formula}`).value = {
      formula: 'UPPER("resources")',
      result: 'RESOURCES',
    };
  if (edits.added !== null) {
    sheet.getCell(`B${FIRST_ROW + ROWS}`).value = edits.added;
    sheet.getCell(`E${FIRST_ROW + ROWS}`).value = 'March 2027';
  }
  await workbook.xlsx.writeFile(file);
}

/** The same new ids and keys in both readings' syncs, so that their requests can be compared. */
function sameIds(): () => SyncOptions {
  const prefix = ulid().slice(0, 16);
  const counter = (start: string) => {
    let n = 0;
    return () => `${start}${String(++n).padStart(10, '0')}`;
  };
  return () => ({ newId: counter(prefix), newKey: counter(`key-${prefix}`) });
}

/** A transport that answers each request with the reply recorded for it, in order. */
function replaying(recorded: { request: SyncRequest; reply: SyncReply }[]): SyncTransport {
  let at = 0;
  return {
    async sync(request) {
      const next = recorded[at++];
      expect(request).toEqual(next?.request);
      return next?.reply as SyncReply;
    },
  };
}

/**
 * A "Due date" column beside the timescale before the workbook is adopted: dates with a date format,
 * a date in a cell formatted as text, and empty cells, so the plan's dates go into cells of each kind.
 */
async function withDueDates(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
  sheet.getCell('F3').value = 'Due date';
  sheet.getCell('F4').value = new Date('2020-12-31T00:00:00Z');
  sheet.getCell('F4').numFmt = 'dd/mm/yyyy';
  sheet.getCell('F5').value = new Date('2021-03-31T00:00:00Z');
  sheet.getCell('F5').numFmt = '@';
  sheet.getCell('F6').numFmt = '@';
  await workbook.xlsx.writeFile(file);
}

async function actionPlanOf(file: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
}

async function parts(file: string): Promise<Record<string, string>> {
  const pkg = new WorkbookPackage(await readFile(file));
  return Object.fromEntries(pkg.names().map((name) => [name, pkg.bytes(name).toString('base64')]));
}

interface Synced {
  summary: SyncResult;
  warnings: readonly string[];
  places: { row: number | null; column: string | null }[];
}

async function syncOnce(
  workbook: PlanWorkbook,
  transport: SyncTransport,
  options?: SyncOptions,
): Promise<Synced> {
  const summary = await syncSheet(workbook, transport, options);
  await workbook.save();
  const ids = Object.keys(summary.base.rows);
  return { summary, warnings: workbook.warnings, places: ids.map((id) => workbook.placeOf(id, 'action')) };
}

/**
 * The later sync of `file` twice from the same bytes: through ExcelJS against the API (recorded),
 * then read from the XML against the recording. Both must send, answer and save the same.
 */
async function bothWays(file: string, plan: string): Promise<{ apart: Synced; excel: Synced }> {
  const throughExcel = await copyTo(file);
  const recorded: { request: SyncRequest; reply: SyncReply }[] = [];
  const live = transportTo(plan);
  const recording: SyncTransport = {
    async sync(request) {
      const reply = await live.sync(request);
      recorded.push({ request: structuredClone(request), reply: structuredClone(reply) });
      return reply;
    },
  };
  const options = sameIds();
  const excel = await syncOnce(
    await openPlanWorkbook(throughExcel, { readApart: false }),
    recording,
    options(),
  );
  const loads = vi.spyOn(ExcelJS.Workbook.prototype, 'xlsx', 'get');
  try {
    const apart = await syncOnce(await openPlanWorkbook(file, {}), replaying(recorded), options());
    readings[loads.mock.calls.length === 0 ? 'apart' : 'excel']++;
    expect(await parts(file)).toEqual(await parts(throughExcel));
    return { apart, excel };
  } finally {
    loads.mockRestore();
  }
}

/** How many syncs kept to the sheet's XML, and how many went on to ExcelJS to write. */
const readings = { apart: 0, excel: 0 };

/** A value one time in four, else null. */
const sometimes = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });

const editsOf = fc.record({
  cells: fc.array(
    fc.oneof(
      fc.record({
        row: fc.nat({ max: ROWS - 1 }),
        column: fc.constantFrom('B' as const, 'D' as const, 'E' as const),
        text: fc.constantFrom<string | Date>(
          'Review the OD strategy',
          'Chief Executive',
          'December 2026',
          '31/03/2027',
          'Resources',
        ),
      }),
      // The due date column, when the workbook has one (`withDueDates`).
      fc.record({
        row: fc.nat({ max: ROWS - 1 }),
        column: fc.constant('F' as const),
        text: fc.constantFrom<string | Date>(
          new Date('2027-03-31T00:00:00Z'),
          new Date('2026-12-01T00:00:00Z'),
        ),
      }),
    ),
    { maxLength: 3 },
  ),
  // Now and then: most syncs of a day bring only values.
  cleared: sometimes(fc.nat({ max: ROWS - 1 })),
  added: sometimes(fc.constantFrom('Publish the plan on the website', 'Brief scrutiny')),
  asText: sometimes(fc.nat({ max: ROWS - 1 })),
  formula: sometimes(fc.nat({ max: ROWS - 1 })),
  note: sometimes(fc.nat({ max: ROWS - 1 })),
});

describe('a later sync read from the XML', () => {
  it('when officers in two copies edit, clear and add rows, make formulas, write notes and sync in turn, then each sync sends and saves what the sync through ExcelJS does', async () => {
    await fc.assert(
      fc.asyncProperty(
        editsOf,
        editsOf,
        fc.boolean(),
        fc.boolean(),
        async (mine, theirs, theySyncFirst, due) => {
          const plan = await bed.newPlan();
          const a = await bed.fixtureCopy();
          if (due) await withDueDates(a);
          else
            for (const edits of [mine, theirs]) {
              edits.cells = edits.cells.filter((c) => c.column !== 'F');
              edits.asText = null;
            }
          await syncOnce(await openPlanWorkbook(a, { council: COUNCIL, plan, api: null }), transportTo(plan));
          const b = await copyTo(a);
          await edit(a, theirs);
          if (theySyncFirst) await syncOnce(await openPlanWorkbook(a, {}), transportTo(plan));
          await edit(b, mine);
          const first = await bothWays(b, plan);
          expect(first.apart).toEqual(first.excel);
          // Then again: conflicts marked by the first are cleared, or it is a sync with nothing to do.
          const second = await bothWays(b, plan);
          expect(second.apart).toEqual(second.excel);
        },
      ),
      { numRuns: 16 },
    );
    // Both ways were taken: syncs that only sent edits, and syncs that wrote into the sheet.
    expect(readings.apart).toBeGreaterThan(2);
    expect(readings.excel).toBeGreaterThan(2);
  }, 300_000);

  it("when the plan's due dates come into cells the officer formatted as text, then they go in as dates with the short date format, as through ExcelJS", async () => {
    const plan = await bed.newPlan();
    const a = await bed.fixtureCopy();
    await withDueDates(a);
    const transport = transportTo(plan);
    await syncOnce(await openPlanWorkbook(a, { council: COUNCIL, plan, api: null }), transport);
    const b = await copyTo(a);
    await edit(a, {
      cells: [
        { row: 1, column: 'E', text: 'December 2026' },
        { row: 2, column: 'F', text: new Date('2027-03-31T00:00:00Z') },
      ],
      cleared: null,
      added: null,
      asText: null,
    });
    await syncOnce(await openPlanWorkbook(a, {}), transport);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(b);
    (workbook.getWorksheet('Action plan') as ExcelJS.Worksheet).getColumn('F').numFmt = '@';
    await workbook.xlsx.writeFile(b);

    const { apart, excel } = await bothWays(b, plan);
    expect(apart).toEqual(excel);
    expect(apart.summary.pulled).toBe(2);
    const sheet = await actionPlanOf(b);
    expect(sheet.getCell('F6').value).toEqual(new Date('2027-03-31T00:00:00Z'));
    expect([sheet.getCell('F6').numFmt, sheet.getCell('F7').numFmt]).toEqual(['mm-dd-yy', '@']);
  });

  it("when the sync sends the officer's edits and brings others' values into its cells, then ExcelJS never reads the workbook; a new row is written through it", async () => {
    const plan = await bed.newPlan();
    const file = await bed.fixtureCopy();
    const transport = transportTo(plan);
    await syncOnce(await openPlanWorkbook(file, { council: COUNCIL, plan, api: null }), transport);
    const other = await copyTo(file);
    await edit(file, {
      cells: [{ row: 2, column: 'D', text: 'Resources' }],
      cleared: null,
      added: null,
      asText: null,
    });
    const loads = vi.spyOn(ExcelJS.Workbook.prototype, 'xlsx', 'get');
    try {
      expect((await syncOnce(await openPlanWorkbook(file, {}), transport)).summary.pushed).toBe(1);
      expect(loads).not.toHaveBeenCalled();

      await edit(other, {
        cells: [{ row: 3, column: 'B', text: 'Review the OD strategy' }],
        cleared: null,
        added: null,
        asText: null,
      });
      await syncOnce(await openPlanWorkbook(other, {}), transport);
      loads.mockClear();
      expect((await syncOnce(await openPlanWorkbook(file, {}), transport)).summary.pulled).toBe(1);
      expect(loads).not.toHaveBeenCalled();
      const sheet = await actionPlanOf(file);
      expect(sheet.getCell('B7').value).toBe('Review the OD strategy');
      expect(sheet.getCell('D6').value).toBe('Resources');

      await edit(other, { cells: [], cleared: null, added: 'Brief scrutiny', asText: null });
      await syncOnce(await openPlanWorkbook(other, {}), transport);
      loads.mockClear();
      expect((await syncOnce(await openPlanWorkbook(file, {}), transport)).summary.pulled).toBe(1);
      expect(loads).toHaveBeenCalled();
    } finally {
      loads.mockRestore();
    }
  });
});
