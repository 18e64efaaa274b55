/**
 * The .xlsx adapter of the sync port: a plan workbook on disk, read and written as the Excel
 * add-in reads and writes a workbook open in Excel, so the same engine syncs both.
 */
import type ExcelJS from 'exceljs';
import { readCell } from '../core/grid-cell.js';
import { NO_HEADER_EXPECTATION, roleOfHeading } from '../core/grid-header.js';
import type { ColumnMap } from '../core/grid-mapping.js';
import { CouncilId, Ulid } from '../core/plan.js';
import { sheetLayoutOf, tableWidth } from '../core/sheet-table.js';
import { BASE_SHEET, encodeBaseSheet, SyncMeta } from '../core/sync-base-sheet.js';
import type { SheetPort, SheetState, SyncOutcome } from '../core/sync-run.js';
import { emptyBase, type SyncBase } from '../core/sync-sheet.js';
import { CliError } from './run.js';
import { readBaseSheet } from './workbook-base.js';
import { openWorkbookFile, readOwnSheets, readWorkbook, saveWorkbook } from './workbook-file.js';
import { columnMapOf, MAP_SHEET, readColumnMap, writeColumnMap } from './workbook-map.js';
import { MARKS_SHEET } from './workbook-marks.js';
import { freeCell } from './workbook-merges.js';
import { WorkbookPackage } from './workbook-package.js';
import {
  stylesOf,
  type TableBefore,
  tableBefore,
  writeOwnSheet,
  writePlanSheet,
  writeStyles,
} from './workbook-package-write.js';
import { type PlanGrid, readPlanGrid } from './workbook-plan-grid.js';
import { lookOf } from './workbook-rows.js';
import { ownSheetValues } from './workbook-sheet-values.js';
import {
  findTable,
  type GridTable,
  gridTableAt,
  lastTableRow,
  noHeaderError,
  readTable,
  type SheetTable,
  sheetColumnOf,
  type TableReading,
  tableAt,
} from './workbook-table.js';
import {
  columnForField,
  type PlainWrite,
  plainWrites,
  resultOfPlainWrites,
  writeOutcome,
} from './workbook-write.js';

export interface PlanWorkbookOptions {
  /** Needed on a first sync only: afterwards the workbook says which plan it syncs with. */
  council?: string | undefined;
  plan?: string | undefined;
  sheet?: string;
  /**
   * The API the user gave for this sync. It is recorded in the workbook (for the add-in's check,
   * and to say when a later sync uses another) only once it has answered: a mistyped --api never is.
   * What the workbook records is only ever shown, never connected to.
   */
  api?: string | null;
  /** The officer's column mapping (`--map`): taken on the first sync only, and kept in the workbook. */
  map?: ColumnMap;
  /**
   * false: a later sync reads the plan sheet through ExcelJS even when it could be read from its
   * XML (cli/workbook-plan-grid.ts). For the tests that hold the two readings to the same result.
   */
  readApart?: boolean;
}

/** The sheet's state, and the table as read: where each row sits, so the write lands on the same cells. */
export interface WorkbookRead extends SheetState {
  reading: TableReading;
}

export interface PlanWorkbook extends SheetPort<WorkbookRead> {
  readonly file: string;
  readonly meta: SyncMeta;
  /** True on a first sync: the workbook has no base yet and the plan is about to take its rows. */
  readonly adopted: boolean;
  /** Each column's heading and the field it syncs (null for the hidden Id): shown on adoption. */
  readonly columns: readonly { heading: string; path: string | null }[];
  /** Plan values that were not written (a formula holds the cell), one line each. */
  readonly warnings: readonly string[];
  /** An outcome has been written into the workbook (not yet saved). */
  readonly written: boolean;
  /** The API given for this sync has answered it: it is recorded with the next outcome. */
  apiAnswered(): void;
  /** Where an action's field shows after the write, for telling the officer where to look. */
  placeOf(id: string, field: string): { row: number | null; column: string | null };
  save(): Promise<void>;
}

