import { describe, expect, it } from 'vitest';
import { packPart, readZip, unpack, writeZip } from '../../cli/workbook-zip.js';
import { zip } from '../support/zip.js';

describe('workbook zip', () => {
  it('when a package is written back with one part replaced, then every other part keeps its compressed bytes and CRC', () => {
    const original = readZip(
      zip({ 'a.xml': '<a/>'.repeat(100), 'b.bin': Buffer.from([1, 2, 3]), 'c.xml': '<c/>' }),
    );
    const written = readZip(
      writeZip(original.map((part) => (part.name === 'c.xml' ? packPart('c.xml', '<c>changed</c>') : part))),
    );
    expect(written.map((p) => p.name)).toEqual(['a.xml', 'b.bin', 'c.xml']);
    for (const name of ['a.xml', 'b.bin']) {
      const before = original.find((p) => p.name === name);
      const after = written.find((p) => p.name === name);
      expect(after?.packed.equals(before?.packed as Buffer)).toBe(true);
      expect(after?.crc).toBe(before?.crc);
    }
    expect(unpack(written[2] as (typeof written)[number]).toString()).toBe('<c>changed</c>');
  });
});
