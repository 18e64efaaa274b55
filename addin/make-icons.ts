/**
 * `npm run addin:icons`: draws the ribbon and store icons (16, 32, 64, 80 and 128 px PNGs) into
 * addin/assets/, with no image library: a plan grid on Office blue, anti-aliased by supersampling,
 * encoded with node:zlib.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

type Rgba = readonly [number, number, number, number];
const BLUE: Rgba = [15, 108, 189, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const HEADER: Rgba = [156, 195, 230, 255];
const GREEN: Rgba = [16, 124, 16, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** The colour at a point of the unit square. */
function paint(x: number, y: number): Rgba {
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return CLEAR;
  // A tick in the lower right: the plan is in sync.
  const tick =
    (distanceToSegment(x, y, 0.56, 0.72, 0.66, 0.82) < 0.05 ||
      distanceToSegment(x, y, 0.66, 0.82, 0.86, 0.58) < 0.05) &&
    x > 0.5;
  if (tick) return GREEN;
  const inSheet = x > 0.16 && x < 0.84 && y > 0.18 && y < 0.82;
  if (!inSheet) return BLUE;
  if (y < 0.34) return HEADER;
  const line = 0.025;
  if (Math.abs(y - 0.5) < line || Math.abs(y - 0.66) < line || Math.abs(x - 0.42) < line) return BLUE;
  return WHITE;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

export function drawIcon(size: number, samples = 4): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = paint((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          const alpha = colour[3] / 255;
          sum[0] = (sum[0] as number) + colour[0] * alpha;
          sum[1] = (sum[1] as number) + colour[1] * alpha;
          sum[2] = (sum[2] as number) + colour[2] * alpha;
          sum[3] = (sum[3] as number) + alpha;
        }
      }
      const coverage = (sum[3] as number) / (samples * samples);
      const at = (y * size + x) * 4;
      const weight = (sum[3] as number) || 1;
      pixels[at] = Math.round((sum[0] as number) / weight);
      pixels[at + 1] = Math.round((sum[1] as number) / weight);
      pixels[at + 2] = Math.round((sum[2] as number) / weight);
      pixels[at + 3] = Math.round(coverage * 255);
    }
  }
  return encodePng(size, size, pixels);
}

/** RGBA pixels as a PNG: signature, IHDR, one IDAT (filter 0 on each row), IEND. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = join(dirname(fileURLToPath(import.meta.url)), 'assets');
  mkdirSync(folder, { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(folder, `icon-${size}.png`), drawIcon(size));
  process.stdout.write(`Wrote ${ICON_SIZES.map((s) => `icon-${s}.png`).join(', ')} to ${folder}\n`);
}