export async function openPlanWorkbook(file: string, options: PlanWorkbookOptions): Promise<PlanWorkbook> {
  if (options.council !== undefined && !CouncilId.safeParse(options.council).success)
    throw new CliError(`--council must be lower-case letters, digits or dashes (got "${options.council}")`);
  if (options.plan !== undefined && !Ulid.safeParse(options.plan).success)
    throw new CliError(`--plan must be a plan id, 26 letters and digits (got "${options.plan}")`);
  const opened = await openWorkbookFile(file);
  const own = readOwnSheets(file, opened.pkg, [BASE_SHEET]);
  const saved = readBaseSheet(own.get(BASE_SHEET), file);
  const toRead = sheetsSyncReads(saved?.meta.sheet ?? null, options.sheet);
  const excelOf = async (): Promise<ExcelJS.Workbook> => readWorkbook(file, opened.pkg, own, toRead);
  if (saved) {
    const { meta } = saved;
    if ((options.council ?? meta.council) !== meta.council || (options.plan ?? meta.plan) !== meta.plan) {
      throw new CliError(
        `${file}: this workbook syncs with plan ${meta.plan} of council ${meta.council}: sync it with --council ${meta.council} --plan ${meta.plan}, or export plan ${options.plan} with \`plans export\``,
      );
    }
    if (options.map && Object.keys(options.map).length > 0) {
      throw new CliError(
        `${file} already syncs with plan ${meta.plan}, with the columns mapped when it was adopted: leave out --map`,
      );
    }
    const excelSheet = async (): Promise<ExcelSheet> => {
      const workbook = await excelOf();
      return { workbook, table: syncedTable(workbook, file, meta, options.sheet, readColumnMap(workbook)) };
    };
    const light = options.readApart === false ? null : readApart(opened.pkg, meta, options.sheet);
    const sheet: PlanSheet = light ? { ...light, excelSheet } : await excelSheet();
    return new XlsxPlanWorkbook(file, opened.bytes, sheet, metaOf(sheet.table, meta, meta.api), {
      base: saved.base,
      adopted: false,
      api: options.api ?? null,
    });
  }
  if (options.council === undefined || options.plan === undefined)
    throw new CliError(`${file} has not been synced yet, so it does not say which plan it belongs to`, {
      fix: 'give --council and --plan on its first sync (later syncs need only the file)',
    });
  const workbook = await excelOf();
  const table = chooseTable(workbook, file, options.sheet, options.map ?? {});
  writeColumnMap(workbook, options.map ?? {});
  // Taken before the Id heading goes in: the heading is one of sync's own changes to the sheet.
  const before = tableBefore(table.worksheet, regionOf(table), lastTableRow(table));
  addIdHeading(table);
  const meta = metaOf(table, { council: options.council, plan: options.plan }, null);
  return new XlsxPlanWorkbook(
    file,
    opened.bytes,
    { workbook, table },
    meta,
    { base: emptyBase(), adopted: true, api: options.api ?? null },
    before,
  );
}

/**
 * A later sync's plan sheet read straight from its XML (cli/workbook-plan-grid.ts), when it can be
 * read so exactly as ExcelJS reads it and sync's own sheets hold nothing that needs ExcelJS (an
 * earlier sync's marks to clear); null otherwise, and ExcelJS reads the workbook as before.
 */
