/**
 * The sheet's half of sync (DESIGN's "client half"; "client" here means only the HTTP API client,
 * core/client.ts), pure and shared by every adapter (the xlsx file, Excel through
 * Office.js): diff the sheet against its base snapshot, apply the server's reply to an in-memory
 * model of the sheet, and work out the smallest patch that brings the sheet to that model.
 */
import { ulid } from 'ulid';
import { sameValue } from './changes.js';
import { readPath, writePath } from './field-paths.js';
import { bySheetOrder } from './order.js';
import { type Action, ActionFields, ULID_PATTERN } from './plan.js';
import type { FieldEdit, SyncChange, SyncReply } from './sync-protocol.js';

/** A row as the sheet shows it, in sheet order. `id` is whatever the id cell holds. */
export interface SheetRow {
  id: string | null;
  fields: ActionFields;
  /**
   * The theme cell was blank and took the theme of the row above (merged cells, "written once
   * per group"): a row whose theme is really empty reads that way too, so it is not an edit.
   */
  themeCarried?: boolean;
  /** Paths whose cell holds a formula: its value is read and sent, but never written over. */
  formulas?: string[];
  /** Cells the sync cannot take as they stand: never an edit, never written over. */
  unsent?: UnsentCell[];
}

/** A cell that is not sent (an error value, a formula never calculated, more text than the plan keeps). */
export interface UnsentCell {
  path: string;
  /** Why, in words for the officer: "the cell shows the error #REF!". */
  why: string;
}

/** The paths of a row's cells that sync leaves as they are. */
export function keptPaths(row: Pick<SheetRow, 'formulas' | 'unsent'>): Set<string> {
  return new Set([...(row.formulas ?? []), ...(row.unsent ?? []).map((cell) => cell.path)]);
}

const EMPTY_FIELDS = ActionFields.parse({});

/**
 * What a row says as far as sync is concerned: an unsent cell still says what it said at the last
 * sync (nothing, on a new row), so it is never an edit and never blanks the plan's value.
 */
export function syncedFields(row: SheetRow, was: BaseRow | undefined): ActionFields {
  let fields = row.fields;
  for (const { path } of row.unsent ?? [])
    fields = writePath(fields, path, readPath(was?.fields ?? EMPTY_FIELDS, path));
  return fields;
}

/** A row as it was at the last sync: the other side of every diff. */
export interface BaseRow {
  id: string;
  version: number;
  fields: ActionFields;
}

export interface SyncBase {
  /** The plan revision this copy has seen every change up to. */
  cursor: number;
  rows: Record<string, BaseRow>;
}

/** Which field paths the sheet has columns for; only those are diffed and written. */
export interface SheetLayout {
  paths: string[];
}

export const emptyBase = (): SyncBase => ({ cursor: 0, rows: {} });

/** Values compared as a person reads them: trailing spaces, line endings and empty-vs-null aside. */
export function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return normalText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (Array.isArray(value)) {
    const items = value.map(normalise).filter((v) => v !== null);
    return items.length === 0 ? null : items;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, normalise(v)] as const)
      .filter(([, v]) => v !== null);
    return entries.length === 0 ? null : Object.fromEntries(entries);
  }
  return value;
}

/** What makes text more than one line to clean: without any, cleaning it is trimming it. */
const NOT_ONE_LINE = /[\r\n\u00a0]/;

function normalText(value: string): string | null {
  const text = NOT_ONE_LINE.test(value)
    ? value
        .replace(/\r\n?/g, '\n')
        .replace(/\u00a0/g, ' ')
        .replace(/[ \t]+\n/g, '\n')
        .trim()
    : value.trim();
  return text === '' ? null : text;
}

/**
 * Whether two values mean the same once normalised. Every sync compares every cell of every row,
 * nearly all of them equal text or lists of text: those are compared without building normalised
 * copies (tests/core/sync-sheet-meaning.test.ts holds this to normalising both sides).
 */
