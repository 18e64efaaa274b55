/**
 * A workbook behind Office.js, for adapter tests: office-addin-mock's OfficeMockObject gives the
 * load-then-sync rule (a property read before `load` and `context.sync()` is an error value); the
 * few things it cannot model (ranges made on demand, getResizedRange, writes that land at sync
 * time, in order) are added here as minimal mock methods. Every `context.sync()` is counted, with
 * the estimated bytes of the writes it carried and of the values it read.
 *
 * It is strict where real Excel is (office-addin-mock accepts all of these), each rule with the
 * page or issue it follows:
 * - a request or a response over 5 MB fails the whole sync with `RequestPayloadSizeLimitExceeded`
 *   and applies nothing (Excel on the web: "payload size limit of 5MB for requests and responses",
 *   https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins);
 * - a cell holds a note or a threaded comment, never both, and never two: adding either where one
 *   is fails the sync (https://github.com/OfficeDev/office-js/issues/1416,
 *   https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-notes); `workbook.notes`
 *   exists only when the host has ExcelApi 1.18 (`notesSupported`);
 * - the operations of a sync before a failing one stay applied (Office.js batches are not
 *   transactions), the rest are not run;
 * - a filter hides rows, and deleting with shift-up in a filtered table or range is refused
 *   ("Can't move cells in a filtered range or table": https://github.com/OfficeDev/office-js/issues/994,
 *   https://github.com/xlwings/xlwings/issues/2587);
 * - `table.rows.add` appends after the table's last row, blank or not; values written into the row
 *   just below a table extend it (https://learn.microsoft.com/office/dev/add-ins/excel/co-authoring-in-excel-add-ins);
 * - `onRun` lets a test edit, sort or filter the sheet between one `Excel.run` and the next (the
 *   officer keeps working while the sync's HTTP round trip runs), and `failSync` fails a chosen sync.
 */
import { OfficeApp } from 'office-addin-manifest';
import { OfficeMockObject } from 'office-addin-mock';
import { parseAddresses } from '../../addin/excel-cells.js';
import type { ExcelRun } from '../../addin/excel-port.js';

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export interface FakeComment {
  id: string;
  sheet: string;
  row: number;
  column: number;
  content: string;
}

export interface FakeTable {
  name: string;
  sheet: string;
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** Excel on the web's limit on one request, and on one response. */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;

export class ExcelApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RichApi.Error';
  }
}

/** A chart as the add-in set it up: what it plots, how, and where it sits. */
export interface FakeChart {
  name: string;
  type: string;
  seriesBy: string;
  source: { row: number; column: number; rows: number; columns: number };
  title: string;
  legend: string;
  reversed: boolean;
  axisPosition: string;
  seriesFills: string[];
  position: { from: string; to: string } | null;
}

export class FakeSheet {
  cells: unknown[][] = [];
  formulas = new Set<string>();
  textCells = new Set<string>();
  fills = new Map<string, string>();
  hiddenColumns = new Set<number>();
  visibility = 'Visible';
  frozenRows = 0;
  validations: { address: string; rule: unknown }[] = [];
  conditionalFormats: { address: string; formula: string; fill: string }[] = [];
  charts: FakeChart[] = [];
  /** Blocks made bold, as `A1:C1` addresses. */
  bold: string[] = [];
  /** Legacy notes (ExcelApi 1.18), by `row:column`. */
  notes = new Map<string, string>();
  /** Rows a filter hides; `filtered` when a filter is applied (by the sheet or a table on it). */
  hiddenRows = new Set<number>();
  filtered: 'sheet' | 'table' | null = null;
  /** How many times the whole sheet was cleared. */
  cleared = 0;

  constructor(public name: string) {}

  get(row: number, column: number): unknown {
    return this.cells[row]?.[column] ?? '';
  }

  set(row: number, column: number, value: unknown): void {
    while (this.cells.length <= row) this.cells.push([]);
    const cells = this.cells[row] as unknown[];
    while (cells.length <= column) cells.push('');
    cells[column] = value;
  }

