/**
 * Which column holds what, and why. A heading the reader knows places its column; a blank or
 * unknown heading is placed by what its cells hold (short person or post names are a lead; dates
 * or period words a timescale; RAG words a status; reference numbers the recommendations); and
 * the officer's own mapping (`--map`, the task pane's drop-downs) overrides both. Each column
 * says how sure the reader is, so the officer is asked only about the doubtful ones.
 */
import { type CellReading, columnLetter, isSerialDate } from './grid-cell.js';
import { type ColumnRole, isReferenceHeading, normaliseHeading, roleOfHeading } from './grid-header.js';
import { readStatus } from './grid-status.js';
import { readRecommendationRef } from './recommendation-ref.js';
import { readTimescale } from './timescale.js';

export type MappedRole = ColumnRole | 'extra';

export interface ColumnMapping {
  /** The column's letter on the sheet: "C". */
  column: string;
  /** The header text as written; "Column C" under a blank heading. */
  heading: string;
  role: MappedRole;
  /** 1 when the officer chose it; 0.9 for a known heading; lower for a reading of the cells. */
  confidence: number;
  why: string;
}

/** The officer's choices: heading text (or column letter) -> role. */
export type ColumnMap = Record<string, MappedRole>;

export const MAPPED_ROLES: readonly MappedRole[] = [
  'theme',
  'action',
  'recommendation',
  'reference',
  'detail',
  'directorate',
  'lead',
  'timescale',
  'status',
  'progress',
  'id',
  'extra',
];

/**
 * The very hidden sheet where an adopted workbook keeps the officer's mapping (heading, role per
 * row), so every later sync, on disk or in Excel, reads the table the way the officer confirmed.
 */
export const COLUMNS_SHEET = 'PlansColumns';

export function encodeColumnMap(map: ColumnMap): string[][] {
  return Object.entries(map).map(([heading, role]) => [heading, role]);
}

export function decodeColumnMap(cells: readonly (readonly unknown[])[]): ColumnMap {
  const map: ColumnMap = {};
  for (const row of cells) {
    const heading = typeof row[0] === 'string' ? row[0].trim() : '';
    const role = row[1] as MappedRole;
    if (heading !== '' && MAPPED_ROLES.includes(role)) map[heading] = role;
  }
  return map;
}

/** Below this the parse output asks the officer to check the column. */
export const SURE = 0.75;

export interface ColumnInput {
  index: number;
  heading: string;
  /** The column's cells below the header, within the table. */
  cells: readonly CellReading[];
}

export function mapColumns(columns: readonly ColumnInput[], map: ColumnMap = {}): ColumnMapping[] {
  const chosen = officerChoices(map);
  const taken = new Set<MappedRole>();
  const result = columns.map(
    (c): ColumnMapping => ({
      column: columnLetter(c.index),
      heading: c.heading,
      role: 'extra',
      confidence: 0,
      why: '',
    }),
  );
  const take = (i: number, role: MappedRole, confidence: number, why: string) => {
    const mapping = result[i] as ColumnMapping;
    Object.assign(mapping, { role, confidence, why });
    if (role !== 'extra') taken.add(role);
  };
  const open = new Set(columns.map((_, i) => i));

  // 1. The officer's word is final.
  columns.forEach((c, i) => {
    const role = chosen.get(normaliseHeading(c.heading)) ?? chosen.get(columnLetter(c.index).toLowerCase());
    if (role === undefined) return;
    take(i, role, 1, 'set by the officer');
    open.delete(i);
  });

  // 2. Headings the reader knows; "What?" beside "How?" is the group the how belongs to.
  const hasHow = columns.some((c) => /^how\b/.test(normaliseHeading(c.heading)));
  for (const i of [...open]) {
    const c = columns[i] as ColumnInput;
    let role: MappedRole | null = roleOfHeading(c.heading);
    let why = `the heading "${c.heading}" reads as ${role}`;
    if (role === 'action' && hasHow && /^what\b/.test(normaliseHeading(c.heading))) {
      role = 'theme';
      why = `"${c.heading}" beside a "How?" column: the what groups the hows below it`;
    }
    if (role === null) continue;
    open.delete(i);
    if (taken.has(role)) take(i, 'extra', 0.9, `a second ${role} column: kept as written`);
    else take(i, role, 0.9, why);
  }

  // 3. Blank and unknown headings: what their cells hold.
  for (const i of [...open]) {
    const c = columns[i] as ColumnInput;
    // Under a heading of its own, one cell is too little to overrule the officer's word for it.
    const blank = c.heading === `Column ${columnLetter(c.index)}`;
    const guess = guessFromCells(c.cells, blank ? 1 : 2);
    if (!guess || taken.has(guess.role)) continue;
    open.delete(i);
    take(i, guess.role, guess.confidence, guess.why);
  }

  // 4. A reference column beside the recommendation's words gives its numbers.
  pairReference(columns, result, open);

  // 5. No column names what the rows are about: the one with the longest text is the action.
  const onlyNumbers = result.every(
    (m, i) => m.role !== 'recommendation' || m.confidence === 1 || isNumbersColumn(columns[i] as ColumnInput),
  );
  if (!taken.has('action') && !taken.has('detail') && onlyNumbers) {
    const longest = [...open]
      .map((i) => ({ i, length: averageLength((columns[i] as ColumnInput).cells) }))
      .filter((c) => c.length >= 15)
      .sort((a, b) => b.length - a.length)[0];
    if (longest) {
      open.delete(longest.i);
      take(longest.i, 'action', 0.5, 'the longest text in the table, and no heading names the action');
    }
  }

  for (const i of open) {
    const c = columns[i] as ColumnInput;
    take(
      i,
      'extra',
      0.9,
      c.heading.startsWith('Column ') ? 'no heading: kept as written' : 'kept as written',
    );
  }
  return result;
}

