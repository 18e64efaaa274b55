/**
 * Which rows of a spreadsheet a plan already has, so that running an import again adds nothing
 * twice. A row's id is derived from the plan and the row's words, so the same file gives the same
 * ids on every run (and a run racing a stalled one writes the same rows, not copies). A row whose
 * id is not in the plan is still matched by its words: rows an older `plans import` gave other ids.
 */
import { createHash } from 'node:crypto';
import type { Action, ActionFields } from '../core/plan.js';

export interface FileRow {
  /** The sheet row, as the officer sees it in Excel. */
  row: number;
  fields: ActionFields;
}

export interface MatchedRow {
  /** Its place among the file's rows (several actions can share a sheet row). */
  index: number;
  row: number;
  id: string;
  /** "id": imported by an earlier run of this file; "words": the same action, recommendation and directorate. */
  by: 'id' | 'words';
  /** Deleted in the plan since: not brought back. */
  deleted: boolean;
}

export interface NewRow extends FileRow {
  index: number;
  id: string;
}

export interface RowMatch {
  matched: MatchedRow[];
  create: NewRow[];
}

/** What makes two rows the same action: its words, recommendations and directorate, however spaced or cased. */
export function identityOf(fields: Pick<ActionFields, 'action' | 'recommendations' | 'directorate'>): string {
  const words = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return JSON.stringify([
    words(fields.action),
    fields.recommendations.map(words).sort(),
    words(fields.directorate),
  ]);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID that is the same for the same plan, identity and occurrence (the second of two identical
 * rows is another row): the plan's own time part, then 80 bits of a SHA-256 digest.
 */
export function importedId(plan: string, identity: string, occurrence: number): string {
  const digest = createHash('sha256').update(`${plan}\n${identity}\n${occurrence}`).digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] as number) & 31];
  return `${plan.slice(0, 10)}${random}`;
}

/** Splits the file's rows into those the plan has (by id, then by words) and those to create. */
export function matchRows(plan: string, rows: FileRow[], existing: Action[]): RowMatch {
  const byId = new Map(existing.map((a) => [a.id, a]));
  const occurrences = new Map<string, number>();
  const withIds = rows.map((row, index) => {
    const identity = identityOf(row.fields);
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    return { ...row, index, identity, id: importedId(plan, identity, occurrence) };
  });
  const taken = new Set(withIds.filter((r) => byId.has(r.id)).map((r) => r.id));
  const byWords = new Map<string, Action[]>();
  for (const action of [...existing].sort((a, b) => a.order - b.order)) {
    if (taken.has(action.id)) continue;
    const identity = identityOf(action);
    byWords.set(identity, [...(byWords.get(identity) ?? []), action]);
  }
  const match: RowMatch = { matched: [], create: [] };
  for (const { identity, ...row } of withIds) {
    const same = byId.get(row.id) ?? byWords.get(identity)?.shift();
    if (same) {
      const by = same.id === row.id ? 'id' : 'words';
      match.matched.push({ index: row.index, row: row.row, id: same.id, by, deleted: same.deleted });
    } else match.create.push(row);
  }
  return match;
}

/**
 * Where the file's rows start in the plan's order. An earlier run placed row i at start + i + 1,
 * so the rows it left out go back in their places between those it matched; a first run starts
 * after the plan's revision, as imports always have.
 */
export function orderStart(matched: MatchedRow[], existing: Action[], fallback: number): number {
  const orderOf = new Map(existing.map((a) => [a.id, a.order]));
  const votes = new Map<number, number>();
  for (const m of matched) {
    const start = (orderOf.get(m.id) as number) - m.index - 1;
    votes.set(start, (votes.get(start) ?? 0) + 1);
  }
  let best: [number, number] | null = null;
  for (const vote of votes) if (!best || vote[1] > best[1]) best = vote;
  return best ? best[0] : fallback;
}