  /** What Excel does with a value typed into a cell: numbers and dates turn into numbers. */
  type(row: number, column: number, value: unknown): void {
    const key = `${row}:${column}`;
    this.formulas.delete(key);
    if (value === '' || typeof value !== 'string' || this.textCells.has(key)) this.set(row, column, value);
    else if (value.startsWith("'")) this.set(row, column, value.slice(1));
    else if (value.startsWith('=')) {
      this.formulas.add(key);
      this.set(row, column, `(result of ${value})`);
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(value))
      this.set(row, column, (Date.parse(`${value}T00:00:00Z`) - EXCEL_EPOCH_MS) / 86_400_000);
    else if (/^-?\d+(\.\d+)?$/.test(value)) this.set(row, column, Number(value));
    else this.set(row, column, value);
  }

  /** The used range: the smallest block holding every non-blank cell (A1 when there is none). */
  used(within?: { row: number; column: number; rows: number; columns: number }) {
    let top = Number.POSITIVE_INFINITY;
    let left = Number.POSITIVE_INFINITY;
    let bottom = -1;
    let right = -1;
    this.cells.forEach((cells, r) => {
      cells.forEach((value, c) => {
        if (value === '' || value === null || value === undefined) return;
        if (within && (r < within.row || r >= within.row + within.rows)) return;
        if (within && (c < within.column || c >= within.column + within.columns)) return;
        top = Math.min(top, r);
        left = Math.min(left, c);
        bottom = Math.max(bottom, r);
        right = Math.max(right, c);
      });
    });
    if (bottom < 0) return { row: within?.row ?? 0, column: within?.column ?? 0, rows: 1, columns: 1 };
    return { row: top, column: left, rows: bottom - top + 1, columns: right - left + 1 };
  }

  /** Deletes a block, shifting the cells below it (in its columns) up. */
  deleteUp(row: number, column: number, rows: number, columns: number): void {
    for (let r = row; r < this.cells.length; r++) {
      for (let c = column; c < column + columns; c++) {
        const from = r + rows;
        const key = `${from}:${c}`;
        this.set(r, c, this.get(from, c));
        const formula = this.formulas.has(key);
        this.formulas.delete(`${r}:${c}`);
        if (formula) this.formulas.add(`${r}:${c}`);
        const fill = this.fills.get(key);
        this.fills.delete(`${r}:${c}`);
        if (fill) this.fills.set(`${r}:${c}`, fill);
        // A note belongs to its cell and moves with it.
        const note = this.notes.get(key);
        this.notes.delete(`${r}:${c}`);
        if (note !== undefined) this.notes.set(`${r}:${c}`, note);
      }
    }
  }

  rows(): unknown[][] {
    const used = this.used();
    return Array.from({ length: used.row + used.rows }, (_, r) =>
      Array.from({ length: used.column + used.columns }, (_, c) => this.get(r, c)),
    );
  }

  /** What Sort does to rows `from`..`to` (0-based, inclusive): whole rows move, fills and formulas with them. */
  sortRows(from: number, to: number, order: (a: unknown[], b: unknown[]) => number): void {
    const width = this.used().column + this.used().columns;
    const moved = Array.from({ length: to - from + 1 }, (_, i) => {
      const r = from + i;
      return {
        cells: Array.from({ length: width }, (_, c) => this.get(r, c)),
        formulas: [...this.formulas].filter((k) => k.startsWith(`${r}:`)).map((k) => Number(k.split(':')[1])),
        fills: [...this.fills]
          .filter(([k]) => k.startsWith(`${r}:`))
          .map(([k, v]) => [Number(k.split(':')[1]), v] as const),
        notes: [...this.notes]
          .filter(([k]) => k.startsWith(`${r}:`))
          .map(([k, v]) => [Number(k.split(':')[1]), v] as const),
      };
    });
    moved.sort((a, b) => order(a.cells, b.cells));
    moved.forEach((row, i) => {
      const r = from + i;
      for (let c = 0; c < width; c++) {
        this.set(r, c, row.cells[c]);
        this.formulas.delete(`${r}:${c}`);
        this.fills.delete(`${r}:${c}`);
        this.notes.delete(`${r}:${c}`);
      }
      for (const c of row.formulas) this.formulas.add(`${r}:${c}`);
      for (const [c, v] of row.fills) this.fills.set(`${r}:${c}`, v);
      for (const [c, v] of row.notes) this.notes.set(`${r}:${c}`, v);
    });
  }

