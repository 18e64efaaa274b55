import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../core/text-encoding.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

describe('decodeCsvBytes', () => {
  it('when the bytes are valid UTF-8, then they are read as UTF-8', () => {
    expect(decodeCsvBytes(new TextEncoder().encode('Budget £5k – “draft”'))).toBe('Budget £5k – “draft”');
  });

  it('when the bytes are Windows-1252 (Excel "CSV (Comma delimited)" on UK Windows), then £, – and curly quotes read as themselves', () => {
    // £ 0xA3, – 0x96, “ 0x93, ” 0x94, ’ 0x92, é 0xE9: none is valid UTF-8 on its own.
    const text = decodeCsvBytes(
      bytes(
        ...ascii('Budget '),
        0xa3,
        ...ascii('5k '),
        0x96,
        0x20,
        0x93,
        ...ascii('draft'),
        0x94,
        0x20,
        0x92,
        0xe9,
      ),
    );
    expect(text).toBe('Budget £5k – “draft” ’é');
    expect(text).not.toContain('\uFFFD');
  });

  it('when the file starts with a UTF-8 byte-order mark, then it is UTF-8 and the mark is dropped', () => {
    expect(decodeCsvBytes(bytes(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Theme,£')))).toBe('Theme,£');
  });

  it('when the file starts with a UTF-16 byte-order mark (Excel "Unicode Text"), then it is read as UTF-16', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Theme,£', 'utf16le')]);
    expect(decodeCsvBytes(le)).toBe('Theme,£');
  });

  it('when the file is plain ASCII, then it reads the same either way', () => {
    expect(decodeCsvBytes(bytes(...ascii('a,b\r\n')))).toBe('a,b\r\n');
  });
});
