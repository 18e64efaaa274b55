/**
 * The in-page workbook's Summary sheet, its last tab once asked for: the title, the directorate ×
 * status table, the report's stacked-bar chart standing in for Excel's, then the overdue and
 * unlinked lists. The same layout (summary-rows.ts) the Excel host writes.
 */
import { renderStatusChart } from '../core/report-chart.js';
import { shortDate } from '../core/report-period.js';
import type { Summary } from '../core/summary.js';
import { OVERDUE_DUE_COLUMN, type SummaryLayout, type SummaryList } from './summary-rows.js';

/** The Summary sheet of the in-page workbook: what the Excel host would write, kept as data. */
export interface InPageSummary {
  name: string;
  summary: Summary;
  layout: SummaryLayout;
}

/** Makes an element with its properties set: what the in-page workbook draws with. */
export type Make = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Partial<HTMLElementTagNameMap[K]>,
) => HTMLElementTagNameMap[K];

/** The Summary sheet: title, the directorate × status table, the chart, then the two lists. */
export function summaryPanel(sheet: InPageSummary, make: Make): HTMLElement {
  const { layout, summary } = sheet;
  const panel = make('div', { className: 'summary-sheet sheet-scroll', id: 'summary-sheet' });
  const doc = panel.ownerDocument;
  panel.append(
    make('h3', { textContent: layout.title, id: 'summary-sheet-title' }),
    make('p', { className: 'hint', textContent: layout.note }),
  );

  const table = make('table', { className: 'sheet-grid summary-table', id: 'summary-by-directorate' });
  table.append(make('caption', { textContent: layout.tableHeading }));
  const [header = [], ...rows] = layout.table;
  const headRow = make('tr');
  for (const heading of header) headRow.append(make('th', { scope: 'col', textContent: String(heading) }));
  const body = make('tbody');
  rows.forEach((cells, index) => {
    const tr = make('tr');
    const name = String(cells[0] ?? '');
    tr.dataset.directorate = name;
    if (index === rows.length - 1) tr.className = 'total';
    tr.append(make('th', { scope: 'row', textContent: name }));
    cells.slice(1).forEach((value, i) => {
      const td = make('td', { textContent: String(value) });
      td.dataset.column = String(header[i + 1] ?? '');
      tr.append(td);
    });
    body.append(tr);
  });
  const head = make('thead');
  head.append(headRow);
  table.append(head, body);
  panel.append(table);

  if (summary.byDirectorate.length > 0) {
    const svg = new DOMParser().parseFromString(
      renderStatusChart(
        summary.byDirectorate.map((row) => ({ label: row.directorate, counts: row.counts })),
        { id: 'summary-chart', title: layout.chartTitle },
      ),
      'image/svg+xml',
    ).documentElement;
    const figure = make('figure', { className: 'summary-chart' });
    figure.append(doc.importNode(svg, true));
    panel.append(figure);
  }
  panel.append(listBlock('summary-overdue', layout.overdue, OVERDUE_DUE_COLUMN, make));
  panel.append(listBlock('summary-unlinked', layout.unlinked, null, make));
  return panel;
}

function listBlock(id: string, list: SummaryList, dateColumn: number | null, make: Make): HTMLElement {
  const section = make('section', { className: 'summary-list', id });
  const heading = make('h4', { textContent: list.heading, id: `${id}-title` });
  section.setAttribute('aria-labelledby', heading.id);
  section.append(heading);
  if (list.rows.length === 0) {
    section.append(make('p', { className: 'hint', textContent: list.empty }));
    return section;
  }
  const table = make('table', { className: 'sheet-grid summary-table' });
  const headRow = make('tr');
  for (const heading of list.header) headRow.append(make('th', { scope: 'col', textContent: heading }));
  const head = make('thead');
  head.append(headRow);
  const body = make('tbody');
  for (const cells of list.rows) {
    const tr = make('tr');
    cells.forEach((text, i) => {
      tr.append(make('td', { textContent: i === dateColumn && text ? shortDate(text) : text }));
    });
    body.append(tr);
  }
  table.append(head, body);
  section.append(table);
  return section;
}
