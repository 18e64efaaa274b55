/**
 * The CLI's side of the grid port: a plan file on disk as the cells of one sheet, the same shape
 * the Excel add-in reads through Office.js, so core/grid.ts sees both alike.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { parseCsv } from '../core/csv.js';
import type { Cell } from '../core/grid.js';
import { readCell } from '../core/grid-cell.js';
import { findHeaderRow } from '../core/grid-header.js';
import type { WorkbookSheet } from '../core/grid-workbook.js';
import { decodeCsvBytes } from '../core/text-encoding.js';
import { CliError } from './run.js';
import { guardWorkbook } from './workbook-guard.js';
import { WorkbookPackage } from './workbook-package.js';
import { readerCopy } from './workbook-reader-copy.js';

export interface SheetCells {
  sheet: string;
  sheets: string[];
  cells: Cell[][];
}

const EXPECTED = 'expected an .xlsx workbook or a .csv file';

export async function readSheetCells(file: string, sheet?: string): Promise<SheetCells> {
  await mustBeAFile(file);
  const kind = await kindOf(file);
  if (kind === 'csv') return readCsv(file, sheet);
  if (kind === 'xlsx') {
    await guardWorkbook(file);
    return readWorkbook(file, sheet);
  }
  throw notASpreadsheet(
    file,
    kind === 'xls' ? 'it is an old-style .xls workbook; save it as .xlsx in Excel' : EXPECTED,
  );
}

/**
 * The council summary the add-in writes (addin/summary-rows.ts): its overdue list has a plan's
 * headings but repeats the plan's own actions, so reading every sheet leaves it out unless named.
 */
const ADDIN_SUMMARY_SHEET = 'Summary';

/**
 * Every sheet of a plan file, for reading the whole workbook: values, display formats (a date
 * shown as "Jun-04" means June) and merged ranges (a row merged across heads the rows below).
 * Hidden sheets are left out unless named; named sheets must exist.
 */
export async function readWorkbookCells(
  file: string,
  named: readonly string[] = [],
): Promise<WorkbookSheet[]> {
  await mustBeAFile(file);
  const kind = await kindOf(file);
  if (kind === 'csv') {
    const { sheet, cells } = await readCsv(file, named.length === 1 ? named[0] : undefined);
    if (named.length > 1)
      await readCsv(
        file,
        named.find((name) => name !== sheet),
      );
    return [{ name: sheet, cells }];
  }
  if (kind !== 'xlsx') {
    throw notASpreadsheet(
      file,
      kind === 'xls' ? 'it is an old-style .xls workbook; save it as .xlsx in Excel' : EXPECTED,
    );
  }
  await guardWorkbook(file);
  const workbook = await openWorkbook(file);
  const worksheets = workbook.worksheets;
  if (worksheets.length === 0) throw notASpreadsheet(file, 'it has no worksheets');
  const chosen =
    named.length === 0
      ? worksheets.filter(
          (ws) => (ws.state === 'visible' || ws.state === undefined) && ws.name !== ADDIN_SUMMARY_SHEET,
        )
      : named.map((name) => {
          const found = findNamed(worksheets, name);
          if (!found) {
            throw new CliError(
              `sheet "${name}" not found in ${file}: it has ${worksheets.map((ws) => `"${ws.name}"`).join(', ')}`,
            );
          }
          return found.worksheet;
        });
  return chosen.map((worksheet) => ({
    name: worksheet.name,
    cells: cellsOf(worksheet),
    formats: formatsOf(worksheet),
    merges: [...((worksheet.model as { merges?: string[] }).merges ?? [])],
  }));
}

/** Each cell's number format, where it has one: it says how a date is shown. */
function formatsOf(worksheet: ExcelJS.Worksheet): (string | null)[][] {
  const formats: (string | null)[][] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: (string | null)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      values[column - 1] = typeof cell.numFmt === 'string' ? cell.numFmt : null;
    });
    formats[rowNumber - 1] = Array.from(values, (value) => value ?? null);
  });
  return Array.from(formats, (row) => row ?? []);
}

async function openWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    // Only the parts a reading needs reach ExcelJS: a chart or form control it cannot parse never stops it.
    const copy = readerCopy(new WorkbookPackage(await readFile(file)));
    await workbook.xlsx.load(copy.zip as unknown as ExcelJS.Buffer);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw notASpreadsheet(file, `it could not be opened as a workbook (${why})`);
  }
  return workbook;
}

