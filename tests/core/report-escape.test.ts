import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeMarkdownInline } from '../../core/report-escape.js';

describe('escapeMarkdownInline', () => {
  it.each([
    'L&D',
    'O&S',
    'HR & OD',
    'Q3 (2024/25)',
    'snake_case and file_name.xlsx',
    'Done! 50% ahead',
    'a > b',
    'Issue #4',
    'approx. £5m - review',
  ])('when the text is ordinary (%s), then it is left as typed', (text) => {
    expect(escapeMarkdownInline(text)).toBe(text);
  });

  it.each([
    ['&amp; and &#60;', '\\&amp; and \\&#60;'],
    ['<b>tags</b>', '\\<b>tags\\</b>'],
    ['*bold* and **strong**', '\\*bold\\* and \\*\\*strong\\*\\*'],
    ['_emphasis_', '\\_emphasis\\_'],
    ['[a link](https://x)', '\\[a link\\](https://x)'],
    ['a | b', 'a \\| b'],
    ['`code`', '\\`code\\`'],
    ['~~struck~~', '\\~\\~struck\\~\\~'],
    ['back\\slash', 'back\\\\slash'],
    ['# 1', '\\# 1'],
    ['Title #', 'Title \\#'],
  ])('when the text holds what Markdown would misread (%s), then that is escaped', (text, escaped) => {
    expect(escapeMarkdownInline(text)).toBe(escaped);
  });
});

describe('escapeMarkdown', () => {
  it('when a line starts like a quote, list or numbered item, then only that start is escaped', () => {
    expect(escapeMarkdown('> quoted\n- item\n1. first\nL&D')).toBe('\\> quoted\n\\- item\n1\\. first\nL&D');
  });
});