export function sameMeaning(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return normalText(a) === normalText(b);
  if (isTextList(a) && isTextList(b)) return sameTexts(a, b);
  return sameValue(normalise(a), normalise(b));
}

function isTextList(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/** Two lists of text item by item, blank items skipped, as their normalised lists would compare. */
function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    let mine: string | null = null;
    while (mine === null && i < a.length) mine = normalText(a[i++] as string);
    let theirs: string | null = null;
    while (theirs === null && j < b.length) theirs = normalText(b[j++] as string);
    if (mine !== theirs) return false;
    if (mine === null) return true;
  }
}

/** Fields a timescale column implies when the sheet has no column of their own. */
const DERIVED_FROM_TIMESCALE = ['due', 'milestones'];

export interface SheetDiff {
  changes: SyncChange[];
  /** The id each sheet row has after the diff: new and copied rows get a fresh ULID at once. */
  ids: string[];
  /** The sheet as the sync starts from it, row for row. */
  rows: ModelRow[];
}

export function diffSheet(
  base: SyncBase,
  rows: SheetRow[],
  layout: SheetLayout,
  newId: () => string = ulid,
): SheetDiff {
  const seen = new Set<string>();
  const ids: string[] = [];
  const changes: SyncChange[] = [];
  const model: ModelRow[] = [];
  const orders = assignOrders(base, rows);
  rows.forEach((sheetRow, index) => {
    // A copied row repeats an id: the first keeps it, the copy becomes a new row.
    const valid = sheetRow.id !== null && ULID_PATTERN.test(sheetRow.id) && !seen.has(sheetRow.id);
    const id = valid ? (sheetRow.id as string) : newId();
    seen.add(id);
    ids.push(id);
    const was = base.rows[id];
    const fields = syncedFields(sheetRow, was);
    const kept = keptOf(sheetRow);
    model.push(kept.length > 0 ? { id, fields, kept } : { id, fields });
    if (!was) {
      changes.push({ op: 'create', id, fields: { ...fields, order: orders[index] ?? index + 1 } });
      return;
    }
    const edits = editsOf(was.fields, fields, sheetRow.themeCarried === true, layout);
    if (edits.length > 0) changes.push({ op: 'update', id, baseVersion: was.version, edits });
  });
  for (const was of Object.values(base.rows)) {
    if (!seen.has(was.id)) changes.push({ op: 'delete', id: was.id, baseVersion: was.version });
  }
  return { changes, ids, rows: model };
}

/** keptPaths as a list, without a set for the many rows that have neither formulas nor unsent cells. */
function keptOf(row: SheetRow): string[] {
  if ((row.formulas?.length ?? 0) === 0 && (row.unsent?.length ?? 0) === 0) return [];
  return [...keptPaths(row)];
}

function editsOf(
  base: ActionFields,
  sheet: ActionFields,
  themeCarried: boolean,
  layout: SheetLayout,
): FieldEdit[] {
  const edits: FieldEdit[] = [];
  for (const path of layout.paths) {
    const mine = readPath(sheet, path);
    const was = readPath(base, path);
    if (path === 'theme' && themeCarried && normalise(was) === null) continue;
    if (!sameMeaning(mine, was)) edits.push({ field: path, base: was, mine: normalisedValue(path, mine) });
  }
  if (edits.some((e) => e.field === 'timescale')) {
    for (const path of DERIVED_FROM_TIMESCALE) {
      if (layout.paths.includes(path)) continue;
      const mine = readPath(sheet, path);
      const was = readPath(base, path);
      if (!sameMeaning(mine, was)) edits.push({ field: path, base: was, mine });
    }
  }
  return edits;
}

/** What is sent is the value as a person meant it: trimmed text, no empty list items. */
function normalisedValue(path: string, value: unknown): unknown {
  const normal = normalise(value);
  if (normal !== null) return normal;
  if (path === 'recommendations' || path === 'milestones') return [];
  if (path === 'due' || path === 'status' || path.startsWith('extra.')) return null;
  return '';
}

