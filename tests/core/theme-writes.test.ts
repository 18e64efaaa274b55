import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ThemeCell, themeWrites } from '../../core/theme-writes.js';

const cells = (rows: [string, string][], blocked: number[] = []): ThemeCell[] =>
  rows.map(([own, wanted], i) => ({ own, wanted, writable: !blocked.includes(i) }));

describe('themeWrites', () => {
  describe.each([
    {
      when: 'nothing changed in a group written once',
      rows: [
        ['Governance', 'Governance'],
        ['', 'Governance'],
      ] as [string, string][],
      writes: [],
    },
    {
      when: 'a group written once was renamed elsewhere',
      rows: [
        ['Governance', 'Leadership'],
        ['', 'Leadership'],
        ['', 'Leadership'],
      ] as [string, string][],
      writes: [{ index: 0, theme: 'Leadership', blocked: false }],
    },
    {
      when: 'one row of a group moved to another theme',
      rows: [
        ['Governance', 'Governance'],
        ['', 'Finance'],
        ['', 'Governance'],
      ] as [string, string][],
      writes: [
        { index: 1, theme: 'Finance', blocked: false },
        { index: 2, theme: 'Governance', blocked: false },
      ],
    },
    {
      when: 'a theme was cleared under a filled one',
      rows: [
        ['Governance', 'Governance'],
        ['', ''],
      ] as [string, string][],
      writes: [],
    },
    {
      when: 'a filled theme cell was cleared in the plan',
      rows: [['Governance', '']] as [string, string][],
      writes: [{ index: 0, theme: '', blocked: false }],
    },
    {
      when: 'the theme differs only in spaces',
      rows: [['Governance ', 'Governance']] as [string, string][],
      writes: [],
    },
  ])('when $when', ({ rows, writes }) => {
    it('then only the cells that would show something else are written', () => {
      expect(themeWrites(cells(rows))).toEqual(writes);
    });
  });

  it('when the cell to rename holds a formula, then it is reported blocked and the rows below still show what the cell shows', () => {
    const rows: [string, string][] = [
      ['Governance', 'Leadership'],
      ['', 'Leadership'],
    ];
    expect(themeWrites(cells(rows, [0]))).toEqual([
      { index: 0, theme: 'Leadership', blocked: true },
      { index: 1, theme: 'Leadership', blocked: false },
    ]);
  });

  it('when the writes are applied, then every row shows its wanted theme, except a blank one under a filled one', () => {
    const theme = fc.constantFrom('', 'Governance', 'Finance', 'Place');
    fc.assert(
      fc.property(fc.array(fc.tuple(theme, theme), { maxLength: 12 }), (rows) => {
        const given = cells(rows);
        const after = given.map((c) => c.own);
        for (const write of themeWrites(given)) after[write.index] = write.theme;
        let carried = '';
        rows.forEach(([, wanted], i) => {
          const shows = after[i] || carried;
          if (wanted === '' && carried !== '') expect(after[i]).toBe('');
          else expect(shows).toBe(wanted);
          carried = after[i] || carried;
        });
      }),
    );
  });
});
