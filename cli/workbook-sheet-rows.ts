/**
 * A worksheet's rows and the shared strings, read straight from their XML into the models
 * ExcelJS's own parser makes of them (before it looks up strings, styles and dates), so that a
 * sync need not run ExcelJS's streaming parser over every cell of a 10,000-row plan: most of the
 * time it took. Only what Excel and this product write is read here; a part with anything else in
 * its cells (inline rich text, phonetic runs) returns null and is left to ExcelJS as before.
 */
import type { WorkbookPackage } from './workbook-package.js';
import { unescapeXml } from './workbook-xml.js';

/** A cell as ExcelJS's CellXform leaves it after parsing (lib/xlsx/xform/sheet/cell-xform.js). */
export interface CellModel {
  address: string | undefined;
  styleId?: number;
  type?: number;
  value?: unknown;
  formula?: string;
  result?: unknown;
  si?: string | undefined;
  shareType?: string | undefined;
  ref?: string | undefined;
}

/** A row as ExcelJS's RowXform leaves it (lib/xlsx/xform/sheet/row-xform.js). */
export interface RowModel {
  number: number;
  min: number | undefined;
  max: number | undefined;
  cells: CellModel[];
  styleId?: number;
  hidden?: boolean;
  bestFit?: boolean;
  height?: number;
  outlineLevel?: number;
  collapsed?: boolean;
}

/**
 * ExcelJS's Enums.ValueType, the numbers its cell models hold (held equal to ExcelJS's in
 * tests/cli/workbook-load.test.ts): sync's reading of the XML need not load ExcelJS to know them.
 */
export const VALUE_TYPE = {
  Null: 0,
  Merge: 1,
  Number: 2,
  String: 3,
  Boolean: 9,
  Error: 10,
  Formula: 6,
} as const;

/** Far beyond any cell Excel writes (32,767 characters, escaped): anything longer is left to ExcelJS. */
const MAX_CELL_XML = 250_000;
const FORMULA = /<f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/f>)/;
const VALUE = /<v\b[^>]*?(?:\/>|>([\s\S]*?)<\/v>)/;
const INLINE = /<is\b[^>]*?(?:\/>|>\s*(?:<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>))?\s*<\/is>)/;
/** What the patterns above take out of a cell; anything left over is not read here. */
const KNOWN =
  /<f\b[^>]*?(?:\/>|>[\s\S]*?<\/f>)|<v\b[^>]*?(?:\/>|>[\s\S]*?<\/v>)|<is\b[^>]*?(?:\/>|>[\s\S]*?<\/is>)/g;

/** One attribute of a machine-written tag, found by its name (`r`, `s`, `t`…); tens of thousands a sheet. */
function attributeOf(tag: string, name: string): string | undefined {
  const at = tag.indexOf(` ${name}=`) + name.length + 2;
  const quote = tag[at];
  if (at >= name.length + 2 && (quote === '"' || quote === "'"))
    return unescapeXml(tag.slice(at + 1, tag.indexOf(quote, at + 1)));
  if (!tag.includes(name)) return undefined;
  // Other white space before the name, or around "=": rare, so found the slow way.
  let pattern = slowPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    slowPatterns.set(name, pattern);
  }
  const m = pattern.exec(tag);
  return m ? unescapeXml(m[1] ?? m[2] ?? '') : undefined;
}
const slowPatterns = new Map<string, RegExp>();

/** Text as an XML parser hands it over: entities decoded, line ends made `\n`. */
const textOf = (xml: string) => unescapeXml(xml.includes('\r') ? xml.replace(/\r\n?/g, '\n') : xml);

const isTrue = (value: string | undefined) => value === 'true' || value === '1';

