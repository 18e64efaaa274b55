/**
 * Looks inside an .xlsx before ExcelJS loads it whole into memory: a zip bomb, or a sheet of a
 * million rows or sixteen thousand columns, is refused in one line, in bounded time and memory,
 * from the zip's directory and each sheet's declared size alone.
 */
import { open, stat } from 'node:fs/promises';
import { constants, inflateRawSync } from 'node:zlib';
import { CliError } from './run.js';

/** Far beyond any council's plan, well within what a laptop reads in seconds. */
export const LIMITS = {
  fileBytes: 50 * 1024 * 1024,
  unpackedBytes: 300 * 1024 * 1024,
  /** A part that unpacks to more than this many times its packed size is a bomb, not a plan. */
  ratio: 200,
  rows: 100_000,
  columns: 1_000,
  bigSheetBytes: 5 * 1024 * 1024,
  /** A sheet that does not say its size is refused only when it is this big. */
  hugeSheetBytes: 60 * 1024 * 1024,
} as const;

interface ZipEntry {
  name: string;
  method: number;
  packed: number;
  unpacked: number;
  localHeader: number;
}

export async function guardWorkbook(file: string): Promise<void> {
  const info = await stat(file);
  if (info.size > LIMITS.fileBytes) {
    throw new CliError(
      `${file} is ${megabytes(info.size)} MB; a plan workbook should be far smaller (limit ${megabytes(LIMITS.fileBytes)} MB)`,
    );
  }
  const handle = await open(file, 'r');
  try {
    const entries = await readDirectory(handle, info.size, file);
    const unpacked = entries.reduce((sum, e) => sum + e.unpacked, 0);
    const bomb = entries.find((e) => e.unpacked > 10 * 1024 * 1024 && e.unpacked > e.packed * LIMITS.ratio);
    if (unpacked > LIMITS.unpackedBytes || bomb) {
      throw new CliError(
        `${file} unpacks to ${megabytes(unpacked)} MB, far more than any plan: it was not read (a damaged or hostile file?)`,
      );
    }
    for (const entry of entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name))) {
      // A declared size alone can mislead (formatting far down a sheet): only a big part is refused.
      if (entry.unpacked < LIMITS.bigSheetBytes) continue;
      const size = await declaredSize(handle, entry);
      if (!size && entry.unpacked > LIMITS.hugeSheetBytes) {
        throw new CliError(
          `${file} has a sheet of ${megabytes(entry.unpacked)} MB, far more than any plan: it was not read`,
        );
      }
      if (size && (size.rows > LIMITS.rows || size.columns > LIMITS.columns)) {
        throw new CliError(
          `${file} has a sheet of ${size.rows.toLocaleString('en-GB')} rows by ${size.columns.toLocaleString('en-GB')} columns; plans are read up to ${LIMITS.rows.toLocaleString('en-GB')} rows and ${LIMITS.columns} columns: delete the empty rows and columns, or copy the plan to a new sheet`,
        );
      }
    }
  } finally {
    await handle.close();
  }
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

type Handle = Awaited<ReturnType<typeof open>>;

async function readAt(handle: Handle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The zip's central directory, found from its end record (the last 64 KB of the file). */
async function readDirectory(handle: Handle, size: number, file: string): Promise<ZipEntry[]> {
  const tailLength = Math.min(size, 65_557);
  const tail = await readAt(handle, size - tailLength, tailLength);
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0)
    throw new CliError(`${file} is not an Excel workbook (.xlsx) or CSV file: it is not a zip file`);
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (directoryOffset + directorySize > size || count > 10_000) {
    throw new CliError(`${file} is not an Excel workbook (.xlsx) or CSV file: its zip directory is damaged`);
  }
  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count && at + 46 <= directory.length; i++) {
    if (directory.readUInt32LE(at) !== 0x02014b50) break;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    entries.push({
      method: directory.readUInt16LE(at + 10),
      packed: directory.readUInt32LE(at + 20),
      unpacked: directory.readUInt32LE(at + 24),
      localHeader: directory.readUInt32LE(at + 42),
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The `<dimension ref="A1:E12"/>` Excel writes near the top of each sheet, from its first 64 KB. */
async function declaredSize(
  handle: Handle,
  entry: ZipEntry,
): Promise<{ rows: number; columns: number } | null> {
  const header = await readAt(handle, entry.localHeader, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) return null;
  const dataStart = entry.localHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const packed = await readAt(handle, dataStart, Math.min(entry.packed, 65_536));
  let head: string;
  try {
    head = (
      entry.method === 0 ? packed : inflateRawSync(packed, { finishFlush: constants.Z_SYNC_FLUSH })
    ).toString('utf8', 0, 65_536);
  } catch {
    return null;
  }
  const match = /<dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/.exec(head);
  if (!match) return null;
  const lastColumn = match[3] ?? (match[1] as string);
  return { rows: Number(match[4] ?? match[2]), columns: columnNumber(lastColumn) };
}

function columnNumber(letters: string): number {
  return [...letters].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
}
