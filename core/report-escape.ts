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
 * backslash escape any ASCII punctuation; only what could change the meaning is escaped, so the
 * Markdown stays readable as plain text.
 */
export function escapeMarkdownInline(text: string): string {
  return text.replace(CONTROL, '').replace(/[\\`*_[\]<>|&~!#]/g, (c) => `\\${c}`);
}

/** As escapeMarkdownInline, for text that starts a line: no heading, quote, list or rule either. */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^(\s*)([>+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

/** One table cell: no line breaks (a Markdown table row is one line), pipes escaped. */
export function markdownCell(text: string): string {
  return escapeMarkdownInline(text.replace(/\s*[\r\n]+\s*/g, ' / ').trim());
}