function readApart(
  pkg: WorkbookPackage,
  meta: SyncMeta,
  named: string | undefined,
): { table: GridTable; grid: PlanGrid } | null {
  if (named !== undefined && named !== meta.sheet) return null;
  const entry = pkg.sheets().find((s) => s.isWorksheet && s.name === meta.sheet);
  if (!entry) return null;
  try {
    const marks = ownSheetValues(pkg, MARKS_SHEET) ?? [];
    if (marks.some((row) => row.some((value) => value !== undefined))) return null;
    const map = ownSheetValues(pkg, MAP_SHEET) ?? [];
    // ExcelJS decodes _xHHHH_ escapes in the sheet's strings, the reading from the part keeps them.
    if (map.some((row) => row.some((value) => typeof value === 'string' && value.includes('_x'))))
      return null;
    const grid = readPlanGrid(pkg, entry);
    if (!grid) return null;
    const table = gridTableAt(grid, meta.headerRow, meta.firstColumn, columnMapOf(map));
    return hasIdHeading(table) ? { table, grid } : null;
  } catch {
    // Whatever this reading cannot make sense of, ExcelJS's reading says what is wrong.
    return null;
  }
}

/**
 * A first sync looks for the table on every visible sheet; a later one reads only the sheet its
 * base names (or the one --sheet names, when that sheet was renamed) and sync's own sheets.
 */
function sheetsSyncReads(synced: string | null, named: string | undefined): (sheet: string) => boolean {
  if (synced === null) return () => true;
  const wanted = named?.trim().toLowerCase();
  return (sheet) =>
    sheet === synced ||
    ownSheets.has(sheet) ||
    (wanted !== undefined && sheet.trim().toLowerCase() === wanted);
}

function metaOf(table: GridTable, owner: { council: string; plan: string }, api: string | null): SyncMeta {
  return SyncMeta.parse({
    council: owner.council,
    plan: owner.plan,
    sheet: table.grid.name,
    headerRow: table.headerRow,
    firstColumn: table.firstColumn,
    api,
  });
}

/** The plan sheet in ExcelJS's model, which sync's write rules change. */
interface ExcelSheet {
  workbook: ExcelJS.Workbook;
  table: SheetTable;
}

/**
 * The plan sheet as sync holds it: in ExcelJS's model, or (a later sync) read from its XML, with
 * the way to ExcelJS's model should the outcome write into its cells.
 */
type PlanSheet =
  | (ExcelSheet & { grid?: undefined })
  | { table: GridTable; grid: PlanGrid; excelSheet: () => Promise<ExcelSheet> };

interface SyncState {
  base: SyncBase;
  adopted: boolean;
  /** The API given for this sync. */
  api: string | null;
}

class XlsxPlanWorkbook implements PlanWorkbook {
  private rows = new Map<string, number>();
  warnings: string[] = [];
  written = false;
  private answered = false;
  private removed: number[] = [];
  /** The base sheet's rows as the last outcome left them: written straight into its part on save. */
  private baseRows: string[][] | null = null;
  /** The values written into a sheet read from its XML, without ExcelJS (cli/workbook-write.ts). */
  private plain: PlainWrite[] = [];
  private base: SyncBase;
  readonly adopted: boolean;

  constructor(
    readonly file: string,
    private readonly bytes: Buffer,
    private sheet: PlanSheet,
    readonly meta: SyncMeta,
    private readonly state: SyncState,
    private before: TableBefore | null = null,
  ) {
    this.base = state.base;
    this.adopted = state.adopted;
  }

  get columns(): readonly { heading: string; path: string | null }[] {
    return this.sheet.table.layout.columns;
  }

  apiAnswered(): void {
    this.answered = true;
  }

  async read(): Promise<WorkbookRead> {
    const { table } = this.sheet;
    const reading = readTable(table);
    // Read from the XML, the sheet is compared with nothing on save: what changes is what sync wrote.
    this.before ??=
      this.sheet.grid === undefined
        ? tableBefore(this.sheet.table.worksheet, regionOf(table), reading.lastRow)
        : { region: regionOf(table), lastRow: reading.lastRow, looks: new Map(), merges: [], idHidden: true };
    // Handed over as read, not copied: core's sync builds new rows and a new base and never
    // changes what it is given, and copying every row and the whole base cost time on every sync.
    return {
      rows: reading.rows.map((r) => r.row),
      base: this.base,
      layout: sheetLayoutOf(table.layout),
      reading,
    };
  }

