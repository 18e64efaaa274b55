import { describe, expect, it } from 'vitest';
import { pairItems, splitCellList } from '../../core/grid-bullets.js';

describe('splitCellList', () => {
  it('when a cell has bullets, then each bullet is an item', () => {
    expect(splitCellList('• Dec 21\n• Check progress Feb 22').items).toEqual([
      { labels: [], text: 'Dec 21' },
      { labels: [], text: 'Check progress Feb 22' },
    ]);
  });

  it.each([
    ['- one\n- two', ['one', 'two']],
    ['* one\n* two', ['one', 'two']],
    ['1. one\n2) two', ['one', 'two']],
    ['one\ntwo', ['one', 'two']],
  ])('when a cell is written "%s", then its items are %j', (cell, texts) => {
    expect(splitCellList(cell).items.map((item) => item.text)).toEqual(texts);
  });

  it('when lettered items are written on one line, then each letter starts an item', () => {
    expect(splitCellList('a. Review X b. Consult Y c. Publish Z').items).toEqual([
      { labels: ['a'], text: 'Review X' },
      { labels: ['b'], text: 'Consult Y' },
      { labels: ['c'], text: 'Publish Z' },
    ]);
  });

  it('when one label covers several letters, then the item carries all of them', () => {
    expect(splitCellList('a. July 2025 b and c. April 2026').items).toEqual([
      { labels: ['a'], text: 'July 2025' },
      { labels: ['b', 'c'], text: 'April 2026' },
    ]);
    expect(splitCellList('a) May b-d) June').items).toEqual([
      { labels: ['a'], text: 'May' },
      { labels: ['b', 'c', 'd'], text: 'June' },
    ]);
  });

  it('when a letter and full stop appear inside an item out of sequence, then they do not start an item', () => {
    expect(splitCellList('a. Agree plan e.g. with members, then plan B. b. Publish').items).toEqual([
      { labels: ['a'], text: 'Agree plan e.g. with members, then plan B.' },
      { labels: ['b'], text: 'Publish' },
    ]);
  });

  it('when lines come before the first bullet, then they are the intro, not an item', () => {
    expect(splitCellList('Review milestones:\n• Dec 21\n• Feb 22')).toEqual({
      intro: 'Review milestones:',
      items: [
        { labels: [], text: 'Dec 21' },
        { labels: [], text: 'Feb 22' },
      ],
    });
  });

  it('when a bulleted item wraps onto a line without a bullet, then the line stays with its item', () => {
    expect(splitCellList('• Map existing\nactivity\n• Address gaps').items.map((i) => i.text)).toEqual([
      'Map existing\nactivity',
      'Address gaps',
    ]);
  });
});

describe('pairItems', () => {
  it('when the action and timescale list the same number of items, then they pair in order', () => {
    expect(
      pairItems(
        '• Recruit staff resource\n• Map existing activity\n• Address gap analysis',
        '• Recruitment ongoing\n• Feb 22 map\n• April 22 roll out',
      ),
    ).toEqual([
      { action: 'Recruit staff resource', timescale: 'Recruitment ongoing' },
      { action: 'Map existing activity', timescale: 'Feb 22 map' },
      { action: 'Address gap analysis', timescale: 'April 22 roll out' },
    ]);
  });

  it('when letters match, then each lettered action takes its own date even where counts differ', () => {
    expect(pairItems('a. Review X b. Consult Y c. Publish Z', 'a. July 2025 b and c. April 2026')).toEqual([
      { action: 'Review X', timescale: 'July 2025' },
      { action: 'Consult Y', timescale: 'April 2026' },
      { action: 'Publish Z', timescale: 'April 2026' },
    ]);
  });

  it('when one action has several dates, then it is not split', () => {
    expect(pairItems('Undertake regular awareness raising', '• Dec 21\n• Check progress Feb 22')).toBeNull();
  });

  it('when the counts differ and there are no matching letters, then it is not split', () => {
    expect(pairItems('• Drop-in sessions\n• Monitor response timescales', '• Dec 21 onwards')).toBeNull();
  });

  it('when the timescale letters name an action that is not there, then it is not split', () => {
    expect(pairItems('a. Review X b. Consult Y', 'a. July 2025 c. April 2026')).toBeNull();
  });

  it('when a cell has an intro line, then its items belong together and it is not split', () => {
    expect(pairItems('Shape engagement:\n• Phase one\n• Phase two', '• Dec 21\n• Feb 22')).toBeNull();
  });
});
