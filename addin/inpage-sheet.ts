/**
 * Draws the in-page workbook: sheet tabs and an editable grid, the Id column hidden as in Excel,
 * conflicted cells filled and described. Redrawn after each host operation, never while typing.
 */
import { rowToCells } from '../core/sheet-table.js';
import { COLUMN_WIDTHS, CONFLICT_FILL } from './excel-cells.js';
import type { InPageSheet } from './inpage-host.js';

export interface WorkbookView {
  sheets: InPageSheet[];
  active: number;
  synced: { meta: { sheet: string } } | null;
  focusedCell: { row: number; column: number } | null;
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

  const sheet = view.sheets[view.active];
  const panel = make('div', { className: 'sheet-panel', id: 'sheet-panel' });
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', `sheet-tab-${view.active}`);
  if (sheet) panel.append(grid(sheet, view.active, handlers, make), addRowButton(handlers, make));

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
