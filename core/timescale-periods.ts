/**
 * Finds the dates a council writes in a timescale cell ("Dec 21", "Q3 2023/24", "summer 2022")
 * and reads each as a period: its first and last day. Pure, no I/O.
 */

export interface Period {
  from: string;
  to: string;
}

/** One place in the text that names a time. */
export interface DateMention {
  start: number;
  end: number;
  written: string;
  /** null when the text names a time that cannot be pinned to a day, e.g. a month with no year. */
  period: Period | null;
  /** Why no period was read; becomes a warning. */
  problem?: string;
  /** Set for a whole calendar or financial year, which can frame a more exact date in the same part. */
  frame?: string;
}

type Reading = Omit<DateMention, 'start' | 'end' | 'written'>;
type Groups = Record<string, string | undefined>;

interface Pattern {
  regex: RegExp;
  /** undefined: on a closer look this is not a date at all, so the text is left for other patterns. */
  read: (groups: Groups, written: string) => Reading | undefined;
}

// ---- calendar arithmetic ---------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Whole months from (y1, m1) to (y2, m2); a month past 12 rolls into the next year. */
function months(y1: number, m1: number, y2: number, m2: number): Period {
  const roll = (y: number, m: number) => [y + Math.floor((m - 1) / 12), ((m - 1) % 12) + 1] as const;
  const [fromYear, fromMonth] = roll(y1, m1);
  const [toYear, toMonth] = roll(y2, m2);
  return { from: isoDate(fromYear, fromMonth, 1), to: isoDate(toYear, toMonth, lastDayOf(toYear, toMonth)) };
}

const financialYear = (y: number): Period => months(y, 4, y, 15);
const financialYearName = (y: number) => `${y}/${pad((y + 1) % 100)}`;

// ---- reading the words -----------------------------------------------------------------------

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const QUARTERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
};
const SEASON_END_MONTH: Record<string, number> = { spring: 5, summer: 8, autumn: 11, winter: 14 };

const monthNumber = (word: string | undefined) => MONTHS.indexOf((word ?? '').slice(0, 3).toLowerCase()) + 1;
const quarterNumber = (word: string | undefined) =>
  QUARTERS[(word ?? '').toLowerCase()] ?? Number.parseInt(word ?? '', 10);

/** Two-digit years are this century ("Nov21" is 2021). */
function yearOf(written: string | undefined): number {
  const n = Number.parseInt(written ?? '', 10);
  return (written ?? '').length === 2 ? 2000 + n : n;
}

/** "2020/21", "2020/2021", "2020-21": the second year must follow the first. */
function financialYearStart(first: string | undefined, second: string | undefined): number | undefined {
  const y1 = yearOf(first);
  const y2 = Number.parseInt(second ?? '', 10);
  const follows = (second ?? '').length === 2 ? (y1 + 1) % 100 === y2 : y1 + 1 === y2;
  return follows ? y1 : undefined;
}

function day(y: number, m: number, d: number, written: string): Reading {
  if (m < 1 || m > 12 || d < 1 || d > lastDayOf(y, m)) {
    return { period: null, problem: `"${written}" is not a real date` };
  }
  return { period: { from: isoDate(y, m, d), to: isoDate(y, m, d) } };
}

const noYear = (written: string): Reading => ({
  period: null,
  problem: `"${written}" has no year, so no date was read from it`,
});

// ---- the patterns ----------------------------------------------------------------------------

const MONTH_WORD =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const month = (name: string) => `(?<![a-z])(?<${name}>${MONTH_WORD})\\.?(?![a-z])`;
/** A four-digit year 1990-2100 or a two-digit one, not part of a longer number, a day ("22nd") or "2021/22". */
const year = (name: string) =>
  `(?<${name}>19[89]\\d|20\\d\\d|2100|\\d\\d)(?![\\d%]|(?:st|nd|rd|th)(?![a-z])|[/:.,–-]\\d)`;
