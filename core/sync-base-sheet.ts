/**
 * The base snapshot as the cells of a very hidden sheet, so it travels with the workbook: a copied
 * or emailed file keeps syncing. The CLI and the add-in write the same sheet, so a workbook synced
 * by one keeps syncing in the other.
 */
import { z } from 'zod';
import { fieldsAsSyncWrote } from './base-row-fields.js';
import { ActionFields, CouncilId, ULID_PATTERN, Ulid } from './plan.js';
import type { BaseRow, SyncBase } from './sync-sheet.js';

export const BASE_SHEET = 'PlansSync';
const FORMAT = 'peer-challenge-plans sync base';
const FORMAT_VERSION = '1';
/** Excel holds at most 32,767 characters in a cell; a row's JSON is split across cells below that. */
const CHUNK = 30_000;

export const SyncMeta = z.object({
  council: CouncilId,
  plan: Ulid,
  /** The worksheet that holds the plan table. */
  sheet: z.string().min(1).max(31),
  /** 1-based sheet row of the table's headings. */
  headerRow: z.number().int().positive(),
  /** 1-based sheet column where the table starts. */
  firstColumn: z.number().int().positive(),
  /** The API the workbook syncs with, when it was given. */
  api: z.string().nullable(),
});
export type SyncMeta = z.infer<typeof SyncMeta>;

export function encodeBaseSheet(meta: SyncMeta, base: SyncBase): string[][] {
  const rows: string[][] = [
    [FORMAT, FORMAT_VERSION],
    ['council', meta.council],
    ['plan', meta.plan],
    ['sheet', meta.sheet],
    ['headerRow', String(meta.headerRow)],
    ['firstColumn', String(meta.firstColumn)],
    ['api', meta.api ?? ''],
    ['cursor', String(base.cursor)],
    ['rows', String(Object.keys(base.rows).length)],
  ];
  for (const row of Object.values(base.rows)) {
    const json = JSON.stringify(row.fields);
    const chunks: string[] = [];
    for (let i = 0; i < json.length; i += CHUNK) chunks.push(json.slice(i, i + CHUNK));
    rows.push([row.id, String(row.version), ...chunks]);
  }
  return rows;
}

export class BaseSheetError extends Error {
  constructor(detail: string) {
    super(
      `the sync data in the hidden ${BASE_SHEET} sheet is damaged (${detail}); sync a fresh copy of the plan with \`plans export\``,
    );
    this.name = 'BaseSheetError';
  }
}

const HEADER_ROWS = 9;

/** A row's JSON, from the cells after its id and version (one, unless it was longer than CHUNK). */
function rowJson(row: readonly unknown[]): string {
  let json = '';
  for (let c = 2; c < row.length; c++) {
    const cell = row[c];
    if (cell !== null && cell !== undefined) json += String(cell);
  }
  return json;
}

/** Reads the hidden sheet back; null when the workbook has never been synced. */
export function decodeBaseSheet(
  cells: readonly (readonly unknown[])[],
): { meta: SyncMeta; base: SyncBase } | null {
  const text = (row: number, column: number) => {
    const value = cells[row]?.[column];
    return value === null || value === undefined ? '' : String(value);
  };
  if (cells.length === 0 || text(0, 0) === '') return null;
  if (text(0, 0) !== FORMAT) throw new BaseSheetError('it was not written by this product');
  if (text(0, 1) !== FORMAT_VERSION)
    throw new BaseSheetError(`format ${text(0, 1)} is not one this version reads`);
  const meta = SyncMeta.safeParse({
    council: text(1, 1),
    plan: text(2, 1),
    sheet: text(3, 1),
    headerRow: Number(text(4, 1)),
    firstColumn: Number(text(5, 1)),
    api: text(6, 1) || null,
  });
  if (!meta.success)
    throw new BaseSheetError(meta.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  // Number('') is 0: a blank cell must not pass for a cursor.
  const cursor = text(7, 1) === '' ? Number.NaN : Number(text(7, 1));
  const count = text(8, 1) === '' ? Number.NaN : Number(text(8, 1));
  if (!Number.isInteger(cursor) || cursor < 0 || !Number.isInteger(count))
    throw new BaseSheetError('the cursor is unreadable');
  const rows: Record<string, BaseRow> = {};
  for (let r = HEADER_ROWS; r < HEADER_ROWS + count; r++) {
    const id = text(r, 0);
    const version = Number(text(r, 1));
    let json: unknown;
    try {
      json = JSON.parse(rowJson(cells[r] ?? []));
    } catch {
      throw new BaseSheetError(`row ${r + 1} is not readable`);
    }
    // Rows as sync wrote them skip zod; any other row is zod's to judge, as before (core/base-row-fields.ts).
    const fields = fieldsAsSyncWrote(json) ?? ActionFields.safeParse(json).data;
    if (!ULID_PATTERN.test(id) || !Number.isInteger(version) || fields === undefined) {
      throw new BaseSheetError(`row ${r + 1} is not readable`);
    }
    rows[id] = { id, version, fields };
  }
  return { meta: meta.data, base: { cursor, rows } };
}
