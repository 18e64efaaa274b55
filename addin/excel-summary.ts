/**
 * The council summary into Excel: a sheet called Summary, refreshed in place (the same sheet found,
 * its old charts deleted and its cells cleared, never a second sheet). The title, the directorate ×
 * status table (bold header, Total column and row), the overdue actions and the recommendations
 * with no live action, each block one `range.values` write; a native stacked-bar chart beside the
 * table. Three `context.sync()` calls whatever the number of actions: look for the sheet, then
 * read what a refresh must remove (or add the sheet), then write; events left on.
 *
 * Everything used is in ExcelApi 1.10: `getItemOrNullObject` (1.4), charts, titles, legends,
 * `setPosition` and series fills (1.1), `reversePlotOrder` (1.7) and `position` (1.8) on the
 * category axis.
 */
import { STATUS_KEYS, type Summary } from '../core/summary.js';
import { OPERATION_BYTES, type Operation, valuesBytes } from './excel-batches.js';
import { cellAddress } from './excel-cells.js';
import { runInChunks, valuesOperations } from './excel-operations.js';
import {
  OVERDUE_DUE_COLUMN,
  type PlanTitles,
  STATUS_COLOURS,
  SUMMARY_SHEET,
  SUMMARY_TITLE_PREFIX,
  type SummaryCell,
  type SummaryLayout,
  type SummaryList,
  SummarySheetTakenError,
  summaryLayout,
  TABLE_HEADER,
} from './summary-rows.js';

export const SUMMARY_CHART = 'CouncilSummaryChart';
/** Where the table starts (0-based): below the title, the note and the table's heading. */
const TABLE_ROW = 4;
/** The chart sits beside the table, from column K, a blank column after the Total column. */
const CHART_COLUMN = TABLE_HEADER.length + 1;
const CHART_COLUMNS = 8;
const CHART_MIN_ROWS = 16;
const DATE_FORMAT = 'd mmm yyyy';
/** Widths in points: names in A, actions in B, counts and short fields after. */
const WIDTHS = [170, 240, 90, 110, 80, 80, 80, 80, 60];

export interface SummaryWriteReport {
  sheet: string;
  /** True when the sheet was added, false when an earlier summary was refreshed. */
  created: boolean;
  syncs: number;
}

/** Text stays text (a directorate called "=SUM(A1)" or "1.10" is written as typed). */
const asText = (text: string): string => (text === '' ? text : `'${text}`);
/** Counts stay numbers. */
const cellValue = (value: SummaryCell): SummaryCell => (typeof value === 'number' ? value : asText(value));

/** Where each block lands, 0-based rows: all fixed by the layout before anything is queued. */
export function summaryPlacement(layout: SummaryLayout) {
  const tableRows = layout.table.length;
  const listAt = (start: number, list: SummaryList) => {
    const body = list.rows.length > 0 ? list.rows.length + 1 : 1;
    return { heading: start, header: start + 1, end: start + 1 + body };
  };
  const overdue = listAt(TABLE_ROW + tableRows + 1, layout.overdue);
  const unlinked = listAt(overdue.end + 1, layout.unlinked);
  return {
    table: { heading: TABLE_ROW - 1, row: TABLE_ROW, rows: tableRows, columns: TABLE_HEADER.length },
    overdue,
    unlinked,
    chart: {
      from: cellAddress(TABLE_ROW - 1, CHART_COLUMN),
      to: cellAddress(TABLE_ROW - 1 + Math.max(CHART_MIN_ROWS, tableRows + 2), CHART_COLUMN + CHART_COLUMNS),
    },
  };
}

