/**
 * Dates as a committee report words them: the UK financial year (April to March) and its quarters,
 * and days written out ("30 September 2020"), never in the reader's locale or time zone.
 */

export interface FinancialQuarter {
  quarter: 1 | 2 | 3 | 4;
  /** The financial year's name, e.g. "2020/21". */
  year: string;
  /** The first day of the financial year, e.g. "2020-04-01". */
  yearStarts: string;
  /** As reports head it: "2nd Quarter 2020/21". */
  label: string;
}

/** Month names as reports and Excel's long date formats write them. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ORDINALS = ['1st', '2nd', '3rd', '4th'] as const;

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number);
  return [y ?? 0, m ?? 1, d ?? 1];
}

/** The calendar year a financial year starts in: January to March belong to the year before. */
export function financialYearStart(iso: string): number {
  const [year, month] = parts(iso);
  return month >= 4 ? year : year - 1;
}

export const financialYearName = (startYear: number) =>
  `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;

export function financialQuarterOf(iso: string): FinancialQuarter {
  const [, month] = parts(iso);
  const quarter = (Math.floor(((((month - 4) % 12) + 12) % 12) / 3) + 1) as FinancialQuarter['quarter'];
  const start = financialYearStart(iso);
  const year = financialYearName(start);
  return { quarter, year, yearStarts: `${start}-04-01`, label: `${ORDINALS[quarter - 1]} Quarter ${year}` };
}

/** "30 September 2020". */
export function longDate(iso: string): string {
  const [year, month, day] = parts(iso);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "30 Sep 2020": narrow enough for a table column on A4. */
export function shortDate(iso: string): string {
  const [year, month, day] = parts(iso);
  return `${day} ${(MONTHS[month - 1] ?? '').slice(0, 3)} ${year}`;
}

/** "between 26 and 29 March 2019", as the seed reports write a visit. */
export function dateSpan(from: string, to: string): string {
  if (from === to) return `on ${longDate(from)}`;
  const [fy, fm, fd] = parts(from);
  const [ty, tm] = parts(to);
  if (fy === ty && fm === tm) return `between ${fd} and ${longDate(to)}`;
  if (fy === ty) return `between ${fd} ${MONTHS[fm - 1]} and ${longDate(to)}`;
  return `between ${longDate(from)} and ${longDate(to)}`;
}