/** The rows of one `<sheetData>` body; null when a cell holds something only ExcelJS reads. */
export function parseSheetRows(sheetData: string): RowModel[] | null {
  const rows: RowModel[] = [];
  const found = elementsOf(sheetData, 'row');
  if (!found) return null;
  for (const row of found) {
    const tag = row.tag;
    const a = { get: (name: string) => attributeOf(tag, name) };
    const spans =
      a
        .get('spans')
        ?.split(':')
        .map((span) => Number.parseInt(span, 10)) ?? [];
    const model: RowModel = {
      number: Number.parseInt(a.get('r') as string, 10),
      min: spans[0],
      max: spans[1],
      cells: [],
    };
    if (a.get('s')) model.styleId = Number.parseInt(a.get('s') as string, 10);
    if (isTrue(a.get('hidden'))) model.hidden = true;
    if (isTrue(a.get('bestFit'))) model.bestFit = true;
    if (a.get('ht')) model.height = Number.parseFloat(a.get('ht') as string);
    if (a.get('outlineLevel')) model.outlineLevel = Number.parseInt(a.get('outlineLevel') as string, 10);
    if (isTrue(a.get('collapsed'))) model.collapsed = true;
    const cells = elementsOf(row.body ?? '', 'c');
    if (!cells) return null;
    for (const cell of cells) {
      const parsed =
        cell.body !== null && cell.body.length > MAX_CELL_XML ? null : parseCell(cell.tag, cell.body ?? '');
      if (!parsed) return null;
      model.cells.push(parsed);
    }
    rows.push(model);
  }
  return rows;
}

/** CellXform's parseOpen, parseText and parseClose for one `<c>`, in one go. */
function parseCell(tag: string, body: string): CellModel | null {
  const model: CellModel = { address: attributeOf(tag, 'r') };
  const t = attributeOf(tag, 't');
  const s = attributeOf(tag, 's');
  if (s) model.styleId = Number.parseInt(s, 10);
  let v: string | undefined;
  let inline: string | undefined;
  if (body.startsWith('<v>') && body.endsWith('</v>') && body.indexOf('<', 3) === body.length - 4) {
    // Nearly every cell Excel writes: a value and nothing else.
    v = body.slice(3, -4);
  } else if (body !== '') {
    if (body.includes('<!') || body.replace(KNOWN, '').trim() !== '') return null;
    const f = FORMULA.exec(body);
    if (f) {
      const fTag = f[1] ?? '';
      model.si = attributeOf(fTag, 'si');
      model.shareType = attributeOf(fTag, 't');
      model.ref = attributeOf(fTag, 'ref');
      if (f[2]) model.formula = textOf(f[2]);
    }
    v = VALUE.exec(body)?.[1];
    const is = INLINE.exec(body);
    if (!is && body.includes('<is')) return null;
    inline = is?.[1];
  }
  // ExcelJS appends the text of <v> and of <t> alike; a cell has one or the other.
  let text: string | undefined;
  if (v) text = textOf(v);
  if (inline) text = (text ?? '') + textOf(inline);
  if (model.formula || model.shareType) {
    model.type = VALUE_TYPE.Formula;
    if (text) {
      if (t === 'str') model.result = xmlDecode(text);
      else if (t === 'b') model.result = Number.parseInt(text, 10) !== 0;
      else if (t === 'e') model.result = { error: text };
      else model.result = Number.parseFloat(text);
    }
  } else if (text !== undefined) {
    if (t === 's') {
      model.type = VALUE_TYPE.String;
      model.value = Number.parseInt(text, 10);
    } else if (t === 'str') {
      model.type = VALUE_TYPE.String;
      model.value = xmlDecode(text);
    } else if (t === 'inlineStr') {
      model.type = VALUE_TYPE.String;
      model.value = text;
    } else if (t === 'b') {
      model.type = VALUE_TYPE.Boolean;
      model.value = Number.parseInt(text, 10) !== 0;
    } else if (t === 'e') {
      model.type = VALUE_TYPE.Error;
      model.value = { error: text };
    } else {
      model.type = VALUE_TYPE.Number;
      model.value = Number.parseFloat(text);
    }
  } else {
    model.type = model.styleId ? VALUE_TYPE.Null : VALUE_TYPE.Merge;
  }
  return model;
}