export async function writeSummarySheet(
  context: Excel.RequestContext,
  summary: Summary,
  planTitles: PlanTitles,
): Promise<SummaryWriteReport> {
  const layout = summaryLayout(summary, planTitles);
  const where = summaryPlacement(layout);

  // 1: is there a Summary sheet already?
  const found = context.workbook.worksheets.getItemOrNullObject(SUMMARY_SHEET);
  found.load('name');
  await context.sync();
  const created = found.isNullObject;

  // 2: the sheet added, or what a refresh removes read (and that the sheet is ours). Events stay
  // on: turning them off would only silence this add-in's own handlers (see runInChunks).
  let sheet: Excel.Worksheet;
  let charts: Excel.ChartCollection | null = null;
  if (created) {
    sheet = context.workbook.worksheets.add(SUMMARY_SHEET);
  } else {
    sheet = found;
    charts = sheet.charts;
    charts.load('items/name');
  }
  const first = created ? null : sheet.getRange('A1');
  first?.load('values');
  const used = created ? null : sheet.getUsedRange(true);
  used?.load('rowCount,columnCount');
  await context.sync();
  if (first && used) {
    const a1 = String(first.values[0]?.[0] ?? '');
    const empty = a1 === '' && used.rowCount === 1 && used.columnCount === 1;
    if (!empty && !a1.startsWith(SUMMARY_TITLE_PREFIX)) throw new SummarySheetTakenError(SUMMARY_SHEET);
  }

  // 3: clear and write, in one request for any ordinary council.
  const target = () => sheet;
  const operations: Operation[] = [
    {
      bytes: OPERATION_BYTES * (1 + (charts?.items.length ?? 0)),
      queue: () => {
        for (const chart of charts?.items ?? []) chart.delete();
        sheet.getRange().clear();
      },
    },
    ...valuesOperations(target, 0, 0, [[asText(layout.title)], [asText(layout.note)]]),
    ...valuesOperations(target, where.table.heading, 0, [[asText(layout.tableHeading)]]),
    blockOperation(
      target,
      where.table.row,
      0,
      layout.table.map((row) => row.map(cellValue)),
    ),
    ...listOperations(target, where.overdue, layout.overdue, OVERDUE_DUE_COLUMN),
    ...listOperations(target, where.unlinked, layout.unlinked, null),
    {
      bytes: OPERATION_BYTES * 16,
      queue: () => {
        const title = sheet.getRange('A1');
        title.format.font.bold = true;
        title.format.font.size = 14;
        for (const row of [where.table.heading, where.overdue.heading, where.unlinked.heading])
          sheet.getRangeByIndexes(row, 0, 1, 1).format.font.bold = true;
        const { row, rows, columns } = where.table;
        const header = sheet.getRangeByIndexes(row, 0, 1, columns);
        header.format.font.bold = true;
        header.format.fill.color = '#D9E1F2';
        sheet.getRangeByIndexes(row + rows - 1, 0, 1, columns).format.font.bold = true;
        sheet.getRangeByIndexes(row, columns - 1, rows, 1).format.font.bold = true;
        WIDTHS.forEach((width, column) => {
          sheet.getRangeByIndexes(0, column, 1, 1).format.columnWidth = width;
        });
      },
    },
    ...chartOperations(sheet, layout, where),
    { bytes: OPERATION_BYTES, queue: () => sheet.activate() },
  ];
  const report = await runInChunks(context, operations);
  return { sheet: SUMMARY_SHEET, created, syncs: 2 + report.syncs };
}

/** One `range.values` write, whatever its size: the table is a handful of rows. */
function blockOperation(
  sheet: () => Excel.Worksheet,
  row: number,
  column: number,
  values: SummaryCell[][],
): Operation {
  return {
    bytes: valuesBytes(values) + OPERATION_BYTES,
    queue: () => {
      sheet().getRangeByIndexes(row, column, values.length, values[0]?.length ?? 0).values = values;
    },
  };
}

/** A list: its heading, then the header row and the rows as one write (bands only past 4 MB). */
function listOperations(
  sheet: () => Excel.Worksheet,
  at: { heading: number; header: number },
  list: SummaryList,
  dateColumn: number | null,
): Operation[] {
  const heading = valuesOperations(sheet, at.heading, 0, [[asText(list.heading)]]);
  if (list.rows.length === 0)
    return [...heading, ...valuesOperations(sheet, at.header, 0, [[asText(list.empty)]])];
  // The due dates go in bare, so Excel makes them real dates (sortable, filterable).
  const rows = [
    list.header.map(asText),
    ...list.rows.map((row) => row.map((text, i) => (i === dateColumn ? text : asText(text)))),
  ];
  const width = list.header.length;
  const formats: Operation[] = [
    {
      bytes: OPERATION_BYTES * 4 + (dateColumn === null ? 0 : list.rows.length * (DATE_FORMAT.length + 5)),
      queue: () => {
        const s = sheet();
        s.getRangeByIndexes(at.header, 0, 1, width).format.font.bold = true;
        const body = s.getRangeByIndexes(at.header + 1, 0, list.rows.length, width);
        body.format.wrapText = true;
        body.format.verticalAlignment = 'Top';
        if (dateColumn !== null)
          s.getRangeByIndexes(at.header + 1, dateColumn, list.rows.length, 1).numberFormat = list.rows.map(
            () => [DATE_FORMAT],
          );
      },
    },
  ];
  return [...heading, ...valuesOperations(sheet, at.header, 0, rows), ...formats];
}

/** Stacked bars by directorate (categories) and status (series), beside the table; none when empty. */
function chartOperations(
  sheet: Excel.Worksheet,
  layout: SummaryLayout,
  where: ReturnType<typeof summaryPlacement>,
): Operation[] {
  const directorates = where.table.rows - 2;
  if (directorates <= 0) return [];
  return [
    {
      bytes: OPERATION_BYTES * (8 + STATUS_KEYS.length),
      queue: () => {
        // Directorate names and the status columns: not the Total column nor the Total row.
        const source = sheet.getRangeByIndexes(where.table.row, 0, directorates + 1, STATUS_KEYS.length + 1);
        const chart = sheet.charts.add('BarStacked', source, 'Columns');
        chart.name = SUMMARY_CHART;
        chart.title.text = layout.chartTitle;
        chart.legend.position = 'Bottom';
        // Bars read top to bottom in the table's order (Excel draws the first category at the bottom).
        chart.axes.categoryAxis.reversePlotOrder = true;
        chart.axes.categoryAxis.position = 'Maximum'; // so the value axis stays at the foot (1.8)
        STATUS_KEYS.forEach((status, index) => {
          chart.series.getItemAt(index).format.fill.setSolidColor(STATUS_COLOURS[status]);
        });
        chart.setPosition(where.chart.from, where.chart.to);
      },
    },
  ];
}