  /** A filter by the officer: rows `from`..`to` whose cells fail `keep` are hidden. */
  filter(
    from: number,
    to: number,
    keep: (cells: unknown[]) => boolean,
    by: 'sheet' | 'table' = 'table',
  ): void {
    const width = this.used().column + this.used().columns;
    this.filtered = by;
    this.hiddenRows.clear();
    for (let r = from; r <= to; r++) {
      const cells = Array.from({ length: width }, (_, c) => this.get(r, c));
      if (!keep(cells)) this.hiddenRows.add(r);
    }
  }

  clearFilter(): void {
    this.filtered = null;
    this.hiddenRows.clear();
  }
}

interface PendingWrite {
  bytes: number;
  label: string;
  apply(): void;
}

export interface SyncRecord {
  bytes: number;
  /** Bytes of the values the sync read back. */
  responseBytes: number;
  /** Excel refused it as over the limit: nothing ran, nothing came back. */
  refused?: boolean;
  operations: string[];
}

/** Mock objects report errors as these strings until loaded and synced. */
const isMockState = (value: unknown) => typeof value === 'string';

interface Where {
  sheet: string;
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** Where each range mock points: its own properties are only readable after load and sync. */
const whereOf = new WeakMap<object, Where>();
const where = (range: unknown): Where => {
  const found = whereOf.get(range as object);
  if (!found) throw new Error('not a range of this workbook');
  return found;
};

export class FakeExcel {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  comments: FakeComment[] = [];
  activeSheet = '';
  selected: { sheet: string; row: number; column: number } | null = null;
  eventsEnabled: boolean[] = [];
  syncs: SyncRecord[] = [];
  /** The host has ExcelApi 1.18 (notes). */
  notesSupported = false;
  /** Called before each `Excel.run` with how many ran before it: the officer working meanwhile. */
  onRun: ((runsBefore: number) => void | Promise<void>) | null = null;
  runs = 0;
  /** Fails a sync the test picks (by its index as `syncs` counts them, and what it carries) before it applies anything. */
  failSync: ((index: number, sync: SyncRecord) => boolean) | null = null;
  private pending: PendingWrite[] = [];
  private responseBytes = 0;
  private created: OfficeMockObject[] = [];
  private nextComment = 1;

  constructor(sheets: Record<string, unknown[][]> = {}) {
    for (const [name, rows] of Object.entries(sheets)) {
      const sheet = this.addSheet(name);
      rows.forEach((cells, r) => {
        cells.forEach((value, c) => {
          sheet.set(r, c, value);
        });
      });
    }
    this.activeSheet = this.sheets[0]?.name ?? '';
  }