function officerChoices(map: ColumnMap): Map<string, MappedRole> {
  const chosen = new Map<string, MappedRole>();
  for (const [key, role] of Object.entries(map)) {
    const letter = /^\s*(?:column\s+)?([A-Za-z]{1,3})\s*$/i.exec(key);
    if (letter && key.trim().length <= 3) chosen.set((letter[1] ?? '').toLowerCase(), role);
    else chosen.set(normaliseHeading(key), role);
  }
  return chosen;
}

/**
 * Two recommendation columns (or a recommendation column beside one of bare numbers): the
 * numbers are the reference, the other column the recommendation's words.
 */
function pairReference(columns: readonly ColumnInput[], result: ColumnMapping[], open: Set<number>): void {
  if (result.some((m) => m.role === 'reference')) return;
  const candidates = result
    .map((m, i) => ({ m, i, bare: shareOf(columns[i]?.cells ?? [], isBareReference) }))
    .filter(
      ({ m, i, bare }) =>
        m.confidence !== 1 &&
        (m.role === 'recommendation' ||
          (m.role === 'extra' &&
            (roleOfHeading(m.heading) === 'recommendation' ||
              isReferenceHeading(m.heading) ||
              (open.has(i) && m.heading === `Column ${m.column}` && bare >= 0.7)))),
    );
  if (candidates.length < 2) return;
  const ref =
    candidates.find((c) => isReferenceHeading(c.m.heading)) ??
    [...candidates].sort((a, b) => b.bare - a.bare)[0];
  // A column already read as the recommendation keeps that role: making a blank one beside it the
  // recommendation too left two, and only one is read, so the other's cells were lost.
  const words =
    candidates.find((c) => c !== ref && c.m.role === 'recommendation') ??
    candidates.find((c) => c !== ref && !isReferenceHeading(c.m.heading)) ??
    candidates.find((c) => c !== ref);
  if (!ref || !words) return;
  Object.assign(ref.m, {
    role: 'reference',
    confidence: 0.85,
    why: `the recommendations' reference numbers, beside their words in "${words.m.heading}"`,
  });
  Object.assign(words.m, {
    role: 'recommendation',
    confidence: 0.85,
    why: 'the recommendation beside its reference',
  });
  open.delete(ref.i);
  open.delete(words.i);
}

interface Guess {
  role: ColumnRole;
  confidence: number;
  why: string;
}

const KINDS: readonly { role: ColumnRole; test: (cell: CellReading) => boolean; says: string }[] = [
  {
    role: 'status',
    test: (c) => readStatus(c.text) !== null && c.text.length <= 30,
    says: 'RAG or status words',
  },
  { role: 'timescale', test: isPeriod, says: 'dates or periods' },
  { role: 'recommendation', test: isBareReference, says: 'reference numbers' },
  { role: 'lead', test: isPersonOrPost, says: 'names of people or posts' },
];

/** What a column holds, when most of its cells say the same kind of thing. */
/** Enough cells to judge a column by: a long plan is not read twice over to map its columns. */
const SAMPLE = 200;