/** ExcelJS's utils.xmlDecode, which it runs once more over a formula's text result. */
function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => {
    if (c === '&lt;') return '<';
    if (c === '&gt;') return '>';
    if (c === '&amp;') return '&';
    if (c === '&apos;') return "'";
    if (c === '&quot;') return '"';
    return c;
  });
}

export interface SharedStrings {
  /** Plain strings by index; undefined where the string is left to ExcelJS. */
  plain: (string | undefined)[];
  /** The strings left to ExcelJS (rich text, phonetic runs), as a part of their own, in order. */
  rest: string | null;
  /** For each index left to ExcelJS, its index in `rest`. */
  restIndex: Map<number, number>;
  /**
   * The string as its runs are written (cli/workbook-sheet-values.ts reads sync's own sheets so):
   * `<t>`s joined, phonetic runs left out, `_x000D_` escapes kept. Most are the plain string itself.
   */
  asWritten(index: number): string | undefined;
}

const parsed = new WeakMap<WorkbookPackage, Map<string, SharedStrings | null>>();

/** A package's shared strings, parsed once for every reader of one load (the base sheet's, ExcelJS's). */
export function sharedStringsOf(pkg: WorkbookPackage, part: string): SharedStrings | null {
  let byPart = parsed.get(pkg);
  if (!byPart) {
    byPart = new Map();
    parsed.set(pkg, byPart);
  }
  if (!byPart.has(part)) byPart.set(part, parseSharedStrings(pkg.text(part)));
  return byPart.get(part) ?? null;
}

const PLAIN = /^\s*<t\b[^>]*?(?:\/>|>([^<]*)<\/t>)\s*$/;

/**
 * The shared strings: a plain `<si><t>…</t></si>` is read here (with the `_x000D_` escapes
 * ExcelJS's TextXform decodes); the rest go to ExcelJS in a part of their own.
 */
export function parseSharedStrings(xml: string): SharedStrings | null {
  const plain: (string | undefined)[] = [];
  const rest: string[] = [];
  const restIndex = new Map<number, number>();
  /** Plain strings whose written text differs from the string (a line end or an escape decoded). */
  const decoded = new Set<number>();
  /** The `<si>` as written, kept for the strings read again as written (asWritten) or left to ExcelJS. */
  const written = new Map<number, string>();
  /** A plain string's text; the `<si>` it came from (start..end) is kept when it reads differently as written. */
  const addPlain = (index: number, raw: string, start: number, end: number) => {
    const text = textOf(raw);
    if (text.includes('_x') || raw.includes('\r')) {
      decoded.add(index);
      written.set(index, xml.slice(start, end));
    }
    plain[index] = text.includes('_x')
      ? text.replace(/_x([0-9A-F]{4})_/g, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)))
      : text;
  };
  let index = 0;
  let at = nextOpening(xml, '<si', 0);
  while (at >= 0) {
    const simple = simpleStringAt(xml, at);
    if (simple) {
      addPlain(index, simple.raw, at, simple.end);
      at = nextOpening(xml, '<si', simple.end);
    } else {
      const found = elementAt(xml, '<si', '</si>', at);
      if (!found) return null;
      const si = found.element;
      const m = si.body === null ? null : PLAIN.exec(si.body);
      if (m) addPlain(index, m[1] ?? '', at, at + si.xml.length);
      else {
        restIndex.set(index, rest.length);
        rest.push(si.xml);
        written.set(index, si.xml);
      }
      at = found.next;
    }
    index++;
  }
  const head = /^[\s\S]*?<sst\b[^>]*>/.exec(xml)?.[0];
  return {
    plain,
    rest:
      rest.length === 0
        ? null
        : `${head ?? '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'}${rest.join('')}</sst>`,
    restIndex,
    asWritten: (i) => {
      const text = plain[i];
      if (text !== undefined && !decoded.has(i)) return text;
      const si = written.get(i);
      return si === undefined ? undefined : runsText(si);
    },
  };
}

