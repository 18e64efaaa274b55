/**
 * A write that fails part way must not leave the sheet ahead of its base: pulled values written
 * but not yet in the base would be sent back as the officer's edits next time, and rows brought in
 * would be sent as new. So the new base goes first, with the old one's rows for every row it
 * changes kept beside it and a marker saying a write is under way; the marker and the old rows go
 * last. A sync that finds the marker trusts, row by row, the base the sheet shows: the new row
 * where the sheet already holds its values, the old row where it does not, and pulls again from
 * the old cursor. Any prefix of the write's requests is read correctly.
 *
 * In PlansSync: cell C1 holds `pending <first row> <rows> <old cursor>` (the base's own reader
 * reads only A and B of its first nine rows), and the old rows sit below the new base as
 * `id, version, fields JSON…`, version blank for a row the old base did not have.
 */
import { readPath } from '../core/field-paths.js';
import type { BaseRow, SheetLayout, SheetRow, SyncBase } from '../core/sync-sheet.js';
import { sameMeaning } from '../core/sync-sheet.js';

const MARK = 'pending';
const CHUNK = 30_000;

export interface Pending {
  marker: string;
  /** Rows written below the new base: the old base's row for each row the write changes. */
  rows: string[][];
}

const fieldsJson = (row: BaseRow) => JSON.stringify(row.fields);

/** The old base's rows for every id whose base row the write changes, and the marker naming them. */
export function pendingOf(oldBase: SyncBase, newBase: SyncBase, firstRow: number): Pending | null {
  const ids = new Set([...Object.keys(oldBase.rows), ...Object.keys(newBase.rows)]);
  const rows: string[][] = [];
  for (const id of ids) {
    const was = oldBase.rows[id];
    const now = newBase.rows[id];
    if (was && now && was.version === now.version && fieldsJson(was) === fieldsJson(now)) continue;
    if (!was) {
      rows.push([id, '']);
      continue;
    }
    const json = fieldsJson(was);
    const chunks: string[] = [];
    for (let i = 0; i < json.length; i += CHUNK) chunks.push(json.slice(i, i + CHUNK));
    rows.push([id, String(was.version), ...chunks]);
  }
  if (rows.length === 0 && oldBase.cursor === newBase.cursor) return null;
  return { marker: `${MARK} ${firstRow} ${rows.length} ${oldBase.cursor}`, rows };
}

/**
 * The base a sync should diff against when an earlier write stopped part way: per row, the new
 * one where the sheet shows it, else the old one; the old cursor, so what was not written is pulled
 * again. The base as decoded when there is no marker.
 */
export function settlePending(
  cells: readonly (readonly string[])[],
  base: SyncBase,
  sheetRows: readonly SheetRow[],
  layout: SheetLayout,
): SyncBase {
  const marker = /^pending (\d+) (\d+) (\d+)$/.exec(cells[0]?.[2] ?? '');
  if (!marker) return base;
  const [first, count, cursor] = [Number(marker[1]), Number(marker[2]), Number(marker[3])];
  const inSheet = new Map(sheetRows.filter((r) => r.id !== null).map((r) => [r.id as string, r]));
  const shows = (row: SheetRow, wanted: BaseRow) =>
    layout.paths.every((path) => sameMeaning(readPath(row.fields, path), readPath(wanted.fields, path)));
  const rows = { ...base.rows };
  for (let r = first; r < first + count; r++) {
    const cellsOf = cells[r] ?? [];
    const id = cellsOf[0] ?? '';
    if (id === '') continue;
    const now = rows[id];
    const sheetRow = inSheet.get(id);
    const old: BaseRow | null =
      (cellsOf[1] ?? '') === ''
        ? null
        : { id, version: Number(cellsOf[1]), fields: JSON.parse(cellsOf.slice(2).join('')) };
    if (now && sheetRow && shows(sheetRow, now)) continue; // written, or only pushed
    if (!now && !sheetRow) continue; // removed, and gone from the sheet
    if (old) rows[id] = old;
    else if (!sheetRow) delete rows[id]; // brought in, never written: pulled again
  }
  return { cursor: Math.min(cursor, base.cursor), rows };
}