const FULL_YEAR = '(?<year>19[89]\\d|20\\d\\d|2100)(?![\\d%a-z]|[/:.,–-]\\d)';
const FY =
  '(?:(?:fy|financial\\s+year)\\s*)?(?<fy1>19[89]\\d|20\\d\\d)[/–-](?<fy2>\\d{4}|\\d\\d)(?![\\d%]|[/.–-]\\d)';
const FY_SHORT = '(?:fy|financial\\s+year)\\s*(?<fy1>\\d\\d)[/–-](?<fy2>\\d\\d)(?![\\d%]|[/.–-]\\d)';
const DAY_NUMBER = '(?<day>\\d{1,2})(?:st|nd|rd|th)?';
/** A day number, but not "Phase 2" or "Recommendation 3" before a month. */
const DAY = `(?<![\\d/.–-]|\\b(?:phase|round|stage|step|part|priority|item|tranche|wave|no\\.?|rec(?:ommendation)?|action)\\s)${DAY_NUMBER}`;
const MONTH_YEAR_GAP = "(?:\\s+of\\s+|[\\s.,'’–-]*)";
const RANGE = '(?:\\s*[/&–—-]\\s*|\\s+(?:to|and|or|until|till|through)\\s+)';
const QUARTER = '(?<![a-z])(?:q\\s?|quarter\\s+)(?<q>[1-4]|one|two|three|four)(?![\\da-z])';
const NTH_QUARTER = '(?<![a-z\\d])(?<q>[1-4](?:st|nd|rd|th)?|first|second|third|fourth)\\s+quarter';
const OF = '(?:\\s+of)?(?:\\s+the)?\\s*';
const SEASON = '(?<![a-z])(?<season>spring|summer|autumn|winter)(?![a-z])';

const pattern = (source: string, read: Pattern['read']): Pattern => ({
  regex: new RegExp(source, 'gi'),
  read,
});

const byFinancialQuarter: Pattern['read'] = (g) => {
  const start = financialYearStart(g.fy1, g.fy2);
  const q = quarterNumber(g.q);
  if (start === undefined || !(q >= 1 && q <= 4)) return undefined;
  // Financial Q1 is April to June; Q4 is January to March of the following year.
  return { period: months(start, q * 3 + 1, start, q * 3 + 3) };
};

const byCalendarQuarter: Pattern['read'] = (g) => {
  const q = quarterNumber(g.q);
  if (!(q >= 1 && q <= 4)) return undefined;
  const y = yearOf(g.year);
  return { period: months(y, q * 3 - 2, y, q * 3) };
};

const byFinancialYear: Pattern['read'] = (g) => {
  const start = financialYearStart(g.fy1, g.fy2);
  if (start === undefined) return undefined;
  return { period: financialYear(start), frame: `the financial year ${financialYearName(start)}` };
};

const bySeason = (y: number, season: string | undefined): Reading => {
  const end = SEASON_END_MONTH[(season ?? '').toLowerCase()] ?? 0;
  return { period: months(y, end - 2, y, end) };
};

