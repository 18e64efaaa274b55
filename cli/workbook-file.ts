/**
 * The workbook file on disk for sync: refuse one that is open elsewhere, load it with a message an
 * officer can act on, and save it so that a crash or a full disk never leaves half a workbook.
 */
import { constants } from 'node:fs';
import { access, chmod, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type ExcelJS from 'exceljs';
import { CliError } from './run.js';
import { guardWorkbook } from './workbook-guard.js';
import { loadReaderCopy } from './workbook-load.js';
import { WorkbookPackage } from './workbook-package.js';
import { readerCopy } from './workbook-reader-copy.js';
import { ownSheetValues } from './workbook-sheet-values.js';

/** A workbook file sync may write, its bytes as read and the package of its parts. */
export interface WorkbookFile {
  /** The file's bytes as read: every save starts again from them. */
  bytes: Buffer;
  pkg: WorkbookPackage;
}

/**
 * The file checked (there, a workbook, not open elsewhere, writable, not hostile) and its package
 * read, with a message an officer can act on when any of that fails.
 */
export async function openWorkbookFile(file: string): Promise<WorkbookFile> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new CliError(`${file} not found: check the path and the file name`);
  if (!info.isFile()) throw new CliError(`${file} is not a file: give the path of an .xlsx workbook`);
  await refuseOldWorkbook(file);
  await refuseIfOpenElsewhere(file);
  // Checked before anything is sent: a sync whose result cannot be saved would leave the plan ahead of the file.
  await access(file, constants.W_OK).catch(() => {
    throw new CliError(`${file} is read-only: make it writable (or sync a copy) and sync again`);
  });
  await guardWorkbook(file);
  const bytes = await readFile(file);
  try {
    return { bytes, pkg: new WorkbookPackage(bytes) };
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** Sync's own very hidden sheets' values, read from their parts; a sheet the workbook lacks is left out. */
export function readOwnSheets(
  file: string,
  pkg: WorkbookPackage,
  names: readonly string[],
): Map<string, unknown[][]> {
  const own = new Map<string, unknown[][]>();
  try {
    for (const name of names) {
      const values = ownSheetValues(pkg, name);
      if (values) own.set(name, values);
    }
  } catch (error) {
    throw unreadable(file, error);
  }
  return own;
}

/**
 * ExcelJS's model of the workbook. `read`: the sheets whose cells sync looks at; the `own` sheets
 * (already read from their parts) and the rest reach ExcelJS empty, with their names and states
 * (which sync does use); their parts are carried over as they are on save.
 */
export async function readWorkbook(
  file: string,
  pkg: WorkbookPackage,
  own: ReadonlyMap<string, unknown[][]>,
  read: (sheet: string) => boolean,
): Promise<ExcelJS.Workbook> {
  // Loaded here, not with the module: a later sync that keeps to the sheet's XML never needs it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // Only the parts sync reads are parsed: one ExcelJS cannot parse (a form control's caption) is
    // never its business, and is written back as it came.
    const unread = pkg.sheets().filter((s) => s.isWorksheet && !own.has(s.name) && !read(s.name));
    await loadReaderCopy(workbook, readerCopy(pkg, [...own.keys(), ...unread.map((s) => s.name)], true));
  } catch (error) {
    throw unreadable(file, error);
  }
  return workbook;
}

const unreadable = (file: string, error: unknown) =>
  new CliError(
    `${file} is not a readable Excel workbook (.xlsx): ${firstLine(error)}; open it in Excel and save it as .xlsx`,
  );

/**
 * An Excel 97-2003 workbook is one binary file, not a package of parts: sync could only rewrite it
 * whole, losing what it does not know. It is refused before anything is sent.
 */
async function refuseOldWorkbook(file: string): Promise<void> {
  const handle = await open(file, 'r');
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  const isBinary = head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  if (isBinary || extname(file).toLowerCase() === '.xls') {
    throw new CliError(
      `${file} is an Excel 97-2003 workbook (.xls), which sync cannot write without losing parts of it`,
      { fix: 'open it in Excel, save it as .xlsx (Excel Workbook) and sync that' },
    );
  }
}

/**
 * Excel keeps an owner file beside a workbook it has open (`~$Plan.xlsx`; for longer names it
 * replaces the first two letters: `~$an 2019.xlsx`), LibreOffice `.~lock.Plan.xlsx#`. Writing under
 * an open workbook would be lost when the officer next saves there, so sync waits for it to close.
 */
export async function refuseIfOpenElsewhere(file: string): Promise<void> {
  const name = basename(file);
  const candidates = new Set([`~$${name}`, `~$${name.slice(2)}`, `.~lock.${name}#`]);
  const siblings = await readdir(dirname(file)).catch(() => [] as string[]);
  const lock = siblings.find((sibling) => candidates.has(sibling));
  if (lock) {
    throw new CliError(`${file} is open in Excel (lock file ${lock}): close it and sync again`);
  }
}

/** Written beside the original and renamed over it: on one filesystem the swap is all or nothing. */
export async function saveWorkbook(bytes: Buffer, file: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeDurably(temporary, bytes);
    const { mode } = await stat(file);
    await chmod(temporary, mode);
    await refuseIfOpenElsewhere(file);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new CliError(`${file} could not be replaced (${code}): close it in Excel and sync again`);
    }
    throw new CliError(`${file} could not be saved: ${firstLine(error)}; it was left as it was`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() || 'unknown error';
}

async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  await writeFile(path, bytes);
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
