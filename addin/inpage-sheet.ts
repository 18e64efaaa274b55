/**
 * Draws the in-page workbook: sheet tabs and an editable grid, the Id column hidden as in Excel,
 * text wrapped and dates whole; on a plan the add-in opened, the drop-downs and the overdue and RAG
 * fills Excel gets (plan-sheet-rules.ts); conflicted cells filled and described; and, once asked
 * for, the Summary sheet as a last tab (inpage-summary-sheet.ts). Redrawn after each host
 * operation, never while typing.
 */

import { rowToCells } from '../core/sheet-table.js';
import { COLUMN_WIDTHS, CONFLICT_FILL } from './excel-cells.js';
import type { InPageSheet } from './inpage-sheet-data.js';
import { type InPageSummary, type Make, summaryPanel } from './inpage-summary-sheet.js';
import { type PlanSheetLists, rowFills } from './plan-sheet-rules.js';

export interface WorkbookView {
  sheets: InPageSheet[];
  active: number;
  synced: { meta: { sheet: string } } | null;
  focusedCell: { row: number; column: number } | null;
  /** Shown as the tab after the sheets (index `sheets.length`). */
  summarySheet: InPageSummary | null;
  /** YYYY-MM-DD: what is overdue is measured from it, as Excel's TODAY(). */
  today: string;
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
  if (sheet) panel.append(grid(sheet, view.active, view.today, handlers, make), addRowButton(handlers, make));
  else if (view.summarySheet && view.active === summaryIndex)
    panel.append(summaryPanel(view.summarySheet, make));

  container.replaceChildren(heading, tabs, panel);
  const focus = view.focusedCell;
  if (focus) {
    const control = container.querySelector<CellControl>(
      `[data-row="${focus.row}"][data-column="${focus.column}"]`,
    );
    control?.classList.add('selected');
    control?.focus();
    if (control && !(control instanceof HTMLSelectElement)) control.select();
    control?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}

/** Excel's column widths in points, drawn at 60% zoom (a point is 4/3 of a CSS pixel). */
const PIXELS_PER_POINT = 0.8;
/** Columns whose whole value must fit on one line, as Excel shows a date and a drop-down. */
const FITTED_WIDTHS: Record<string, string> = {
  Due: 'calc(10ch + 12px)',
  Status: 'calc(11ch + 28px)',
};

/**
 * A column's width: Excel's, scaled, but never narrower than the longest word of its heading (nor
 * the value, for the fitted ones); a drop-down arrow adds its own room. The grid scrolls sideways
 * when the window is narrower, as Excel's does.
 */
function columnWidth(heading: string, withArrow: boolean): string {
  const excel = Math.round((COLUMN_WIDTHS[heading] ?? 100) * PIXELS_PER_POINT);
  const word = Math.max(...heading.split(' ').map((w) => w.length));
  const fitted = FITTED_WIDTHS[heading] ?? `calc(${word}ch + 16px)`;
  return `calc(max(${excel}px, ${fitted}) + ${withArrow ? 24 : 0}px)`;
}

function grid(
  sheet: InPageSheet,
  sheetIndex: number,
  today: string,
  handlers: WorkbookHandlers,
  make: Make,
): HTMLElement {
  const visible = sheet.table.columns.filter((c) => c.index !== sheet.table.idColumn);
  const table = make('table', { className: 'sheet-grid' });
  const caption = make('caption', { className: 'visually-hidden', textContent: `Sheet ${sheet.name}` });
  const lists = sheet.lists;
  const hasArrow = (path: string | null) => path === 'directorate' && (lists?.directorates.length ?? 0) > 0;
  const columns = make('colgroup');
  columns.append(make('col', { className: 'row-number' }));
  for (const column of visible) {
    const col = make('col');
    col.style.width = columnWidth(column.heading, hasArrow(column.path));
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
    const filled: { due?: HTMLElement; status?: HTMLElement } = {};
    // The fills Excel's conditional formats give, redrawn as the officer edits the row.
    const paint = () => {
      if (!lists) return;
      const fills = rowFills(row.fields, today);
      for (const key of ['due', 'status'] as const) {
        const td = filled[key];
        if (!td || td.classList.contains('conflict')) continue;
        td.style.backgroundColor = fills[key] ?? '';
        td.classList.toggle('filled', fills[key] !== null);
      }
    };
    for (const column of visible) {
      const td = make('td');
      const label = `${column.heading}, row ${rowIndex + 1}`;
      const value = cells[column.index] ?? '';
      const edit = (text: string) => {
        handlers.onEdit(sheetIndex, rowIndex, column.index, text);
        paint();
      };
      const control = cellControl(column.path, value, lists, make);
      control.dataset.row = String(rowIndex);
      control.dataset.column = String(column.index);
      control.setAttribute('aria-label', label);
      control.addEventListener(control instanceof HTMLSelectElement ? 'change' : 'input', () =>
        edit(control.value),
      );
      td.append(control);
      if (
        column.path === 'directorate' &&
        lists &&
        lists.directorates.length > 0 &&
        control instanceof HTMLTextAreaElement
      )
        td.append(directoratePicker(control, lists.directorates, rowIndex, edit, make));
      if (column.path === 'due' || column.path === 'status') filled[column.path] = td;
      const mark = row.id ? sheet.marks.get(`${row.id}|${column.index}`) : undefined;
      if (mark) {
        td.classList.add('conflict', 'filled');
        td.style.backgroundColor = CONFLICT_FILL;
        const note = make('span', {
          className: 'visually-hidden',
          id: `mark-${sheetIndex}-${rowIndex}-${column.index}`,
          textContent: mark,
        });
        control.setAttribute('aria-describedby', note.id);
        control.title = mark;
        td.append(note);
      }
      tr.append(td);
    }
    paint();
    body.append(tr);
  });
  table.append(caption, columns, head, body);
  const scroller = make('div', { className: 'sheet-scroll' });
  scroller.append(table);
  return scroller;
}

