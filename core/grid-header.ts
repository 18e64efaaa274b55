/**
 * Column headings: which column holds what. Councils word their headings differently
 * ("Proposed action", "Action(s)", "Lead Officer(s)", "Target Date", "RAG status"), so headings
 * are matched by their words, case and punctuation aside.
 */

export type ColumnRole =
  | 'theme'
  | 'action'
  | 'recommendation'
  /** A reference column ("Ref", "BFI REF.") beside the recommendation's words: its numbers. */
  | 'reference'
  | 'detail'
  | 'directorate'
  | 'lead'
  | 'timescale'
  | 'status'
  | 'progress'
  | 'id';

/** How far down a sheet the header row may sit below titles and notes. */
export const HEADER_SEARCH_ROWS = 30;

export const NO_HEADER_EXPECTATION =
  'expected a row with column headings such as "Proposed action" and "Timescale"';

export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(s\)/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const has = (pattern: RegExp) => (h: string) => pattern.test(h);

/**
 * Checked in order, so the more specific wording wins: "Action status" is a status and
 * "Lead directorate" a directorate, though both also contain another role's word.
 */
const RULES: readonly [ColumnRole, (h: string) => boolean][] = [
  ['id', (h) => h === 'id'],
  ['status', has(/\b(status|rag)\b/)],
  ['progress', has(/\b(progress|update|updates|commentary|latest position|position statement)\b/)],
  ['timescale', (h) => isTimescaleHeading(h)],
  ['directorate', has(/\b(directorates?|service areas?|services?|departments?)\b/)],
  [
    'lead',
    has(
      /\b(lead|leads|sro|sros|owners?|responsible|responsibility|accountable|officers?|who|whom|by whom)\b/,
    ),
  ],
  ['recommendation', (h) => isRecommendationHeading(h)],
  [
    'theme',
    has(
      /\b(themes?|original recommendations?|workstreams?|core components?|areas? of focus|priority areas?|strategic priorit(y|ies)|objectives?|key lines? of enquiry|kloes?|domains?|strands?|pillars?)\b/,
    ),
  ],
  [
    'detail',
    has(
      /\b(details?|detail of comments?|suggestions?|findings?|observations?|peer team|issues?( identified)?|areas? for (improvement|development)|weakness(es)?|concerns?)\b/,
    ),
  ],
  ['action', (h) => isActionHeading(h)],
];

/** Headings that name what a row is measured by, not what is done: never the action. */
const NOT_THE_ACTION =
  /\b(success|outcomes?|impact|evidence|resources?|risks?|costs?|budget|kpis?|indicators?)\b/;

function isActionHeading(h: string): boolean {
  if (NOT_THE_ACTION.test(h)) return false;
  return /\b(actions?|actionss|proposals?|proposed|activity|activities|what we will do|what will we do|what|how|improvements?( planned)?|planned|management response|response|tasks?|steps|deliverables?)\b/.test(
    h,
  );
}

/** A column of reference numbers ("Ref", "No.", "BFI REF.") rather than the recommendation's words. */
export function isReferenceHeading(text: string): boolean {
  const h = normaliseHeading(text);
  return /^(ref|refs|reference|references|no|number|rec no|rec ref|para|paragraph|item)$|\bref$|\breference$/.test(
    h,
  );
}

function isTimescaleHeading(h: string): boolean {
  // "Start date" and "Date updated" are dates, but not when the action is due.
  if (/\b(updated|created|modified|added|raised|start|started|agreed)\b/.test(h)) return false;
  return /\b(timescales?|timeframes?|time frames?|dates?|due|deadlines?|by when|when|target|milestones?)\b/.test(
    h,
  );
}

function isRecommendationHeading(h: string): boolean {
  if (/^original recommendations?\b/.test(h)) return false;
  if (/\brecommendations?\b/.test(h)) return true;
  return /^(ref|refs|reference|no|number|rec|recs|rec no|rec ref|pcr)$|\bref$/.test(h);
}

/** Headings are a few words; a longer cell is data that happens to contain a heading's word. */
const MAX_HEADING_LENGTH = 60;
const MAX_HEADING_WORDS = 8;

export function roleOfHeading(text: string): ColumnRole | null {
  if (text.length > MAX_HEADING_LENGTH) return null;
  const h = normaliseHeading(text);
  if (h === '' || h.split(' ').length > MAX_HEADING_WORDS) return null;
  for (const [role, matches] of RULES) if (matches(h)) return role;
  return null;
}

/**
 * A header row names at least two roles, one of them the thing each row is about: the action,
 * the peer team's comment it answers, or (in a progress report) the recommendation itself.
 */
export function isHeaderRow(texts: readonly string[]): boolean {
  const roles = new Set(texts.map(roleOfHeading).filter((r): r is ColumnRole => r !== null));
  return roles.size >= 2 && (roles.has('action') || roles.has('detail') || roles.has('recommendation'));
}

/** Words of a table's headings that are not a plan's: a table of indicators, a budget. */
const TABLE_WORDS =
  /\b(indicators?|measures?|kpis?|pis?|baseline|target|actual|outcomes?|description|comments?|notes?|total|budget|year|quarter|q[1-4]|performance|result|score|rating|trend|benchmark|data|figures?|value|rate|percentage|number|count|name|title|category|type|source|frequency|polarity|\d{4}\/\d{2,4})\b|%/;

/**
 * A row that heads some other table: two or more short cells, most of them heading words. Used
 * only after a blank row, where a second table (of indicators, say) starts below the plan.
 */
export function looksLikeHeadings(texts: readonly string[]): boolean {
  const filled = texts.filter((t) => t !== '');
  if (filled.length < 2) return false;
  const short = filled.every(
    (t) => t.length <= 40 && t.split(/\s+/).length <= 6 && !t.includes('\n') && !/[.]$/.test(t),
  );
  const headingLike = filled.filter((t) => roleOfHeading(t) !== null || TABLE_WORDS.test(t.toLowerCase()));
  return short && headingLike.length >= Math.max(2, Math.ceil(filled.length / 2));
}

/** 0-based index of the header row among the first rows, or null. */
export function findHeaderRow(rows: readonly (readonly string[])[]): number | null {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) if (isHeaderRow(rows[i] ?? [])) return i;
  return null;
}