  async write({ reading }: WorkbookRead, outcome: SyncOutcome): Promise<void> {
    const { sheet } = this;
    const plain = sheet.grid === undefined ? null : plainWrites(sheet.table, reading, outcome, sheet.grid);
    if (plain && sheet.grid) for (const { row, column, value } of plain) sheet.grid.write(row, column, value);
    this.plain = plain ?? [];
    const result = plain
      ? resultOfPlainWrites(sheet.table, reading, outcome)
      : await this.inExcel(reading).then((excel) =>
          writeOutcome(excel.workbook, excel.table, reading, outcome),
        );
    this.rows = result.rows;
    this.warnings = result.warnings;
    this.removed = result.removed;
    this.base = outcome.base;
    const api = this.answered && this.state.api !== null ? this.state.api : this.meta.api;
    this.baseRows = encodeBaseSheet({ ...this.meta, api }, outcome.base);
    this.written = true;
  }

  /** The plan sheet in ExcelJS's model, read now if it was read from its XML, before any write. */
  private async inExcel(reading: TableReading): Promise<ExcelSheet> {
    const { sheet } = this;
    if (sheet.grid === undefined) return sheet;
    const excel = await sheet.excelSheet();
    const { table } = excel;
    if (table.headerRow !== sheet.table.headerRow || table.firstColumn !== sheet.table.firstColumn)
      throw new Error('the plan table must be where its XML said it was');
    this.before = tableBefore(table.worksheet, regionOf(table), reading.lastRow);
    this.sheet = excel;
    return excel;
  }

  placeOf(id: string, field: string): { row: number | null; column: string | null } {
    const column = columnForField(this.sheet.table, field);
    return { row: this.rows.get(id) ?? null, column: column?.heading ?? null };
  }

  /**
   * Into the workbook's own package, from the bytes as read each time: only the plan sheet's
   * changed cells, its notes, table and the styles they need, and sync's own hidden sheets change.
   */
  save(): Promise<void> {
    const pkg = new WorkbookPackage(this.bytes);
    const { table } = this.sheet;
    const entry = pkg.sheets().find((s) => s.isWorksheet && s.name === table.grid.name);
    const { before } = this;
    if (!entry || !before) throw new Error('the plan sheet must be read before the workbook is saved');
    const styles = stylesOf(pkg);
    const worksheet = this.sheet.grid === undefined ? this.sheet.table.worksheet : null;
    writePlanSheet(
      pkg,
      {
        entry,
        worksheet,
        plain: this.plain,
        before,
        removedRows: this.removed,
        lastRow: lastTableRow(table),
      },
      styles,
    );
    writeStyles(pkg, styles);
    // The base (every row of the plan) goes straight from its rows to XML, never through ExcelJS's cells.
    if (this.baseRows) writeOwnSheet(pkg, BASE_SHEET, this.baseRows);
    // Read from their parts, sync's other sheets were left as they were (cli/workbook-plan-grid.ts).
    if (this.sheet.grid === undefined) {
      for (const name of [MARKS_SHEET, MAP_SHEET]) {
        const sheet = this.sheet.workbook.getWorksheet(name);
        if (sheet) writeOwnSheet(pkg, name, sheetRows(sheet));
      }
    }
    return saveWorkbook(pkg.toBuffer(), this.file);
  }
}

function regionOf(table: GridTable) {
  return {
    headerRow: table.headerRow,
    firstColumn: table.firstColumn,
    lastColumn: sheetColumnOf(table, tableWidth(table.layout) - 1),
    idColumn: sheetColumnOf(table, table.layout.idColumn),
  };
}

function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row, rowNumber) => {
    const values: unknown[] = [];
    row.eachCell((cell, column) => {
      values[column - 1] = cell.value;
    });
    rows[rowNumber - 1] = Array.from(values);
  });
  return Array.from(rows, (row) => row ?? []);
}