const SIMPLE_OPEN = '<si><t>';
const SIMPLE_PRESERVE = '<si><t xml:space="preserve">';
const SIMPLE_CLOSE = '</t></si>';

/**
 * A `<si><t>…</t></si>` (or with xml:space="preserve") with no markup inside, as nearly every
 * shared string is, read with two lookups rather than as an element and a pattern: a 10,000-row
 * plan has tens of thousands. Null for any other shape, which the general reading takes; both give
 * the same (tests/cli/workbook-load.test.ts).
 */
function simpleStringAt(xml: string, at: number): { raw: string; end: number } | null {
  const start = xml.startsWith(SIMPLE_OPEN, at)
    ? at + SIMPLE_OPEN.length
    : xml.startsWith(SIMPLE_PRESERVE, at)
      ? at + SIMPLE_PRESERVE.length
      : -1;
  if (start < 0) return null;
  const markup = xml.indexOf('<', start);
  if (markup < 0 || !xml.startsWith(SIMPLE_CLOSE, markup)) return null;
  return { raw: xml.slice(start, markup), end: markup + SIMPLE_CLOSE.length };
}

/** The text of a shared or inline string as written: its runs' `<t>` joined, phonetic runs left out. */
export function runsText(xml: string): string {
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  return [...withoutPhonetic.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)]
    .map((m) => unescapeXml(m[1] ?? ''))
    .join('');
}

interface Element {
  /** The whole element as written. */
  xml: string;
  /** What follows the name in its opening tag: its attributes. */
  tag: string;
  /** What is between its tags; null for a `<name …/>`. */
  body: string | null;
}

/**
 * Each `<name …/>` or `<name …>…</name>` in order, in one pass with indexOf: a pattern with a
 * lazy body would rescan to the end of the part for every element left open, and a hostile file
 * could make that quadratic. Null when one is not closed before the next opens (not well formed:
 * left to ExcelJS, which says so).
 */
function elementsOf(xml: string, name: string): Element[] | null {
  const open = `<${name}`;
  const close = `</${name}>`;
  const found: Element[] = [];
  let at = nextOpening(xml, open, 0);
  while (at >= 0) {
    const one = elementAt(xml, open, close, at);
    if (!one) return null;
    found.push(one.element);
    at = one.next;
  }
  return found;
}

/** The element opening at `at`, and where the next one opens (-1: none); null when not closed first. */
function elementAt(
  xml: string,
  open: string,
  close: string,
  at: number,
): { element: Element; next: number } | null {
  const end = xml.indexOf('>', at);
  if (end < 0) return null;
  if (xml.charCodeAt(end - 1) === 47 /* / */) {
    const element = { xml: xml.slice(at, end + 1), tag: xml.slice(at + open.length, end - 1), body: null };
    return { element, next: nextOpening(xml, open, end) };
  }
  const closing = xml.indexOf(close, end);
  const next = nextOpening(xml, open, end);
  if (closing < 0 || (next >= 0 && next < closing)) return null;
  const element = {
    xml: xml.slice(at, closing + close.length),
    tag: xml.slice(at + open.length, end),
    body: xml.slice(end + 1, closing),
  };
  return { element, next };
}

/** Where the next `<name` opens that is that element (`<c` not `<col`), from `from`. */
function nextOpening(xml: string, open: string, from: number): number {
  for (let at = xml.indexOf(open, from); at >= 0; at = xml.indexOf(open, at + 1)) {
    const after = xml.charCodeAt(at + open.length);
    // white space, '/' or '>'
    if (after === 32 || after === 9 || after === 10 || after === 13 || after === 47 || after === 62)
      return at;
  }
  return -1;
}
