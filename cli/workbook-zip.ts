/**
 * The zip container of a workbook, read and written without touching the parts sync does not own:
 * an unchanged part is copied as the compressed bytes it came in (same CRC, same method), so a
 * sensitivity label, a chart or a macro project leaves the file exactly as it arrived.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipPart {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly unpacked: number;
  /** The compressed bytes as stored. */
  readonly packed: Buffer;
  readonly time: number;
  readonly date: number;
}

export class ZipError extends Error {}

/** Parts in the order the central directory lists them. */
export function readZip(buffer: Buffer): ZipPart[] {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > buffer.length) throw new ZipError('it is not a zip file');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const parts: ZipPart[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== 0x02014b50)
      throw new ZipError('its zip directory is damaged');
    const nameLength = buffer.readUInt16LE(at + 28);
    const local = buffer.readUInt32LE(at + 42);
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== 0x04034b50)
      throw new ZipError('its zip directory is damaged');
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const packedSize = buffer.readUInt32LE(at + 20);
    if (start + packedSize > buffer.length) throw new ZipError('a part is cut short');
    parts.push({
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
      method: buffer.readUInt16LE(at + 10),
      time: buffer.readUInt16LE(at + 12),
      date: buffer.readUInt16LE(at + 14),
      crc: buffer.readUInt32LE(at + 16),
      unpacked: buffer.readUInt32LE(at + 24),
      packed: buffer.subarray(start, start + packedSize),
    });
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
  }
  return parts;
}

export function unpack(part: ZipPart): Buffer {
  if (part.method === 0) return part.packed;
  if (part.method === 8) return inflateRawSync(part.packed);
  throw new ZipError(`part ${part.name} is compressed in a way Excel does not use (method ${part.method})`);
}

/** A part made afresh: deflated (stored as is at level 0), stamped with the time it was written. */
export function packPart(name: string, data: Buffer | string, level = 6): ZipPart {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const now = new Date();
  return {
    name,
    method: level === 0 ? 0 : 8,
    crc: crc32(bytes),
    unpacked: bytes.length,
    packed: level === 0 ? bytes : deflateRawSync(bytes, { level }),
    time: (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1),
    date: ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate(),
  };
}

export function writeZip(parts: readonly ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8; sizes are in this header, not after the data
    local.writeUInt16LE(part.method, 8);
    local.writeUInt16LE(part.time, 10);
    local.writeUInt16LE(part.date, 12);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.packed.length, 18);
    local.writeUInt32LE(part.unpacked, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(part.method, 10);
    header.writeUInt16LE(part.time, 12);
    header.writeUInt16LE(part.date, 14);
    header.writeUInt32LE(part.crc, 16);
    header.writeUInt32LE(part.packed.length, 20);
    header.writeUInt32LE(part.unpacked, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    chunks.push(local, name, part.packed);
    central.push(header, name);
    offset += 30 + name.length + part.packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}
