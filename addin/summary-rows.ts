/**
 * The council summary shaped for a sheet, pure: the title, the directorate × status table (a Total
 * column and a Total row), the overdue actions and the recommendations with no live action, as
 * 2-D arrays ready for one `range.values` write each; and the pane's words about it. Both workbook
 * hosts draw from this, so Excel and the in-page demo show the same numbers.
 */
import { longDate, shortDate } from '../core/report-period.js';
import { NO_STATUS, STATUS_KEYS, type StatusKey, type Summary } from '../core/summary.js';

/** The sheet the summary goes in: reused and cleared on every refresh, never a second one. */
export const SUMMARY_SHEET = 'Summary';
/** How the sheet's first cell starts: how a refresh knows the sheet is the add-in's own. */
export const SUMMARY_TITLE_PREFIX = 'Council summary as of ';

export type SummaryCell = string | number;

export const TABLE_HEADER: readonly string[] = ['Directorate', ...STATUS_KEYS, 'Total'];
export const OVERDUE_HEADER: readonly string[] = [
  'Plan',
  'Proposed action',
  'Directorate',
  'Lead officer',
  'Due',
  'Status',
];
/** The overdue list's column of due dates (ISO in the arrays; Excel makes them real dates). */
export const OVERDUE_DUE_COLUMN = OVERDUE_HEADER.indexOf('Due');
export const UNLINKED_HEADER: readonly string[] = ['Plan', 'Number', 'Recommendation'];

/** Series colours for the chart, by status: the plan sheet's RAG colours, stronger for a bar. */
export const STATUS_COLOURS: Record<StatusKey, string> = {
  'Not started': '#A6A6A6',
  'On track': '#70AD47',
  'At risk': '#FFC000',
  'Off track': '#C00000',
  Complete: '#2F5597',
  Ongoing: '#9DC3E6',
  'No status': '#D9D9D9',
};

/** A list under its heading: the header row and the rows, or a sentence when there are none. */
export interface SummaryList {
  heading: string;
  header: readonly string[];
  rows: string[][];
  empty: string;
}

export interface SummaryLayout {
  title: string;
  /** What the numbers cover, and that the sheet is rewritten on refresh. */
  note: string;
  tableHeading: string;
  /** Header row, a row per directorate, then the Total row. Counts are numbers. */
  table: SummaryCell[][];
  overdue: SummaryList;
  unlinked: SummaryList;
  chartTitle: string;
}

/** Plan id -> title. */
export type PlanTitles = Readonly<Record<string, string>>;

export const summaryTitle = (asOf: string) => `${SUMMARY_TITLE_PREFIX}${longDate(asOf)}`;

/** The directorate × status table: every directorate row sums to its Total; the Total row is byStatus. */
export function statusTable(summary: Summary): SummaryCell[][] {
  const count = (counts: Partial<Record<StatusKey, number>>, key: StatusKey) => counts[key] ?? 0;
  return [
    [...TABLE_HEADER],
    ...summary.byDirectorate.map((row) => [
      row.directorate,
      ...STATUS_KEYS.map((key) => count(row.counts, key)),
      row.total,
    ]),
    ['Total', ...STATUS_KEYS.map((key) => count(summary.byStatus, key)), summary.live],
  ];
}

const titleOf = (titles: PlanTitles, plan: string) => titles[plan] ?? plan;

/** Overdue actions, oldest due date first (the order the summary gives). */
export function overdueRows(summary: Summary, titles: PlanTitles): string[][] {
  return summary.overdue.map((a) => [
    titleOf(titles, a.plan),
    a.action,
    a.directorate,
    a.lead,
    a.due ?? '',
    a.status ?? NO_STATUS,
  ]);
}

export function unlinkedRows(summary: Summary, titles: PlanTitles): string[][] {
  return summary.unlinkedRecommendations.map((r) => [titleOf(titles, r.plan), r.number, r.text]);
}

/** Titles from the summary's own plans, then any the pane already knows. */
export function planTitlesOf(
  summary: Summary,
  known: readonly { id: string; title: string }[] = [],
): PlanTitles {
  const titles: Record<string, string> = {};
  for (const plan of known) titles[plan.id] = plan.title;
  for (const plan of summary.plans) if (plan.title) titles[plan.plan] = plan.title;
  return titles;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A view of some directorates cannot tell whether a recommendation has an action in another. */
const NOT_IN_SCOPE =
  "Not shown here: this summary holds only your directorates' actions, and a recommendation's action may be in another directorate. Policy users see this list.";

export function summaryLayout(summary: Summary, titles: PlanTitles): SummaryLayout {
  const overdue = overdueRows(summary, titles);
  const unlinked = unlinkedRows(summary, titles);
  return {
    title: summaryTitle(summary.asOf),
    note: `${plural(summary.live, 'live action')} in ${plural(summary.byDirectorate.length, 'directorate')}. The add-in rewrites this sheet on every refresh.`,
    tableHeading: 'Actions by directorate and status',
    table: statusTable(summary),
    overdue: {
      heading: `Overdue actions (${overdue.length})`,
      header: OVERDUE_HEADER,
      rows: overdue,
      empty: 'No overdue actions.',
    },
    unlinked: summary.scope
      ? {
          heading: 'Recommendations with no live action',
          header: UNLINKED_HEADER,
          rows: [],
          empty: NOT_IN_SCOPE,
        }
      : {
          heading: `Recommendations with no live action (${unlinked.length})`,
          header: UNLINKED_HEADER,
          rows: unlinked,
          empty: 'Every recommendation has a live action.',
        },
    chartTitle: `Actions by directorate and status, ${shortDate(summary.asOf)}`,
  };
}

/** The pane's line once the sheet is written. Officers are told the numbers are their directorates'. */
export function summaryMessage(
  summary: Summary,
  sheet: string,
  scope: { role: string; directorates: string[] },
) {
  const parts = [`${plural(summary.live, 'live action')}`, `${summary.overdue.length} overdue`];
  if (!summary.scope)
    parts.push(`${plural(summary.unlinkedRecommendations.length, 'recommendation')} with no live action`);
  const whose =
    scope.role === 'officer'
      ? ` (your directorates${scope.directorates.length > 0 ? `: ${scope.directorates.join(', ')}` : ''})`
      : '';
  return `Council summary as of ${longDate(summary.asOf)} in the sheet "${sheet}"${whose}: ${parts.join(', ')}${danglingNote(summary, scope.role)}.`;
}

/** Actions linked to numbers their plan's register lacks (issue 15): counted, and where to fix them. */
function danglingNote(summary: Summary, role: string): string {
  const count = summary.danglingLinks.length;
  if (count === 0) return '';
  const where = role === 'policy' || role === 'admin' ? 'Plan details lists them' : 'tell your policy team';
  return count === 1
    ? `; 1 action links to a recommendation its plan's register does not have (${where})`
    : `; ${count} actions link to recommendations their plan's register does not have (${where})`;
}

/** A sheet called Summary that the add-in did not write: it is left alone. */
export class SummarySheetTakenError extends Error {
  constructor(readonly sheet: string) {
    super(
      `This workbook already has a sheet called "${sheet}" that the add-in did not write. Rename that sheet, then ask for the council summary again.`,
    );
    this.name = 'SummarySheetTakenError';
  }
}

/** The Summary sheet is the add-in's roll-up, not a plan grid. */
export class SummaryNotAPlanError extends Error {
  constructor(readonly sheet: string) {
    super(
      `"${sheet}" is where the add-in writes the council summary, not a plan: go to the sheet with your plan grid, then adopt it.`,
    );
    this.name = 'SummaryNotAPlanError';
  }
}
