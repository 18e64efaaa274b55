import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnNumber, parseAddress, unescapeXml } from '../../cli/workbook-xml.js';

/** The decoding as it was: the named entities in plain passes, then `&amp;` and numeric ones. */
function inPasses(text: string): string {
  if (!text.includes('&')) return text;
  const named = text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'");
  return named.replace(/&(amp|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
    if (entity === 'amp') return '&';
    const code = entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return String.fromCodePoint(code);
  });
}

const piece = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom(
    '&',
    ';',
    '#',
    'x',
    'X',
    'amp',
    'lt',
    'gt',
    'quot',
    'apos',
    'LT',
    'constructor',
    '__proto__',
  ),
  fc.constantFrom(
    '&amp;',
    '&lt;',
    '&gt;',
    '&quot;',
    '&apos;',
    '&#38;',
    '&#x26;',
    '&#x1F600;',
    '&#0065;',
    '&#X41;',
    '&#;',
  ),
  fc.integer({ min: 0, max: 0x10ffff }).map((code) => `&#${code};`),
  fc.integer({ min: 0, max: 0x10ffff }).map((code) => `&#x${code.toString(16)};`),
);

describe('unescapeXml', () => {
  it('when XML text holds entities, stray ampersands or near misses, then it decodes as the passes did', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(unescapeXml(text)).toBe(inPasses(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('when an ampersand starts an entity decoded from another, then it is not decoded again', () => {
    expect(unescapeXml('&amp;lt; &#38;quot; &&lt;')).toBe('&lt; &quot; &<');
  });
});

describe('parseAddress', () => {
  /** The reading by pattern it replaced. */
  const byPattern = (ref: string) => {
    const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
    return match ? { column: columnNumber(match[1] as string), row: Number(match[2]) } : null;
  };

  it('when a reference is read a character at a time, then it reads as the pattern did', () => {
    const piece = fc.constantFrom(
      '$',
      'A',
      'b',
      'Z',
      'z',
      'Q',
      '0',
      '1',
      '9',
      '7',
      '@',
      '[',
      '`',
      '{',
      ' ',
      'é',
      'B7',
      'XFD',
      '1048576',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 7 }), (pieces) => {
        const ref = pieces.join('');
        expect(parseAddress(ref)).toEqual(byPattern(ref));
      }),
      { numRuns: 3000 },
    );
    for (const ref of ['A1', '$B$7', 'xfd1048576', 'AAAA1', 'A', '1', '$', 'A$', 'A1$', '$$A1'])
      expect(parseAddress(ref)).toEqual(byPattern(ref));
  });
});
