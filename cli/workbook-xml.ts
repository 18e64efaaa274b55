/**
 * The little XML sync needs to edit workbook parts in place: attributes of one element, text
 * escaping, and cell references. Parts are machine-written (Excel, LibreOffice), so elements are
 * found by their tags; everything between the edits is kept character for character.
 */

/** Attribute patterns, made once per name: sheets have tens of thousands of cells. */
const patterns = new Map<string, RegExp>();
function attrPattern(name: string): RegExp {
  let pattern = patterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\s${name.replace(':', '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)')`);
    patterns.set(name, pattern);
  }
  return pattern;
}

export function attr(tag: string, name: string): string | null {
  const match = attrPattern(name).exec(tag);
  if (!match) return null;
  return unescapeXml(match[2] ?? match[3] ?? '');
}

/** The tag with the attribute set (added before the tag's end when it has none), or removed when null. */
export function setAttr(tag: string, name: string, value: string | null): string {
  const pattern = attrPattern(name);
  if (value === null) return tag.replace(pattern, '');
  const written = ` ${name}="${escapeXml(value)}"`;
  if (pattern.test(tag)) return tag.replace(pattern, written);
  return tag.replace(/\s*(\/?>)$/, `${written}$1`);
}

export const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot hold at all are dropped rather than making the part unreadable.
    .replace(NOT_XML, '');

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * `&lt;` `&gt;` `&quot;` `&apos;` are replaced in plain passes (what they become holds no `&`, so
 * no pass sees another's output), and `&amp;` with the numeric ones in one pass at the end: the
 * base sheet's JSON holds a `&quot;` every few characters, and a callback for each was most of
 * the time a 10,000-row sync spent reading it.
 */
export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  const named = text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'");
  if (!named.includes('&')) return named;
  return named.replace(/&(amp|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
    if (entity === 'amp') return '&';
    const code = entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return String.fromCodePoint(code);
  });
}

export function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
}

export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export const address = (row: number, column: number) => `${columnLetters(column)}${row}`;

export function parseAddress(ref: string): { row: number; column: number } | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  return match ? { column: columnNumber(match[1] as string), row: Number(match[2]) } : null;
}

const elementPatterns = new Map<string, RegExp>();

/** Every `<name …>…</name>` or `<name …/>` element, with where it starts. */
export function elements(xml: string, name: string): { xml: string; index: number }[] {
  let pattern = elementPatterns.get(name);
  if (!pattern) {
    const escaped = name.replace(':', '\\:');
    pattern = new RegExp(`<${escaped}(?=[\\s/>])[^>]*?(?:/>|>[\\s\\S]*?</${escaped}>)`, 'g');
    elementPatterns.set(name, pattern);
  }
  // matchAll works on a copy of the pattern, so one shared pattern is safe.
  return [...xml.matchAll(pattern)].map((m) => ({ xml: m[0], index: m.index ?? 0 }));
}

export function openingTag(element: string): string {
  return /^<[^>]*>/.exec(element)?.[0] ?? element;
}