export function guessFromCells(cells: readonly CellReading[], fewest = 1): Guess | null {
  const filled = cells.filter((c) => c.text !== '').slice(0, SAMPLE);
  if (filled.length < Math.max(1, fewest)) return null;
  for (const kind of KINDS) {
    const n = filled.filter(kind.test).length;
    const share = n / filled.length;
    if (share < 0.7) continue;
    const confidence = Math.round(share * (filled.length >= 3 ? 0.85 : 0.65) * 100) / 100;
    return { role: kind.role, confidence, why: `${n} of ${filled.length} cells are ${kind.says}` };
  }
  return null;
}

const PERIOD_WORDS =
  /^(?:on-?going|immediate(?:ly)?|annual(?:ly)?|quarterly|monthly|weekly|continuous|tbc|tba|complete[d]?|q[1-4]\b.*|(?:by |end of |from )?(?:spring|summer|autumn|winter)\b.*|\d{4}\s*[/-]\s*\d{2,4}.*)$/i;

/** A date, or words for a period or a when: "Ongoing", "Q3", "2024/25", "by March 2025". */
export function isPeriod(cell: CellReading): boolean {
  if (cell.date) return true;
  if (cell.number !== null) return isSerialDate(cell.number);
  if (cell.text.length > 60) return false;
  return PERIOD_WORDS.test(cell.text) || readTimescale(cell.text).due !== null;
}

/** "3", "2.23", "Rec 4", "R1", "3.1.17": a reference and nothing more. */
function isBareReference(cell: CellReading): boolean {
  if (cell.number !== null) return cell.number >= 0 && cell.number < 1000;
  if (cell.text.length > 25) return false;
  const ref = readRecommendationRef(cell.text);
  return ref.numbers.length > 0 && ref.text.split(/\s+/).filter(Boolean).length <= 2;
}

const POSTS =
  /\b(officers?|managers?|directors?|head|chief|executive|lead|leader|members?|cabinet|portfolio|holder|team|board|committee|group|principal|deputy|assistant|monitoring|s151|section 151|cfo|ceo|dcs|das|hr|ict|clerk|coordinator|co-ordinator|advisers?|advisors?|partnership|council|secretary|chair|all)\b/i;
const INITIAL_AND_NAME = /^[A-Z]\.?\s+[A-Z][a-zA-Z'’-]+$/;
const INITIALS = /^[A-Z]{2,3}$/;
const FULL_NAME = /^[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}$/;

/** A lead names people or posts: short, no sentence, each part a name, initials or a post. */
function isPersonOrPost(cell: CellReading): boolean {
  const text = cell.text;
  if (cell.number !== null || cell.date || text.length > 60 || /[.!?]$/.test(text) || /\d/.test(text))
    return false;
  const parts = text.split(/\s*(?:\/|,|&|\band\b|\n)\s*/).filter(Boolean);
  return (
    parts.length > 0 &&
    parts.every(
      (p) =>
        p.split(/\s+/).length <= 6 &&
        (POSTS.test(p) || INITIAL_AND_NAME.test(p) || INITIALS.test(p) || FULL_NAME.test(p)),
    )
  );
}

/** A recommendation column of bare numbers ("Ref", "No."): it says which, not what. */
function isNumbersColumn(column: ColumnInput): boolean {
  return isReferenceHeading(column.heading) || shareOf(column.cells, isBareReference) >= 0.7;
}

function shareOf(cells: readonly CellReading[], test: (cell: CellReading) => boolean): number {
  const filled = cells.filter((c) => c.text !== '').slice(0, SAMPLE);
  return filled.length === 0 ? 0 : filled.filter(test).length / filled.length;
}

function averageLength(cells: readonly CellReading[]): number {
  const filled = cells.filter((c) => c.text !== '' && c.number === null && c.date === null);
  return filled.length === 0 ? 0 : filled.reduce((sum, c) => sum + c.text.length, 0) / filled.length;
}

/** Reads "Who by?=lead, What?=theme" into a map; throws on a role the plan does not have. */
export function parseColumnMap(text: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of text.split(/,(?=[^,=]*=)/)) {
    if (part.trim() === '') continue;
    const at = part.lastIndexOf('=');
    const heading = at < 0 ? '' : part.slice(0, at).trim();
    const role = (
      at < 0
        ? ''
        : part
            .slice(at + 1)
            .trim()
            .toLowerCase()
    ) as MappedRole;
    if (heading === '' || !MAPPED_ROLES.includes(role)) {
      throw new ColumnMapError(
        `"${part.trim()}" is not HEADING=ROLE with ROLE one of ${MAPPED_ROLES.join(', ')}`,
      );
    }
    map[heading] = role;
  }
  return map;
}

export class ColumnMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ColumnMapError';
  }
}