/**
 * Sorting the sheet is not an edit, so row order is not diffed; a new row is placed between its
 * neighbours' orders so the plan keeps it where it was typed.
 */
function assignOrders(base: SyncBase, rows: SheetRow[]): (number | undefined)[] {
  const known = rows.map((row) =>
    row.id && base.rows[row.id] ? base.rows[row.id]?.fields.order : undefined,
  );
  const orders: (number | undefined)[] = [...known];
  let previous = 0;
  for (let i = 0; i < rows.length; i++) {
    const own = known[i];
    if (own !== undefined) {
      previous = own;
      continue;
    }
    const next = known.slice(i + 1).find((o) => o !== undefined && o > previous);
    orders[i] = next === undefined ? previous + 1 : previous + (next - previous) / 2;
    previous = orders[i] as number;
  }
  return orders;
}

/** The sheet as sync leaves it: the rows in order, each with the values it should show. */
export interface ModelRow {
  id: string;
  fields: ActionFields;
  /** Paths whose cell sync leaves as it is (a formula, an unsent cell): the model keeps what it shows. */
  kept?: string[];
}

/** A value of the plan that a cell could not take (it holds a formula, or is unsent). */
export interface UnwrittenValue {
  id: string;
  path: string;
  /** The plan's value, which the cell does not show. */
  value: unknown;
}

export interface ApplyResult {
  rows: ModelRow[];
  base: SyncBase;
  /** Rows this copy had not got from the server before: others' edits. */
  pulled: number;
  unwritten: UnwrittenValue[];
}

/** Applies a reply: server rows overwrite the sheet's, tombstones remove rows; refused new rows stay. */
export function applyReply(
  rows: ModelRow[],
  base: SyncBase,
  sent: SyncChange[],
  reply: SyncReply,
  layout: SheetLayout,
): ApplyResult {
  const next: SyncBase = { cursor: reply.cursor, rows: { ...base.rows } };
  const byId = new Map(rows.map((row) => [row.id, row]));
  const sentById = new Map(sent.map((c) => [c.id, c]));
  let pulled = 0;
  const inserted: ModelRow[] = [];
  const removed = new Set<string>();
  const unwritten: UnwrittenValue[] = [];

  for (const server of reply.changes) {
    const local = byId.get(server.id);
    if (!isEcho(server, local, sentById.get(server.id), layout)) pulled += 1;
    if (server.deleted) {
      delete next.rows[server.id];
      if (local) removed.add(server.id);
      continue;
    }
    next.rows[server.id] = baseRowOf(server, local, base.rows[server.id], unwritten);
    if (local) local.fields = mergeShown(local, server, layout);
    else inserted.push({ id: server.id, fields: fieldsOf(server) });
  }
  // A refused new row never reached the plan, but what the officer typed stays in their sheet,
  // marked with the reason: it is sent again (and refused again) until someone fixes it.
  const kept = rows.filter((row) => !removed.has(row.id));
  inserted.sort((a, b) =>
    bySheetOrder({ order: a.fields.order, id: a.id }, { order: b.fields.order, id: b.id }),
  );
  return { rows: [...kept, ...inserted], base: next, pulled, unwritten };
}

/**
 * The base of a row the server sent. Where a cell sync leaves alone shows something other than the
 * plan's value, the base keeps what the cell shows and the version it was last seen whole at: a
 * later change of that cell is then checked against the plan's newer value and comes back as a
 * conflict, instead of silently overwriting it.
 */
function baseRowOf(
  server: Action,
  local: ModelRow | undefined,
  previous: BaseRow | undefined,
  unwritten: UnwrittenValue[],
): BaseRow {
  let fields = fieldsOf(server);
  let version = server.version;
  for (const path of local?.kept ?? []) {
    const shown = readPath(local?.fields as ActionFields, path);
    const value = readPath(fields, path);
    if (sameMeaning(shown, value)) continue;
    unwritten.push({ id: server.id, path, value });
    fields = writePath(fields, path, shown);
    if (previous) version = previous.version;
  }
  return { id: server.id, version, fields };
}