const ownSheets = new Set([BASE_SHEET, MARKS_SHEET, MAP_SHEET]);
const sheetList = (workbook: ExcelJS.Workbook) =>
  workbook.worksheets
    .filter((ws) => !ownSheets.has(ws.name))
    .map((ws) => `"${ws.name}"`)
    .join(', ');

function namedSheet(workbook: ExcelJS.Workbook, file: string, name: string): ExcelJS.Worksheet {
  const wanted = name.trim().toLowerCase();
  const sheet =
    workbook.getWorksheet(name) ?? workbook.worksheets.find((ws) => ws.name.trim().toLowerCase() === wanted);
  if (!sheet || ownSheets.has(sheet.name)) {
    throw new CliError(`sheet "${name}" not found in ${file}: it has ${sheetList(workbook)}`);
  }
  return sheet;
}

/** On a first sync: the named sheet, else the first visible one with a plan table on it. */
function chooseTable(
  workbook: ExcelJS.Workbook,
  file: string,
  name: string | undefined,
  map: ColumnMap,
): SheetTable {
  if (name !== undefined) {
    const sheet = namedSheet(workbook, file, name);
    const table = findTable(sheet, map);
    if (!table) throw noHeaderError(file, sheet.name);
    return table;
  }
  for (const sheet of workbook.worksheets) {
    if (sheet.state === 'hidden' || sheet.state === 'veryHidden' || ownSheets.has(sheet.name)) continue;
    const table = findTable(sheet, map);
    if (table) return table;
  }
  throw new CliError(
    `${file} has no sheet with a plan table (it has ${sheetList(workbook)}): ${NO_HEADER_EXPECTATION}; pass --sheet to choose one`,
  );
}

/**
 * On later syncs the table is where the base says; if rows were inserted above it since, its
 * headings (with their Id column) are looked for again rather than misreading the rows.
 */
function syncedTable(
  workbook: ExcelJS.Workbook,
  file: string,
  meta: SyncMeta,
  name: string | undefined,
  map: ColumnMap,
): SheetTable {
  const own = workbook.getWorksheet(meta.sheet);
  if (own && name !== undefined && own.name !== namedSheet(workbook, file, name).name) {
    throw new CliError(`${file} syncs sheet "${meta.sheet}", not "${name}": leave out --sheet`);
  }
  if (!own && name === undefined) {
    throw new CliError(
      `the sheet "${meta.sheet}" that ${file} syncs is not in it (it has ${sheetList(workbook)}): rename it back, or pass --sheet with its new name`,
    );
  }
  const sheet = own ?? namedSheet(workbook, file, name as string);
  const table = tableAt(sheet, meta.headerRow, meta.firstColumn, map);
  if (hasIdHeading(table)) return table;
  const found = findTable(sheet, map);
  if (found && hasIdHeading(found)) return found;
  throw new CliError(
    `sheet "${sheet.name}" in ${file} has lost its hidden Id column (or its headings): undo the change in Excel, or export the plan afresh with \`plans export\``,
  );
}

function hasIdHeading(table: GridTable | SheetTable): boolean {
  const column = sheetColumnOf(table, table.layout.idColumn);
  // In ExcelJS a covered heading gives its merge's value; read from the XML it is blank.
  const value =
    'worksheet' in table
      ? table.worksheet.getCell(table.headerRow, column).value
      : table.grid.valueAt(table.headerRow, column);
  return roleOfHeading(readCell(value).text) === 'id';
}

/** A first sync gives the table an Id column, hidden: officers need not see it, sync must. */
function addIdHeading(table: SheetTable): void {
  if (hasIdHeading(table)) return;
  const { worksheet, headerRow, layout } = table;
  const column = sheetColumnOf(table, layout.idColumn);
  const cell = worksheet.getCell(headerRow, column);
  freeCell(worksheet, cell);
  if (column > 1) cell.style = lookOf(worksheet.getCell(headerRow, column - 1));
  cell.value = 'Id';
  worksheet.getColumn(column).hidden = true;
}
