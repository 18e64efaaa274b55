/**
 * sameMeaning and normalise compare values as a person reads them. Every sync compares every cell
 * of every row, so they compare without building normalised copies where they can; these
 * properties hold them to the rule as first written (the oracle below, kept as it was).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameValue } from '../../core/changes.js';
import { normalise, sameMeaning } from '../../core/sync-sheet.js';

/** The rule as first written: normalise both sides, then compare. */
function normaliseAsWritten(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const text = value
      .replace(/\r\n?/g, '\n')
      .replace(/\u00a0/g, ' ')
      .replace(/[ \t]+\n/g, '\n')
      .trim();
    return text === '' ? null : text;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (Array.isArray(value)) {
    const items = value.map(normaliseAsWritten).filter((v) => v !== null);
    return items.length === 0 ? null : items;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, normaliseAsWritten(v)] as const)
      .filter(([, v]) => v !== null);
    return entries.length === 0 ? null : Object.fromEntries(entries);
  }
  return value;
}
const sameMeaningAsWritten = (a: unknown, b: unknown) =>
  sameValue(normaliseAsWritten(a), normaliseAsWritten(b));

/** Cell text with the characters the rule treats apart: line ends, tabs, non-breaking and other spaces. */
const cellText = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc
    .array(
      fc.constantFrom(
        'a',
        'B',
        ' ',
        '\t',
        '\r',
        '\n',
        '\r\n',
        '\u00a0',
        '\u2007',
        '\u3000',
        '\ufeff',
        '\v',
        '7',
      ),
      {
        maxLength: 8,
      },
    )
    .map((parts) => parts.join('')),
);
const scalar = fc.oneof(
  cellText,
  fc.constantFrom(null, undefined, 0, 1, -0, Number.NaN, Number.POSITIVE_INFINITY, true, false),
  fc.double(),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { arbitrary: scalar, weight: 6 },
    { arbitrary: fc.array(cellText, { maxLength: 4 }), weight: 3 },
    fc.array(tie('any'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('label', 'due', 'x'), tie('any'), { maxKeys: 3 }),
  ),
})).any;
/** Pairs that are often alike: the same value, or one retyped with spaces and line ends. */
const retyped = (text: string) =>
  fc.constantFrom(text, ` ${text}`, `${text} \r\n`, text.replace(/ /g, '\u00a0'));
const pair = fc.oneof(
  fc.tuple(value, value),
  value.map((v) => [v, v] as const),
  cellText.chain((t) => fc.tuple(retyped(t), retyped(t))),
  fc
    .array(cellText, { maxLength: 4 })
    .chain((items) =>
      fc.tuple(fc.constant(items), fc.shuffledSubarray([...items, '', ' ', '\n'], { minLength: 0 })),
    ),
);

describe('sameMeaning and normalise', () => {
  it('when any two values are compared, then the answer is the rule as first written', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameMeaning(a, b)).toBe(sameMeaningAsWritten(a, b));
        expect(sameMeaning(b, a)).toBe(sameMeaningAsWritten(b, a));
      }),
      { numRuns: 5_000 },
    );
  });

  it('when any value is normalised, then it is what the rule as first written makes of it', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(normalise(v)).toStrictEqual(normaliseAsWritten(v));
      }),
      { numRuns: 2_000 },
    );
  });

  it('when lists of text differ only by blank items and spaces, then they mean the same', () => {
    expect(sameMeaning(['2', ' ', '5 '], ['2', '5'])).toBe(true);
    expect(sameMeaning(['', '\n'], [])).toBe(true);
    expect(sameMeaning(['2', '5'], ['5', '2'])).toBe(false);
    expect(sameMeaning(['2'], ['2', '3'])).toBe(false);
  });
});
