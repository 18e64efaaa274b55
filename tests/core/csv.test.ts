import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/csv.js';

describe('parseCsv', () => {
  it('when fields are separated by commas, then each line is a row', () => {
    expect(parseCsv('Theme,Proposed action\nChange,Refresh the strategy\n')).toEqual([
      ['Theme', 'Proposed action'],
      ['Change', 'Refresh the strategy'],
    ]);
  });

  it('when a quoted field holds commas, quotes and line breaks, then they are part of the field', () => {
    expect(parseCsv('"a, b","say ""hello""","line 1\r\nline 2"\r\nnext,row,here')).toEqual([
      ['a, b', 'say "hello"', 'line 1\r\nline 2'],
      ['next', 'row', 'here'],
    ]);
  });

  it('when lines end with CRLF or CR, then they end rows just as LF does', () => {
    expect(parseCsv('a,b\r\nc,d\re,f')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('when the file starts with a byte-order mark, then it is not part of the first heading', () => {
    expect(parseCsv('\uFEFFTheme,Action')).toEqual([['Theme', 'Action']]);
  });

  it('when fields or lines are empty, then they are kept as empty cells and rows', () => {
    expect(parseCsv('a,,c\n\n,b,')).toEqual([['a', '', 'c'], [''], ['', 'b', '']]);
  });

  it('when the file is empty, then there are no rows', () => {
    expect(parseCsv('')).toEqual([]);
  });

  it('when a quote is never closed, then the field runs to the end instead of failing', () => {
    expect(parseCsv('a,"unclosed, text\nmore')).toEqual([['a', 'unclosed, text\nmore']]);
  });

  it('when a quote appears inside an unquoted field, then it is kept as text', () => {
    expect(parseCsv('the "big" plan,b')).toEqual([['the "big" plan', 'b']]);
  });

  it('when any table is written as RFC 4180 CSV, then reading it gives the table back', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', '£'),
      maxLength: 8,
    });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(table, (rows) => {
        const csv = rows.map((row) => row.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        expect(parseCsv(csv)).toEqual(rows);
      }),
    );
  });
});