async function mustBeAFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new CliError(`${file} not found: ${EXPECTED}`);
  if (!info.isFile()) throw new CliError(`${file} is not a file: ${EXPECTED}`);
}

type FileKind = 'xlsx' | 'csv' | 'xls' | 'other';

/** By extension first; a file without a known one is a workbook if it is a zip (xlsx files are). */
async function kindOf(file: string): Promise<FileKind> {
  const extension = extname(file).toLowerCase();
  if (extension === '.xlsx' || extension === '.xlsm') return 'xlsx';
  if (extension === '.csv') return 'csv';
  if (extension === '.xls') return 'xls';
  return (await startsLikeZip(file)) ? 'xlsx' : 'other';
}

async function startsLikeZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.readUInt32LE(0) === 0x04034b50; // "PK\x03\x04"
  } finally {
    await handle.close();
  }
}

function notASpreadsheet(file: string, why: string): CliError {
  return new CliError(`${file} is not an Excel workbook (.xlsx) or CSV file: ${why}`);
}

async function readCsv(file: string, sheet: string | undefined): Promise<SheetCells> {
  const name = basename(file, extname(file));
  if (sheet !== undefined && sheet !== name) {
    throw new CliError(`sheet "${sheet}" not found in ${file}: a CSV file has one sheet, "${name}"`);
  }
  const cells: Cell[][] = parseCsv(decodeCsvBytes(await readFile(file)));
  if (!hasAnyValue(cells)) throw emptySheet(file, name);
  return { sheet: name, sheets: [name], cells };
}

async function readWorkbook(file: string, sheet: string | undefined): Promise<SheetCells> {
  const workbook = await openWorkbook(file);
  const worksheets = workbook.worksheets;
  const sheets = worksheets.map((ws) => ws.name);
  if (worksheets.length === 0) throw notASpreadsheet(file, 'it has no worksheets');

  const chosen = sheet === undefined ? chooseSheet(worksheets) : findNamed(worksheets, sheet);
  if (!chosen) {
    throw new CliError(
      `sheet "${sheet}" not found in ${file}: it has ${sheets.map((s) => `"${s}"`).join(', ')}`,
    );
  }
  const cells = chosen.cells ?? cellsOf(chosen.worksheet);
  if (!hasAnyValue(cells)) throw emptySheet(file, chosen.worksheet.name);
  return { sheet: chosen.worksheet.name, sheets, cells };
}

interface Chosen {
  worksheet: ExcelJS.Worksheet;
  cells?: Cell[][];
}

function findNamed(worksheets: ExcelJS.Worksheet[], name: string): Chosen | null {
  const exact = worksheets.find((ws) => ws.name === name);
  const worksheet =
    exact ?? worksheets.find((ws) => ws.name.trim().toLowerCase() === name.trim().toLowerCase());
  return worksheet ? { worksheet } : null;
}

/** The first visible sheet that holds a plan; workbooks often open with a cover or notes sheet. */
function chooseSheet(worksheets: ExcelJS.Worksheet[]): Chosen | null {
  const visible = worksheets.filter((ws) => ws.state === 'visible' || ws.state === undefined);
  for (const worksheet of visible) {
    const cells = cellsOf(worksheet);
    if (findHeaderRow(cells.map((row) => row.map((cell) => readCell(cell).text))) !== null) {
      return { worksheet, cells };
    }
  }
  const fallback = visible[0] ?? worksheets[0];
  return fallback ? { worksheet: fallback } : null;
}

/**
 * Row i of the result is sheet row i + 1, so warnings name the rows the officer sees. Only the
 * top-left cell of a merged range holds its value, as in Office.js; the reader carries it down.
 */
function cellsOf(worksheet: ExcelJS.Worksheet): Cell[][] {
  const cells: Cell[][] = [];
  // eachRow skips rows that were never written, which a formatted sheet can have a million of.
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const isCovered = cell.isMerged && cell.master.address !== cell.address;
      values[column - 1] = isCovered ? null : cell.value;
    });
    cells[rowNumber - 1] = Array.from(values, (value) => value ?? null);
  });
  return Array.from(cells, (row) => row ?? []);
}

function hasAnyValue(cells: Cell[][]): boolean {
  return cells.some((row) =>
    row.some((value) => {
      const cell = readCell(value);
      return cell.text !== '' || cell.problem !== null;
    }),
  );
}

function emptySheet(file: string, sheet: string): CliError {
  return new CliError(
    `sheet "${sheet}" in ${file} is empty: expected a table with a header row such as "Theme | Proposed action | Timescale"`,
  );
}