type CellControl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * What a cell is edited with: Status a drop-down of the statuses (Excel refuses anything else) on
 * a plan the add-in opened; Due one line, as Excel shows a date; any other text wraps, as the
 * opened sheet's cells do.
 */
function cellControl(
  path: string | null,
  value: string,
  lists: PlanSheetLists | null,
  make: Make,
): CellControl {
  if (path === 'status' && lists) {
    const select = make('select');
    const choices = ['', ...lists.statuses];
    if (!choices.includes(value)) choices.push(value);
    select.append(...choices.map((choice) => make('option', { value: choice, textContent: choice })));
    select.value = value;
    return select;
  }
  if (path === 'due') return make('input', { type: 'text', value, className: 'date' });
  return make('textarea', { rows: 1, value });
}

/**
 * The Directorate cell's drop-down arrow: picking a directorate types it into the cell; any other
 * can still be typed, as Excel's list helps and does not forbid.
 */
function directoratePicker(
  cell: HTMLTextAreaElement,
  directorates: readonly string[],
  rowIndex: number,
  edit: (text: string) => void,
  make: Make,
): HTMLSelectElement {
  const picker = make('select', { className: 'cell-list' });
  picker.setAttribute('aria-label', `Choose a directorate for row ${rowIndex + 1}`);
  picker.append(
    make('option', { value: '', textContent: '' }),
    ...directorates.map((d) => make('option', { value: d, textContent: d })),
  );
  picker.addEventListener('change', () => {
    if (picker.value === '') return;
    cell.value = picker.value;
    picker.value = '';
    edit(cell.value);
  });
  return picker;
}

function addRowButton(handlers: WorkbookHandlers, make: Make): HTMLElement {
  const button = make('button', { type: 'button', className: 'add-row', textContent: 'Add a row' });
  button.addEventListener('click', () => handlers.onAddRow());
  return button;
}
