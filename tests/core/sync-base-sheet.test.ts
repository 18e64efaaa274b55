import { describe, expect, it, vi } from 'vitest';
import { ActionFields } from '../../core/plan.js';
import {
  BaseSheetError,
  decodeBaseSheet,
  encodeBaseSheet,
  type SyncMeta,
} from '../../core/sync-base-sheet.js';
import type { SyncBase } from '../../core/sync-sheet.js';

const PLAN = '01HZY3M8Q4V6W7X8Y9Z0ABCDEF';
const ROW_A = '01HZY3M8Q4V6W7X8Y9Z0ABCDEG';
const ROW_B = '01HZY3M8Q4V6W7X8Y9Z0ABCDEH';

const meta: SyncMeta = {
  council: 'chorley',
  plan: PLAN,
  sheet: 'Action plan',
  headerRow: 3,
  firstColumn: 1,
  api: 'http://127.0.0.1:8787',
};

const base: SyncBase = {
  cursor: 42,
  rows: {
    [ROW_A]: {
      id: ROW_A,
      version: 3,
      fields: ActionFields.parse({
        theme: 'Change management',
        action: 'Creation of an Investment Strategy',
        recommendations: ['3'],
        due: '2020-12-31',
        status: 'On track',
        extra: { Budget: '£1m' },
      }),
    },
    [ROW_B]: {
      id: ROW_B,
      version: 1,
      fields: ActionFields.parse({
        theme: 'x'.repeat(10_000),
        action: 'y'.repeat(10_000),
        progress: 'z'.repeat(10_000),
        extra: { Notes: 'n'.repeat(10_000) },
      }),
    },
  },
};

/** What Excel hands back: every cell as it was written, as text. */
const asCells = (rows: string[][]) => rows.map((row) => [...row]);

describe('the base sheet', () => {
  it('when a base is encoded and decoded, then meta, cursor, versions and fields come back the same', () => {
    expect(decodeBaseSheet(asCells(encodeBaseSheet(meta, base)))).toEqual({ meta, base });
  });

  it("when a row's JSON is longer than 30,000 characters, then it is split across cells Excel can hold and read back whole", () => {
    const rows = encodeBaseSheet(meta, base);
    const long = rows.find((row) => row[0] === ROW_B) ?? [];
    expect(JSON.stringify(base.rows[ROW_B]?.fields).length).toBeGreaterThan(30_000);
    expect(long.length).toBeGreaterThan(3);
    expect(Math.max(...long.map((cell) => cell.length))).toBeLessThanOrEqual(32_767);
    expect(decodeBaseSheet(asCells(rows))?.base.rows[ROW_B]).toEqual(base.rows[ROW_B]);
  });

  it('when no API was given, then it decodes as null', () => {
    const decoded = decodeBaseSheet(asCells(encodeBaseSheet({ ...meta, api: null }, base)));
    expect(decoded?.meta.api).toBeNull();
  });

  it('when the sheet is empty, then the workbook has never synced', () => {
    expect(decodeBaseSheet([])).toBeNull();
    expect(decodeBaseSheet([[]])).toBeNull();
  });

  it('when numbers come back as numbers (as Excel may give them), then it still decodes', () => {
    const cells: unknown[][] = asCells(encodeBaseSheet(meta, base));
    (cells[4] as unknown[])[1] = 3;
    (cells[7] as unknown[])[1] = 42;
    expect(decodeBaseSheet(cells)?.base.cursor).toBe(42);
  });

  it.each([
    ['the first cell is not ours', (rows: string[][]) => (rows[0] = ['Something else', '1'])],
    ['the format version is unknown', (rows: string[][]) => (rows[0] = [rows[0]?.[0] ?? '', '9'])],
    ['the council is not a council id', (rows: string[][]) => (rows[1] = ['council', 'Not A Council'])],
    ['the cursor is not a number', (rows: string[][]) => (rows[7] = ['cursor', 'soon'])],
    ['a row id is not a ULID', (rows: string[][]) => ((rows[9] as string[])[0] = 'row-1')],
    ['a row JSON was cut short', (rows: string[][]) => ((rows[9] as string[])[2] = '{"theme":')],
    ['a row field is invalid', (rows: string[][]) => ((rows[9] as string[])[2] = '{"status":"Purple"}')],
  ])('when %s, then it is a BaseSheetError saying what to do', (_, tamper) => {
    const rows = asCells(encodeBaseSheet(meta, base));
    tamper(rows);
    expect(() => decodeBaseSheet(rows)).toThrow(BaseSheetError);
    expect(() => decodeBaseSheet(rows)).toThrow(/plans export/);
  });
});

describe('decoding the rows sync wrote', () => {
  it('when every row is as sync wrote it, then no row waits for zod (a 10,000-row sync decodes them all)', () => {
    const safeParse = vi.spyOn(ActionFields, 'safeParse');
    try {
      expect(decodeBaseSheet(asCells(encodeBaseSheet(meta, base)))).toEqual({ meta, base });
      expect(safeParse).not.toHaveBeenCalled();
    } finally {
      safeParse.mockRestore();
    }
  });

  it('when a row is not as sync writes it but zod reads it, then zod still decides what it holds', () => {
    const rows = asCells(encodeBaseSheet(meta, base));
    // Written by hand: fields missing (zod fills their defaults) and one zod strips.
    (rows[9] as string[])[2] = '{"theme":"Change management","status":"On track","note":"dropped"}';
    expect(decodeBaseSheet(rows)?.base.rows[ROW_A]?.fields).toEqual(
      ActionFields.parse({ theme: 'Change management', status: 'On track' }),
    );
  });
});