  addSheet(name: string): FakeSheet {
    const sheet = new FakeSheet(name);
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet {
    const sheet = this.sheets.find((s) => s.name === name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    return sheet;
  }

  /** Excel.run over this workbook: a fresh request context per batch, as Office.js gives. */
  run: ExcelRun = async (batch) => {
    await this.onRun?.(this.runs);
    this.runs += 1;
    return batch(this.context());
  };

  /** Counts of `context.sync()` calls since the last reset. */
  resetCounts(): void {
    this.syncs = [];
  }

  private queue(label: string, bytes: number, apply: () => void): void {
    this.pending.push({ label, bytes, apply });
  }

  private track<T extends OfficeMockObject>(mock: T): T {
    this.created.push(mock);
    return mock;
  }

  /** A range's values will be read at the next sync: they count towards its response. */
  noteRead(bytes: number): void {
    this.responseBytes += bytes;
  }

  private async sync(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const bytes = batch.reduce((s, w) => s + w.bytes, 0);
    const responseBytes = this.responseBytes;
    this.responseBytes = 0;
    const index = this.syncs.length;
    this.syncs.push({ bytes, responseBytes, operations: batch.map((w) => w.label) });
    // A failed sync loads nothing; the proxies made for it can be loaded again in the next.
    if (bytes > PAYLOAD_LIMIT || responseBytes > PAYLOAD_LIMIT) {
      (this.syncs[index] as SyncRecord).refused = true;
      throw new ExcelApiError(
        'RequestPayloadSizeLimitExceeded',
        `the ${bytes > PAYLOAD_LIMIT ? 'request' : 'response'} payload size has exceeded the limit`,
      );
    }
    if (this.failSync?.(index, this.syncs[index] as SyncRecord)) {
      throw new ExcelApiError('GeneralException', 'the connection to Excel was lost (injected)');
    }
    for (const write of batch) write.apply();
    const created = this.created;
    this.created = [];
    for (const mock of created) await mock.sync();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  context(): Excel.RequestContext {
    const context = new OfficeMockObject(
      {
        workbook: {
          worksheets: {
            getItem: (name: string) => this.worksheet(name, false),
            getItemOrNullObject: (name: string) => this.worksheet(name, true),
            getActiveWorksheet: () => this.worksheet(this.activeSheet, false),
            add: (name: string) => {
              this.queue(`add sheet ${name}`, 0, () => {
                this.addSheet(name);
              });
              return this.worksheet(name, false, true);
            },
          },
          tables: {
            getItem: (name: string) => ({
              autoFilter: this.autoFilter(() => {
                const table = this.tables.find((t) => t.name === name);
                return table ? this.sheet(table.sheet) : null;
              }, 'table'),
              getHeaderRowRange: () => {
                const table = this.tables.find((t) => t.name === name);
                if (!table) throw new Error(`no table ${name}`);
                return this.range(table.sheet, table.row, table.column, 1, table.columns);
              },
              resize: (range: unknown) => {
                const at = where(range);
                this.queue(`table resize ${at.rows}x${at.columns}`, 0, () => {
                  const table = this.tables.find((t) => t.name === name);
                  if (!table) throw new Error(`no table ${name}`);
                  Object.assign(table, {
                    row: at.row,
                    column: at.column,
                    rows: at.rows,
                    columns: at.columns,
                  });
                });
              },
              rows: {
                add: (_index: unknown, values: unknown[][]) =>
                  this.queue(`table rows.add ${values.length}`, JSON.stringify(values).length, () => {
                    const table = this.tables.find((t) => t.name === name);
                    if (!table) throw new Error(`no table ${name}`);
                    const sheet = this.sheet(table.sheet);
                    values.forEach((cells, r) => {
                      cells.forEach((v, c) => {
                        sheet.type(table.row + table.rows + r, table.column + c, v);
                      });
                    });
                    table.rows += values.length;
                  }),
              },
            }),
          },
          comments: {
            getItem: (id: string) => ({
              delete: () =>
                this.queue(`delete comment ${id}`, 0, () => {
                  this.comments = this.comments.filter((c) => c.id !== id);
                }),
            }),
            add: (range: unknown, content: string) =>
              this.queue(`add comment`, content.length, () => {
                const cell = where(range);
                this.refuseSecondMark(cell);
                this.comments.push({
                  id: `comment-${this.nextComment++}`,
                  sheet: cell.sheet,
                  row: cell.row,
                  column: cell.column,
                  content,
                });
              }),
          },
        },
        runtime: {},
        application: { suspendApiCalculationUntilNextSync: () => undefined },
        sync: () => this.sync(),
      },
      OfficeApp.Excel,
    );
    // Collections load their items as they are at sync time: a minimal stand-in for items/... loads.
    const workbook = context.workbook as Record<string, Record<string, unknown>>;
    defineCollection(workbook.worksheets as object, () => this.sheets.map((s) => ({ name: s.name })));
    defineCollection(workbook.tables as object, () => this.tables.map((t) => ({ name: t.name })));
    defineCollection(workbook.comments as object, () =>
      this.comments.map((c) => ({
        id: c.id,
        content: c.content,
        getLocation: () =>
          this.track(
            new OfficeMockObject({ address: `'${c.sheet}'!${a1(c.row, c.column)}` }, OfficeApp.Excel),
          ),
      })),
    );
    if (this.notesSupported) {
      // ExcelApi 1.18: notes, one per cell, never on a cell with a threaded comment.
      // Notes are found by their cell's address (NoteCollection.getItem / getItemOrNullObject).
      const noteCell = (address: string) => {
        const ref = parseAddresses(address)[0];
        if (!ref?.sheet) throw new Error(`a note is asked for by a sheet-qualified address, not ${address}`);
        return { sheet: ref.sheet, key: `${ref.row}:${ref.column}` };
      };
      const note = (address: string, orNull: boolean) => {
        const { sheet, key } = noteCell(address);
        let loaded: { content: string | undefined } | null = null;
        const mock = {
          load: () => {
            this.queue(`load note ${address}`, 0, () => {
              loaded = { content: this.sheet(sheet).notes.get(key) };
            });
            return mock;
          },
          get isNullObject() {
            if (!loaded) throw new Error('note read before load and sync');
            return orNull && loaded.content === undefined;
          },
          get content() {
            if (!loaded) throw new Error('note read before load and sync');
            return loaded.content ?? '';
          },
          delete: () =>
            this.queue(`delete note ${address}`, 0, () => {
              if (!this.sheet(sheet).notes.delete(key) && !orNull)
                throw new ExcelApiError('ItemNotFound', `no note at ${address}`);
            }),
        };
        return mock;
      };
      const notes = {
        add: (range: unknown, content: string) =>
          this.queue('add note', content.length, () => {
            const cell = where(range);
            this.refuseSecondMark(cell);
            this.sheet(cell.sheet).notes.set(`${cell.row}:${cell.column}`, content);
          }),
        getItem: (address: string) => note(address, false),
        getItemOrNullObject: (address: string) => note(address, true),
      };
      Object.defineProperty(context.workbook, 'notes', { value: notes });
    }
    Object.defineProperty(context.runtime, 'enableEvents', {
      set: (value: boolean) => this.queue(`enableEvents ${value}`, 0, () => this.eventsEnabled.push(value)),
      get: () => true,
    });
    return context as unknown as Excel.RequestContext;
  }

  private worksheet(name: string, orNull: boolean, adding = false): Excel.Worksheet {
    const exists = adding || this.sheets.some((s) => s.name === name);
    const sheet = () => this.sheet(name);
    const mock = this.track(
      new OfficeMockObject(
        {
          name,
          getRange: (address?: string) => this.rangeAt(name, address),
          getRangeByIndexes: (row: number, column: number, rows: number, columns: number) =>
            this.range(name, row, column, rows, columns),
          getUsedRange: () => {
            if (!exists) return this.range(name, 0, 0, 1, 1);
            const used = sheet().used();
            return this.range(name, used.row, used.column, used.rows, used.columns);
          },
          tables: {
            add: (range: unknown) => {
              const at = where(range);
              const table: FakeTable = {
                name: `Table${this.tables.length + 1}`,
                sheet: name,
                row: at.row,
                column: at.column,
                rows: at.rows,
                columns: at.columns,
              };
              this.queue('tables.add', 0, () => this.tables.push(table));
              const proxy = {};
              Object.defineProperty(proxy, 'name', {
                set: (value: string) =>
                  this.queue(`table name ${value}`, 0, () => {
                    table.name = value;
                  }),
              });
              Object.defineProperty(proxy, 'style', { set: () => undefined });
              return proxy;
            },
          },
          freezePanes: {
            freezeRows: (count: number) =>
              this.queue(`freeze ${count}`, 0, () => {
                sheet().frozenRows = count;
              }),
          },
          activate: () =>
            this.queue(`activate ${name}`, 0, () => {
              this.activeSheet = name;
            }),
          charts: {
            add: (type: string, source: unknown, seriesBy: string) =>
              this.addChart(name, type, source, seriesBy),
          },
        },
        OfficeApp.Excel,
      ),
    );
    Object.defineProperty(mock, 'isNullObject', { get: () => orNull && !exists });
    Object.defineProperty(mock, 'autoFilter', {
      value: this.autoFilter(() => (this.sheets.some((s) => s.name === name) ? sheet() : null), 'sheet'),
    });
    defineCollection((mock as unknown as { charts: object }).charts, () =>
      exists && this.sheets.some((s) => s.name === name)
        ? sheet().charts.map((chart) => ({
            name: chart.name,
            delete: () =>
              this.queue(`delete chart ${chart.name}`, 0, () => {
                sheet().charts = sheet().charts.filter((c) => c !== chart);
              }),
          }))
        : [],
    );
    Object.defineProperty(mock, 'visibility', {
      set: (value: string) =>
        this.queue(`visibility ${value}`, 0, () => {
          sheet().visibility = value;
        }),
      get: () => (exists ? sheet().visibility : 'Visible'),
    });
    if (!exists && !orNull) {
      // Office.js fails the whole batch at sync when an item is missing.
      this.queue(`missing sheet ${name}`, 0, () => {
        throw Object.assign(new Error(`ItemNotFound: ${name}`), { code: 'ItemNotFound' });
      });
    }
    return mock as unknown as Excel.Worksheet;
  }

  /** A cell takes one note or one threaded comment (office-js#1416): a second fails the sync. */
  private refuseSecondMark(cell: Where): void {
    const comment = this.comments.some(
      (c) => c.sheet === cell.sheet && c.row === cell.row && c.column === cell.column,
    );
    const note = this.sheet(cell.sheet).notes.has(`${cell.row}:${cell.column}`);
    if (comment || note)
      throw new ExcelApiError('InvalidArgument', `the cell already has a ${comment ? 'comment' : 'note'}`);
  }

  /** `autoFilter` of a sheet or a table (ExcelApi 1.9): is data filtered, and clear or reapply it. */
  private autoFilter(sheet: () => FakeSheet | null, by: 'sheet' | 'table') {
    const filtered = () => {
      const s = sheet();
      return s !== null && s.filtered === by;
    };
    const filter = {
      load: () => filter,
      get isDataFiltered() {
        return filtered();
      },
      get enabled() {
        return filtered();
      },
    };
    return filter;
  }

  /** `charts.add`: the chart lands at sync; its settings are kept as they are made. */
  private addChart(sheetName: string, type: string, source: unknown, seriesBy: string) {
    const at = where(source);
    const chart: FakeChart = {
      name: `Chart ${this.sheet(sheetName).charts.length + 1}`,
      type,
      seriesBy,
      source: { row: at.row, column: at.column, rows: at.rows, columns: at.columns },
      title: '',
      legend: 'Right',
      reversed: false,
      axisPosition: 'Automatic',
      seriesFills: [],
      position: null,
    };
    this.queue(`add chart ${type}`, 0, () => this.sheet(sheetName).charts.push(chart));
    const proxy = {
      title: {} as Record<string, unknown>,
      legend: {} as Record<string, unknown>,
      axes: { categoryAxis: {} as Record<string, unknown> },
      series: {
        getItemAt: (index: number) => ({
          format: {
            fill: {
              setSolidColor: (colour: string) => {
                chart.seriesFills[index] = colour;
              },
            },
          },
        }),
      },
      setPosition: (from: string, to: string) => {
        chart.position = { from, to };
      },
    };
    Object.defineProperty(proxy, 'name', {
      set: (value: string) => {
        chart.name = value;
      },
    });
    Object.defineProperty(proxy.title, 'text', {
      set: (value: string) => {
        chart.title = value;
      },
    });
    Object.defineProperty(proxy.legend, 'position', {
      set: (value: string) => {
        chart.legend = value;
      },
    });
    Object.defineProperty(proxy.axes.categoryAxis, 'reversePlotOrder', {
      set: (value: boolean) => {
        chart.reversed = value;
      },
    });
    Object.defineProperty(proxy.axes.categoryAxis, 'position', {
      set: (value: string) => {
        chart.axisPosition = value;
      },
    });
    return proxy;
  }

  private rangeAt(sheetName: string, address?: string): Excel.Range {
    if (address === undefined) return this.range(sheetName, 0, 0, MAX_ROWS, MAX_COLUMNS);
    const rows = /^(\d+):(\d+)$/.exec(address);
    if (rows) {
      const first = Number(rows[1]) - 1;
      return this.range(sheetName, first, 0, Number(rows[2]) - first, MAX_COLUMNS);
    }
    const block = parseAddresses(address)[0];
    if (!block) throw new Error(`cannot read address ${address}`);
    return this.range(sheetName, block.row, block.column, block.rows, block.columns);
  }

  /** A range: loadable values (a snapshot when made, as reads come before writes in a batch), and writes queued in order. */
  range(sheetName: string, row: number, column: number, rows: number, columns: number): Excel.Range {
    const fake = this;
    const sheet = () => fake.sheet(sheetName);
    const huge = rows * columns > 10_000_000;
    const exists = this.sheets.some((s) => s.name === sheetName);
    const snapshot =
      huge || !exists
        ? []
        : Array.from({ length: rows }, (_, r) =>
            Array.from({ length: columns }, (_, c) => sheet().get(row + r, column + c)),
          );
    const mock = this.track(
      new OfficeMockObject(
        {
          values: snapshot,
          rowIndex: row,
          columnIndex: column,
          rowCount: rows,
          columnCount: columns,
          address: `'${sheetName}'!${a1(row, column)}:${a1(row + rows - 1, column + columns - 1)}`,
          getResizedRange: (deltaRows: number, deltaColumns: number) =>
            fake.range(sheetName, row, column, rows + deltaRows, columns + deltaColumns),
          getRow: (index: number) => fake.range(sheetName, row + index, column, 1, columns),
          getUsedRange: () => {
            const used = sheet().used({ row, column, rows, columns });
            return fake.range(sheetName, used.row, used.column, used.rows, used.columns);
          },
          getSpecialCellsOrNullObject: () => {
            const cells = [...sheet().formulas]
              .map((key) => key.split(':').map(Number) as [number, number])
              .filter(([r, c]) => r >= row && r < row + rows && c >= column && c < column + columns);
            const special = fake.track(
              new OfficeMockObject(
                { address: cells.map(([r, c]) => `'${sheetName}'!${a1(r, c)}`).join(', ') },
                OfficeApp.Excel,
              ),
            );
            Object.defineProperty(special, 'isNullObject', { get: () => cells.length === 0 });
            return special;
          },
          getTables: () => ({
            load: () => undefined,
            get items() {
              return fake.tables
                .filter(
                  (t) =>
                    t.sheet === sheetName &&
                    row >= t.row &&
                    row < t.row + t.rows &&
                    column >= t.column &&
                    column < t.column + t.columns,
                )
                .map((t) => ({
                  name: t.name,
                  getRange: () => fake.range(sheetName, t.row, t.column, t.rows, t.columns),
                }));
            },
          }),
          getEntireColumn: () => {
            const entire = {};
            Object.defineProperty(entire, 'columnHidden', {
              set: (hidden: boolean) =>
                fake.queue(`hide column ${column}`, 0, () => {
                  for (let c = column; c < column + columns; c++) {
                    if (hidden) sheet().hiddenColumns.add(c);
                    else sheet().hiddenColumns.delete(c);
                  }
                }),
            });
            return entire;
          },
          delete: () =>
            fake.queue(`delete ${rows}x${columns} at ${row}`, 0, () => {
              if (sheet().filtered)
                throw new ExcelApiError('InvalidOperation', "Can't move cells in a filtered range or table");
              sheet().deleteUp(row, column, rows, columns);
              fake.comments = fake.comments
                .filter(
                  (c) =>
                    !(
                      c.sheet === sheetName &&
                      c.row >= row &&
                      c.row < row + rows &&
                      c.column >= column &&
                      c.column < column + columns
                    ),
                )
                .map((c) =>
                  c.sheet === sheetName &&
                  c.row >= row + rows &&
                  c.column >= column &&
                  c.column < column + columns
                    ? { ...c, row: c.row - rows }
                    : c,
                );
              for (const t of fake.tables)
                if (t.sheet === sheetName && row > t.row && row < t.row + t.rows) t.rows -= rows;
            }),
          clear: () =>
            fake.queue(`clear ${rows}x${columns} at ${row}`, 0, () => {
              const s = sheet();
              for (let r = row; r < Math.min(row + rows, s.cells.length); r++)
                for (let c = column; c < Math.min(column + columns, s.cells[r]?.length ?? 0); c++)
                  s.set(r, c, '');
              if (rows === MAX_ROWS && columns === MAX_COLUMNS) {
                // The whole sheet: formats go too (charts stay: they are not in cells).
                s.cleared += 1;
                s.fills.clear();
                s.bold = [];
                s.textCells.clear();
              }
            }),
          select: () =>
            fake.queue(`select ${row}:${column}`, 0, () => {
              fake.selected = { sheet: sheetName, row, column };
            }),
          format: {
            font: {},
            fill: {
              clear: () =>
                fake.queue(`clear fill ${row}:${column}`, 0, () => {
                  sheet().fills.delete(`${row}:${column}`);
                }),
            },
          },
          dataValidation: {},
          conditionalFormats: {
            add: () => {
              const rule = { formula: '' };
              const fill = { color: '' };
              fake.queue('conditional format', 0, () =>
                sheet().conditionalFormats.push({
                  address: a1(row, column),
                  formula: rule.formula,
                  fill: fill.color,
                }),
              );
              return { custom: { rule, format: { fill } } };
            },
          },
        },
        OfficeApp.Excel,
      ),
    );
    const load = mock.load.bind(mock);
    Object.defineProperty(mock, 'load', {
      value: (properties?: string | string[]) => {
        const asked = Array.isArray(properties) ? properties.join(',') : String(properties ?? '');
        if (/\bvalues\b/.test(asked)) fake.noteRead(JSON.stringify(snapshot).length);
        return load(properties as string);
      },
    });
    let values: unknown = (mock as unknown as { values: unknown }).values;
    Object.defineProperty(mock, 'values', {
      get: () => values,
      set: (value: unknown) => {
        // The mock's own bookkeeping (error strings, the loaded snapshot) is not a write.
        if (isMockState(value) || value === snapshot) {
          values = value;
          return;
        }
        const grid = value as unknown[][];
        fake.queue(
          `values ${grid.length}x${grid[0]?.length ?? 0} at ${row}:${column}`,
          JSON.stringify(grid).length,
          () => {
            if (grid.length !== rows || grid.some((r) => r.length !== columns))
              throw new Error(
                `values ${grid.length}x${grid[0]?.length} do not fit a ${rows}x${columns} range`,
              );
            grid.forEach((cells, r) => {
              cells.forEach((v, c) => {
                sheet().type(row + r, column + c, v);
              });
            });
            // A table grows over values written into the row just below it, in its columns.
            for (const t of fake.tables)
              if (
                t.sheet === sheetName &&
                row === t.row + t.rows &&
                column >= t.column &&
                column < t.column + t.columns
              )
                t.rows += rows;
          },
        );
      },
    });
    Object.defineProperty(mock, 'numberFormat', {
      set: (formats: string[][]) =>
        fake.queue(`numberFormat at ${row}:${column}`, JSON.stringify(formats).length, () => {
          formats.forEach((cells, r) => {
            cells.forEach((f, c) => {
              if (f === '@') sheet().textCells.add(`${row + r}:${column + c}`);
            });
          });
        }),
    });
    const format = (mock as unknown as { format: Record<string, unknown> }).format;
    for (const key of ['columnWidth', 'wrapText', 'verticalAlignment']) {
      Object.defineProperty(format, key, { set: () => fake.queue(`format ${key}`, 0, () => undefined) });
    }
    Object.defineProperty(format.font, 'bold', {
      set: (bold: boolean) =>
        fake.queue(`bold at ${row}:${column}`, 0, () => {
          if (bold) sheet().bold.push(`${a1(row, column)}:${a1(row + rows - 1, column + columns - 1)}`);
        }),
    });
    Object.defineProperty(format.font, 'size', { set: () => fake.queue('font size', 0, () => undefined) });
    Object.defineProperty(format.fill, 'color', {
      set: (color: string) =>
        fake.queue(`fill ${color} at ${row}:${column}`, 0, () => {
          sheet().fills.set(`${row}:${column}`, color);
        }),
    });
    Object.defineProperty(mock.dataValidation, 'rule', {
      set: (rule: unknown) =>
        fake.queue('data validation', 0, () => sheet().validations.push({ address: a1(row, column), rule })),
    });
    Object.defineProperty(mock.dataValidation, 'errorAlert', { set: () => undefined });
    whereOf.set(mock, { sheet: sheetName, row, column, rows, columns });
    return mock as unknown as Excel.Range;
  }
}

function defineCollection(collection: object, items: () => object[]): void {
  Object.defineProperty(collection, 'load', { value: () => collection });
  Object.defineProperty(collection, 'items', { get: items });
}

function a1(row: number, column: number): string {
  let n = column + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return `${letters}${row + 1}`;
}