const PATTERNS: Pattern[] = [
  pattern('(?<!\\d)(?<year>19[89]\\d|20\\d\\d|2100)-(?<m>\\d{2})-(?<d>\\d{2})(?!\\d)', (g, w) =>
    day(yearOf(g.year), Number(g.m), Number(g.d), w),
  ),
  // UK order: 16/06/2022 is 16 June.
  pattern(`(?<![\\d/.-])(?<d>\\d{1,2})(?<sep>[/.-])(?<m>\\d{1,2})\\k<sep>${year('year')}`, (g, w) =>
    day(yearOf(g.year), Number(g.m), Number(g.d), w),
  ),
  pattern(`${DAY}(?:\\s+of)?[\\s-]*${month('month')}${MONTH_YEAR_GAP}${year('year')}`, (g, w) =>
    day(yearOf(g.year), monthNumber(g.month), Number(g.day), w),
  ),
  // "15th to 17th March 2022": the later day.
  pattern(
    `(?<![\\d/.-])\\d{1,2}(?:st|nd|rd|th)?${RANGE}${DAY_NUMBER}\\s+${month('month')}${MONTH_YEAR_GAP}${year('year')}`,
    (g, w) => day(yearOf(g.year), monthNumber(g.month), Number(g.day), w),
  ),
  pattern(`${month('month')}\\s*(?<day>\\d{1,2})(?:st|nd|rd|th)?,?\\s+${FULL_YEAR}`, (g, w) =>
    day(yearOf(g.year), monthNumber(g.month), Number(g.day), w),
  ),
  // "Jan/Feb 2022", "Nov-Jan 2023": the year belongs to the later month.
  pattern(`${month('from')}${RANGE}${month('month')}${MONTH_YEAR_GAP}${year('year')}`, (g) => {
    const [first, last, y] = [monthNumber(g.from), monthNumber(g.month), yearOf(g.year)];
    return { period: months(first > last ? y - 1 : y, first, y, last) };
  }),
  pattern(`${month('month')}${MONTH_YEAR_GAP}${year('year')}`, (g) => {
    const m = monthNumber(g.month);
    return { period: months(yearOf(g.year), m, yearOf(g.year), m) };
  }),
  pattern(`${QUARTER}${OF}${FY}`, byFinancialQuarter),
  pattern(`${QUARTER}${OF}${FY_SHORT}`, byFinancialQuarter),
  pattern(`${NTH_QUARTER}${OF}${FY}`, byFinancialQuarter),
  pattern(`${QUARTER}${OF}${FULL_YEAR}`, byCalendarQuarter),
  pattern(`${NTH_QUARTER}${OF}${FULL_YEAR}`, byCalendarQuarter),
  pattern(`${SEASON}${OF}${year('year')}`, (g) => bySeason(yearOf(g.year), g.season)),
  // "winter 2023/24" is the winter that starts in December 2023.
  pattern(`(?<![a-z])winter${OF}${FY}`, (g) => {
    const start = financialYearStart(g.fy1, g.fy2);
    return start === undefined ? undefined : bySeason(start, 'winter');
  }),
  pattern(FY, byFinancialYear),
  pattern(FY_SHORT, byFinancialYear),
  pattern(`(?<![\\d£$€]|\\d\\s?[/.,:–-]\\s?)${FULL_YEAR}`, (g) => {
    const y = yearOf(g.year);
    return { period: months(y, 1, y, 12), frame: String(y) };
  }),
  // Times with no year: read nothing, but say why.
  pattern(`${DAY}(?:\\s+of)?\\s*${month('month')}`, (_g, w) => noYear(w)),
  pattern(`${month('month')}\\s*\\d{1,2}(?:st|nd|rd|th)(?![a-z])`, (_g, w) => noYear(w)),
  // Bare abbreviations ("Mar", "Dec") and "May" are too often other words to be read as months.
  pattern(
    '(?<![a-z])(?:january|february|march|april|june|july|august|september|october|november|december)(?![a-z])',
    (_g, w) => noYear(w),
  ),
  ...[SEASON, QUARTER, NTH_QUARTER].map((source) => pattern(source, (_g, w) => noYear(w))),
];

/** Every time the text names, left to right, none overlapping: where two start together the longer wins. */
export function findDateMentions(text: string): DateMention[] {
  const found: DateMention[] = [];
  for (const { regex, read } of PATTERNS) {
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      const written = match[0];
      const reading = read(match.groups ?? {}, written);
      if (reading) found.push({ start: match.index, end: match.index + written.length, written, ...reading });
      else regex.lastIndex = match.index + 1;
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: DateMention[] = [];
  for (const mention of found) {
    const last = chosen.at(-1);
    if (!last || mention.start >= last.end) chosen.push(mention);
  }
  return chosen;
}

export const isWithin = (inner: Period, outer: Period) => inner.from >= outer.from && inner.to <= outer.to;
