/**
 * Officers type anything into a plan (`<`, `&`, "| Q3 |", "# 1"), and a report is published
 * as it is rendered: every piece of plan text goes through one of these before it reaches a page.
 */

/** Control characters no document should carry (tab and line breaks are kept). */
const CONTROL = /(?![\t\n\r])\p{Cc}/gu;

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe as HTML text and inside a quoted attribute; the same for SVG. */
export function escapeHtml(text: string): string {
  return text.replace(CONTROL, '').replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Markdown text that renders as typed, never as HTML, a link, emphasis or a table break, inside a
 * line (after a heading's #s, in a table cell, after a paragraph number). CommonMark lets a
 * backslash escape any ASCII punctuation; only what Markdown would misread is escaped, so "L&D",
 * "snake_case" or "Issue #4" stay as typed and the Markdown reads as plain text.
 */
export function escapeMarkdownInline(text: string): string {
  return (
    text
      .replace(CONTROL, '')
      .replace(/[\\`*[\]<|~]/g, (c) => `\\${c}`)
      // An underscore inside a word is never emphasis; one at a word's edge may be.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      // Only an ampersand that starts an entity ("&amp;", "&#60;") would be read as one.
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
      // A # opens a heading at the start, and closes one at the end after a space.
      .replace(/^(\s*)#/, '$1\\#')
      .replace(
        /(\s)(#+)(\s*)$/,
        (_, space: string, hashes: string, tail: string) => `${space}${hashes.replace(/#/g, '\\#')}${tail}`,
      )
  );
}

/** As escapeMarkdownInline, for text that starts a line: no heading, quote, list or rule either. */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^(\s*)([>+=#-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

/** One table cell: no line breaks (a Markdown table row is one line), pipes escaped. */
export function markdownCell(text: string): string {
  return escapeMarkdownInline(text.replace(/\s*[\r\n]+\s*/g, ' / ').trim());
}