/** Whether a row in the reply is only this copy's own change coming back. */
function isEcho(
  server: Action,
  local: ModelRow | undefined,
  sent: SyncChange | undefined,
  layout: SheetLayout,
): boolean {
  if (!sent) return false;
  if (sent.op === 'delete') return server.deleted;
  if (!local || server.deleted) return false;
  return layout.paths.every((path) =>
    sameMeaning(readPath(local.fields, path), readPath(fieldsOf(server), path)),
  );
}

/**
 * The server's values for every column the sheet shows, but for cells sync leaves alone, which keep
 * what they show; other fields keep the sheet's reading.
 */
function mergeShown(local: ModelRow, server: Action, layout: SheetLayout): ActionFields {
  const kept = new Set(local.kept);
  let fields = { ...fieldsOf(server), extra: { ...local.fields.extra } };
  for (const path of layout.paths) {
    const from = kept.has(path) ? local.fields : fieldsOf(server);
    fields = writePath(fields, path, readPath(from, path));
  }
  return fields;
}

export function fieldsOf(action: Action): ActionFields {
  const { id: _id, version: _v, revision: _r, updatedAt: _a, updatedBy: _b, deleted: _d, ...fields } = action;
  return fields;
}

export interface SheetPatch {
  /** Sheet rows (0-based, in the sheet as read) whose id cell must be written. */
  ids: { row: number; id: string }[];
  /** Cells to write, by row id and field path: only values that differ from what the sheet shows. */
  updates: { id: string; row: number; values: { path: string; value: unknown }[] }[];
  /** Rows to add at the end of the table. */
  inserts: ModelRow[];
  /** Sheet rows (0-based, as read) to remove. */
  removals: number[];
}

/** The smallest set of writes that turns the sheet as read into the model. */
export function sheetPatch(
  original: SheetRow[],
  ids: string[],
  model: ModelRow[],
  layout: SheetLayout,
): SheetPatch {
  const patch: SheetPatch = { ids: [], updates: [], inserts: [], removals: [] };
  const rowOf = new Map(ids.map((id, row) => [id, row]));
  const wanted = new Map(model.map((row) => [row.id, row]));
  original.forEach((row, index) => {
    const id = ids[index] as string;
    const target = wanted.get(id);
    if (!target) {
      patch.removals.push(index);
      return;
    }
    if (row.id !== id) patch.ids.push({ row: index, id });
    const kept = keptOf(row);
    const values: SheetPatch['updates'][number]['values'] = [];
    for (const path of layout.paths) {
      if (kept.length > 0 && kept.includes(path)) continue;
      const value = readPath(target.fields, path);
      if (!sameMeaning(readPath(row.fields, path), value)) values.push({ path, value });
    }
    if (values.length > 0) patch.updates.push({ id, row: index, values });
  });
  patch.inserts = model.filter((row) => !rowOf.has(row.id));
  return patch;
}

/** Applies a patch to rows held in memory: what an adapter does to its cells, for a sheet held as data. */
export function patchRows(rows: SheetRow[], patch: SheetPatch, layout: SheetLayout): SheetRow[] {
  const next = rows.map((row) => ({ id: row.id, fields: { ...row.fields, extra: { ...row.fields.extra } } }));
  for (const { row, id } of patch.ids) (next[row] as SheetRow).id = id;
  for (const update of patch.updates) {
    const target = next[update.row] as SheetRow;
    for (const { path, value } of update.values) target.fields = writePath(target.fields, path, value);
  }
  const removals = new Set(patch.removals);
  const kept = next.filter((_, index) => !removals.has(index));
  const inserts = patch.inserts.map((row) => {
    let fields = row.fields;
    for (const path of layout.paths) fields = writePath(fields, path, readPath(row.fields, path));
    return { id: row.id, fields };
  });
  return [...kept, ...inserts];
}
