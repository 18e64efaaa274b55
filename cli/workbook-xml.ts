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
 * Entities decoded in one pass from left to right, each `&` looked at once: the base sheet's JSON
 * holds a `&quot;` every few characters (and Excel keeps it in the shared strings once it has
 * saved the workbook), so a pattern's callback for each, or a pass per entity copying the whole
 * text, was much of what a 10,000-row sync spent reading it. An `&` that starts no entity stays.
 */
export function unescapeXml(text: string): string {
  let at = text.indexOf('&');
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    // The name runs over letters, digits and '#' only, so no `&` is looked at twice.
    let end = at + 1;
    while (end < text.length && isNameCharacter(text.charCodeAt(end))) end++;
    const decoded = text.charCodeAt(end) === 59 /* ; */ ? entity(text.slice(at + 1, end)) : undefined;
    if (decoded !== undefined) {
      out += text.slice(from, at) + decoded;
      from = end + 1;
    }
    at = text.indexOf('&', decoded === undefined ? at + 1 : from);
  }
  return out + text.slice(from);
}

const isNameCharacter = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 35;

const NUMERIC = /^#(?:x[0-9a-fA-F]+|\d+)$/;

/** What `&name;` stands for, or undefined when it is no entity XML defines. */
function entity(name: string): string | undefined {
  switch (name) {
    case 'quot':
      return '"';
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'apos':
      return "'";
  }
  if (!NUMERIC.test(name)) return undefined;
  return String.fromCodePoint(name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
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

/**
 * `B7` or `$B$7` (one to three letters, then digits): read a character at a time, as every cell of
 * a sheet read from its XML has one (a pattern and a column of letters made of each was a twenty-fifth
 * of a 10,000-row sync).
 */
export function parseAddress(ref: string): { row: number; column: number } | null {
  let at = ref.charCodeAt(0) === 36 /* $ */ ? 1 : 0;
  const letters = at;
  let column = 0;
  for (; at < ref.length && at - letters < 3; at++) {
    const code = ref.charCodeAt(at) | 32; // lower case
    if (code < 97 || code > 122) break;
    column = column * 26 + code - 96;
  }
  if (at === letters) return null;
  if (ref.charCodeAt(at) === 36) at++;
  const digits = at;
  let row = 0;
  for (; at < ref.length; at++) {
    const code = ref.charCodeAt(at);
    if (code < 48 || code > 57) return null;
    row = row * 10 + code - 48;
  }
  return at === digits ? null : { row, column };
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
