import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, columnLetter, readCell, serialToIsoDate } from '../../core/grid-cell.js';
import { readStatus } from '../../core/grid-status.js';
import { withoutControlCharacters } from '../../core/plan.js';

describe('readCell', () => {
  it('when a number is whole, then it reads without ".0"', () => {
    expect(readCell(3)).toMatchObject({ text: '3', number: 3 });
    expect(readCell(3.5).text).toBe('3.5');
  });

  it('when a cell holds a date, then it reads as an ISO date', () => {
    expect(readCell(new Date(Date.UTC(2021, 2, 31)))).toMatchObject({
      text: '2021-03-31',
      date: '2021-03-31',
    });
  });

  it('when text has padding, CRLF line breaks or non-breaking spaces, then it reads clean', () => {
    expect(readCell('  Dec 21 \r\n\u00a0Feb 22  ').text).toBe('Dec 21\n Feb 22');
  });

  it('when a cell is rich text, a hyperlink or a formula, then its shown text is read', () => {
    expect(readCell({ richText: [{ text: 'Policy ' }, { text: 'and Governance' }] }).text).toBe(
      'Policy and Governance',
    );
    expect(readCell({ text: 'Digital Strategy', hyperlink: 'https://example.org' }).text).toBe(
      'Digital Strategy',
    );
    expect(readCell({ formula: 'A1&"x"', result: 'Commercial Services' }).text).toBe('Commercial Services');
    expect(readCell({ formula: 'DATE(2022,3,31)', result: new Date(Date.UTC(2022, 2, 31)) }).date).toBe(
      '2022-03-31',
    );
  });

  it('when a cell shows an error, then it reads blank with the reason', () => {
    expect(readCell({ error: '#REF!' })).toMatchObject({
      text: '',
      problem: 'the cell shows the error #REF!',
    });
    expect(readCell('#N/A')).toMatchObject({ text: '', problem: 'the cell shows the error #N/A' });
    expect(readCell({ formula: 'A1/0', result: { error: '#DIV/0!' } }).problem).toContain('#DIV/0!');
  });

  it('when a date cannot be shown, then it reads blank with the reason', () => {
    expect(readCell(new Date(Number.NaN))).toMatchObject({ text: '', problem: expect.any(String) });
  });

  it('when a cell is blank, then it reads as empty text', () => {
    expect(readCell(null).text).toBe('');
    expect(readCell(undefined).text).toBe('');
  });
});

describe('Excel serial dates and column letters', () => {
  it('when Excel stores 31 March 2023, then serial 45016 reads as 2023-03-31', () => {
    expect(serialToIsoDate(45016)).toBe('2023-03-31');
    expect(serialToIsoDate(44926.75)).toBe('2022-12-31');
  });

  it('when columns are counted from 0, then letters run A..Z, AA', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('readStatus', () => {
  it.each([
    ['Green', 'On track'],
    ['G', 'On track'],
    ['Amber', 'At risk'],
    ['A', 'At risk'],
    ['Red', 'Off track'],
    ['R', 'Off track'],
    ['Completed', 'Complete'],
    ['Done', 'Complete'],
    ['Blue', 'Complete'],
    ['Not started', 'Not started'],
    ['Ongoing', 'Ongoing'],
    ['On track', 'On track'],
    ['GREEN - on track', 'On track'],
  ])('when the status cell says "%s", then the status is %s', (written, status) => {
    expect(readStatus(written)).toBe(status);
  });

  it.each(['Purple', 'Amber/Green', 'See notes', 'constructor'])(
    'when the status cell says "%s", then it is not guessed',
    (written) => {
      expect(readStatus(written)).toBeNull();
    },
  );
});

describe('cleanText', () => {
  /** Line by line, as every cell was cleaned before one plain line was only trimmed. */
  const lineByLine = (text: string) =>
    withoutControlCharacters(text.replace(/\r\n?/g, '\n'))
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .split('\n')
      .map((line) => line.replace(/\s+$/, ''))
      .join('\n')
      .trim();
  const piece = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      '\u00a0',
      '\u2007',
      '\u202f',
      '\u000b',
      '\u0000',
      '\u3000',
      '\ufeff',
      '\ud800',
      'é',
    ),
  );

  it('when a cell holds one plain line or many, then it reads as cleaning it line by line does', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        expect(cleanText(text)).toBe(lineByLine(text));
      }),
      { numRuns: 5_000 },
    );
  });
});
