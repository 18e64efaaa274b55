/**
 * Draws the in-page workbook: sheet tabs and an editable grid, the Id column hidden as in Excel,
 * conflicted cells filled and described; and, once asked for, the Summary sheet as a last tab (the
 * table, the report's stacked-bar chart standing in for Excel's, the lists). Redrawn after each host
 * operation, never while typing.
 */

import { renderStatusChart } from '../core/report-chart.js';
import { shortDate } from '../core/report-period.js';
import { rowToCells } from '../core/sheet-table.js';
import type { Summary } from '../core/summary.js';
import { COLUMN_WIDTHS, CONFLICT_FILL } from './excel-cells.js';
import type { InPageSheet } from './inpage-host.js';
import { OVERDUE_DUE_COLUMN, type SummaryLayout, type SummaryList } from './summary-rows.js';

/** The Summary sheet of the in-page workbook: what the Excel host would write, kept as data. */
export interface InPageSummary {
  name: string;
  summary: Summary;
  layout: SummaryLayout;
}

export interface WorkbookView {
  sheets: InPageSheet[];
  active: number;
  synced: { meta: { sheet: string } } | null;
  focusedCell: { row: number; column: number } | null;
  /** Shown as the tab after the sheets (index `sheets.length`). */
  summarySheet: InPageSummary | null;
}

export interface WorkbookHandlers {
  onEdit(sheet: number, row: number, column: number, text: string): void;
  onTab(index: number): void;
  onAddRow(): void;
}

export function renderWorkbook(container: HTMLElement, view: WorkbookView, handlers: WorkbookHandlers): void {
  const doc = container.ownerDocument;
  const make = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props: Partial<HTMLElementTagNameMap[K]> = {},
  ) => Object.assign(doc.createElement(tag), props);

  const heading = make('h2', { id: 'workbook-title', textContent: 'Workbook (in-page demo)' });
  const tabs = make('div', { className: 'sheet-tabs' });
  tabs.setAttribute('role', 'tablist');
  tabs.setAttribute('aria-label', 'Sheets');
  view.sheets.forEach((sheet, index) => {
    const tab = make('button', { type: 'button', className: 'sheet-tab', textContent: sheet.name });
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(index === view.active));
    tab.id = `sheet-tab-${index}`;
    if (view.synced?.meta.sheet === sheet.name) tab.dataset.synced = 'true';
    tab.addEventListener('click', () => handlers.onTab(index));
    tabs.append(tab);
  });
  const summaryIndex = view.sheets.length;
  if (view.summarySheet) {
    const tab = make('button', {
      type: 'button',
      className: 'sheet-tab',
      textContent: view.summarySheet.name,
    });
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(view.active === summaryIndex));
    tab.id = `sheet-tab-${summaryIndex}`;
    tab.addEventListener('click', () => handlers.onTab(summaryIndex));
    tabs.append(tab);
  }

  const sheet = view.sheets[view.active];
  const panel = make('div', { className: 'sheet-panel', id: 'sheet-panel' });
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', `sheet-tab-${view.active}`);
  if (sheet) panel.append(grid(sheet, view.active, handlers, make), addRowButton(handlers, make));
  else if (view.summarySheet && view.active === summaryIndex)
    panel.append(summaryPanel(view.summarySheet, make));

  container.replaceChildren(heading, tabs, panel);
  const focus = view.focusedCell;
  if (focus) {
    const input = container.querySelector<HTMLInputElement>(
      `input[data-row="${focus.row}"][data-column="${focus.column}"]`,
    );
    input?.classList.add('selected');
    input?.focus();
    input?.select();
    input?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}

type Make = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Partial<HTMLElementTagNameMap[K]>,
) => HTMLElementTagNameMap[K];

function grid(sheet: InPageSheet, sheetIndex: number, handlers: WorkbookHandlers, make: Make): HTMLElement {
  const visible = sheet.table.columns.filter((c) => c.index !== sheet.table.idColumn);
  const table = make('table', { className: 'sheet-grid' });
  const caption = make('caption', { className: 'visually-hidden', textContent: `Sheet ${sheet.name}` });
  // Widths in proportion to the ones Excel gets, so the long columns get the room.
  const points = visible.map((c) => COLUMN_WIDTHS[c.heading] ?? 100);
  const total = points.reduce((sum, p) => sum + p, 0);
  const columns = make('colgroup');
  columns.append(make('col', { className: 'row-number' }));
  for (const p of points) {
    const col = make('col');
    col.style.width = `${((p / total) * 100).toFixed(1)}%`;
    columns.append(col);
  }
  const head = make('thead');
  const headRow = make('tr');
  headRow.append(make('th', { scope: 'col', textContent: '#' }));
  for (const column of visible) headRow.append(make('th', { scope: 'col', textContent: column.heading }));
  head.append(headRow);
  const body = make('tbody');
  sheet.rows.forEach((row, rowIndex) => {
    const tr = make('tr');
    if (row.id) tr.dataset.id = row.id;
    tr.append(make('th', { scope: 'row', textContent: String(rowIndex + 1) }));
    const cells = rowToCells(row.id ?? '', row.fields, sheet.table);
    for (const column of visible) {
      const td = make('td');
      const input = make('input', { type: 'text', value: cells[column.index] ?? '' });
      input.dataset.row = String(rowIndex);
      input.dataset.column = String(column.index);
      input.setAttribute('aria-label', `${column.heading}, row ${rowIndex + 1}`);
      input.addEventListener('input', () => handlers.onEdit(sheetIndex, rowIndex, column.index, input.value));
      const mark = row.id ? sheet.marks.get(`${row.id}|${column.index}`) : undefined;
      if (mark) {
        td.classList.add('conflict');
        td.style.backgroundColor = CONFLICT_FILL;
        const note = make('span', {
          className: 'visually-hidden',
          id: `mark-${sheetIndex}-${rowIndex}-${column.index}`,
          textContent: mark,
        });
        input.setAttribute('aria-describedby', note.id);
        input.title = mark;
        td.append(input, note);
      } else td.append(input);
      tr.append(td);
    }
    body.append(tr);
  });
  table.append(caption, columns, head, body);
  const scroller = make('div', { className: 'sheet-scroll' });
  scroller.append(table);
  return scroller;
}

function addRowButton(handlers: WorkbookHandlers, make: Make): HTMLElement {
  const button = make('button', { type: 'button', className: 'add-row', textContent: 'Add a row' });
  button.addEventListener('click', () => handlers.onAddRow());
  return button;
}

/** The Summary sheet: title, the directorate × status table, the chart, then the two lists. */
function summaryPanel(sheet: InPageSummary, make: Make): HTMLElement {
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
