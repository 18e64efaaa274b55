/**
 * A cell's display format says what the officer sees and how precise the value is: a date shown
 * as "Jun-04" (mmm-yy) means the month, so it is due at the end of that month and the timescale
 * keeps "Jun-04" rather than the first day Excel stores. ExcelJS gives `cell.numFmt`, Office.js
 * `range.numberFormat`; both are Excel format codes.
 */
import { isSerialDate, serialToIsoDate } from './grid-cell.js';
import { MONTHS } from './report-period.js';

export type DatePrecision = 'day' | 'month' | 'year';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Token = { kind: 'y' | 'm' | 'd'; width: number } | { kind: 'text'; text: string };

/**
 * The date parts of a format code, or null when it is not a date format (or shows a time, which
 * a timescale never needs). Only the first section counts: "mmm-yy;@" shows dates as mmm-yy.
 */
function tokensOf(format: string): Token[] | null {
  const section = splitSections(format)[0] ?? '';
  const tokens: Token[] = [];
  let i = 0;
  while (i < section.length) {
    const ch = section[i] as string;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      tokens.push({ kind: 'text', text: section.slice(i + 1, stop) });
      i = stop + 1;
    } else if (ch === '\\') {
      tokens.push({ kind: 'text', text: section[i + 1] ?? '' });
      i += 2;
    } else if (ch === '[') {
      // [$-809] locale, [Red] colour: not shown. [h] elapsed hours: a time.
      const end = section.indexOf(']', i);
      const inside = section.slice(i + 1, end < 0 ? section.length : end);
      if (/^h+$|^m+$|^s+$/i.test(inside)) return null;
      i = end < 0 ? section.length : end + 1;
    } else if (/[ymd]/i.test(ch)) {
      const kind = ch.toLowerCase() as 'y' | 'm' | 'd';
      let width = 0;
      while (section[i]?.toLowerCase() === kind) {
        width++;
        i++;
      }
      tokens.push({ kind, width });
    } else if (/[hsHS0#?@]/.test(ch)) {
      // A time, a number or a text format: not a date the reader should read as one.
      return null;
    } else {
      tokens.push({ kind: 'text', text: ch === '_' || ch === '*' ? '' : ch });
      i += ch === '_' || ch === '*' ? 2 : 1;
    }
  }
  return tokens.some((t) => t.kind !== 'text') ? tokens : null;
}

function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of format) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      sections.push(current);
      current = '';
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

/** How precise a date shown in this format is, or null when the format is not a date format. */
export function datePrecision(format: string | null | undefined): DatePrecision | null {
  if (!format || /^general$/i.test(format.trim())) return null;
  const tokens = tokensOf(format);
  if (!tokens) return null;
  if (tokens.some((t) => t.kind === 'd' && t.width <= 2)) return 'day';
  if (tokens.some((t) => t.kind === 'm')) return 'month';
  return tokens.some((t) => t.kind === 'y') ? 'year' : null;
}

/** The date as the format shows it: "Jun-04" for 2004-06-01 in mmm-yy. */
export function showDate(iso: string, format: string): string {
  const tokens = tokensOf(format) ?? [];
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const pad = (n: number) => String(n).padStart(2, '0');
  return tokens
    .map((t) => {
      if (t.kind === 'text') return t.text;
      if (t.kind === 'y') return t.width <= 2 ? pad(year % 100) : String(year);
      if (t.kind === 'm') {
        const name = MONTHS[month - 1] ?? '';
        return [String(month), pad(month), name.slice(0, 3), name, name.slice(0, 1)][t.width - 1] ?? name;
      }
      const dayName = DAYS[weekday] ?? '';
      return [String(day), pad(day), dayName.slice(0, 3), dayName][t.width - 1] ?? dayName;
    })
    .join('')
    .trim();
}

/** The last day of the period a date shown at this precision means: the month's or year's end. */
export function endOfShownPeriod(iso: string, precision: DatePrecision): string {
  const [year, month] = iso.split('-').map(Number) as [number, number];
  if (precision === 'day') return iso;
  const end = precision === 'year' ? new Date(Date.UTC(year, 11, 31)) : new Date(Date.UTC(year, month, 0));
  return end.toISOString().slice(0, 10);
}

/** A cell's date as the officer sees it, when its format is a date format; else null. */
export function shownDate(
  date: string | null,
  number: number | null,
  format: string | null | undefined,
): { text: string; date: string } | null {
  const precision = datePrecision(format);
  if (!precision || !format) return null;
  const iso = date ?? (number !== null && isSerialDate(number) ? serialToIsoDate(number) : null);
  if (!iso) return null;
  return { text: showDate(iso, format), date: endOfShownPeriod(iso, precision) };
}
