/**
 * A plan as rows for a spreadsheet someone else opens: every field of every live action, with
 * formula-like text neutralised (OWASP's CSV injection guidance), and as CSV Excel reads right.
 * Pure; the server's .xlsx writer and the CLI share it.
 */

import { dueSetByHand } from './derived-dates.js';
import { extraValue } from './field-paths.js';
import { bySheetOrder } from './order.js';
import type { Action, Milestone } from './plan.js';
import { layoutFromHeadings, PLAN_HEADINGS, rowToCells } from './sheet-table.js';

/** Excel starts a formula on these, the full-width and small forms included (it folds them). */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫']);
/** A tab or carriage return at the start can shift a cell or start one when a file is re-read. */
const SEPARATORS = /[\t\r]/;

/** Whether a spreadsheet might run this cell text as a formula: the test behind neutraliseFormula. */
export function startsLikeFormula(text: string): boolean {
  const lead = /^\s*/u.exec(text)?.[0] ?? '';
  if (SEPARATORS.test(lead)) return true;
  const first = String.fromCodePoint(text.codePointAt(lead.length) ?? 0);
  return FORMULA_STARTS.has(first);
}

/**
 * Text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `@SUM`, also after leading
 * spaces) gets a leading apostrophe, so opening the file shows the text and runs nothing. The
 * apostrophe is the only change: removing it gives back exactly what the officer typed.
 */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

export const MILESTONES_HEADING = 'Milestones';
/**
 * Yes for a due date typed by hand (an override the timescale no longer moves), blank otherwise.
 * Only here, in exports someone else reads: a synced plan sheet never gains a column.
 */
export const DUE_SET_BY_HAND_HEADING = 'Due set by hand';

/** "Draft strategy: 2020-12-31; Adopt: 2021-03-31"; a milestone with no date is its label alone. */
export function milestonesText(milestones: readonly Milestone[]): string {
  return milestones.map((m) => (m.due ? `${m.label}: ${m.due}` : m.label)).join('; ');
}

/**
 * The header and one row per live action, in row order: PLAN_HEADINGS (the columns a synced
 * workbook has, Id included), then the milestones read from the timescale and whether the due date
 * was set by hand, then the plan's extra columns sorted by heading. Every cell is neutralised.
 */
export function exportRows(actions: readonly Action[]): string[][] {
  const live = actions.filter((a) => !a.deleted).sort(bySheetOrder);
  const fixed = new Set(
    [...PLAN_HEADINGS, MILESTONES_HEADING, DUE_SET_BY_HAND_HEADING].map((h) => h.toLowerCase()),
  );
  const extras = [...new Set(live.flatMap((a) => Object.keys(a.extra)))].sort((a, b) => a.localeCompare(b));
  // An extra column named like a fixed one (a second "Milestones") keeps its values under a distinct heading.
  const extraHeading = (key: string) => (fixed.has(key.toLowerCase()) ? `${key} (extra)` : key);
  const layout = layoutFromHeadings([...PLAN_HEADINGS]);
  const header = [...PLAN_HEADINGS, MILESTONES_HEADING, DUE_SET_BY_HAND_HEADING, ...extras.map(extraHeading)];
  const rows = live.map((a) => [
    ...rowToCells(a.id, a, layout),
    milestonesText(a.milestones),
    dueSetByHand(a) ? 'Yes' : '',
    ...extras.map((key) => extraValue(a.extra, key) ?? ''),
  ]);
  return [header, ...rows].map((row) => row.map(neutraliseFormula));
}

/** RFC 4180: fields quoted when they hold a comma, quote or line break; CRLF line ends. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** With a UTF-8 byte order mark: without it Excel reads "£" and "–" as Windows-1252. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('')}`;
}

/** A name for a download or a file on disk: letters, digits, spaces and a few safe marks. */
export function fileNameOf(title: string): string {
  const name = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[/\\]/g, '-')
    .replace(/[^A-Za-z0-9 ._()-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .replace(/^[\s.-]+|[\s.-]+$/g, '')
    .slice(0, 100)
    .trim();
  if (name === '') return 'plan';
  // Windows refuses these names whatever the extension.
  return /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(name) ? `plan-${name}` : name;
}

/** Excel keeps this name for itself. */
const EXCEL_RESERVED = ['History'];

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ], not starting or ending with '. */
export function sheetNameOf(title: string, reserved: readonly string[] = []): string {
  const name = title
    .replace(/[:\\/?*[\]\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31)
    .replace(/^'+|'+$/g, '')
    .trim();
  if (name === '' || [...EXCEL_RESERVED, ...reserved].some((r) => r.toLowerCase() === name.toLowerCase()))
    return 'Plan';
  return name;
}
